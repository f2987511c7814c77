// Builds the Audit document from the engine's result: areas, grade, actions, readiness, positives, coverage.
import type {
  AreaTable,
  ActionItem,
  AppInfo,
  Audit,
  AreaReport,
  DuplicationSummary,
  PositiveFinding,
  ReadinessItem,
} from "../model/audit.js";
import { SCHEMA_VERSION } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";
import type { Finding } from "../model/finding.js";
import { SEVERITIES, type Severity } from "../model/severity.js";
import type { EngineResult } from "../engine/run-engine.js";
import { buildActions } from "./actions.js";
import { ciJobTable } from "./ci-job-table.js";
import { uncoveredFrameworks } from "./coverage-gaps.js";
import { rankRisks, riskLine } from "./ranking.js";
import { relevantFacts } from "./relevant-facts.js";
import { buildAreas, weightedScore } from "./score-areas.js";
import { gradeFor } from "./scoring-policy.js";
import { computeStrengths, strengthLine } from "./strengths.js";
import { decideVerdict } from "./verdict.js";
import { formatEffort } from "../model/format.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface BuildAuditOptions {
  toolVersion: string;
  /** ISO timestamp, or null for byte-identical reruns (`--no-timestamp`). */
  generatedAt: string | null;
  weights: Partial<Record<AreaId, number>>;
  baselined?: number;
}

export function buildAudit(result: EngineResult, options: BuildAuditOptions): Audit {
  const { facts, findings } = result;
  const ruleArea = new Map(result.ruleSet.allRules.map((rule) => [rule.id, rule.area]));
  const areas = buildAreas(
    findings,
    result.checks,
    relevantFacts(result.areaFacts, new Set((facts.apps ?? []).map((app) => app.ecosystem))),
    (ruleId) => ruleArea.get(ruleId) ?? "quality",
    options.weights,
    { ci: [ciJobTable(facts)].filter((t): t is AreaTable => t !== null) },
  );
  const { gradeBreakdown, score: uncappedScore } = weightedScore(areas);
  const verdict = decideVerdict(findings, areas, uncappedScore);
  const risks = rankRisks(findings);
  const strengths = computeStrengths(facts, findings, (path) => result.index.has(path));
  const counts = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, findings.filter((f) => f.severity === severity).length]),
  ) as Record<Severity, number>;
  const actions = buildActions(findings);
  const apps: AppInfo[] = (facts.apps ?? []).map((app) => ({
    name: app.name,
    ecosystem: app.ecosystem,
    path: app.path,
    manifest: app.manifest,
  }));
  const languages = languageTable(result);
  const files = result.index.files;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "codeaudit", version: options.toolVersion },
    repository: {
      root: result.index.root,
      name: result.index.name,
      commit: result.index.git?.commit ?? null,
      branch: result.index.git?.branch ?? null,
      dirty: result.index.git?.dirty ?? null,
      ref: result.index.ref,
      apps,
      scope: {
        gitRoot: result.index.scope.gitRoot,
        subfolder: result.index.scope.subfolder,
        contextFiles: result.index.scope.contextFiles.map((file) => file.reportedPath),
      },
    },
    generatedAt: options.generatedAt,
    method:
      `Static analysis of ${result.index.ref ? `commit ${result.index.git?.commit ?? result.index.ref}` : "the working tree"}: ${facts.files.length} files analysed, ${facts.files.filter((f) => f.parsed).length} of them parsed into syntax trees, ` +
      `${result.checks.length} checks over facts from manifests, configuration, CI and code; the audited code was not executed.`,
    summary: {
      grade: verdict.grade,
      score: verdict.score,
      counts,
      topRisks: risks.map(riskLine),
      strengths: strengths.map(strengthLine),
      verdict: verdict.sentence,
      verdictStatus: verdict.status,
      fixesBeforeReady: verdict.fixesBeforeReady,
      blockers: verdict.blockers,
      uncappedScore,
      uncappedGrade: gradeFor(uncappedScore),
      cap: verdict.cap,
      risks,
    },
    areas,
    findings,
    actions,
    readiness: readiness(areas, findings),
    positives: positives(areas),
    strengths,
    gradeBreakdown,
    nextSteps: nextSteps(actions),
    coverage: {
      filesTotal: files.filter((f) => f.skip !== "skipped-vendored" && f.skip !== "skipped-context").length,
      filesAnalysed: facts.files.length,
      filesSkipped: result.diagnostics.filter((d) => d.kind.startsWith("skipped-")).length,
      bytesAnalysed: facts.files.reduce((sum, f) => sum + f.bytes, 0),
      languages,
      grammarsMissing: result.grammarsMissing,
      suppressed: result.suppressed,
      baselined: options.baselined ?? 0,
      excludedFolders: result.index.scope.excluded,
      uncoveredFrameworks: uncoveredFrameworks(
        facts,
        files.map((file) => file.path),
      ),
    },
    duplication: duplicationSummary(result),
    diagnostics: result.diagnostics,
  };
}

