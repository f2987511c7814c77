// The analysis half of an audit: files → facts → rules → findings with stable ids and check results.
import { join } from "node:path";
import type { CacheStats } from "../cache/outcome-store.js";
import { codeFingerprint } from "../cache/fingerprint.js";
import { collectFacts } from "../facts/collect-facts.js";
import { generatorOutputs } from "../facts/generator-outputs.js";
import { linguistGenerated } from "../facts/linguist-generated.js";
import { COPYRIGHT_WORDS, thirdPartyCopies } from "../facts/third-party-copies.js";
import { testFilesNamedByRunners } from "../facts/tests/runner-globs.js";
import type { AreaFactEntry, FileSummary, RepoFacts } from "../facts/repo-facts.js";
import type { CheckResult } from "../model/audit.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { Finding } from "../model/finding.js";
import type { Language } from "../model/language.js";
import { missingGrammars } from "../parse/grammar-registry.js";
import type { RepoIndex } from "../repo/repo-index.js";
import type { Applicability, FileRule, RepoRuleContext, ReportInput, Rule } from "../rules/define-rule.js";
import { collectMemoised, type CollectorMemoOptions } from "./collector-memo.js";
import { draftFinding, type DraftFinding } from "./finding-factory.js";
import { assignIds } from "./finding-id.js";
import { loadRuleSet, type RuleSet } from "./rule-set.js";
import { runFiles, type RunFilesOptions } from "./run-files.js";
import type { EngineSettings } from "./settings.js";
import { suppressionFor, type SuppressionUse } from "./suppressions.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { severityRank, type Severity } from "../model/severity.js";

export interface EngineResult {
  index: RepoIndex;
  facts: RepoFacts;
  areaFacts: AreaFactEntry[];
  findings: Finding[];
  checks: CheckResult[];
  /** Findings silenced by `codeaudit-ignore` comments. */
  suppressed: number;
  /** Those findings, with the directive's reason (SARIF emits them with `suppressions`). */
  suppressedFindings: SuppressedFinding[];
  diagnostics: Diagnostic[];
  ruleSet: RuleSet;
  grammarsMissing: string[];
  /** The persistent cache's counts so far (cumulative over the runs sharing the store), when one was used. */
  cache?: CacheStats;
}

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
}

export interface EngineOptions extends RunFilesOptions {
  onStage?: (stage: string) => void;
}

