// The delta audit (SPEC §6): range facts from git, both ends audited from their blobs with a shared per-file
// cache, findings split new/fixed/unchanged by stable id, quality gates computed with evidence.
import { basename, join, resolve } from "node:path";
import { CONFIG_FILE_NAMES, configFromText, type LoadedConfig } from "../config/load-config.js";
import type { OutcomeStore } from "../cache/outcome-store.js";
import {
  disableOutcomeCache,
  enableOutcomeCache,
  isOutcomeCacheEnabled,
  outcomeCacheStats,
} from "../engine/run-files.js";
import type { DeclaredDependency } from "../facts/dependencies/types.js";
import type { RepoFacts } from "../facts/repo-facts.js";
import type { Finding } from "../model/finding.js";
import { isAtLeast } from "../model/severity.js";
import { auditRepository, type AuditRun } from "../pipeline/audit-repository.js";
import { git } from "../repo/git.js";
import { MAX_READ_BYTES, readRegularFile } from "../repo/safe-read.js";
import { changeMapView } from "./change-map-view.js";
import { combinePatches } from "../util/combine-patches.js";
import { COVERAGE_REPORT_PATHS, parseCoverageReport } from "./coverage.js";
import { factTouches } from "./fact-touches.js";
import { importEdges } from "./imports.js";
import { compareLintConfig, isLintConfigPath, type Weakening } from "./lint-config.js";
import { inRanges, parseRangeSpec, readRangeFacts } from "./range.js";
import { scanHistoryForSecretsSync } from "../history/scan.js";
import type {
  CoverageSummary,
  DeltaFinding,
  DeltaPatch,
  DeltaReport,
  FileObservation,
  Gate,
  NewDependency,
  RangeFacts,
} from "./types.js";

/** Lines of head code shown per introduced finding. */
const MAX_SNIPPET_LINES = 12;

export interface DeltaOptions {
  path: string;
  range: string;
  jobs?: number;
  noTimestamp?: boolean;
  coverageBase?: string;
  coverageHead?: string;
  /** The user's configuration file; without it, the base commit's configuration serves both ends. */
  configPath?: string;
  /** Use the head's own configuration for the head (and the base's for the base). */
  trustRepoConfig?: boolean;
  onStage?: (stage: string) => void;
  /** The persistent per-file cache both ends read and fill; absent: only this run's in-memory reuse. */
  cache?: OutcomeStore | null;
}

export interface DeltaRun {
  report: DeltaReport;
  base: AuditRun;
  head: AuditRun;
}

/** The configuration a commit carries (the first candidate file that exists there), or the defaults. */
function configAt(root: string, commit: string): LoadedConfig {
  for (const name of CONFIG_FILE_NAMES) {
    const text = readAt(root, commit, name);
    if (text !== null) return configFromText(text, `${name} at ${commit.slice(0, 12)}`, join(root, name));
  }
  const packageJson = readAt(root, commit, "package.json");
  if (packageJson !== null)
    return configFromText(packageJson, `package.json at ${commit.slice(0, 12)}`, join(root, "package.json"));
  return { config: {}, path: null };
}

/** A file's text at a commit, path relative to the audited folder; null when absent. */
export function readAt(root: string, commit: string, path: string): string | null {
  try {
    // cat-file prints the stored blob: no textconv or filter driver of the repository runs.
    return git(root, ["cat-file", "blob", `${commit}:./${path}`], { maxBuffer: MAX_READ_BYTES });
  } catch {
    return null;
  }
}

