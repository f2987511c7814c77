// Meta test (like ESLint's checkRuleFiles): every registered rule has valid metadata, a test naming it, a test file
// beside it whose cases go through the recording harness, and an up-to-date generated documentation page. That each
// rule has a firing case, a silent case and a case per documented severity is checked when the run ends
// (test/contract-global-setup.ts); that its tests notice an emptied check, by `npm run test:contract`.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAreaId } from "../src/model/areas.js";
import { isSeverity } from "../src/model/severity.js";
import { loadBuiltInRules } from "../src/rules/load-rules.js";
import { renderRuleDoc } from "../src/rules/rule-doc.js";
import { ruleTestFiles } from "./helpers/rule-contract.js";

const root = join(import.meta.dirname, "..");

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === "fixtures" || name === "node_modules") return [];
    return statSync(full).isDirectory() ? testFiles(full) : name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("rule registry", async () => {
  const rules = await loadBuiltInRules();
  const besideTests = await ruleTestFiles();
  const tests = [...testFiles(join(root, "src")), ...testFiles(join(root, "test"))]
    .filter((file) => !file.endsWith("rules-meta.test.ts"))
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");

  it("has rules", () => {
    expect(rules.length).toBeGreaterThan(5);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it("has valid metadata and docs", () => {
        expect(rule.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
        expect(isAreaId(rule.area)).toBe(true);
        expect(isSeverity(rule.severity)).toBe(true);
        expect(rule.title.length).toBeGreaterThan(5);
        expect(rule.effortMinutes).toBeGreaterThan(0);
        expect(rule.docs.rationale.length).toBeGreaterThan(20);
        expect(rule.docs.impact.length).toBeGreaterThan(10);
        expect(rule.docs.fix.length).toBeGreaterThan(10);
        expect(rule.docs.example.bad.length).toBeGreaterThan(0);
        expect(rule.docs.example.good.length).toBeGreaterThan(0);
      });
      it("is named by a test", () => {
        expect(tests.includes(`"${rule.id}"`), `no *.test.ts names "${rule.id}"`).toBe(true);
      });
      it("has a test file beside it that runs its cases through findingsOf/findingsIn (recorded for the contract)", () => {
        const testFile = besideTests.get(rule.id);
        expect(testFile, "the rule is not defined in src/rules/<area>/<name>.ts").toBeDefined();
        expect(existsSync(testFile ?? ""), `${testFile} missing`).toBe(true);
        const text = readFileSync(testFile ?? "", "utf8");
        expect(/\bfindings(Of|In)\(/.test(text), `${testFile} uses neither findingsOf nor findingsIn`).toBe(
          true,
        );
      });
      it("has an up-to-date docs/rules page (npm run docs:rules)", () => {
        const page = join(root, "docs", "rules", `${rule.id}.md`);
        expect(existsSync(page), `${page} missing`).toBe(true);
        expect(readFileSync(page, "utf8")).toBe(renderRuleDoc(rule));
      });
    });
  }
});