export async function runEngine(
  index: RepoIndex,
  settings: EngineSettings,
  options: EngineOptions = {},
): Promise<EngineResult> {
  const ruleSet = await loadRuleSet(settings);
  // Files the project's own generators write are output, whatever their header says; deciding it reads other
  // files than the one judged, so it is decided here, before the per-file analysis and its cache.
  const candidates = index.files.filter((f) => f.skip !== "skipped-vendored" && f.skip !== "skipped-context");
  // Read without the index's text cache: every Go file is looked at for a `//go:generate` line, so one without it
  // is not decoded. With the stat index, whether an unchanged Go file holds one is remembered by its stat: only
  // changed files and those holding the line are read.
  const hashes = options.contentHashes;
  if (hashes)
    index.useWordMemo((path, walked, setKey, holds) =>
      hashes.holdsWords(path, join(index.root, path), walked, setKey, holds),
    );
  const readOnce = (path: string): string | null => {
    const walked = path.endsWith(".go") && hashes ? index.statSignatureOf(path) : undefined;
    if (hashes && walked !== undefined) {
      const holds = hashes.holdsGoGenerate(path, join(index.root, path), walked, () => {
        const bytes = index.readBytes(path);
        return bytes === null ? null : bytes.indexOf("//go:generate") >= 0;
      });
      // Unreadable: read below as without the memo (the refusal is noted once either way).
      if (holds === false) return null;
    }
    const bytes = index.readBytes(path);
    if (!bytes || (path.endsWith(".go") && bytes.indexOf("//go:generate") < 0)) return null;
    return bytes.toString("utf8");
  };
  for (const output of generatorOutputs(
    candidates.map((file) => file.path),
    readOnce,
  ))
    index.markGenerated(
      output.path,
      `written by the project's generator ${output.writer}:${output.line}: not analysed as source`,
    );
  // Files the repository's .gitattributes marks linguist-generated (a generated SDK or client, committed).
  for (const marked of linguistGenerated(
    index.files.map((file) => file.path),
    (path) => index.read(path),
  ))
    index.markGenerated(
      marked.path,
      `marked linguist-generated at ${marked.attributes}:${marked.line}: not analysed as source`,
    );
  // Copies of another project's code: marked linguist-vendored, or a header naming another copyright holder under a
  // licence the repository is not released under. The secret scan still reads them; no source rule judges them.
  for (const marked of linguistGenerated(
    index.files.map((file) => file.path),
    (path) => index.read(path),
    "linguist-vendored",
  ))
    index.markGenerated(
      marked.path,
      `marked linguist-vendored at ${marked.attributes}:${marked.line}: a third-party copy, not analysed as source`,
    );
  for (const copy of thirdPartyCopies(
    candidates.filter((file) => file.skip === null).map((file) => file.path),
    (path) => index.read(path),
    index.name,
    (path) => index.mayHoldWords(path, COPYRIGHT_WORDS, "copyright"),
    (path) => index.readBytes(path)?.subarray(0, 4096).toString("utf8") ?? null,
  ))
    index.markGenerated(
      copy.path,
      `a copy of ${copy.holder}'s code (its header's licence is ${copy.licence}, the repository's ${copy.repositoryLicence}): not analysed as source`,
    );
  // Files a test runner's configuration names as tests (`*.clienttest.ts` in a vitest include) are tests like those
  // named by convention; decided here, before the per-file analysis and its cache (whose key holds isTest).
  for (const path of testFilesNamedByRunners(
    candidates.map((file) => file.path),
    (path) => index.read(path),
  ))
    index.markTest(path);
  options.onStage?.("analysing files");
  // With a cache, each file's content hash (the one its outcome is stored under): collectors key parts by it.
  const contents = options.cache ? new Map<string, string>() : undefined;
  const outcomes = await runFiles(index, ruleSet, settings, contents ? { ...options, contents } : options);
  const files: FileSummary[] = outcomes
    .flatMap((outcome) => (outcome.summary ? [outcome.summary] : []))
    .sort((a, b) => compareCodeUnits(a.path, b.path));
  const diagnostics: Diagnostic[] = [
    ...index.diagnostics,
    ...outcomes.flatMap((outcome) => outcome.diagnostics),
  ];
  options.onStage?.("collecting facts");
  const store = options.cache ?? null;
  const digests = new Map<string, Record<string, string>>();
  for (const outcome of outcomes) if (outcome.factDigests) digests.set(outcome.path, outcome.factDigests);
  const memo: CollectorMemoOptions | null = store
    ? {
        store,
        analysis: store.codeFingerprint ?? codeFingerprint(store.dir),
        digestsOf: (path) => digests.get(path),
        contentOf: (path) => contents?.get(path),
      }
    : null;
  const collected = collectFacts(
    index,
    files,
    ruleSet.packs,
    settings.collect,
    memo ? (collector, ctx) => collectMemoised(collector, ctx, memo) : undefined,
  );
  diagnostics.push(...collected.diagnostics);
  const facts = collected.facts;

  options.onStage?.("running repository rules");
  const drafts: DraftFinding[] = outcomes.flatMap((outcome) => outcome.drafts);
  const applicability = new Map<string, Applicability>();
  for (const rule of ruleSet.allRules) applicability.set(rule.id, decideApplicability(rule, facts));
  const linesCache = new Map<string, readonly string[] | null>();
  const readLines = (path: string): readonly string[] | null => {
    if (!linesCache.has(path)) linesCache.set(path, index.read(path)?.split(/\r?\n/) ?? null);
    return linesCache.get(path) ?? null;
  };
  for (const { rule, options: ruleOptions, severity } of ruleSet.repoRules) {
    if (applicability.get(rule.id) !== true || rule.phase === "after-suppressions") continue;
    const ctx: RepoRuleContext = {
      facts,
      options: ruleOptions,
      readText: (path) => index.read(path),
      report: (input: ReportInput) => drafts.push(draftFinding(rule, input, null, readLines, severity)),
    };
    try {
      rule.check(ctx);
    } catch (error) {
      diagnostics.push({
        kind: "rule-error",
        path: null,
        message: `rule ${rule.id} failed: ${(error as Error).stack ?? error}`,
      });
    }
  }

  const deduplicated = dropSuperseded(
    lowerInExcludedBuilds(
      reviseWithFacts(lowerInUnreachedFiles(drafts, ruleSet.allRules, facts), ruleSet.allRules, facts),
      files,
    ),
    ruleSet.allRules,
  );
  const requireReason = settings.requireSuppressionReason ?? true;
  const ran = new Set(
    [...ruleSet.fileRules, ...ruleSet.repoRules]
      .map(({ rule }) => rule.id)
      .filter((id) => applicability.get(id) === true),
  );
  const suppressionsByPath = new Map<string, SuppressionUse[]>();
  for (const outcome of outcomes)
    if (outcome.suppressions.length > 0)
      suppressionsByPath.set(
        outcome.path,
        outcome.suppressions.map((s) => ({
          ...s,
          path: outcome.path,
          used: false,
          missingReason: requireReason && s.reason.trim() === "",
          ruleRan: s.ruleId.includes("*") ? settings.only.length === 0 : ran.has(s.ruleId),
        })),
      );
  const suppressedDrafts: Array<{ draft: DraftFinding; reason: string }> = [];
  const kept = deduplicated.filter((draft) => {
    // A file rule whose file did not apply (a language with no files) never ran; the same goes for its drafts.
    if (applicability.get(draft.ruleId) !== true) return false;
    const location = draft.location;
    if (!location) return true;
    const valid = (suppressionsByPath.get(location.path) ?? []).filter((s) => !s.missingReason);
    const suppression = suppressionFor(valid, draft.ruleId, location.startLine);
    if (suppression) {
      suppression.used = true;
      suppressedDrafts.push({ draft, reason: suppression.reason });
      return false;
    }
    return true;
  });
  // Rules about the directives themselves run once it is known which silenced something.
  const uses = [...suppressionsByPath.values()].flat();
  for (const { rule, options: ruleOptions, severity } of ruleSet.repoRules) {
    if (rule.phase !== "after-suppressions" || applicability.get(rule.id) !== true) continue;
    try {
      rule.check({
        facts,
        options: ruleOptions,
        readText: (path) => index.read(path),
        suppressions: uses,
        report: (input: ReportInput) => kept.push(draftFinding(rule, input, null, readLines, severity)),
      });
    } catch (error) {
      diagnostics.push({
        kind: "rule-error",
        path: null,
        message: `rule ${rule.id} failed: ${(error as Error).stack ?? error}`,
      });
    }
  }
  const suppressedFindings: SuppressedFinding[] = assignIds(suppressedDrafts.map(({ draft }) => draft)).map(
    (finding, i) => ({ finding, reason: suppressedDrafts[i]?.reason ?? "" }),
  );
  const suppressed = suppressedFindings.length;
  kept.sort(compareDrafts);
  const findings = assignIds(kept);

  const enabled = new Set([...ruleSet.fileRules, ...ruleSet.repoRules].map(({ rule }) => rule.id));
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  const checks: CheckResult[] = ruleSet.allRules
    .filter((rule) => enabled.has(rule.id))
    .map((rule) => checkResult(rule, applicability.get(rule.id) ?? true, counts.get(rule.id) ?? 0));

  const presentLanguages = new Set<Language>(files.map((file) => file.language));
  const grammarsMissing = [...missingGrammars()]
    .filter(([language]) => presentLanguages.has(language))
    .map(([language, why]) => `${language} (${why})`);
  for (const missing of grammarsMissing)
    diagnostics.push({ kind: "grammar-missing", path: null, message: missing });

  diagnostics.sort(
    (a, b) =>
      compareCodeUnits(a.path ?? "", b.path ?? "") ||
      compareCodeUnits(a.kind, b.kind) ||
      compareCodeUnits(a.message, b.message),
  );
  return {
    index,
    facts,
    areaFacts: collected.areaFacts,
    findings,
    checks,
    suppressed,
    suppressedFindings,
    diagnostics,
    ruleSet,
    grammarsMissing,
    ...(options.cache ? { cache: { ...options.cache.stats } } : {}),
  };
}

