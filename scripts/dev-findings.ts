// Developer aid: prints the findings (and optionally facts) of a folder as JSON, straight from the sources.
// Usage: npx tsx scripts/dev-findings.ts <path> [--facts KEY] [--rule PREFIX]
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";

const args = process.argv.slice(2);
const path = args[0] ?? ".";
const factsKey = args.includes("--facts") ? args[args.indexOf("--facts") + 1] : undefined;
const rulePrefix = args.includes("--rule") ? args[args.indexOf("--rule") + 1] : undefined;
const started = Date.now();
const index = await openRepository(path);
const result = await runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
const findings = result.findings.filter((f) => !rulePrefix || f.ruleId.startsWith(rulePrefix));
const output: Record<string, unknown> = {
  seconds: (Date.now() - started) / 1000,
  files: result.facts.files.length,
  findings: findings.map((f) => ({
    rule: f.ruleId,
    severity: f.severity,
    at: f.location ? `${f.location.path}:${f.location.startLine}` : null,
    message: f.message,
  })),
  diagnostics: result.diagnostics.filter((d) => d.kind === "rule-error" || d.kind === "invalid-config"),
};
if (factsKey) output.facts = (result.facts as unknown as Record<string, unknown>)[factsKey];
process.stdout.write(JSON.stringify(output, null, 2) + "\n");
