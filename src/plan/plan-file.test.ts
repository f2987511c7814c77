// The plan file: every check kind parses, shorthands expand, and each error names the line and what is allowed.
import { describe, expect, it } from "vitest";
import { parseEffort, parsePlanFile, PlanFileError } from "./plan-file.js";

const fail = (message: string): never => {
  throw new Error(message);
};

describe("parsePlanFile", () => {
  it("reads stages, items, weights, efforts and default ids", () => {
    const plan = parsePlanFile(
      [
        "plan: Refactor",
        "stages:",
        "  - stage: 2.1",
        "    title: Persistence",
        "    items:",
        "      - module: [A.B, A.C]",
        "        weight: 3",
        "        effort: 2d",
        "      - count: Process.sleep in test/** <= 5",
        "      - absent: Process.put in lib/**",
        "      - present: 'Process.demonitor($REF, [:flush])'",
        "        match: ast",
        "        lang: elixir",
        "      - rule: elixir/unsupervised-process",
        "        in: lib/**",
        "      - implements: GenServer",
        "        module: A.B",
        "      - ci: {job: test}",
        "      - config: app.Repo.pool_size",
        "        value: 10",
        "      - coverage: '>= 80'",
        "      - path: lib/legacy/",
        "        gone: true",
        "      - Agree the rollout with operations",
      ].join("\n"),
      "plan.yml",
    );
    expect(plan.title).toBe("Refactor");
    const items = plan.stages[0]?.items ?? [];
    expect(items.map((i) => `${i.id} ${i.check.kind} ${i.line}`)).toEqual([
      "2.1.1 module 6",
      "2.1.2 count 9",
      "2.1.3 absent 10",
      "2.1.4 present 11",
      "2.1.5 rule 14",
      "2.1.6 implements 16",
      "2.1.7 ci 18",
      "2.1.8 config 19",
      "2.1.9 coverage 21",
      "2.1.10 path 22",
      "2.1.11 text 24",
    ]);
    expect(items[0]).toMatchObject({
      weight: 3,
      effortMinutes: 960,
      check: { names: ["A.B", "A.C"], gone: false },
    });
    expect(items[1]?.check).toEqual({
      kind: "count",
      spec: { pattern: "Process.sleep", match: "literal", scope: ["test/**"], lang: null },
      bound: { op: "<=", value: 5 },
    });
    expect(items[2]?.check).toMatchObject({
      kind: "absent",
      spec: { pattern: "Process.put", scope: ["lib/**"] },
    });
    expect(items[3]?.check).toMatchObject({ spec: { match: "ast", lang: "elixir" } });
    expect(items[4]?.check).toEqual({
      kind: "rule",
      ruleId: "elixir/unsupervised-process",
      scope: ["lib/**"],
    });
    expect(items[5]?.check).toEqual({ kind: "implements", module: "A.B", target: "GenServer" });
    expect(items[7]?.check).toEqual({ kind: "config", key: "app.Repo.pool_size", value: 10, file: null });
    expect(items[8]?.check).toEqual({ kind: "coverage", bound: { op: ">=", value: 80 } });
    expect(items[9]?.check).toMatchObject({ kind: "path", gone: true });
    expect(items[10]).toMatchObject({ title: "Agree the rollout with operations", check: { kind: "text" } });
  });

  it.each([
    ["stages: 3", "plan.yml:1: `stages:` must be a list"],
    ["stages:\n  - items:\n      - modul: X", "plan.yml:3: unknown item key `modul`"],
    [
      "stages:\n  - items:\n      - module: X\n        path: y",
      "plan.yml:3: an item has one check key, found path and module",
    ],
    ["stages:\n  - items:\n      - weight: 2", "plan.yml:3: an item needs one check key"],
    [
      "stages:\n  - items:\n      - module: X\n        effort: soon",
      "plan.yml:3: `effort:` takes a duration",
    ],
    ["stages:\n  - items:\n      - count: Process.sleep", "plan.yml:3: `count:` takes"],
    [
      "stages:\n  - items:\n      - present: '(unclosed'\n        match: regex",
      "plan.yml:3: `(unclosed` is not a regular expression",
    ],
    [
      "stages:\n  - items:\n      - {id: a, module: X}\n      - {id: a, module: Y}",
      "plan.yml:4: item id `a` is used twice",
    ],
    ["stages: [\n", "plan.yml:2: not valid YAML"],
    ["plan: x\nphases: []", "plan.yml:2: unknown key `phases`"],
  ])("rejects %j with the line", (text, message) => {
    expect(() => parsePlanFile(text, "plan.yml")).toThrow(PlanFileError);
    expect(() => parsePlanFile(text, "plan.yml")).toThrow(message);
  });

  it("reads efforts in minutes, hours, days and weeks", () => {
    expect(["30m", "4h", "2d", "1w", 1.5].map((v) => parseEffort(v, fail))).toEqual([30, 240, 960, 2400, 90]);
  });
});