/**
 * Lowers the findings of rules that declare `inUnreachedFile` in TS/JS files the import graph reaches from no entry
 * point and no importer (code that does not run), and says so in the message.
 */
export function lowerInUnreachedFiles(
  drafts: DraftFinding[],
  rules: readonly Rule[],
  facts: RepoFacts,
): DraftFinding[] {
  const ceiling = new Map<string, Severity>();
  for (const rule of rules) if (rule.inUnreachedFile) ceiling.set(rule.id, rule.inUnreachedFile);
  const byHand = new Map<string, Severity>();
  for (const rule of rules) if (rule.outsideProduction) byHand.set(rule.id, rule.outsideProduction);
  if (ceiling.size === 0 && byHand.size === 0) return drafts;
  // Reached from no root at all: no import from any file (tests and tooling included), no entry point, and not
  // named by a file outside the code (compose, Dockerfile, CI, another language's program).
  const unreached = new Set(
    (facts.nodeSymbols?.unreferenced ?? []).filter((d) => d.kind === "file").map((d) => d.path),
  );
  // New objects: the drafts of file rules may be the cached outcome's own, which must not change.
  const lowered = drafts.map((draft) => {
    const most = ceiling.get(draft.ruleId);
    if (!most || !draft.location || !unreached.has(draft.location.path)) return draft;
    if (severityRank(draft.severity) >= severityRank(most)) return draft;
    return {
      ...draft,
      severity: most,
      message: `${draft.message} (lowered to ${most}: nothing imports ${draft.location.path} and it is no entry point, so this code does not run; delete the file or wire it in)`,
    };
  });
  return lowerOutsideProduction(lowered, byHand, facts, unreached);
}

