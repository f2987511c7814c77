// What the engine needs to know from the configuration, in a form that crosses worker threads.
import type { RuleOptions } from "../rules/define-rule.js";
import type { Severity } from "../model/severity.js";
import { DEFAULT_COLLECT_SETTINGS, type CollectSettings } from "../facts/define.js";

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  options?: RuleOptions;
}

export interface EngineSettings {
  /** Per-rule overrides by rule id. */
  rules: Record<string, RuleSetting>;
  /** Area ids to restrict the run to (`--only`); empty means all. */
  only: string[];
  /** A folder of user ast-grep YAML rules (`<dir>/<language>/*.yml`). */
  customRulesDir: string | null;
  /** Inputs for collectors that read outside the repository (advisory store, history range). */
  collect: CollectSettings;
  /** A `codeaudit-ignore` without a reason silences nothing (config `suppressions.requireReason`, default true). */
  requireSuppressionReason?: boolean;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  rules: {},
  only: [],
  customRulesDir: null,
  collect: DEFAULT_COLLECT_SETTINGS,
};
