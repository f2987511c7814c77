// The TS/JS symbol index on a small Vite + Next.js workspace: imports of names a module does not export (directly,
// through a barrel, a missing default, a declaration not exported) and files nothing reaches are found; path
// aliases (per app), `.js` written for `.ts`, re-exports with `as`, `export *`, workspace packages through their
// `exports`, decorated and destructured exports, CommonJS targets, computed import() and import.meta.glob, Vue
// importers, `~/` aliases no tsconfig declares, HTML script tags, package.json scripts and `exports` patterns, tool
// configuration (and the folders it names), compose volumes and framework routes stay silent. A missing type is
// medium: the type check fails, the program runs.
import { describe, expect, it } from "vitest";
import { findingsOf } from "./helpers/audit-harness.js";
import { auditFixture, findingLines } from "./helpers/fixture-audit.js";

const RULES = ["node/import-not-exported", "generic/unused-module"];

const audit = () => auditFixture("symbols-node");

describe("symbols-node fixture", () => {
  it("reports each import of a name not exported and each unreached file, and nothing else", async () => {
    const result = await audit();
    const found = findingLines(result, RULES);
    expect(found).toEqual([
      "generic/unused-module src/lib/legacy-format.ts:1 low",
      "generic/unused-module src/lib/orphan-a.ts:1 low",
      "generic/unused-module src/lib/orphan-b.ts:1 low",
      "node/import-not-exported src/main.ts:11 high",
      "node/import-not-exported src/main.ts:15 medium",
      "node/import-not-exported src/main.ts:2 high",
      "node/import-not-exported src/main.ts:4 high",
      "node/import-not-exported src/main.ts:6 high",
      "node/import-not-exported test/date.test.ts:2 medium",
    ]);
    const messages = result.findings
      .filter((f) => f.ruleId === "node/import-not-exported")
      .map((f) => f.message);
    expect(messages.find((m) => m.includes("secretKey"))).toContain("declares it but does not export it");
    expect(messages.find((m) => m.includes("Dialog"))).toContain("src/ui/index.ts");
    expect(messages.find((m) => m.includes("default export"))).toContain("src/config.ts");
    expect(messages.find((m) => m.includes("OrderStatus"))).toContain(
      "the import is a type, erased at run time",
    );
  });

  it("counts what it could not decide instead of reporting it", async () => {
    const { facts } = await audit();
    const reasons = facts.nodeSymbols.summary.unknownReasons.map((r) => `${r.reason}: ${r.count}`);
    expect(reasons).toContain("files a computed import()/require() or a glob may load: 3");
    expect(reasons).toContain("target has CommonJS exports: 1");
  });

  it("says in the build area that the index checked the TS/JS imports", async () => {
    const result = await audit();
    const build = result.findings.filter(
      (f) => f.area === "build" && f.ruleId === "node/import-not-exported",
    );
    expect(build.length).toBeGreaterThan(0);
  });
  it("leaves a workspace subpath whose `exports` target a folder the build generates undecided, not its source namesake", async () => {
    const ui = {
      name: "@acme/ui",
      exports: {
        "./recipes": {
          types: "./styled-system/recipes/index.d.ts",
          import: "./styled-system/recipes/index.js",
        },
        "./tokens": { types: "./dist/tokens/index.d.ts", import: "./dist/tokens/index.js" },
      },
    };
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": JSON.stringify({ name: "acme", private: true, workspaces: ["apps/*", "libs/*"] }),
      "libs/ui/package.json": JSON.stringify(ui),
      "libs/ui/src/recipes/index.ts": 'export const buttonRecipe = { base: "btn" };\n',
      "libs/ui/src/tokens/index.ts": 'export const colors = { primary: "#000" };\n',
      "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { "@acme/ui": "workspace:*" } }),
      "apps/web/src/main.ts": [
        'import { text } from "@acme/ui/recipes";',
        'import { spacing } from "@acme/ui/tokens";',
        "console.log(text, spacing);",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "apps/web/src/main.ts:2",
    ]);
  });
  it("reads `export const enumToString = …` as a variable named enumToString, and `export const enum Kind` as an enum", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": JSON.stringify({ name: "fw" }),
      "src/utils/string.ts": [
        "export const enumToPrettyString = <T extends object>(values: T): string =>",
        "  Object.values(values).join(', ');",
        "export const enum Kind {",
        "  A,",
        "}",
        "",
      ].join("\n"),
      "src/errors.ts": [
        "import { enumToPrettyString, Kind, ToPrettyString } from './utils/string';",
        "export const message = enumToPrettyString({ a: 1 }) + Kind.A + ToPrettyString;",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.message.slice(0, 20))).toEqual(["`{ ToPrettyString } "]);
  });
});