/**
 * Keeps every finding in a file no build compiles (`//go:build ignore`: a generator, a manual tool, a test server run
 * with `go run`) at low at most, and says so: the code never ships in the service's binary, so what it risks is the
 * risk of whoever runs it by hand.
 */
export function lowerInExcludedBuilds(drafts: DraftFinding[], files: readonly FileSummary[]): DraftFinding[] {
  const excluded = new Map<string, string>();
  for (const file of files) if (file.buildExcluded) excluded.set(file.path, file.buildExcluded);
  if (excluded.size === 0) return drafts;
  return drafts.map((draft) => {
    const path = draft.location?.path;
    const constraint = path ? excluded.get(path) : undefined;
    if (!constraint || severityRank(draft.severity) >= severityRank("low")) return draft;
    return {
      ...draft,
      severity: "low",
      message: `${draft.message} (lowered to low: ${path} is left out of every build by \`${constraint}\`, a program run by hand or a generator, not part of the service)`,
    };
  });
}

/**
 * Lowers the findings of rules that declare `outsideProduction` in TS/JS files that run but that no production entry
 * point reaches (maintenance and release scripts, tools run by hand), and says so in the message.
 */
function lowerOutsideProduction(
  drafts: DraftFinding[],
  ceiling: ReadonlyMap<string, Severity>,
  facts: RepoFacts,
  unreached: ReadonlySet<string>,
): DraftFinding[] {
  if (ceiling.size === 0) return drafts;
  const byHand = new Set([
    ...(facts.nodeSymbols?.unreachedFromProduction ?? []),
    ...(facts.nodeSymbols?.maintenanceOnly ?? []),
  ]);
  if (byHand.size === 0) return drafts;
  return drafts.map((draft) => {
    const most = ceiling.get(draft.ruleId);
    const path = draft.location?.path;
    if (!most || !path || !byHand.has(path) || unreached.has(path)) return draft;
    if (severityRank(draft.severity) >= severityRank(most)) return draft;
    return {
      ...draft,
      severity: most,
      message: `${draft.message} (lowered to ${most}: no production entry point reaches ${path}; it runs by hand or from maintenance scripts, with the values of whoever runs it)`,
    };
  });
}

