// Calibration table: grade, verdict and top risks per repository before and after, with the precision ledger's
// verdict on each top risk. Reads audit.json files written by `npm run bench:precision -- <corpus> --audits DIR`.
// Usage: tsx bench/calibration/table.ts <before-dir> <after-dir>   (before-dir/<name>/audit.json or <name>.json)
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseLabels, type Label } from "../precision/ledger.js";
import { compareCodeUnits } from "../../src/util/compare-code-units.js";

interface AuditSummary {
  grade: string;
  score: number;
  verdict?: string;
  verdictStatus?: string;
  cap?: { grade: string; reason: string } | null;
  uncappedGrade?: string;
  counts: Record<string, number>;
  topRisks: string[];
  risks?: Array<{ findingId: string; ruleId: string; severity: string; where: string }>;
}

const [beforeDir, afterDir] = process.argv.slice(2).map((dir) => resolve(dir));
if (!beforeDir || !afterDir) {
  process.stderr.write("usage: tsx bench/calibration/table.ts <before-dir> <after-dir>\n");
  process.exit(2);
}
const labelsDir = resolve(import.meta.dirname, "..", "precision", "labels");

function summaryOf(dir: string, name: string): AuditSummary | null {
  for (const path of [join(dir, name, "audit.json"), join(dir, `${name}.json`)])
    if (existsSync(path))
      return (JSON.parse(readFileSync(path, "utf8")) as { summary: AuditSummary }).summary;
  return null;
}

/** A label by rule and place, as the ledger matches a finding whose id changed (`rule path:line`). */
const placeKey = (ruleId: string, where: string): string => `${ruleId} ${where}`;

function labelsOf(name: string): Map<string, Label> {
  const dir = join(labelsDir, name);
  const byId = new Map<string, Label>();
  if (!existsSync(dir)) return byId;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort())
    for (const label of parseLabels(readFileSync(join(dir, file), "utf8"), file)) {
      byId.set(label.id, label);
      if (label.path) byId.set(placeKey(label.ruleId, `${label.path}:${label.line}`), label);
    }
  return byId;
}

const counts = (c: Record<string, number>): string =>
  ["critical", "high", "medium"].map((s) => c[s] ?? 0).join("/");

const names = readdirSync(afterDir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort(compareCodeUnits);
process.stdout.write(
  "| Repository | Before: grade, C/H/M | After: grade, C/H/M | Verdict after | Top risks after (ledger verdict) |\n|---|---|---|---|---|\n",
);
for (const name of names) {
  const before = summaryOf(beforeDir, name);
  const after = summaryOf(afterDir, name);
  if (!after) continue;
  const labels = labelsOf(name);
  const risks = (after.risks ?? []).slice(0, 5).map((risk) => {
    const label = labels.get(risk.findingId) ?? labels.get(placeKey(risk.ruleId, risk.where));
    return `${risk.severity} ${risk.ruleId} ${risk.where} (${label ? label.verdict : "unlabelled"})`;
  });
  const capped = after.cap ? ` (capped from ${after.uncappedGrade}: ${after.cap.reason})` : "";
  process.stdout.write(
    `| ${name} | ${before ? `${before.grade} ${before.score}, ${counts(before.counts)}` : "–"} | ${after.grade} ${after.score}${capped}, ${counts(after.counts)} | ${after.verdictStatus ?? ""} | ${risks.join("<br>") || "none"} |\n`,
  );
}
