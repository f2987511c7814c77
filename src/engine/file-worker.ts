// Worker-thread entry: analyses batches of files with the run's rule set (loaded once per worker).
import { analyzeFile, type FileOutcome, type FileTask } from "./analyze-file.js";
import { loadRuleSet, type RuleSet } from "./rule-set.js";
import type { EngineSettings } from "./settings.js";

export interface FileBatch {
  tasks: FileTask[];
  settings: EngineSettings;
}

let ruleSet: Promise<RuleSet> | null = null;
let settingsKey = "";

export default async function analyzeBatch(batch: FileBatch): Promise<FileOutcome[]> {
  const key = JSON.stringify(batch.settings);
  if (!ruleSet || key !== settingsKey) {
    ruleSet = loadRuleSet(batch.settings);
    settingsKey = key;
  }
  const rules = await ruleSet;
  return batch.tasks.map((task) => analyzeFile(task, rules));
}
