// The terminal summary: grade, counts, top findings and where the reports were written.
import pc from "picocolors";
import type { Audit } from "../model/audit.js";
import type { Severity } from "../model/severity.js";

export interface TerminalOptions {
  color: boolean;
  writtenFiles: string[];
}

export function renderTerminalSummary(audit: Audit, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = {
    critical: c.red,
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const { summary } = audit;
  const lines = [
    `${c.bold(`codeaudit ${audit.repository.name}`)}${audit.repository.commit ? c.dim(` @ ${audit.repository.commit.slice(0, 12)}`) : ""}`,
    `Grade ${c.bold(summary.grade)} (${summary.score}/100)${summary.cap ? c.dim(` capped from ${summary.uncappedGrade} (${summary.uncappedScore})`) : ""} — ${summary.verdict}`,
    ...summary.blockers.slice(0, 3).map((blocker) => c.red(`  ✗ ${blocker.reason}`)),
    ...(summary.blockers.length > 3 ? [c.dim(`  … and ${summary.blockers.length - 3} more blocker(s)`)] : []),
    (["critical", "high", "medium", "low", "info"] as const)
      .map((s) => paint[s](`${summary.counts[s]} ${s}`))
      .join(", "),
  ];
  const top = audit.actions.slice(0, 5);
  if (top.length > 0) {
    lines.push("", c.bold("Top actions:"));
    for (const action of top) {
      lines.push(
        `  ${paint[action.severity](action.priority)} ${action.title} ×${action.count} ${c.dim(action.examples[0] ?? "")}`,
      );
    }
  }
  if (options.writtenFiles.length > 0) lines.push("", `Reports: ${options.writtenFiles.join(", ")}`);
  return lines.join("\n") + "\n";
}
