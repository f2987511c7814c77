import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const job = ["jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:", "      - run: make test", ""];

describe("ci/workflow-permissions", () => {
  it("fires on write-all and on missing permissions, by what the token is exposed to", async () => {
    const findings = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/a.yml": ["on: push", "permissions: write-all", ...job].join("\n"),
      ".github/workflows/b.yml": ["on: push", ...job].join("\n"),
      ".github/workflows/c.yml": ["on: issue_comment", "permissions: write-all", ...job].join("\n"),
      ".github/workflows/d.yml": [
        "on: push",
        ...job.slice(0, -1),
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".github/workflows/a.yml", 2, "medium"],
      [".github/workflows/b.yml", 1, "low"],
      [".github/workflows/c.yml", 2, "high"],
      [".github/workflows/d.yml", 1, "medium"],
    ]);
    expect(findings[3]?.message).toContain("job test reads secret NPM_TOKEN");
  });

  it("is medium when a movable third-party action gets the token, low when actions are pinned", async () => {
    const wf = (uses: string): string =>
      [
        "on: pull_request",
        "jobs:",
        "  lint:",
        "    runs-on: x",
        "    steps:",
        `      - uses: ${uses}`,
        "        env:",
        "          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
        "",
      ].join("\n");
    const tagged = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/a.yml": wf("amannn/action-semantic-pull-request@v5"),
    });
    expect(tagged.map((f) => f.severity)).toEqual(["medium"]);
    const pinned = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/a.yml": wf(
        "amannn/action-semantic-pull-request@0723387faaf9b38adef4775cd42cfd5155ed6017",
      ),
      ".github/workflows/b.yml": [
        "on: push",
        ...job.slice(0, -1),
        "        env:",
        "          CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}",
        "",
      ].join("\n"),
    });
    expect(pinned.map((f) => f.severity)).toEqual(["low", "low"]);
  });

  it("leaves a reusable workflow to its caller", async () => {
    const findings = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/_test.yml": ["on: workflow_call", ...job].join("\n"),
      ".github/workflows/pr.yml": [
        "on: pull_request",
        "jobs:",
        "  call-test:",
        "    uses: ./.github/workflows/_test.yml",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.path)).toEqual([".github/workflows/pr.yml"]);
  });

  it("stays silent with read permissions at workflow level or on every job", async () => {
    expect(
      await findingsOf("ci/workflow-permissions", {
        ".github/workflows/a.yml": ["on: push", "permissions:", "  contents: read", ...job].join("\n"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/workflow-permissions", {
        ".github/workflows/a.yml": [
          "on: push",
          "jobs:",
          "  test:",
          "    permissions: {}",
          "    runs-on: x",
          "    steps:",
          "      - run: make test",
          "",
        ].join("\n"),
      }),
    ).toEqual([]);
  });

  it("patches a read-only workflow with a top-level permissions block that parses; nothing fires after", async () => {
    const workflow = [
      "name: ci",
      "on:",
      "  push:",
      "    branches: [main]",
      "",
      "# The jobs",
      "jobs:",
      "    test:",
      "        runs-on: ubuntu-latest",
      "        steps:",
      "            - uses: actions/checkout@v4",
      "            - uses: actions/setup-node@v4",
      "            - run: npm test",
      "",
    ].join("\n");
    const check = await checkPatches("ci/workflow-permissions", { ".github/workflows/ci.yml": workflow });
    expect(check.findings).toHaveLength(1);
    const patched = check.texts[".github/workflows/ci.yml"] ?? "";
    expect(patched).toBe(
      workflow.replace("\n# The jobs", "\npermissions:\n    contents: read\n\n# The jobs"),
    );
    expect(parse(patched)).toEqual({ ...(parse(workflow) as object), permissions: { contents: "read" } });
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch when a job may need to write", async () => {
    const wf = (steps: string[], trigger = "push", job = "test"): string =>
      [`on: ${trigger}`, "jobs:", `  ${job}:`, "    runs-on: x", "    steps:", ...steps, ""].join("\n");
    const findings = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/a.yml": wf(["      - uses: softprops/action-gh-release@v2"]),
      ".github/workflows/b.yml": wf(["      - run: git push origin HEAD"]),
      ".github/workflows/c.yml": wf([
        "      - run: make",
        "        env:",
        "          TOKEN: ${{ secrets.GITHUB_TOKEN }}",
      ]),
      ".github/workflows/d.yml": wf(["      - run: make"], "pull_request_target"),
      ".github/workflows/e.yml": wf(["      - uses: ./.github/actions/local"]),
      ".github/workflows/f.yml": wf(["      - run: ./scripts/release.sh"], "push", "release"),
      ".github/workflows/g.yml": wf(["      - run: make"], "workflow_call"),
    });
    expect(findings.map((f) => [f.location?.path, f.patch])).toEqual(
      ["a", "b", "c", "d", "e", "f", "g"].map((name) => [`.github/workflows/${name}.yml`, null]),
    );
  });
});

describe("ci/workflow-permissions: workflow-level write scopes", () => {
  it("fires when a workflow-level write scope reaches jobs that only read", async () => {
    const findings = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/ci.yml": [
        "on: push",
        "permissions:",
        "  contents: read",
        "  packages: write",
        "jobs:",
        "  test:",
        "    runs-on: x",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: make test",
        "  image:",
        "    runs-on: x",
        "    steps:",
        "      - uses: docker/build-push-action@v6",
        "        with: { push: true }",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[2, "medium"]]);
    expect(findings[0]?.message).toBe(
      "Workflow grants `packages: write` to every job, and job test only reads (setup, checkout and cache actions, commands that neither push nor call the gh CLI, no token handed to a step); grant the scopes on job image instead",
    );
  });

  it("stays silent when every job inheriting the write scope uses it", async () => {
    const findings = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/ci.yml": [
        "on: push",
        "permissions:",
        "  packages: write",
        "jobs:",
        "  test:",
        "    runs-on: x",
        "    permissions: { contents: read }",
        "    steps:",
        "      - run: make test",
        "  image:",
        "    runs-on: x",
        "    steps:",
        "      - run: echo ${{ secrets.GITHUB_TOKEN }} | docker login ghcr.io -u x --password-stdin",
        "      - run: docker push ghcr.io/x/y",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
});
