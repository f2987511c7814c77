// The "check emptied" mutation for every rule at once: runs the rule tests (one vitest run of src/rules) with each
// test file's own rule stubbed out by the harness, and fails unless every rule's test file has a failing test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { compareCodeUnits } from "../src/util/compare-code-units.js";
import { repoRoot, ruleFileOf, STUB_ENV } from "../test/helpers/rule-contract.js";

interface VitestJson {
  testResults: Array<{
    name: string;
    status: string;
    assertionResults: Array<{ status: string; fullName: string }>;
  }>;
}

const work = mkdtempSync(join(tmpdir(), "codeaudit-stub-"));
const results = join(work, "results.json");
const filters = process.argv.slice(2);
const run = spawnSync(
  "npx",
  [
    "vitest",
    "run",
    ...(filters.length > 0 ? filters : ["src/rules"]),
    "--reporter=json",
    `--outputFile.json=${results}`,
  ],
  {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, [STUB_ENV]: "1", CI: "true" },
  },
);
let report: VitestJson;
try {
  report = JSON.parse(readFileSync(results, "utf8")) as VitestJson;
} catch {
  console.error(`test:contract: vitest wrote no report (exit ${run.status})`);
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const survivors: string[] = [];
let ruleFiles = 0;
for (const file of report.testResults.sort((a, b) => compareCodeUnits(a.name, b.name))) {
  const ruleFile = ruleFileOf(file.name);
  if (!ruleFile) continue;
  ruleFiles++;
  const failed = file.assertionResults.filter((test) => test.status === "failed").length;
  // A file that fails to load at all has noticed the stub too.
  if (failed === 0 && file.status !== "failed")
    survivors.push(`${relative(repoRoot, file.name)} (rule ${relative(repoRoot, ruleFile)})`);
}
if (ruleFiles === 0) {
  console.error("test:contract: no rule test file ran");
  process.exit(1);
}
console.log(
  `test:contract: ${ruleFiles - survivors.length} of ${ruleFiles} rule test files fail when their rule's check is emptied`,
);
if (survivors.length > 0) {
  console.log(
    `these pass with their rule's check emptied (add a test that asserts the rule fires):\n  ${survivors.join("\n  ")}`,
  );
  process.exit(1);
}
