// Runs the engine on a fixture repository under test/fixtures and lists the findings of some rules as
// `rule path:line severity`, sorted: the shape the fixture tests compare against.
import { runEngine, type EngineResult } from "../../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../../src/engine/settings.js";
import { openRepository } from "../../src/repo/open-repository.js";

export async function auditFixture(name: string): Promise<EngineResult> {
  const index = await openRepository(new URL(`../fixtures/${name}/`, import.meta.url).pathname);
  return runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
}

export function findingLines(result: EngineResult, rules: readonly string[]): string[] {
  return result.findings
    .filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.startLine} ${f.severity}`)
    .sort();
}
