import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("ci/no-ci-workflow", () => {
  it("fires for an app without any CI configuration", async () => {
    const findings = await findingsOf("ci/no-ci-workflow", {
      "pyproject.toml": '[project]\nname = "svc"\n',
      "svc/app.py": "x = 1\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence.searched).toContain(".github/workflows");
  });

  it("stays silent with a GitHub workflow, a CircleCI config, or no app", async () => {
    expect(
      await findingsOf("ci/no-ci-workflow", {
        "pyproject.toml": '[project]\nname = "svc"\n',
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: pytest\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/no-ci-workflow", {
        "pyproject.toml": '[project]\nname = "svc"\n',
        ".circleci/config.yml": "version: 2.1\n",
      }),
    ).toEqual([]);
    expect(await findingsOf("ci/no-ci-workflow", { "notes.md": "# hi\n" })).toEqual([]);
  });

  it("knows CI systems that keep a folder of pipelines (Woodpecker, Semaphore, Forgejo)", async () => {
    const app = { "go.mod": "module example.com/svc\n\ngo 1.22\n", "main.go": "package main\n" };
    for (const config of [
      ".woodpecker/test.yaml",
      ".semaphore/semaphore.yml",
      ".forgejo/workflows/ci.yml",
      ".builds/alpine.yml",
    ])
      expect(await findingsOf("ci/no-ci-workflow", { ...app, [config]: "steps: []\n" }), config).toEqual([]);
    // Near miss: a file of that folder that is not a pipeline, and a Semaphore file that is not its entry point.
    for (const config of [".woodpecker/check-docs.sh", ".semaphore/cache.yml"])
      expect(await findingsOf("ci/no-ci-workflow", { ...app, [config]: "x\n" }), config).toHaveLength(1);
  });
});