export async function runDelta(options: DeltaOptions): Promise<DeltaRun> {
  const started = Date.now();
  const root = resolve(options.path);
  options.onStage?.("reading the range");
  const range = readRangeFacts(root, parseRangeSpec(options.range));
  // The cache lives for this run only, unless a caller (a long-lived process) enabled it already.
  const ownCache = !isOutcomeCacheEnabled();
  enableOutcomeCache();
  let baseRun: AuditRun;
  let headRun: AuditRun;
  let stats: { hits: number; misses: number };
  try {
    // The change under review never chooses its own audit settings: both ends use the base's configuration
    // (or the user's --config); --trust-repo-config lets each end use its own.
    const baseConfig = options.configPath ? undefined : configAt(root, range.base);
    const shared = options.configPath
      ? { configPath: options.configPath }
      : options.trustRepoConfig
        ? { trustRepoConfig: true }
        : { config: baseConfig };
    options.onStage?.(`auditing the base ${range.base.slice(0, 12)}`);
    baseRun = await auditRepository({
      path: root,
      ref: range.base,
      ...(options.configPath ? { configPath: options.configPath } : { config: baseConfig }),
      noTimestamp: true,
      ...(options.jobs ? { jobs: options.jobs } : {}),
      ...(options.cache ? { cache: options.cache } : {}),
    });
    options.onStage?.(`auditing the head ${range.head.slice(0, 12)}`);
    headRun = await auditRepository({
      path: root,
      ref: range.head,
      ...shared,
      noTimestamp: true,
      ...(options.jobs ? { jobs: options.jobs } : {}),
      ...(options.cache ? { cache: options.cache } : {}),
    });
    stats = outcomeCacheStats();
  } finally {
    if (ownCache) disableOutcomeCache();
  }
  options.onStage?.("comparing");
  const split = splitFindings(baseRun.audit.findings, headRun.audit.findings);
  const headText = new Map<string, string[] | null>();
  const linesAt = (f: Finding): string => {
    const location = f.location;
    if (!location) return "";
    if (!headText.has(location.path))
      headText.set(location.path, readAt(root, range.head, location.path)?.split(/\r?\n/) ?? null);
    const lines = headText.get(location.path);
    if (!lines) return "";
    const end = Math.min(
      Math.max(location.startLine, location.endLine),
      location.startLine + MAX_SNIPPET_LINES - 1,
    );
    return lines.slice(location.startLine - 1, end).join("\n");
  };
  const newFindings: DeltaFinding[] = split.added.map((f) => {
    const introduced = f.location !== null && overlaps(range, f);
    return { ...f, introduced, headLines: introduced ? linesAt(f) : "" };
  });
  const fixed = split.fixed;
  const unchanged = split.unchanged;

  const newDependencies = dependencyDiff(baseRun.engine.facts, headRun.engine.facts);
  const removedDependencies = dependencyDiff(headRun.engine.facts, baseRun.engine.facts);
  const coverage = {
    base: readCoverage(root, range.base, options.coverageBase, baseRun.engine.facts),
    head: readCoverage(root, range.head, options.coverageHead, headRun.engine.facts),
  };
  // Gate settings come from the configuration the base audit used (never the head's, unless trusted).
  const gateSettings = baseRun.config.config.delta?.gates ?? {};
  const coverageSetting = gateSettings.coverage_non_decreasing;
  const gates: Gate[] = [
    gateNoNewHigh(newFindings),
    gateNoSecret(root, range, newFindings),
    gateCoverage(
      coverage.base,
      coverage.head,
      typeof coverageSetting === "object" ? (coverageSetting.tolerance ?? 0) : 0,
    ),
    gateDependencies(newDependencies, headRun.engine.facts, range),
    gateMigrations(range, headRun.engine.facts),
    gateDocs(range),
    gateLintConfig(root, range),
  ];
  for (const [index, gate] of gates.entries()) {
    const setting = gateSettings[gate.id as keyof typeof gateSettings];
    const off = setting === "off" || (typeof setting === "object" && setting.enabled === false);
    if (off)
      gates[index] = {
        ...gate,
        status: "N/A",
        evidence: `turned off in the configuration (delta.gates.${gate.id})`,
        fix: "",
      };
  }

  const headTexts = range.files
    .filter((file) => file.status !== "deleted")
    .map((file) => ({ path: file.path, text: readAt(root, range.head, file.path) ?? "" }));
  const goMod = readAt(root, range.head, "go.mod");
  const goModule = goMod ? (/^module\s+(\S+)/m.exec(goMod)?.[1] ?? null) : null;
  const edges = importEdges(headTexts, { goModule });
  const { touches, links } = factTouches(
    range,
    { facts: headRun.engine.facts, areaFacts: headRun.engine.areaFacts },
    { facts: baseRun.engine.facts, areaFacts: baseRun.engine.areaFacts },
  );
  const observations: FileObservation[] = range.files.map((file) => ({
    path: file.path,
    kind: file.kind,
    insertions: file.insertions,
    deletions: file.deletions,
    introduced: newFindings.filter((f) => f.introduced && f.location?.path === file.path),
    fixed: fixed.filter(
      (f) => f.location?.path === file.path || (file.oldPath !== null && f.location?.path === file.oldPath),
    ),
  }));

  const report: DeltaReport = {
    repository: { root, name: basename(root) },
    generatedAt: options.noTimestamp ? null : new Date().toISOString(),
    range,
    findings: { new: newFindings, fixed, unchanged },
    gates,
    newDependencies,
    removedDependencies,
    coverage,
    changeMap: { edges, touches, links, view: changeMapView(range, { edges, touches, links }) },
    patches: deltaPatches(newFindings),
    observations,
    // The weighted means: a grade cap holds both ends at the same grade and would hide what the change did.
    scores: {
      base: { grade: baseRun.audit.summary.uncappedGrade, score: baseRun.audit.summary.uncappedScore },
      head: { grade: headRun.audit.summary.uncappedGrade, score: headRun.audit.summary.uncappedScore },
    },
    timings: {
      seconds: Math.round((Date.now() - started) / 100) / 10,
      filesAnalysedBase: baseRun.engine.facts.files.length,
      filesAnalysedHead: headRun.engine.facts.files.length,
      cacheHits: stats.hits,
      cacheMisses: stats.misses,
    },
    notes: [],
  };
  return { report, base: baseRun, head: headRun };
}