/** How many clone classes the report lists. */
const LARGEST_CLASSES = 10;

function duplicationSummary(result: EngineResult): DuplicationSummary | null {
  const clones = result.facts.clones;
  if (!clones || clones.filesSearched === 0) return null;
  return {
    minTokens: clones.settings.minTokens,
    minLines: clones.settings.minLines,
    filesSearched: clones.filesSearched,
    classes: clones.classes.length,
    identicalClasses: clones.classes.filter((c) => c.kind === "identical").length,
    total: clones.total,
    byLanguage: clones.byLanguage,
    byFolder: clones.byFolder,
    largestClasses: clones.classes.slice(0, LARGEST_CLASSES).map((c) => ({
      tokens: c.tokens,
      lines: c.lines,
      kind: c.kind,
      places: c.places.map((p) => ({ path: p.path, startLine: p.startLine, endLine: p.endLine })),
    })),
  };
}

function languageTable(result: EngineResult): Audit["coverage"]["languages"] {
  const table = new Map<
    string,
    { language: string; files: number; code: number; comment: number; blank: number }
  >();
  for (const file of result.facts.files) {
    const row = table.get(file.language) ?? {
      language: file.language,
      files: 0,
      code: 0,
      comment: 0,
      blank: 0,
    };
    row.files++;
    row.code += file.lines.code;
    row.comment += file.lines.comment;
    row.blank += file.lines.blank;
    table.set(file.language, row);
  }
  return [...table.values()].sort((a, b) => b.code - a.code || compareCodeUnits(a.language, b.language));
}

function readiness(areas: readonly AreaReport[], findings: readonly Finding[]): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  for (const area of areas) {
    if (area.status === "NOT APPLICABLE") continue;
    const status =
      area.status === "FAIL"
        ? "not ready"
        : area.status === "NEEDS ATTENTION" || area.status === "NEEDS REVIEW"
          ? "needs attention"
          : "ready";
    const areaFindings = findings.filter((f) => f.area === area.id);
    const evidence =
      areaFindings.length === 0
        ? `${area.checks.filter((c) => c.status === "passed").length} checks passed`
        : SEVERITIES.filter((s) => areaFindings.some((f) => f.severity === s))
            .map((s) => `${areaFindings.filter((f) => f.severity === s).length} ${s}`)
            .join(", ");
    items.push({ item: area.title, area: area.id, status, evidence });
  }
  return items;
}

function positives(areas: readonly AreaReport[]): PositiveFinding[] {
  return areas
    .filter((area) => area.findingIds.length === 0 && area.checks.some((c) => c.status === "passed"))
    .map((area) => ({
      area: area.id,
      title: area.title,
      checked: area.checks.filter((c) => c.status === "passed").map((c) => c.title),
    }));
}

function nextSteps(actions: readonly ActionItem[]): string[] {
  const steps: string[] = [];
  const urgent = actions.filter((a) => a.priority === "P0" || a.priority === "P1");
  const medium = actions.filter((a) => a.priority === "P2");
  const effort = (list: readonly ActionItem[]): string =>
    formatEffort(list.reduce((sum, a) => sum + a.effortMinutes, 0));
  if (urgent.length > 0)
    steps.push(`Fix the ${urgent.length} critical/high action(s) first (about ${effort(urgent)}).`);
  if (medium.length > 0)
    steps.push(
      `Plan the ${medium.length} medium action(s) for the next iteration (about ${effort(medium)}).`,
    );
  const low = actions.filter((a) => a.priority === "P3" || a.priority === "P4");
  if (low.length > 0)
    steps.push(`Track the ${low.length} low/info action(s) as technical debt (about ${effort(low)}).`);
  steps.push(
    "Re-run `codeaudit audit` after the fixes; finding ids are stable, so fixed findings disappear from the report by id.",
  );
  return steps;
}
