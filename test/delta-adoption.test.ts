// delta for CI adoption: SARIF of the findings a range adds, and gates configured in the configuration file
// (a gate turned off never fails --fail-on-gate; the coverage gate takes a tolerance).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateCoverage } from "../src/delta/run-delta.js";
import { main } from "../src/cli/main.js";
import { tempRepo, type TempRepo } from "./delta-git-repo.js";
import { fakeIo } from "./helpers/fake-io.js";

let repo: TempRepo;
let base: string;

beforeAll(() => {
  repo = tempRepo();
  base = repo.commit("base", { "README.md": "# x\n", "app/core.py": "def f():\n    return 1\n" });
  // A pure code change with a new FIXME: the docs gate fails, one new finding.
  repo.commit("change code only", { "app/core.py": "def f():\n    return 2  # FIXME: handle the error\n" });
});
afterAll(() => repo.cleanup());

describe("codeaudit delta for CI", () => {
  it("writes delta.sarif with the findings the range adds, marked new", async () => {
    const io = fakeIo(repo.root);
    expect(
      await main(
        ["delta", `${base}..HEAD`, ".", "--format", "sarif", "--out", "d1", "--quiet", "--no-timestamp"],
        io,
      ),
    ).toBe(0);
    const sarif = JSON.parse(readFileSync(join(repo.root, "d1", "delta.sarif"), "utf8")) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string; baselineState: string }> }>;
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.baselineState])).toContainEqual([
      "generic/todo-comment",
      "new",
    ]);
    expect(sarif.runs[0]?.results.every((r) => r.baselineState === "new")).toBe(true);
  });

  it("a gate turned off in the configuration shows as N/A and does not fail --fail-on-gate", async () => {
    const failing = fakeIo(repo.root);
    expect(
      await main(["delta", `${base}..HEAD`, ".", "--fail-on-gate", "--out", "d2", "--quiet"], failing),
    ).toBe(1);
    expect(failing.err()).toContain("docs_dx_updated");
    const config = join(repo.root, "..", "gates.yaml");
    writeFileSync(config, "delta:\n  gates:\n    docs_dx_updated: off\n");
    const io = fakeIo(repo.root);
    expect(
      await main(["delta", `${base}..HEAD`, ".", "--fail-on-gate", "--out", "d3", "--config", config], io),
    ).toBe(0);
    expect(io.out()).toMatch(/N\/A\s+Docs or changelog touched/);
    const json = JSON.parse(readFileSync(join(repo.root, "d3", "delta.json"), "utf8")) as {
      quality_gates: Record<string, { status: string; evidence: string }>;
    };
    expect(json.quality_gates.docs_dx_updated).toMatchObject({
      status: "n/a",
      evidence: "turned off in the configuration (delta.gates.docs_dx_updated)",
    });
  });

  it("the coverage gate takes a tolerance in points", () => {
    const at = (percent: number) => ({ percent, source: "lcov.info" }) as Parameters<typeof gateCoverage>[0];
    expect(gateCoverage(at(80), at(79.6)).status).toBe("FAIL");
    expect(gateCoverage(at(80), at(79.6), 0.5).status).toBe("PASS");
    expect(gateCoverage(at(80), at(79.4), 0.5).status).toBe("FAIL");
  });
});
