// Adopting codeaudit on an existing codebase: `codeaudit baseline` records today's findings, `audit --baseline`
// reports them apart, gates only new ones and lists fixed entries for removal — from a file or from a git ref.
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { fakeIo } from "./helpers/fake-io.js";
import { runGit } from "./helpers/git.js";

let work: string;
const baselineFile = () => join(work, "repo", ".codeaudit", "baseline.json");

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "codeaudit-baseline-"));
  cpSync(join(import.meta.dirname, "fixtures", "generic-monorepo"), join(work, "repo"), { recursive: true });
});

describe("codeaudit baseline", () => {
  it("writes .codeaudit/baseline.json with stable ids, rule, path and a reason", async () => {
    const io = fakeIo(work);
    expect(await main(["baseline", "repo", "--quiet"], io)).toBe(0);
    const baseline = JSON.parse(readFileSync(baselineFile(), "utf8")) as {
      version: number;
      findings: Array<{ id: string; ruleId: string; path: string | null; reason: string }>;
    };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.length).toBeGreaterThan(0);
    expect(baseline.findings.every((entry) => entry.id && entry.ruleId && entry.reason)).toBe(true);
    const ids = baseline.findings.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort());
    // Rerunning keeps an edited reason.
    const edited = {
      ...baseline,
      findings: baseline.findings.map((e, i) =>
        i === 0 ? { ...e, reason: "legacy module, rewrite planned" } : e,
      ),
    };
    writeFileSync(baselineFile(), JSON.stringify(edited));
    expect(await main(["baseline", "repo", "--quiet"], fakeIo(work))).toBe(0);
    expect(readFileSync(baselineFile(), "utf8")).toContain("legacy module, rewrite planned");
  });

  it("audit --baseline gates only new findings, reports the rest apart and lists fixed entries", async () => {
    const clean = fakeIo(work);
    const args = [
      "audit",
      "repo",
      "--baseline",
      "repo/.codeaudit/baseline.json",
      "--fail-on",
      "info",
      "--no-timestamp",
    ];
    expect(await main([...args, "--out", "b1"], clean)).toBe(0);
    expect(clean.out()).toMatch(
      /Baseline repo\/\.codeaudit\/baseline\.json: 0 new finding\(s\) gated, \d+ accepted/,
    );
    const audit = JSON.parse(readFileSync(join(work, "b1", "audit.json"), "utf8")) as {
      findings: unknown[];
      baseline: { baselinedIds: string[]; fixed: unknown[] };
      coverage: { baselined: number };
    };
    expect(audit.baseline.baselinedIds).toHaveLength(audit.findings.length);
    expect(audit.coverage.baselined).toBe(audit.findings.length);

    // A new problem is gated; a fixed one is listed for removal.
    const baseline = JSON.parse(readFileSync(baselineFile(), "utf8")) as { findings: Array<{ id: string }> };
    const withGhost = {
      ...baseline,
      findings: [
        ...baseline.findings,
        {
          id: "0000000000000000",
          ruleId: "generic/todo-comment",
          path: "gone.py",
          line: 1,
          severity: "info",
          title: "t",
          reason: "r",
        },
      ],
    };
    writeFileSync(baselineFile(), JSON.stringify(withGhost));
    writeFileSync(join(work, "repo", "added.py"), "def f():\n    pass  # FIXME: handle errors\n");
    const gated = fakeIo(work);
    expect(await main([...args, "--out", "b2", "--format", "json,sarif"], gated)).toBe(1);
    expect(gated.err()).toMatch(/quality gate failed: \d+ new finding\(s\) at or above info/);
    expect(gated.out()).toContain("1 baseline entry is fixed, remove them");
    const sarif = JSON.parse(readFileSync(join(work, "b2", "audit.sarif"), "utf8")) as {
      runs: Array<{
        results: Array<{
          baselineState?: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
        }>;
      }>;
    };
    const states = sarif.runs[0]!.results.map((r) => [
      r.locations[0]?.physicalLocation.artifactLocation.uri,
      r.baselineState,
    ]);
    expect(states.filter(([, state]) => state === "new").map(([uri]) => uri)).toContain("added.py");
    expect(states.every(([, state]) => state === "new" || state === "unchanged")).toBe(true);
    rmSync(join(work, "repo", "added.py"));
  });

  it("takes a git ref as the baseline: findings present at that commit are not gated", async () => {
    const repo = join(work, "gitrepo");
    cpSync(join(import.meta.dirname, "fixtures", "generic-monorepo"), repo, { recursive: true });
    runGit(repo, ["init", "-q"]);
    runGit(repo, ["add", "-A"]);
    runGit(repo, ["commit", "-qm", "first"]);
    appendFileSync(join(repo, "added.py"), "def g():\n    pass  # FIXME: later\n");
    const io = fakeIo(work);
    expect(
      await main(
        ["audit", "gitrepo", "--baseline", "HEAD", "--fail-on", "info", "--out", "b3", "--quiet"],
        io,
      ),
    ).toBe(1);
    expect(io.err()).toMatch(/quality gate failed: 1 new finding\(s\)/);
    const bad = fakeIo(work);
    expect(
      await main(["audit", "gitrepo", "--baseline", "no-such-thing", "--out", "b4", "--quiet"], bad),
    ).toBe(2);
    expect(bad.err()).toContain("--baseline no-such-thing: neither a baseline file nor a commit");
    expect(existsSync(join(work, "b4"))).toBe(false);
  });
});
