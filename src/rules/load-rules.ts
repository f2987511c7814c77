// The rule registry: every rule file under an area folder, and every ast-grep YAML rule under ast/<language>/.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isAreaId } from "../model/areas.js";
import { folderOf, importDefault, listModules, moduleExtension } from "../util/module-discovery.js";
import { AstRuleError, loadAstRuleFile } from "./ast-yaml-rule.js";
import type { Rule } from "./define-rule.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

let cached: Promise<Rule[]> | null = null;

/** All built-in rules, sorted by id. Throws when two rules share an id. */
export function loadBuiltInRules(): Promise<Rule[]> {
  cached ??= discover();
  return cached;
}

async function discover(): Promise<Rule[]> {
  const folder = folderOf(import.meta.url);
  const extension = moduleExtension(import.meta.url);
  const files = listModules(folder, extension, (rel) => {
    const [area, ...rest] = rel.split("/");
    return rest.length > 0 && area !== undefined && isAreaId(area);
  });
  const rules: Rule[] = [];
  for (const file of files) rules.push(await importDefault<Rule>(file));
  rules.push(...loadAstRulesFrom(join(folder, "ast")));
  return sortAndCheck(rules);
}

/** Loads ast-grep YAML rules from `<dir>/<language>/*.yml` (built-in ones, or a user's custom folder). */
export function loadAstRulesFrom(dir: string): Rule[] {
  if (!existsSync(dir)) return [];
  const rules: Rule[] = [];
  for (const language of readdirSync(dir).sort()) {
    const languageDir = join(dir, language);
    let names: string[];
    try {
      names = readdirSync(languageDir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith(".yml") || name.endsWith(".yaml"))
        rules.push(...loadAstRuleFile(join(languageDir, name)));
    }
  }
  return rules;
}

export function sortAndCheck(rules: Rule[]): Rule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id))
      throw new AstRuleError(`two rules share the id ${rule.id}: rule ids must be unique`);
    seen.add(rule.id);
  }
  return [...rules].sort((a, b) => compareCodeUnits(a.id, b.id));
}
