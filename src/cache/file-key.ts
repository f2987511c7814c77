// What a cached file outcome depends on, folded into one key: the code, the configuration file rules and
// analyzers read, and the file itself (content, path, language, test flag).
import { createHash } from "node:crypto";
import type { RuleSet } from "../engine/rule-set.js";
import type { EngineSettings } from "../engine/settings.js";
import { hashTree } from "./fingerprint.js";

/**
 * The configuration a file's analysis reads: which analyzers run, which file rules run with which options and
 * severity, and the content of a custom-rule folder. Repository-level settings (advisories, history, coverage,
 * duplication thresholds) are read by collectors and repo rules, which run every time: they do not invalidate.
 */
export function analysisConfigHash(ruleSet: RuleSet, settings: EngineSettings): string {
  const config = {
    analyzers: ruleSet.analyzers.map((analyzer) => analyzer.id),
    fileRules: ruleSet.fileRules.map(({ rule, options, severity }) => [rule.id, options, severity ?? null]),
    customRules: settings.customRulesDir ? hashTree(settings.customRulesDir) : null,
  };
  return createHash("sha256").update(JSON.stringify(config)).digest("hex");
}

export interface FileKeyInput {
  /** codeFingerprint() and analysisConfigHash(), joined. */
  analysis: string;
  path: string;
  language: string | null;
  isTest: boolean;
  contentSha256: string;
}

export function fileCacheKey(input: FileKeyInput): string {
  return createHash("sha256")
    .update(JSON.stringify([input.analysis, input.path, input.language, input.isTest, input.contentSha256]))
    .digest("hex");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