/** Lets each file rule that declares `reviseWithFacts` revisit its own findings with the repository's facts. */
export function reviseWithFacts(
  drafts: DraftFinding[],
  rules: readonly Rule[],
  facts: RepoFacts,
): DraftFinding[] {
  const revisers = new Map<string, NonNullable<FileRule["reviseWithFacts"]>>();
  for (const rule of rules)
    if (rule.scope === "file" && rule.reviseWithFacts) revisers.set(rule.id, rule.reviseWithFacts);
  if (revisers.size === 0) return drafts;
  const kept = drafts.filter((draft) => !revisers.has(draft.ruleId));
  for (const [ruleId, revise] of revisers) {
    const own = drafts.filter((draft) => draft.ruleId === ruleId);
    if (own.length > 0) kept.push(...revise(own, facts));
  }
  return kept;
}

/** Drops a general rule's finding where a rule that supersedes it reported the same file and lines. */
export function dropSuperseded(drafts: DraftFinding[], rules: readonly Rule[]): DraftFinding[] {
  const supersededBy = new Map<string, string[]>();
  for (const rule of rules)
    for (const general of rule.supersedes ?? [])
      supersededBy.set(general, [...(supersededBy.get(general) ?? []), rule.id]);
  if (supersededBy.size === 0) return drafts;
  return drafts.filter((draft) => {
    const refiners = supersededBy.get(draft.ruleId);
    const at = draft.location;
    if (!refiners || !at) return true;
    return !drafts.some(
      (other) =>
        refiners.includes(other.ruleId) &&
        other.location?.path === at.path &&
        other.location.startLine <= at.endLine &&
        at.startLine <= other.location.endLine,
    );
  });
}

/** A rule with languages applies when the repository has files of one of them; `applies` can say more. */
export function decideApplicability(rule: Rule, facts: RepoFacts): Applicability {
  if (rule.languages && rule.languages.length > 0) {
    const has = facts.files.some((file) => rule.languages?.includes(file.language));
    if (!has) return { status: "not-applicable", reason: `no ${rule.languages.join("/")} files` };
  }
  if (!rule.applies) return true;
  try {
    return rule.applies(facts);
  } catch (error) {
    return { status: "unknown", reason: `applicability could not be decided: ${(error as Error).message}` };
  }
}

function checkResult(rule: Rule, applicability: Applicability, findings: number): CheckResult {
  if (applicability !== true)
    return {
      ruleId: rule.id,
      title: rule.title,
      status: applicability.status,
      reason: applicability.reason,
      findings: 0,
    };
  return { ruleId: rule.id, title: rule.title, status: findings > 0 ? "failed" : "passed", findings };
}

function compareDrafts(a: DraftFinding, b: DraftFinding): number {
  return (
    compareCodeUnits(a.location?.path ?? "", b.location?.path ?? "") ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    compareCodeUnits(a.ruleId, b.ruleId) ||
    compareCodeUnits(a.key, b.key) ||
    compareCodeUnits(a.message, b.message)
  );
}
