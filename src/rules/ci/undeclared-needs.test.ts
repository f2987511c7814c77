import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const changes = [
  "  changes:",
  "    runs-on: ubuntu-latest",
  "    outputs:",
  "      backend: ${{ steps.filter.outputs.backend }}",
  "    steps:",
  "      - id: filter",
  "        uses: dorny/paths-filter@v3",
];

describe("ci/undeclared-needs", () => {
  it("fires when a condition reads needs.X without needing X, with a patch adding the need", async () => {
    const files = {
      ".github/workflows/ci.yml": [
        "on: pull_request",
        "jobs:",
        ...changes,
        "  test:",
        "    if: needs.changes.outputs.backend == 'true'",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: mix test",
        "  deploy:",
        "    needs: test",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - if: ${{ needs.changes.outputs.backend == 'true' }}",
        "        run: ./deploy.sh",
        "",
      ].join("\n"),
    };
    const findings = await findingsOf("ci/undeclared-needs", files);
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [11, "high"],
      [19, "medium"],
    ]);
    expect(findings[0]?.message).toContain(
      "Job test reads `needs.changes` in its `if:` but `changes` is not in its `needs:`",
    );
    expect(findings[0]?.patch).toContain("+    needs: [changes]");
    expect(findings[1]?.patch).toContain("+    needs: [test, changes]");
    const check = await checkPatches("ci/undeclared-needs", files);
    expect(check.leftOut).toEqual([]);
    expect(check.remaining).toEqual([]);
  });

  it("is low when the job's `if:` ends in `|| always()`: the job runs whatever the empty read says", async () => {
    const job = (condition: string): Record<string, string> => ({
      ".github/workflows/ci.yml": [
        "on: pull_request",
        "jobs:",
        ...changes,
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: mix test",
        "  finish:",
        "    needs: [test]",
        `    if: ${condition}`,
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: ./finish.sh",
        "",
      ].join("\n"),
    });
    const severities = async (condition: string): Promise<string[]> =>
      (await findingsOf("ci/undeclared-needs", job(condition))).map((f) => f.severity);
    expect(await severities("needs.changes.outputs.backend == 'true' || always()")).toEqual(["low"]);
    expect(await severities("${{ needs.changes.outputs.backend == 'true' || always() }}")).toEqual(["low"]);
    // `always()` inside a conjunction does not make the read dead.
    expect(await severities("needs.changes.outputs.backend == 'true' && always()")).toEqual(["high"]);
  });

  it("reports jobs that never run as low and does not count their gates", async () => {
    const files = {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  lint:",
        "    if: false",
        "    runs-on: x",
        "    steps:",
        "      - run: npx eslint .",
        "  after:",
        "    needs: lint",
        "    runs-on: x",
        "    steps:",
        "      - run: npx tsc --noEmit",
        "",
      ].join("\n"),
    };
    const findings = await findingsOf("ci/undeclared-needs", files);
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [4, "low", "Job lint never runs: its `if:` is `false` (its lint steps never run)"],
      [9, "low", "Job after never runs: it needs lint, which never runs (its typecheck steps never run)"],
    ]);
    const { facts } = await analyseFiles(files);
    expect(facts.ci.gates).toEqual([]);
  });

  it("stays silent when the need is declared, or a later job runs anyway with always()", async () => {
    const findings = await findingsOf("ci/undeclared-needs", {
      ".github/workflows/ci.yml": [
        "on: pull_request",
        "jobs:",
        ...changes,
        "  test:",
        "    needs: [changes]",
        "    if: needs.changes.outputs.backend == 'true'",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: echo '${{ needs.changes.result }} needs.other'",
        "  skipped:",
        "    if: ${{ false }}",
        "    runs-on: x",
        "    steps: [{ run: echo }]",
        "  report:",
        "    needs: [skipped]",
        "    if: always()",
        "    runs-on: x",
        "    steps: [{ run: echo }]",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.message)).toEqual(["Job skipped never runs: its `if:` is `${{ false }}`"]);
  });

  it("resolves job ids without regard to case, as GitHub does (`needs.Docker_Hub` reads the job `docker_hub`)", async () => {
    const findings = await findingsOf("ci/undeclared-needs", {
      ".github/workflows/deploy.yml": [
        "on: push",
        "jobs:",
        "  docker_hub:",
        "    runs-on: x",
        "    if: ${{ false }}",
        "    outputs:",
        "      tag: ${{ steps.t.outputs.tag }}",
        "    steps: [{ id: t, run: echo }]",
        "  Tests:",
        "    runs-on: x",
        "    steps: [{ run: make test }]",
        "  notify:",
        "    needs: [Docker_Hub, tests]",
        "    runs-on: x",
        "    steps:",
        "      - run: echo ${{ needs.Docker_Hub.outputs.tag }} ${{ needs.TESTS.result }}",
        "",
      ].join("\n"),
    });
    // The reads resolve; the need of a job that never runs is still followed through the other spelling.
    expect(findings.map((f) => f.message)).toEqual([
      "Job docker_hub never runs: its `if:` is `${{ false }}`",
      "Job notify never runs: it needs Docker_Hub, which never runs",
    ]);
  });
});