/** The new findings' patches combined per file; those that overlap another are kept apart, uncombined. */
export function deltaPatches(findings: readonly DeltaFinding[]): DeltaPatch[] {
  const withPatch = findings.filter((f) => f.patch);
  const combined = combinePatches(withPatch.map((f) => f.patch ?? ""));
  const idOf = (index: number): string => withPatch[index]?.id ?? "";
  return [
    ...combined.files.map((file) => ({
      path: file.path,
      patch: file.patch,
      findingIds: file.sources.map(idOf),
      combined: true,
    })),
    ...combined.leftOut.map((index) => {
      const finding = withPatch[index];
      return {
        path: finding?.location?.path ?? "",
        patch: finding?.patch ?? "",
        findingIds: [idOf(index)],
        combined: false,
      };
    }),
  ];
}

/**
 * New, fixed and unchanged findings by stable id. Ids of repeats carry an occurrence suffix (`-1`, `-2`), so
 * when one of two same-keyed findings goes away the suffixes shift; within such a group findings are paired
 * by identical message first and then in order, and only the unpaired ones count as new or fixed.
 */
export function splitFindings(
  base: Finding[],
  head: Finding[],
): { added: Finding[]; fixed: Finding[]; unchanged: Finding[] } {
  const group = (findings: Finding[]): Map<string, Finding[]> => {
    const groups = new Map<string, Finding[]>();
    for (const f of findings) {
      const key = f.id.replace(/-\d+$/, "");
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    return groups;
  };
  const baseGroups = group(base);
  const headGroups = group(head);
  const pairedBase = new Set<Finding>();
  const pairedHead = new Set<Finding>();
  for (const [key, headMembers] of headGroups) {
    const baseMembers = baseGroups.get(key);
    if (!baseMembers) continue;
    if (baseMembers.length === 1 && headMembers.length === 1) {
      pairedBase.add(baseMembers[0] as Finding);
      pairedHead.add(headMembers[0] as Finding);
      continue;
    }
    const free = [...baseMembers];
    const take = (h: Finding, b: Finding): void => {
      free.splice(free.indexOf(b), 1);
      pairedBase.add(b);
      pairedHead.add(h);
    };
    for (const h of headMembers) {
      const same = free.find((b) => b.message === h.message);
      if (same) take(h, same);
    }
    for (const h of headMembers) {
      if (pairedHead.has(h) || free.length === 0) continue;
      take(h, free[0] as Finding);
    }
  }
  return {
    added: head.filter((f) => !pairedHead.has(f)),
    fixed: base.filter((f) => !pairedBase.has(f)),
    unchanged: head.filter((f) => pairedHead.has(f)),
  };
}

function overlaps(range: RangeFacts, finding: Finding): boolean {
  const location = finding.location;
  if (!location) return false;
  const ranges = range.addedLines.get(location.path);
  if (!ranges) return false;
  for (let line = location.startLine; line <= Math.max(location.startLine, location.endLine); line++)
    if (inRanges(ranges, line)) return true;
  return false;
}

function where(f: Finding): string {
  return f.location ? `${f.location.path}:${f.location.startLine}` : "(repository)";
}

export function gateNoNewHigh(newFindings: DeltaFinding[]): Gate {
  const severe = newFindings.filter((f) => isAtLeast(f.severity, "high"));
  const title = "No new critical/high findings";
  if (severe.length === 0)
    return {
      id: "no_new_critical_high",
      title,
      status: "PASS",
      evidence: `${newFindings.length} new finding(s), none critical or high`,
      fix: "",
    };
  const list = severe.slice(0, 5).map((f) => `${f.severity} ${f.ruleId} at ${where(f)}`);
  return {
    id: "no_new_critical_high",
    title,
    status: "FAIL",
    evidence: `${severe.length} new critical/high: ${list.join("; ")}${severe.length > 5 ? "; …" : ""}`,
    fix: "Fix or suppress (with a reason) each finding listed under Code observations before merging.",
  };
}

function gateNoSecret(root: string, range: RangeFacts, newFindings: DeltaFinding[]): Gate {
  const title = "No secret added in any commit";
  const added = scanHistoryForSecretsSync(root, `${range.base}..${range.head}`);
  const fromRules = newFindings.filter(
    (f) => f.ruleId.startsWith("security/") && f.ruleId.includes("secret"),
  );
  const method = `secret scan of every patch in ${range.base.slice(0, 12)}..${range.head.slice(0, 12)} (${range.commits.length} commit(s)), plus new security/*secret* findings at head (${fromRules.length})`;
  const hits = [
    ...added.map((s) => `${s.kind} ${s.masked} added in ${s.commit.slice(0, 12)} at ${s.path}:${s.line}`),
    ...fromRules.map((f) => `${f.ruleId} at ${where(f)}`),
  ];
  if (hits.length === 0)
    return { id: "no_secret_added", title, status: "PASS", evidence: `${method}: nothing found`, fix: "" };
  const stillThere = added.some((s) => s.stillPresent) || fromRules.length > 0;
  return {
    id: "no_secret_added",
    title,
    status: "FAIL",
    evidence: `${method}: ${hits.slice(0, 5).join("; ")}${hits.length > 5 ? "; …" : ""}`,
    fix: `Revoke and rotate the credential${stillThere ? ", remove it from the code" : " (removing it in a later commit leaves it in history)"}, and rewrite the branch history before merging if it is not yet public.`,
  };
}

/** Overall measured coverage from the coverage facts: reports with line totals summed, else the first rate. */
function coverageFromFacts(facts: RepoFacts): CoverageSummary | null {
  const measured = facts.coverage?.measured ?? [];
  const counted = measured.filter((m) => m.total > 0);
  if (counted.length > 0) {
    const found = counted.reduce((sum, m) => sum + m.total, 0);
    const hit = counted.reduce((sum, m) => sum + m.covered, 0);
    return {
      source: counted.map((m) => m.path).join(", "),
      linesFound: found,
      linesHit: hit,
      percent: Math.round((hit / found) * 10000) / 100,
    };
  }
  const first = measured[0];
  return first ? { source: first.path, linesFound: 0, linesHit: 0, percent: first.percent } : null;
}

function readCoverage(
  root: string,
  commit: string,
  file: string | undefined,
  facts: RepoFacts,
): CoverageSummary | null {
  if (file) {
    const summary = parseCoverageReport(readRegularFile(file).toString("utf8"), file);
    if (!summary)
      throw new Error(
        `${file}: not a coverage report codeaudit reads (lcov, Cobertura XML, coverage.py JSON, Go coverprofile)`,
      );
    return summary;
  }
  const fromFacts = coverageFromFacts(facts);
  if (fromFacts) return fromFacts;
  for (const path of COVERAGE_REPORT_PATHS) {
    const text = readAt(root, commit, path);
    if (text === null) continue;
    const summary = parseCoverageReport(text, `${path}@${commit.slice(0, 12)}`);
    if (summary) return summary;
  }
  return null;
}

export function gateCoverage(
  base: CoverageSummary | null,
  head: CoverageSummary | null,
  /** Percentage points coverage may fall before the gate fails (config delta.gates.coverage_non_decreasing). */
  tolerance = 0,
): Gate {
  const title = "Coverage not decreasing";
  const id = "coverage_non_decreasing";
  if (!base || !head || base.percent === null || head.percent === null) {
    const missing = [
      !base || base.percent === null ? "base" : null,
      !head || head.percent === null ? "head" : null,
    ]
      .filter(Boolean)
      .join(" and ");
    return {
      id,
      title,
      status: "N/A",
      evidence: `no coverage report at the ${missing} (looked for ${COVERAGE_REPORT_PATHS.slice(0, 4).join(", ")}, … and --coverage-base/--coverage-head)`,
      fix: "Pass --coverage-base and --coverage-head (lcov, Cobertura, coverage.py JSON or Go coverprofile) from CI.",
    };
  }
  const evidence = `${base.percent.toFixed(2)}% (${base.source}) → ${head.percent.toFixed(2)}% (${head.source})`;
  if (head.percent + 0.005 + tolerance < base.percent)
    return {
      id,
      title,
      status: "FAIL",
      evidence: `line coverage fell ${(base.percent - head.percent).toFixed(2)} points: ${evidence}`,
      fix: "Add tests for the changed code until line coverage is back at the base level.",
    };
  return { id, title, status: "PASS", evidence, fix: "" };
}

function dependencyKey(d: DeclaredDependency): string {
  return `${d.ecosystem}\0${d.name}\0${d.dev}`;
}

export function dependencyDiff(before: RepoFacts, after: RepoFacts): NewDependency[] {
  const had = new Set((before.dependencies?.declared ?? []).map(dependencyKey));
  const advisories = advisoryLookup(after);
  return (after.dependencies?.declared ?? [])
    .filter((d) => !had.has(dependencyKey(d)))
    .map((d) => ({
      ecosystem: d.ecosystem,
      name: d.name,
      requirement: d.requirement,
      dev: d.dev,
      manifest: d.manifest,
      line: d.line,
      advisories: advisories(d.ecosystem, d.name),
    }));
}

/** Advisory ids (with CVE aliases) for a package, from the advisory facts when a store was loaded. */
function advisoryLookup(facts: RepoFacts): (ecosystem: string, name: string) => string[] {
  const matches = facts.advisories?.matches ?? [];
  return (ecosystem, name) =>
    matches
      .filter((m) => m.ecosystem === ecosystem && m.name === name)
      .map((m) => (m.aliases.length > 0 ? `${m.advisoryId} (${m.aliases.join(", ")})` : m.advisoryId));
}

export function gateDependencies(added: NewDependency[], head: RepoFacts, range: RangeFacts): Gate {
  const id = "deps_new_without_advisories";
  const title = "New dependencies without known advisories";
  const changedManifests = range.files.filter((f) => f.kind === "dependencies").map((f) => f.path);
  const manifestsRead = head.dependencies?.manifests ?? [];
  const advisoriesLoaded = head.advisories?.loaded === true;
  if (manifestsRead.length === 0) {
    return {
      id,
      title,
      status: "N/A",
      evidence:
        changedManifests.length > 0
          ? `manifests changed (${changedManifests.join(", ")}) but no ecosystem facts pack read them`
          : "no dependency manifest read at head and none changed",
      fix: "",
    };
  }
  const list = added.map(
    (d) =>
      `${d.name}${d.requirement ? ` ${d.requirement}` : ""} (${d.ecosystem}${d.dev ? ", dev" : ""}) at ${d.manifest}:${d.line}`,
  );
  const vulnerable = added.filter((d) => d.advisories.length > 0);
  if (vulnerable.length > 0) {
    return {
      id,
      title,
      status: "FAIL",
      evidence: `${vulnerable.map((d) => `${d.name}: ${d.advisories.join(", ")}`).join("; ")}`,
      fix: "Upgrade each new dependency past its advisories or choose another package.",
    };
  }
  const advisoryNote = advisoriesLoaded
    ? "no advisory matches"
    : "advisory data not loaded (--advisories), so advisories were not checked";
  return {
    id,
    title,
    status: added.length > 0 && !advisoriesLoaded ? "N/A" : "PASS",
    evidence:
      added.length === 0
        ? "no new declared dependency"
        : `${added.length} new: ${list.join("; ")}; ${advisoryNote}`,
    fix: "",
  };
}

interface MigrationFact {
  path: string;
  reversible: boolean | null;
  reason?: string;
}

/**
 * Migration facts from the Elixir and Python packs, judged for reversibility: an Ecto migration with `up/0` and
 * no `down/0`, or `execute/1` (no down SQL) inside `change/0`; an Alembic revision with no or an empty
 * `downgrade()`. Entries that already carry `reversible` are taken as they are. Null when neither pack ran.
 */
function migrationFacts(facts: RepoFacts): MigrationFact[] | null {
  let any = false;
  const out: MigrationFact[] = [];
  for (const key of ["elixir", "python"]) {
    const pack = (facts as unknown as Record<string, unknown>)[key] as { migrations?: unknown } | undefined;
    if (!pack || !Array.isArray(pack.migrations)) continue;
    any = true;
    for (const m of pack.migrations as Array<Record<string, unknown>>) {
      if (typeof m.path !== "string") continue;
      out.push({ path: m.path, ...judgeMigration(m) });
    }
  }
  return any ? out : null;
}

function judgeMigration(m: Record<string, unknown>): { reversible: boolean | null; reason?: string } {
  if (typeof m.reversible === "boolean")
    return { reversible: m.reversible, ...(typeof m.reason === "string" ? { reason: m.reason } : {}) };
  if (Array.isArray(m.functions)) {
    const functions = m.functions.map(String);
    const executes = Array.isArray(m.executes)
      ? (m.executes as Array<{ line?: number; inChange?: boolean; reversible?: boolean }>)
      : [];
    const oneWay = executes.find((e) => e.inChange === true && e.reversible === false);
    if (oneWay)
      return {
        reversible: false,
        reason: `execute/1 without down SQL inside change/0 (line ${oneWay.line ?? "?"})`,
      };
    if (functions.includes("up") && !functions.includes("down"))
      return { reversible: false, reason: "up/0 without down/0" };
    return { reversible: true };
  }
  if ("downgradeLine" in m) {
    if (m.downgradeLine === null) return { reversible: false, reason: "no downgrade() function" };
    if (m.downgradeEmpty === true && Number(m.upgradeOps ?? 1) > 0)
      return { reversible: false, reason: `downgrade() (line ${String(m.downgradeLine)}) is empty` };
    return { reversible: true };
  }
  return { reversible: null };
}

export function gateMigrations(range: RangeFacts, head: RepoFacts): Gate {
  const id = "migrations_reversible";
  const title = "New migrations reversible";
  const changed = range.files.filter((f) => f.kind === "migrations" && f.status !== "deleted");
  if (changed.length === 0)
    return { id, title, status: "N/A", evidence: "no migration file added or changed in the range", fix: "" };
  const facts = migrationFacts(head);
  const paths = changed.map((f) => f.path);
  if (facts === null)
    return {
      id,
      title,
      status: "N/A",
      evidence: `${changed.length} migration file(s) changed (${paths.join(", ")}) but no migration facts pack (elixir/python) is loaded to judge reversibility`,
      fix: "",
    };
  const relevant = facts.filter((m) => paths.includes(m.path));
  if (relevant.length === 0)
    return {
      id,
      title,
      status: "N/A",
      evidence: `${changed.length} migration file(s) changed (${paths.join(", ")}) but the migration facts describe none of them`,
      fix: "",
    };
  const irreversible = relevant.filter((m) => m.reversible === false);
  if (irreversible.length > 0)
    return {
      id,
      title,
      status: "FAIL",
      evidence: irreversible
        .map((m) => `${m.path}${m.reason ? `: ${m.reason}` : " has no down/rollback"}`)
        .join("; "),
      fix: "Give each migration a down/downgrade step (or a reversible change) so a bad deploy can be rolled back.",
    };
  return {
    id,
    title,
    status: "PASS",
    evidence: `${relevant.length} changed migration(s) reversible: ${relevant.map((m) => m.path).join(", ")}`,
    fix: "",
  };
}

export function gateDocs(range: RangeFacts): Gate {
  const id = "docs_dx_updated";
  const title = "Docs or changelog touched when public code changed";
  const code = range.files.filter(
    (f) => f.kind === "code" && !/(^|\/)(internal|private|_[^/]*)\//.test(f.path),
  );
  if (code.length === 0)
    return { id, title, status: "N/A", evidence: "no library/application code changed", fix: "" };
  const docs = range.files.filter((f) => f.kind === "docs");
  if (docs.length > 0)
    return {
      id,
      title,
      status: "PASS",
      evidence: `${code.length} code file(s) changed; docs touched: ${docs
        .slice(0, 5)
        .map((f) => f.path)
        .join(", ")}${docs.length > 5 ? ", …" : ""}`,
      fix: "",
    };
  return {
    id,
    title,
    status: "FAIL",
    evidence: `${code.length} code file(s) changed (${code
      .slice(0, 3)
      .map((f) => f.path)
      .join(", ")}${code.length > 3 ? ", …" : ""}) and no README, docs/ or CHANGELOG file changed`,
    fix: "Add a CHANGELOG entry or update the README/docs for the changed behaviour.",
  };
}

export function gateLintConfig(root: string, range: RangeFacts): Gate {
  const id = "lint_type_config_not_weakened";
  const title = "Lint/type configuration not weakened";
  const configs = range.files.filter(
    (f) => isLintConfigPath(f.path) || (f.oldPath !== null && isLintConfigPath(f.oldPath)),
  );
  if (configs.length === 0)
    return {
      id,
      title,
      status: "PASS",
      evidence:
        "no lint or type-checker configuration file changed (tsconfig, ESLint, Ruff, mypy, Credo, golangci)",
      fix: "",
    };
  const weakenings: Weakening[] = [];
  for (const file of configs) {
    const before = readAt(root, range.base, file.oldPath ?? file.path);
    if (before === null) continue;
    const after = file.status === "deleted" ? null : readAt(root, range.head, file.path);
    weakenings.push(...compareLintConfig(file.path, before, after));
  }
  if (weakenings.length > 0)
    return {
      id,
      title,
      status: "FAIL",
      evidence: weakenings.map((w) => `${w.path}: ${w.what}`).join("; "),
      fix: "Restore the previous setting, or fix the code the stricter setting flagged.",
    };
  return {
    id,
    title,
    status: "PASS",
    evidence: `compared ${configs.map((f) => f.path).join(", ")} at both ends: nothing weakened`,
    fix: "",
  };
}
