// Runs before each test file: records that it ran (for the rule contract) and, in stub mode, empties the check of
// the rule the file is about, so that scripts/test-contract.ts can see that the file's tests notice.
import { afterAll, beforeAll } from "vitest";
import { recordTestFile, ruleFileOf, ruleIdOf, STUB_ENV, stubRule } from "./helpers/rule-contract.js";

let restoreStubbedRule: (() => void) | null = null;

beforeAll(async (file) => {
  const testFile = "filepath" in file && typeof file.filepath === "string" ? file.filepath : null;
  if (!testFile) return;
  recordTestFile(testFile);
  if (!process.env[STUB_ENV]) return;
  const ruleFile = ruleFileOf(testFile);
  if (!ruleFile) return;
  const ruleId = await ruleIdOf(ruleFile);
  restoreStubbedRule = await stubRule(ruleId);
  if (!restoreStubbedRule) throw new Error(`stub mode: no registered rule ${ruleId} (${ruleFile})`);
});

afterAll(() => {
  restoreStubbedRule?.();
  restoreStubbedRule = null;
});
