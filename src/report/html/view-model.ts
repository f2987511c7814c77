// What the HTML dashboard shows beyond the Audit model, computed here once (sorted findings, facets, links, colour
// bands, chart geometry) so the page's sections only print it and its script only filters, searches and pages it.
import type { AreaId } from "../../model/areas.js";
import type { Audit } from "../../model/audit.js";
import type { Confidence, Finding } from "../../model/finding.js";
import { formatEffort } from "../../model/format.js";
import { SEVERITIES, severityRank, type Severity } from "../../model/severity.js";
import type { AuditTrendPoint } from "../../model/trend.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { inlineMarkdown } from "./escape.js";

/** Colour bands of a 0–100 score, by letter grade (the grade bands' floors), worst last. */
export interface ScoreBand {
  id: "a" | "b" | "c" | "d" | "f";
  label: string;
  min: number;
}
export const SCORE_BANDS: readonly ScoreBand[] = [
  { id: "a", label: "90–100 (A)", min: 90 },
  { id: "b", label: "80–89 (B)", min: 80 },
  { id: "c", label: "70–79 (C)", min: 70 },
  { id: "d", label: "60–69 (D)", min: 60 },
  { id: "f", label: "below 60 (F)", min: 0 },
];

export function scoreBand(score: number): ScoreBand["id"] {
  return (SCORE_BANDS.find((band) => score >= band.min) ?? SCORE_BANDS[SCORE_BANDS.length - 1]!).id;
}

/** An anchor to one finding; the page's script opens it (and the page of the list that holds it). */
export function findingHref(id: string): string {
  return `#finding-${id}`;
}

/** A view of the findings list as a hash the page's script reads (and writes while filtering). */
export function viewHref(
  filters: Partial<Record<"area" | "sev" | "rule" | "path" | "conf" | "q" | "action", string>>,
): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([key, value]) => `${key}=${encodeURIComponent(value as string)}`);
  return `#findings?${parts.join("&")}`;
}

/**
 * One finding as the page lists it, worst first. `*Html` fields are already-safe HTML (inline Markdown rendered and
 * escaped); the others are raw text that the page's script only ever sets as text.
 */
