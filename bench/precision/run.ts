// Re-audits the precision ledger's repositories found under a folder and prints precision per rule and overall.
// Usage: npm run bench:precision -- <corpus-dir> [--repo a,b] [--todo DIR] [--import DIR] [--audits DIR] [--from-audits DIR] [--markdown] [--unlabelled]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { auditRepository as AuditRepository } from "../../src/pipeline/audit-repository.js";
import {
  LABELLED_SEVERITIES,
  formatLabels,
  formatPercent,
  matchLabels,
  parseLabels,
  precisionByRule,
  precisionOf,
  type Label,
  type LedgerFinding,
  type LedgerRepo,
  type MatchedFinding,
  type PrecisionRow,
} from "./ledger.js";

const here = import.meta.dirname;
const labelsDir = join(here, "labels");
const repos = JSON.parse(readFileSync(join(here, "repos.json"), "utf8")) as LedgerRepo[];

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const importDir = option("--import");
if (importDir) {
  importTodo(resolve(importDir));
  process.exit(0);
}
const corpus = args.find(
  (a, i) =>
    !a.startsWith("--") && !["--repo", "--todo", "--audits", "--from-audits"].includes(args[i - 1] ?? ""),
);
if (!corpus) {
  process.stderr.write(
    "usage: npm run bench:precision -- <corpus-dir> [--repo a,b] [--todo DIR] [--audits DIR] [--from-audits DIR] [--markdown] [--unlabelled]\n" +
      "       npm run bench:precision -- --import DIR   (moves labelled todo lines into bench/precision/labels/)\n",
  );
  process.exit(2);
}
const only = option("--repo")?.split(",");
const todoDir = option("--todo");
// Keeps each repository's audit.json (for the calibration table: grade, verdict, top risks).
const auditsDir = option("--audits");
// Reads the audits kept by an earlier `--audits DIR` run instead of auditing again (relabelling, re-printing tables).
const fromAudits = option("--from-audits");

// The built pipeline, as the CLI runs it.
const built = resolve(here, "..", "..", "dist", "pipeline", "audit-repository.js");
const { auditRepository } = (await import(pathToFileURL(built).href)) as {
  auditRepository: typeof AuditRepository;
};

