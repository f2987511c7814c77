// delta.json: the machine-readable delta (SPEC §6), keys as schema/delta.schema.json documents them.
import type { ActionPriority } from "../model/audit.js";
import { severityRank, type Severity } from "../model/severity.js";
import {
  CHANGE_KINDS,
  type ChangeMapEdge,
  type DeltaReport,
  type FactLink,
  type FactTouch,
  type GateStatus,
} from "./types.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export const DELTA_SCHEMA_VERSION = "1.1.0";

export interface DeltaIssue {
  id: string;
  rule_id: string;
  file: string | null;
  category: string;
  severity: Severity;
  summary: string;
  fix_hint: string;
  evidence: string;
  introduced: boolean;
  has_patch: boolean;
}

export interface DeltaRecommendation {
  priority: "p0" | "p1" | "p2" | "p3" | "p4";
  title: string;
  effort_minutes: number;
  category: string;
  finding_ids: string[];
}

export interface DeltaJson {
  schema_version: string;
  generated_at: string | null;
  repository: string;
  delta: {
    base: string;
    head: string;
    base_ref: string;
    head_ref: string;
    commits: number;
    files_changed: number;
    insertions: number;
    deletions: number;
    files_by_kind: Record<string, number>;
    commit_list: Array<{ hash: string; author: string; date: string; subject: string }>;
    files: Array<{
      path: string;
      old_path: string | null;
      status: string;
      kind: string;
      insertions: number | null;
      deletions: number | null;
    }>;
  };
  change_map: { edges: ChangeMapEdge[]; touches: FactTouch[]; links: FactLink[] };
  quality_gates: Record<string, { status: "pass" | "fail" | "n/a"; title: string; evidence: string }>;
  metrics: {
    findings_new: number;
    findings_introduced: number;
    findings_fixed: number;
    findings_unchanged: number;
    score_base: number;
    score_head: number;
    grade_base: string;
    grade_head: string;
    coverage_base: number | null;
    coverage_head: number | null;
    new_dependencies: number;
    removed_dependencies: number;
    migrations_changed: number;
    test_files_changed: number;
    patches_available: number;
    files_analysed_base: number;
    files_analysed_head: number;
    cache_hits: number;
    seconds: number;
  };
  new_dependencies: Array<{
    ecosystem: string;
    name: string;
    requirement: string | null;
    dev: boolean;
    file: string;
    advisories: string[];
  }>;
  issues: DeltaIssue[];
  fixed: Array<{ id: string; rule_id: string; file: string | null; severity: Severity; summary: string }>;
  recommendations: DeltaRecommendation[];
}

const GATE_STATUS: Record<GateStatus, "pass" | "fail" | "n/a"> = { PASS: "pass", FAIL: "fail", "N/A": "n/a" };
const PRIORITY: Record<Severity, ActionPriority> = {
  critical: "P0",
  high: "P1",
  medium: "P2",
  low: "P3",
  info: "P4",
};

