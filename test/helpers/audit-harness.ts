// Test harness: runs the engine over an in-memory repository, so rule and facts tests need no disk.
import { runEngine, type EngineResult } from "../../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from "../../src/engine/settings.js";
import type { Finding } from "../../src/model/finding.js";
import { indexFromMemory } from "../../src/repo/repo-index.js";

/** Analyses the given files (path → content) with every rule and collector, in this thread. */
export async function analyseFiles(
  files: Record<string, string | Buffer>,
  settings: Partial<EngineSettings> = {},
): Promise<EngineResult> {
  const index = indexFromMemory(files);
  return runEngine(index, { ...DEFAULT_ENGINE_SETTINGS, ...settings }, { jobs: 1 });
}

/** The findings of one rule over the given files. */
export async function findingsOf(
  ruleId: string,
  files: Record<string, string | Buffer>,
  settings: Partial<EngineSettings> = {},
): Promise<Finding[]> {
  const result = await analyseFiles(files, settings);
  return result.findings.filter((finding) => finding.ruleId === ruleId);
}