const all: MatchedFinding[] = [];
const perRepo: PrecisionRow[] = [];
for (const repo of repos) {
  if (only && !only.includes(repo.name)) continue;
  const dir = join(resolve(corpus), repo.name);
  if (!existsSync(dir)) {
    process.stdout.write(`${repo.name}: not on disk (${dir}); clone ${repo.url} at ${repo.commit}\n`);
    continue;
  }
  const head = gitHead(dir);
  if (head !== repo.commit) {
    process.stdout.write(`${repo.name}: at ${head ?? "no commit"}, labels are for ${repo.commit}: skipped\n`);
    continue;
  }
  const started = Date.now();
  const kept = fromAudits ? join(resolve(fromAudits), `${repo.name}.json`) : null;
  if (kept && !existsSync(kept)) {
    process.stdout.write(`${repo.name}: no kept audit (${kept}): skipped\n`);
    continue;
  }
  const run = kept
    ? {
        audit: JSON.parse(readFileSync(kept, "utf8")) as Awaited<ReturnType<typeof AuditRepository>>["audit"],
      }
    : await auditRepository({ path: dir, noTimestamp: true, advisoryDir: null });
  if (auditsDir && !kept) {
    mkdirSync(resolve(auditsDir), { recursive: true });
    writeFileSync(join(resolve(auditsDir), `${repo.name}.json`), `${JSON.stringify(run.audit, null, 2)}\n`);
  }
  const findings: LedgerFinding[] = run.audit.findings
    .filter((f) => (LABELLED_SEVERITIES as readonly string[]).includes(f.severity))
    .map((f) => ({
      id: f.id,
      ruleId: f.ruleId,
      severity: f.severity,
      path: f.location?.path ?? null,
      line: f.location?.startLine ?? null,
      message: f.message,
    }));
  const labels = readLabels(repo.name);
  const matched = matchLabels(findings, labels);
  all.push(...matched);
  const row = precisionOf(repo.name, matched);
  perRepo.push(row);
  const stale = labels.length - matched.filter((m) => m.label).length;
  process.stdout.write(
    `${repo.name}: ${findings.length} medium+ findings, ${row.labelled} labelled, strict ${formatPercent(row.strict)}` +
      `${stale ? `, ${stale} labels match no finding now` : ""} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (args.includes("--unlabelled"))
    for (const { finding } of matched.filter((m) => !m.label))
      process.stdout.write(
        `  unlabelled ${finding.severity} ${finding.ruleId} ${finding.path ?? "(repository)"}:${finding.line ?? ""} ${finding.message.slice(0, 120)}\n`,
      );
  if (todoDir) writeTodo(resolve(todoDir), repo.name, matched, run.audit.findings);
}

const markdown = args.includes("--markdown");
printTable("Per repository", perRepo, markdown);
printTable("Per rule (medium and above)", precisionByRule(all), markdown);
const overall = precisionOf("medium and above", all);
const highs = precisionOf(
  "high and critical",
  all.filter((m) => m.finding.severity === "high" || m.finding.severity === "critical"),
);
printTable("Overall", [overall, highs], markdown);
const weak = precisionByRule(all).filter((row) => row.labelled >= 5 && (row.strict ?? 1) < 0.8);
if (weak.length)
  process.stdout.write(`\nrules under 80% strict with ≥ 5 labels: ${weak.map((r) => r.key).join(", ")}\n`);
const unlabelled = all.filter((m) => !m.label).length;
if (unlabelled) process.stdout.write(`${unlabelled} findings have no label yet (--unlabelled lists them)\n`);

function printTable(title: string, rows: PrecisionRow[], asMarkdown: boolean): void {
  const header = ["", "findings", "labelled", "true", "overstated", "false", "strict", "lenient"];
  const cells = rows.map((r) => [
    r.key,
    String(r.findings),
    String(r.labelled),
    String(r.true),
    String(r.overstated),
    String(r.false),
    formatPercent(r.strict),
    formatPercent(r.lenient),
  ]);
  process.stdout.write(`\n${title}\n`);
  if (asMarkdown) {
    process.stdout.write(`| ${header.join(" | ")} |\n|${header.map(() => " --- ").join("|")}|\n`);
    for (const row of cells) process.stdout.write(`| ${row.join(" | ")} |\n`);
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  for (const row of [header, ...cells])
    process.stdout.write(
      row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ") + "\n",
    );
}

/** A repository's labels: one file per rule pack (`labels/<repo>/<pack>.jsonl`), so packs are labelled apart. */
function readLabels(name: string): Label[] {
  const dir = join(labelsDir, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".jsonl"))
    .sort()
    .flatMap((file) => parseLabels(readFileSync(join(dir, file), "utf8"), join(dir, file)));
}

function packOf(ruleId: string): string {
  return ruleId.split("/")[0] ?? ruleId;
}

function gitHead(dir: string): string | null {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

/**
 * Writes the unlabelled findings of a repository as lines to fill in (verdict, reason), with the message and
 * snippet to read them by. The folder stays outside the project: snippets are the repository's code.
 */
function writeTodo(
  dir: string,
  name: string,
  matched: MatchedFinding[],
  findings: Array<{ id: string; evidence: { snippet: string } }>,
): void {
  mkdirSync(dir, { recursive: true });
  const snippets = new Map(findings.map((f) => [f.id, f.evidence.snippet]));
  const lines = matched
    .filter((m) => !m.label)
    .map(({ finding }) =>
      JSON.stringify({
        ...finding,
        snippet: (snippets.get(finding.id) ?? "").slice(0, 400),
        verdict: "",
        reason: "",
      }),
    );
  writeFileSync(join(dir, `${name}.todo.jsonl`), lines.join("\n") + (lines.length ? "\n" : ""));
}

/** Moves every todo line with a verdict into the repository's labels (replacing a label of the same id). */
function importTodo(dir: string): void {
  for (const repo of repos) {
    const file = join(dir, `${repo.name}.todo.jsonl`);
    if (!existsSync(file)) continue;
    const filled = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => typeof entry.verdict === "string" && entry.verdict !== "");
    const fresh = parseLabels(filled.map((entry) => JSON.stringify(entry)).join("\n"), file);
    const freshIds = new Set(fresh.map((label) => label.id));
    const all = [...readLabels(repo.name).filter((label) => !freshIds.has(label.id)), ...fresh];
    const repoDir = join(labelsDir, repo.name);
    mkdirSync(repoDir, { recursive: true });
    for (const pack of new Set(fresh.map((label) => packOf(label.ruleId))))
      writeFileSync(
        join(repoDir, `${pack}.jsonl`),
        formatLabels(all.filter((label) => packOf(label.ruleId) === pack)),
      );
    process.stdout.write(`${repo.name}: ${fresh.length} labels imported, ${all.length} in all\n`);
  }
}