export function buildDeltaJson(report: DeltaReport): DeltaJson {
  const range = report.range;
  const filesByKind: Record<string, number> = {};
  for (const kind of CHANGE_KINDS) filesByKind[kind] = range.files.filter((f) => f.kind === kind).length;
  const issues: DeltaIssue[] = report.findings.new.map((f) => ({
    id: f.id,
    rule_id: f.ruleId,
    file: f.location ? `${f.location.path}:${f.location.startLine}` : null,
    category: f.area,
    severity: f.severity,
    summary: f.message,
    fix_hint: f.fix.text,
    evidence: f.evidence.snippet || f.evidence.searched || "",
    introduced: f.introduced,
    has_patch: f.patch !== null,
  }));
  return {
    schema_version: DELTA_SCHEMA_VERSION,
    generated_at: report.generatedAt,
    repository: report.repository.name,
    delta: {
      base: range.base,
      head: range.head,
      base_ref: range.baseRef,
      head_ref: range.headRef,
      commits: range.commits.length,
      files_changed: range.files.length,
      insertions: range.insertions,
      deletions: range.deletions,
      files_by_kind: filesByKind,
      commit_list: range.commits.map((c) => ({
        hash: c.hash,
        author: c.author,
        date: c.date,
        subject: c.subject,
      })),
      files: range.files.map((f) => ({
        path: f.path,
        old_path: f.oldPath,
        status: f.status,
        kind: f.kind,
        insertions: f.insertions,
        deletions: f.deletions,
      })),
    },
    change_map: {
      edges: report.changeMap.edges.map((e) => ({ from: e.from, to: e.to })),
      touches: report.changeMap.touches.map((t) => ({
        path: t.path,
        area: t.area,
        label: t.label,
        kind: t.kind,
        change: t.change,
        line: t.line,
      })),
      links: report.changeMap.links.map((l) => ({ area: l.area, label: l.label, paths: l.paths })),
    },
    quality_gates: Object.fromEntries(
      report.gates.map((g) => [
        g.id,
        { status: GATE_STATUS[g.status], title: g.title, evidence: g.evidence },
      ]),
    ),
    metrics: {
      findings_new: report.findings.new.length,
      findings_introduced: report.findings.new.filter((f) => f.introduced).length,
      findings_fixed: report.findings.fixed.length,
      findings_unchanged: report.findings.unchanged.length,
      score_base: report.scores.base.score,
      score_head: report.scores.head.score,
      grade_base: report.scores.base.grade,
      grade_head: report.scores.head.grade,
      coverage_base: report.coverage.base?.percent ?? null,
      coverage_head: report.coverage.head?.percent ?? null,
      new_dependencies: report.newDependencies.length,
      removed_dependencies: report.removedDependencies.length,
      migrations_changed: filesByKind.migrations ?? 0,
      test_files_changed: filesByKind.tests ?? 0,
      patches_available: report.findings.new.filter((f) => f.patch !== null).length,
      files_analysed_base: report.timings.filesAnalysedBase,
      files_analysed_head: report.timings.filesAnalysedHead,
      cache_hits: report.timings.cacheHits,
      seconds: report.generatedAt === null ? 0 : report.timings.seconds,
    },
    new_dependencies: report.newDependencies.map((d) => ({
      ecosystem: d.ecosystem,
      name: d.name,
      requirement: d.requirement,
      dev: d.dev,
      file: `${d.manifest}:${d.line}`,
      advisories: d.advisories,
    })),
    issues,
    fixed: report.findings.fixed.map((f) => ({
      id: f.id,
      rule_id: f.ruleId,
      file: f.location ? `${f.location.path}:${f.location.startLine}` : null,
      severity: f.severity,
      summary: f.message,
    })),
    recommendations: recommendations(report),
  };
}

/** One recommendation per failed gate and per rule with new findings, most urgent first. */
export function recommendations(report: DeltaReport): DeltaRecommendation[] {
  const out: DeltaRecommendation[] = [];
  for (const gate of report.gates) {
    if (gate.status !== "FAIL") continue;
    const priority =
      gate.id === "no_secret_added" || gate.id === "no_new_critical_high"
        ? "p0"
        : gate.id === "migrations_reversible" || gate.id === "deps_new_without_advisories"
          ? "p1"
          : "p2";
    out.push({
      priority,
      title: `${gate.title}: ${gate.fix}`,
      effort_minutes: gate.id === "docs_dx_updated" ? 15 : gate.id === "coverage_non_decreasing" ? 60 : 30,
      category: "gate",
      finding_ids: [],
    });
  }
  const byRule = new Map<string, DeltaReport["findings"]["new"]>();
  for (const f of report.findings.new) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const rules = [...byRule.values()].sort(
    (a, b) =>
      severityRank(mostSevere(a)) - severityRank(mostSevere(b)) ||
      compareCodeUnits(a[0]?.ruleId ?? "", b[0]?.ruleId ?? ""),
  );
  for (const group of rules) {
    const first = group[0];
    if (!first) continue;
    const severity = mostSevere(group);
    out.push({
      priority: PRIORITY[severity].toLowerCase() as DeltaRecommendation["priority"],
      title: `${first.title}${group.length > 1 ? ` (${group.length} new)` : ""}`,
      effort_minutes: group.reduce((sum, f) => sum + f.effortMinutes, 0),
      category: first.area,
      finding_ids: group.map((f) => f.id),
    });
  }
  return out.sort((a, b) => compareCodeUnits(a.priority, b.priority));
}

function mostSevere(findings: Array<{ severity: Severity }>): Severity {
  return findings.reduce<Severity>(
    (best, f) => (severityRank(f.severity) < severityRank(best) ? f.severity : best),
    "info",
  );
}

export function renderDeltaJson(report: DeltaReport): string {
  return JSON.stringify(buildDeltaJson(report), null, 2) + "\n";
}
