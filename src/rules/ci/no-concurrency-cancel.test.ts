import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const job = ["jobs:", "  t:", "    runs-on: x", "    steps:", "      - run: make test", ""];

describe("ci/no-concurrency-cancel", () => {
  it("fires for a pull_request workflow with no concurrency group, and for one that does not cancel", async () => {
    const findings = await findingsOf("ci/no-concurrency-cancel", {
      ".github/workflows/a.yml": ["on: [pull_request]", ...job].join("\n"),
      ".github/workflows/b.yml": ["on: pull_request", "concurrency: ci-${{ github.ref }}", ...job].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      ".github/workflows/a.yml:1",
      ".github/workflows/b.yml:2",
    ]);
  });

  it("stays silent with cancel-in-progress, or for push-only workflows", async () => {
    expect(
      await findingsOf("ci/no-concurrency-cancel", {
        ".github/workflows/a.yml": [
          "on: pull_request",
          "concurrency:",
          "  group: ci-${{ github.ref }}",
          "  cancel-in-progress: true",
          ...job,
        ].join("\n"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/no-concurrency-cancel", {
        ".github/workflows/a.yml": ["on: push", ...job].join("\n"),
      }),
    ).toEqual([]);
  });

  it("patches a workflow without concurrency with a per-pull-request group that parses; nothing fires after", async () => {
    const workflow = ["on:", "  pull_request:", "  push:", "    branches: [main]", ...job].join("\r\n");
    const check = await checkPatches("ci/no-concurrency-cancel", { ".github/workflows/ci.yml": workflow });
    expect(check.findings).toHaveLength(1);
    const patched = check.texts[".github/workflows/ci.yml"] ?? "";
    expect(patched).toContain(
      "\r\nconcurrency:\r\n  group: ${{ github.workflow }}-${{ github.event.pull_request.number || github.run_id }}\r\n  cancel-in-progress: true\r\njobs:\r\n",
    );
    expect(parse(patched)).toMatchObject({ concurrency: { "cancel-in-progress": true }, jobs: { t: {} } });
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch when a concurrency group exists (on the workflow or a job) or the workflow is reusable", async () => {
    const findings = await findingsOf("ci/no-concurrency-cancel", {
      ".github/workflows/a.yml": ["on: pull_request", "concurrency: ci-${{ github.ref }}", ...job].join("\n"),
      ".github/workflows/c.yml": ["on: [pull_request, workflow_call]", ...job].join("\n"),
      ".github/workflows/b.yml": [
        "on: pull_request",
        "jobs:",
        "  t:",
        "    concurrency: t",
        "    runs-on: x",
        "    steps:",
        "      - run: make",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.patch])).toEqual([
      [".github/workflows/a.yml", null],
      [".github/workflows/b.yml", null],
      [".github/workflows/c.yml", null],
    ]);
  });
});
