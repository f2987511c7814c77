// Runs before each test file: records that it ran (for the rule contract) and, in stub mode, empties the check of
// the rule the file is about, so that scripts/test-contract.ts can see that the file's tests notice. One failing test
// is all the contract asks of a file: in stub mode, once a test of the file has failed, its other tests are skipped.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { recordTestFile, ruleFileOf, ruleIdOf, STUB_ENV, stubRule } from "./helpers/rule-contract.js";

let restoreStubbedRule: (() => void) | null = null;
/** In stub mode: a test of this file has failed, so the file has noticed its rule's emptied check. */
let noticedStub = false;

beforeAll(async (file) => {
  noticedStub = false;
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

beforeEach((context) => {
  if (restoreStubbedRule && noticedStub) context.skip();
});

afterEach((context) => {
  if (restoreStubbedRule && context.task.result?.state === "fail") noticedStub = true;
});

afterAll(() => {
  restoreStubbedRule?.();
  restoreStubbedRule = null;
});
