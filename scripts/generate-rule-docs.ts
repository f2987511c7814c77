// Writes docs/rules/<rule-id>.md for every built-in rule, plus an index; `--check` fails when any page is stale.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadBuiltInRules } from "../src/rules/load-rules.js";
import { renderRuleDoc } from "../src/rules/rule-doc.js";

const check = process.argv.includes("--check");
const root = join(dirname(new URL(import.meta.url).pathname), "..", "docs", "rules");
const rules = await loadBuiltInRules();
const expected = new Map<string, string>();
for (const rule of rules) expected.set(join(root, `${rule.id}.md`), renderRuleDoc(rule));
const index = [
  "# Rules",
  "",
  "Generated from rule metadata by `npm run docs:rules`; do not edit by hand.",
  "",
  "| Rule | Area | Severity | Title |",
  "|---|---|---|---|",
];
for (const rule of rules)
  index.push(`| [${rule.id}](${rule.id}.md) | ${rule.area} | ${rule.severity} | ${rule.title} |`);
expected.set(join(root, "README.md"), index.join("\n") + "\n");

const stale: string[] = [];
for (const [path, content] of expected) {
  const current = existsSync(path) ? readFileSync(path, "utf8") : null;
  if (current === content) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
const orphans = listFiles(root).filter((path) => !expected.has(path));
if (!check) for (const orphan of orphans) rmSync(orphan);
if (check && (stale.length > 0 || orphans.length > 0)) {
  process.stderr.write(
    `rule docs out of date (run npm run docs:rules): ${[...stale, ...orphans].join(", ")}\n`,
  );
  process.exit(1);
}
process.stdout.write(`${rules.length} rule pages ${check ? "up to date" : "written"}\n`);

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
