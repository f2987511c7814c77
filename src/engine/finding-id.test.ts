// Finding ids: what users' baselines, suppressions, deltas and code-scanning alerts key on.
import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../test/helpers/audit-harness.js";
import type { DraftFinding } from "./finding-factory.js";
import { assignIds, findingHash } from "./finding-id.js";

const draft = (over: Partial<DraftFinding>): DraftFinding => ({
  ruleId: "generic/todo-cluster",
  area: "quality",
  severity: "low",
  title: "t",
  message: "m",
  location: { path: "a.py", startLine: 1, endLine: 1 },
  evidence: { snippet: "x" },
  risk: "",
  impact: "",
  fix: { text: "", code: "" },
  effortMinutes: 1,
  confidence: "certain",
  patch: null,
  key: "k",
  ...over,
});

describe("finding ids", () => {
  it("differ when the rule, the path or the key differs", () => {
    const ids = new Set([
      findingHash("a/x", "p.py", "k"),
      findingHash("a/y", "p.py", "k"),
      findingHash("a/x", "q.py", "k"),
      findingHash("a/x", "p.py", "l"),
      // The separator keeps ("a", "bc") and ("ab", "c") apart.
      findingHash("a/x", "p", ".pyk"),
    ]);
    expect(ids.size).toBe(5);
    expect(findingHash("a/x", "p.py", "k")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("ignore the line: the same rule, path and key on another line is the same finding", () => {
    const [a] = assignIds([draft({ location: { path: "a.py", startLine: 3, endLine: 3 } })]);
    const [b] = assignIds([draft({ location: { path: "a.py", startLine: 90, endLine: 91 } })]);
    expect(a!.id).toBe(b!.id);
  });

  it("give repeats of one (rule, path, key) distinct suffixed ids, in order", () => {
    const ids = assignIds([draft({}), draft({}), draft({ key: "other" }), draft({})]).map((f) => f.id);
    const base = findingHash("generic/todo-cluster", "a.py", "k");
    expect(ids).toEqual([
      base,
      `${base}-1`,
      findingHash("generic/todo-cluster", "a.py", "other"),
      `${base}-2`,
    ]);
    expect(assignIds([draft({})])[0]).not.toHaveProperty("key");
  });

  it("are distinct across a whole audit and survive lines moved by an unrelated edit", async () => {
    const service = [
      "import requests",
      "",
      "def fetch(url):",
      "    return requests.get(url)",
      "",
      "def post(url, data):",
      "    return requests.post(url, data=data)",
      "",
    ].join("\n");
    const before = await analyseFiles({ "app/client.py": service, "app/other.py": service });
    const moved = "import logging\n\n\n" + service;
    const after = await analyseFiles({ "app/client.py": moved, "app/other.py": service });
    const ids = before.findings.map((f) => f.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    const byPlace = (r: typeof before) =>
      new Map(r.findings.map((f) => [`${f.ruleId} ${f.location?.path} ${f.evidence.snippet}`, f.id]));
    const movedIds = byPlace(after);
    for (const [place, id] of byPlace(before)) expect(movedIds.get(place), place).toBe(id);
  });
});
