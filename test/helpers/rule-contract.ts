// The behavioural rule contract: every case a rule test runs through the harness is recorded (did the rule fire, at
// which severities), so that a run can check that each rule has a firing case, a silent case and a case for each
// severity its notes document; and, in stub mode, the rule a test file is about has its check emptied.
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { threadId } from "node:worker_threads";
import type { Finding } from "../../src/model/finding.js";
import { SEVERITIES, type Severity } from "../../src/model/severity.js";
import type { Rule } from "../../src/rules/define-rule.js";
import { loadBuiltInRules } from "../../src/rules/load-rules.js";

/** The folder the run's workers append their records to (set by test/contract-global-setup.ts). */
export const CONTRACT_DIR_ENV = "CODEAUDIT_CONTRACT_DIR";
/** When set, each rule test file runs with its own rule's check emptied (scripts/test-contract.ts). */
export const STUB_ENV = "CODEAUDIT_STUB_RULE_UNDER_TEST";

export const repoRoot = join(import.meta.dirname, "..", "..");
const rulesRoot = join(repoRoot, "src", "rules");

/** One line of a worker's record file. */
export type ContractRecord =
  | { kind: "case"; ruleId: string; fired: boolean; severities: Severity[]; testFile: string }
  | { kind: "test-file"; testFile: string };

function append(record: ContractRecord): void {
  const dir = process.env[CONTRACT_DIR_ENV];
  if (!dir || !existsSync(dir)) return;
  // One file per worker (process and thread): no two workers append to the same file.
  appendFileSync(join(dir, `${process.pid}-${threadId}.jsonl`), JSON.stringify(record) + "\n");
}

/** Records one case of a rule: the findings of that rule over one set of files. */
export function recordCase(ruleId: string, findings: readonly Finding[], testFile: string): void {
  append({
    kind: "case",
    ruleId,
    fired: findings.length > 0,
    severities: [...new Set(findings.map((finding) => finding.severity))],
    testFile: relative(repoRoot, testFile),
  });
}

/** Records that a test file ran, so the check covers the rules whose tests were part of the run. */
export function recordTestFile(testFile: string): void {
  append({ kind: "test-file", testFile: relative(repoRoot, testFile) });
}

export function readRecords(dir: string): ContractRecord[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as ContractRecord),
    );
}

/**
 * The rule file a rule test file is about: the file beside it whose name the test's name starts with
 * (`hardcoded-secret-elixir-config.test.ts` → `hardcoded-secret.ts`), the longest such name; null outside
 * src/rules/<area>/.
 */
export function ruleFileOf(testFile: string): string | null {
  const dir = dirname(testFile);
  if (dirname(dir) !== rulesRoot || basename(dir) === "shared") return null;
  const name = basename(testFile, ".test.ts");
  const candidates = readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => basename(file, ".ts"))
    .filter((rule) => name === rule || name.startsWith(`${rule}-`))
    .sort((a, b) => b.length - a.length);
  return candidates[0] ? join(dir, `${candidates[0]}.ts`) : null;
}

/** The test file beside a rule file (`x.ts` → `x.test.ts`). */
export function testFileOf(ruleFile: string): string {
  return ruleFile.replace(/\.ts$/, ".test.ts");
}

/** The id of the rule a rule file defines. */
export async function ruleIdOf(ruleFile: string): Promise<string> {
  const module = (await import(ruleFile)) as { default: Rule };
  return module.default.id;
}

/** Empties the check of one rule (its findings disappear), as a reviewer's "check removed" mutation would. */
export async function stubRule(ruleId: string): Promise<(() => void) | null> {
  const rule = (await loadBuiltInRules()).find((candidate) => candidate.id === ruleId);
  if (!rule) return null;
  // Test files may share one module graph (isolation off): the check is put back when the file is done.
  if (rule.scope === "file") {
    const checkFile = rule.checkFile;
    rule.checkFile = () => undefined;
    return () => {
      rule.checkFile = checkFile;
    };
  }
  const check = rule.check;
  rule.check = () => undefined;
  return () => {
    rule.check = check;
  };
}

/**
 * The severities a rule's notes say it reports at for some case ("lowered to low in scripts", "high when …"),
 * beside its default. Words that are not severities ("low-level", "high-entropy", `info.origin`, a path segment such
 * as git's `…/info/refs`) are left out.
 */
export function documentedSeverities(rule: Rule): Severity[] {
  const text = (rule.notes ?? []).join("\n").toLowerCase();
  return SEVERITIES.filter((severity) =>
    new RegExp(`(?<![/\\w])${severity}\\b(?![-\\w/]|\\.\\w)`).test(text),
  );
}

/** What a run's records say is missing, for the rules whose test files ran. */
export async function contractProblems(records: readonly ContractRecord[]): Promise<string[]> {
  const ran = new Set(records.flatMap((r) => (r.kind === "test-file" ? [r.testFile] : [])));
  const fired = new Map<string, Set<Severity>>();
  const silent = new Set<string>();
  for (const record of records) {
    if (record.kind !== "case") continue;
    if (!record.fired) silent.add(record.ruleId);
    const severities = fired.get(record.ruleId) ?? new Set<Severity>();
    for (const severity of record.severities) severities.add(severity);
    if (record.fired) fired.set(record.ruleId, severities);
  }
  const problems: string[] = [];
  const testFiles = await ruleTestFiles();
  for (const rule of await loadBuiltInRules()) {
    const testFile = testFiles.get(rule.id);
    if (!testFile || !ran.has(relative(repoRoot, testFile))) continue;
    const seen = fired.get(rule.id);
    if (!seen) problems.push(`${rule.id}: no test case where it fires (findingsOf returned no finding)`);
    if (!silent.has(rule.id)) problems.push(`${rule.id}: no silent case (findingsOf never returned [])`);
    if (!seen) continue;
    const missing = documentedSeverities(rule).filter(
      (severity) => !seen.has(severity) && !UNCOVERED_SEVERITY_NOTES[rule.id]?.includes(severity),
    );
    if (missing.length > 0)
      problems.push(
        `${rule.id}: its notes document ${missing.join(", ")} but no case reports it at that severity (seen: ${[...seen].join(", ")})`,
      );
  }
  return problems;
}

/** Rule id → the test file beside the file that defines it. */
export async function ruleTestFiles(): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  for (const area of readdirSync(rulesRoot, { withFileTypes: true })) {
    if (!area.isDirectory() || area.name === "shared" || area.name === "ast") continue;
    for (const file of readdirSync(join(rulesRoot, area.name)))
      if (file.endsWith(".ts") && !file.endsWith(".test.ts")) {
        const ruleFile = join(rulesRoot, area.name, file);
        byId.set(await ruleIdOf(ruleFile), testFileOf(ruleFile));
      }
  }
  return byId;
}

/**
 * Severity words in a rule's notes that no case covers, each with why. Keep this empty where possible: an entry
 * is a documented behaviour whose removal no test would notice.
 */
export const UNCOVERED_SEVERITY_NOTES: Record<string, Severity[]> = {};