export interface FindingRow {
  id: string;
  /** Severity index in SEVERITIES. */
  sev: number;
  area: AreaId;
  rule: string;
  conf: Confidence;
  path: string | null;
  line: number | null;
  title: string;
  messageHtml: string;
  snippet: string;
  searched: string;
  risk: string;
  impact: string;
  fixHtml: string;
  fixCode: string;
  fixLanguage: string;
  effort: string;
  patch: string;
  related: string[];
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

/** The columns of a packed row, in order; the page's script turns each row back into an object with these keys. */
export const ROW_COLUMNS = [
  "id",
  "sev",
  "area",
  "rule",
  "conf",
  "path",
  "line",
  "title",
  "messageHtml",
  "snippet",
  "searched",
  "risk",
  "impact",
  "fixHtml",
  "fixCode",
  "fixLanguage",
  "effort",
  "patch",
  "related",
] as const satisfies ReadonlyArray<keyof FindingRow>;

/**
 * The page's JSON block: the rows as arrays in ROW_COLUMNS order with every text but the id written once in
 * `strings` and referred to by index (4,000 findings repeat their rule's risk, fix and paths: the page stays
 * under 2 MB); `related` is a list of string indexes.
 */
export interface DashboardData {
  severities: readonly Severity[];
  areaTitles: Partial<Record<AreaId, string>>;
  columns: readonly string[];
  strings: string[];
  rows: Array<Array<string | number | null | number[]>>;
  /** Action index → its findings as row indexes, for the `action=` filter. */
  actions: Array<{ title: string; rows: number[] }>;
}

export interface AreaBar {
  id: AreaId;
  title: string;
  score: number;
  band: ScoreBand["id"];
  status: string;
  findings: number;
  href: string;
}

export interface ActionView {
  priority: string;
  title: string;
  area: AreaId;
  areaTitle: string;
  severity: Severity;
  count: number;
  effort: string;
  /** The first finding, then the filtered list of all of them. */
  firstHref: string;
  allHref: string;
}

export interface RiskView {
  rank: number;
  severity: Severity;
  titleHtml: string;
  where: string | null;
  more: number;
  place: string;
  href: string;
}

export interface BlockerView {
  reason: string;
  areaHref: string | null;
  area: string | null;
  links: Array<{ label: string; href: string }>;
  more: number;
}

export interface TrendChart {
  width: number;
  height: number;
  /** x of each run, left to right (oldest first). */
  xs: number[];
  labels: string[];
  scorePoints: string;
  scoreDots: Array<{ x: number; y: number; score: number; grade: string; band: ScoreBand["id"] }>;
  scoreTicks: Array<{ y: number; label: string }>;
  countLines: Array<{ severity: Severity; points: string; last: number }>;
  countTicks: Array<{ y: number; label: string }>;
  /** Top of the counts plot, below the score plot. */
  countsTop: number;
}

export interface DashboardView {
  /** The findings, worst first (sortFindings). */
  findings: FindingRow[];
  data: DashboardData;
  facets: { areas: Facet[]; severities: Facet[]; rules: Facet[]; confidences: Facet[] };
  areaBars: AreaBar[];
  legend: readonly ScoreBand[];
  scoreBand: ScoreBand["id"];
  actions: ActionView[];
  risks: RiskView[];
  blockers: BlockerView[];
  trend: TrendChart | null;
  toc: Array<{ id: string; title: string }>;
}

const MAX_RELATED = 20;
const BLOCKER_LINKS = 5;

/** Severity, then the area's place in the report, then path (code units), line and id: stable on every machine. */
export function sortFindings(audit: Audit): Finding[] {
  const areaOrder = new Map(audit.areas.map((area, index) => [area.id, index]));
  return [...audit.findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      (areaOrder.get(a.area) ?? 99) - (areaOrder.get(b.area) ?? 99) ||
      compareCodeUnits(a.location?.path ?? "", b.location?.path ?? "") ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
      compareCodeUnits(a.id, b.id),
  );
}

/** Values with their counts; with `order`, every value of it is listed (count 0 included) in that order. */
function facetsOf(values: string[], label: (value: string) => string, order?: readonly string[]): Facet[] {
  const counts = new Map<string, number>((order ?? []).map((value) => [value, 0]));
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const keys = [...counts.keys()];
  keys.sort(order ? (a, b) => order.indexOf(a) - order.indexOf(b) : compareCodeUnits);
  return keys.map((value) => ({ value, label: label(value), count: counts.get(value) ?? 0 }));
}

function where(finding: Finding): string | null {
  return finding.location ? `${finding.location.path}:${finding.location.startLine}` : null;
}

export function buildDashboardView(
  audit: Audit,
  options: { trend?: readonly AuditTrendPoint[] } = {},
): DashboardView {
  const sorted = sortFindings(audit);
  const byId = new Map(audit.findings.map((f) => [f.id, f]));
  const areaTitles: Partial<Record<AreaId, string>> = {};
  for (const area of audit.areas) areaTitles[area.id] = area.title;
  const titleOf = (area: AreaId): string => areaTitles[area] ?? area;

  const findings: FindingRow[] = sorted.map((f) => ({
    id: f.id,
    sev: severityRank(f.severity),
    area: f.area,
    rule: f.ruleId,
    conf: f.confidence,
    path: f.location?.path ?? null,
    line: f.location?.startLine ?? null,
    title: f.title,
    messageHtml: inlineMarkdown(f.message),
    snippet: f.evidence.snippet,
    searched: f.evidence.searched ?? "",
    risk: f.risk,
    impact: f.impact,
    fixHtml: inlineMarkdown(f.fix.text),
    fixCode: f.fix.code,
    fixLanguage: f.fix.language ?? "",
    effort: formatEffort(f.effortMinutes),
    patch: f.patch ?? "",
    related: (f.related ?? []).slice(0, MAX_RELATED).map((l) => `${l.path}:${l.startLine}`),
  }));

  const actions: ActionView[] = audit.actions.map((action, index) => ({
    priority: action.priority,
    title: action.title,
    area: action.area,
    areaTitle: titleOf(action.area),
    severity: action.severity,
    count: action.count,
    effort: formatEffort(action.effortMinutes),
    firstHref: action.findingIds[0]
      ? findingHref(firstInOrder(action.findingIds, sorted))
      : viewHref({ action: String(index) }),
    allHref: viewHref({ action: String(index) }),
  }));

  const risks: RiskView[] = audit.summary.risks.map((risk) => ({
    rank: risk.rank,
    severity: risk.severity,
    titleHtml: inlineMarkdown(risk.title),
    where: risk.where,
    more: risk.more,
    place: risk.place,
    href: findingHref(risk.findingId),
  }));

  const blockers: BlockerView[] = audit.summary.blockers.map((blocker) => ({
    reason: blocker.reason,
    area: blocker.area ? titleOf(blocker.area) : null,
    areaHref: blocker.area ? `#area-${blocker.area}` : null,
    links: blocker.findingIds.slice(0, BLOCKER_LINKS).map((id) => {
      const finding = byId.get(id);
      return { label: finding ? (where(finding) ?? "repository") : id, href: findingHref(id) };
    }),
    more: Math.max(0, blocker.findingIds.length - BLOCKER_LINKS),
  }));

  const areaBars: AreaBar[] = audit.areas
    .filter((area) => area.status !== "NOT APPLICABLE")
    .map((area) => ({
      id: area.id,
      title: area.title,
      score: area.score,
      band: scoreBand(area.score),
      status: area.status,
      findings: area.findingIds.length,
      href: viewHref({ area: area.id }),
    }));

  const trend = trendChart(options.trend ?? []);
  const toc: Array<{ id: string; title: string }> = [{ id: "summary", title: "Summary" }];
  if (blockers.length > 0) toc.push({ id: "blocking", title: "Blocking" });
  if (risks.length > 0) toc.push({ id: "top-risks", title: "Top risks" });
  if (actions.length > 0) toc.push({ id: "actions", title: "Action items" });
  if (trend) toc.push({ id: "trend", title: "Trend" });
  toc.push({ id: "charts", title: "Scores" });
  if (audit.duplication) toc.push({ id: "duplication", title: "Duplication" });
  toc.push({ id: "findings", title: `Findings (${findings.length})` });
  toc.push({ id: "areas", title: "Areas" });
  if (audit.coverage.excludedFolders.length + audit.coverage.uncoveredFrameworks.length > 0)
    toc.push({ id: "not-analysed", title: "Not analysed" });

  return {
    findings,
    data: packData(findings, audit, areaTitles),
    facets: {
      areas: facetsOf(
        sorted.map((f) => f.area),
        (id) => titleOf(id as AreaId),
        audit.areas.map((a) => a.id),
      ).filter((facet) => facet.count > 0),
      severities: facetsOf(
        sorted.map((f) => f.severity),
        (s) => s,
        SEVERITIES,
      ),
      rules: facetsOf(
        sorted.map((f) => f.ruleId),
        (r) => r,
      ),
      confidences: facetsOf(
        sorted.map((f) => f.confidence),
        (c) => c,
        ["certain", "heuristic"],
      ),
    },
    areaBars,
    legend: SCORE_BANDS,
    scoreBand: scoreBand(audit.summary.score),
    actions,
    risks,
    blockers,
    trend,
    toc,
  };
}

function packData(
  findings: readonly FindingRow[],
  audit: Audit,
  areaTitles: DashboardData["areaTitles"],
): DashboardData {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (text: string): number => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const rowOf = new Map(findings.map((f, i) => [f.id, i]));
  return {
    severities: SEVERITIES,
    areaTitles,
    columns: ROW_COLUMNS,
    strings,
    rows: findings.map((f) =>
      ROW_COLUMNS.map((column): string | number | null | number[] => {
        const value = f[column];
        if (value === null || typeof value === "number") return value;
        if (typeof value !== "string") return value.map(intern);
        return column === "id" ? value : intern(value);
      }),
    ),
    actions: audit.actions.map((action) => ({
      title: action.title,
      rows: action.findingIds.flatMap((id) => {
        const row = rowOf.get(id);
        return row === undefined ? [] : [row];
      }),
    })),
  };
}

/** The id among `ids` that comes first in the sorted list (the worst place), so the link opens the top one. */
function firstInOrder(ids: readonly string[], sorted: readonly Finding[]): string {
  const wanted = new Set(ids);
  return sorted.find((f) => wanted.has(f.id))?.id ?? (ids[0] as string);
}

const TREND_WIDTH = 640;
const SCORE_HEIGHT = 140;
const COUNTS_HEIGHT = 120;
const PAD_LEFT = 40;
const PAD_RIGHT = 16;
const PAD_TOP = 12;
const GAP = 36;
const PAD_BOTTOM = 28;

/** Grade score over runs and counts by severity, as SVG coordinates; null below two runs (no trend to show). */
export function trendChart(points: readonly AuditTrendPoint[]): TrendChart | null {
  if (points.length < 2) return null;
  const runs = [...points].sort((a, b) => compareCodeUnits(a.recordedAt, b.recordedAt));
  const plotWidth = TREND_WIDTH - PAD_LEFT - PAD_RIGHT;
  const xs = runs.map((_, i) => round(PAD_LEFT + (plotWidth * i) / (runs.length - 1)));
  const scoreY = (score: number): number =>
    round(PAD_TOP + SCORE_HEIGHT * (1 - Math.max(0, Math.min(100, score)) / 100));
  const countsTop = PAD_TOP + SCORE_HEIGHT + GAP;
  const maxCount = Math.max(1, ...runs.flatMap((run) => SEVERITIES.map((s) => run.counts[s])));
  const countY = (count: number): number => round(countsTop + COUNTS_HEIGHT * (1 - count / maxCount));
  const at = (i: number): number => xs[i] as number;
  return {
    width: TREND_WIDTH,
    height: countsTop + COUNTS_HEIGHT + PAD_BOTTOM,
    xs,
    labels: runs.map(
      (run) => `${run.recordedAt.slice(0, 10)}${run.commit ? ` ${run.commit.slice(0, 7)}` : ""}`,
    ),
    scorePoints: runs.map((run, i) => `${at(i)},${scoreY(run.score)}`).join(" "),
    scoreDots: runs.map((run, i) => ({
      x: at(i),
      y: scoreY(run.score),
      score: run.score,
      grade: run.grade,
      band: scoreBand(run.score),
    })),
    scoreTicks: [0, 50, 100].map((score) => ({ y: scoreY(score), label: String(score) })),
    countLines: SEVERITIES.filter((s) => runs.some((run) => run.counts[s] > 0)).map((severity) => ({
      severity,
      points: runs.map((run, i) => `${at(i)},${countY(run.counts[severity])}`).join(" "),
      last: runs[runs.length - 1]?.counts[severity] ?? 0,
    })),
    countTicks: [0, maxCount].map((count) => ({ y: countY(count), label: String(count) })),
    countsTop,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
