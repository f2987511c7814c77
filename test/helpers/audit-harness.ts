// Test harness: runs the engine over an in-memory repository, so rule and facts tests need no disk.
import { runEngine, type EngineResult } from "../../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from "../../src/engine/settings.js";
import type { Finding } from "../../src/model/finding.js";
import { indexFromMemory } from "../../src/repo/repo-index.js";
import { expect } from "vitest";
import { recordCase } from "./rule-contract.js";

/** Analyses the given files (path → content) with every rule and collector, in this thread. */
export async function analyseFiles(
  files: Record<string, string | Buffer>,
  settings: Partial<EngineSettings> = {},
): Promise<EngineResult> {
  const index = indexFromMemory(files);
  return runEngine(index, { ...DEFAULT_ENGINE_SETTINGS, ...settings }, { jobs: 1 });
}

/** The findings of one rule over the given files; recorded as a firing or silent case of the rule (rule-contract.ts). */
export async function findingsOf(
  ruleId: string,
  files: Record<string, string | Buffer>,
  settings: Partial<EngineSettings> = {},
): Promise<Finding[]> {
  return findingsIn(ruleId, await analyseFiles(files, settings));
}

/** The findings of one rule in an engine result (for a test that runs the engine itself), recorded as a case. */
export function findingsIn(ruleId: string, result: EngineResult): Finding[] {
  const findings = result.findings.filter((finding) => finding.ruleId === ruleId);
  const testFile = expect.getState().testPath;
  if (testFile) recordCase(ruleId, findings, testFile);
  return findings;
}
