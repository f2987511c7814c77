// The rules and analyzers of one run: built-in and custom rules, filtered and configured by the settings.
import { statSync } from "node:fs";
import { loadFactsPacks } from "../facts/load-packs.js";
import { AstRuleError } from "../rules/ast-yaml-rule.js";
import type { FactsPack, FileAnalyzer } from "../facts/define.js";
import type { FileRule, RepoRule, Rule, RuleOptions } from "../rules/define-rule.js";
import { loadAstRulesFrom, loadBuiltInRules, sortAndCheck } from "../rules/load-rules.js";
import type { Severity } from "../model/severity.js";
import type { EngineSettings } from "./settings.js";

export interface ConfiguredRule<R extends Rule = Rule> {
  rule: R;
  options: RuleOptions;
  severity: Severity | undefined;
}

export interface RuleSet {
  packs: FactsPack[];
  analyzers: FileAnalyzer[];
  fileRules: Array<ConfiguredRule<FileRule>>;
  repoRules: Array<ConfiguredRule<RepoRule>>;
  /** Every rule known, enabled or not, for the report's list of checks. */
  allRules: Rule[];
}

/** A configured custom-rule folder that is missing or not a folder is an error, never silently ignored. */
function loadCustomRules(dir: string): Rule[] {
  let isFolder = false;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new AstRuleError(`customRules ${dir}: no such folder`);
  return loadAstRulesFrom(dir);
}

export async function loadRuleSet(settings: EngineSettings): Promise<RuleSet> {
  const packs = await loadFactsPacks();
  const builtIn = await loadBuiltInRules();
  const custom = settings.customRulesDir ? loadCustomRules(settings.customRulesDir) : [];
  const allRules = sortAndCheck([...builtIn, ...custom]);
  const fileRules: Array<ConfiguredRule<FileRule>> = [];
  const repoRules: Array<ConfiguredRule<RepoRule>> = [];
  for (const rule of allRules) {
    const setting = settings.rules[rule.id];
    if (setting && !setting.enabled) continue;
    if (settings.only.length > 0 && !settings.only.includes(rule.area)) continue;
    const configured = {
      rule,
      options: { ...(rule.options ?? {}), ...(setting?.options ?? {}) },
      severity: setting?.severity,
    };
    if (rule.scope === "file") fileRules.push(configured as ConfiguredRule<FileRule>);
    else repoRules.push(configured as ConfiguredRule<RepoRule>);
  }
  const analyzers = packs
    .flatMap((pack) => pack.analyzers ?? [])
    .filter((analyzer) => analyzer.enabled?.(settings.collect) ?? true);
  return { packs, analyzers, fileRules, repoRules, allRules };
}
