// The work done once per file: one read, one parse, every analyzer and file rule, suppressions found.
import type { SgNode, SgRoot } from "@ast-grep/napi";
import { sha256Hex } from "../cache/file-key.js";
import type { AnalyzerInput, FileAnalyzer } from "../facts/define.js";
import type { FileSummary } from "../facts/repo-facts.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { Language } from "../model/language.js";
import { hasGrammar, parseSource } from "../parse/grammar-registry.js";
import { KindIndex, registerKindIndex, type NodesOfKind } from "../parse/kind-index.js";
import { countLines } from "../repo/line-counts.js";
import { TreeReader } from "../repo/safe-read.js";
import { languageFromShebang } from "../repo/language-of.js";
import { isGeneratedApiClient, isGeneratedText } from "../repo/path-kind.js";
import { decodeText, looksBinary, looksMinified } from "../repo/text-decoding.js";
import type { FileRuleContext, ReportInput } from "../rules/define-rule.js";
import { factDigest, memoAnalyzerIds } from "./collector-memo.js";
import { draftFinding, type DraftFinding } from "./finding-factory.js";
import type { RuleSet } from "./rule-set.js";
import { findSuppressions, type Suppression } from "./suppressions.js";
import { goExcludedBuild } from "../facts/one-off-code.js";

export interface FileTask {
  path: string;
  language: Language | null;
  isTest: boolean;
  /** Contents, when they do not come from disk (a commit's blobs, memory). */
  text?: string | Uint8Array;
  /** Folder to read `path` from when `text` is absent. */
  root?: string;
  /** Size in bytes, for scheduling (how much syntax-tree memory a worker accumulates). */
  size?: number;
  /** Report the sha256 of the bytes analysed (the cache stores the outcome under the content actually read). */
  hashContent?: boolean;
}

export interface FileOutcome {
  path: string;
  summary: FileSummary | null;
  drafts: DraftFinding[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  /** sha256 of the bytes analysed, when the task asked for it. */
  contentSha256?: string;
  /** Analyzer id → digest of its output, for the analyzers memoised collectors read (engine/collector-memo). */
  factDigests?: Record<string, string>;
}

const NO_NODES: readonly SgNode[] = Object.freeze([]);

const MINIFIABLE: ReadonlySet<Language> = new Set([
  "javascript",
  "typescript",
  "css",
  "scss",
  "json",
  "html",
]);

export function analyzeFile(task: FileTask, ruleSet: RuleSet): FileOutcome {
  const outcome: FileOutcome = {
    path: task.path,
    summary: null,
    drafts: [],
    suppressions: [],
    diagnostics: [],
  };
  const diagnose = (kind: Diagnostic["kind"], message: string): void => {
    outcome.diagnostics.push({ kind, path: task.path, message });
  };
  let bytes: Buffer;
  try {
    bytes = readTaskBytes(task);
  } catch (error) {
    diagnose("io-error", `could not be read: ${(error as Error).message}`);
    return outcome;
  }
  if (task.hashContent) outcome.contentSha256 = sha256Hex(bytes);
  if (looksBinary(bytes)) {
    diagnose("skipped-binary", "binary content: not analysed");
    return outcome;
  }
  const { text, valid } = decodeText(bytes);
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n"));
  const detected = task.language ?? languageFromShebang(firstLine);
  // A text file of no known kind (id_rsa, .netrc, a .pem or .key, kube `config`) is still read by the analyzers
  // that read every file (the secret scan), as plain text; no language rule runs on it.
  const textOnly = detected === null;
  const language: Language = detected ?? "text";
  if (!valid)
    diagnose("invalid-encoding", "not valid UTF-8: undecodable bytes replaced, analysis may be degraded");
  if (MINIFIABLE.has(language) && looksMinified(text)) {
    diagnose("skipped-minified", "minified content: not analysed");
    return outcome;
  }
  if (isGeneratedText(text.slice(0, 1000))) {
    diagnose(
      "skipped-generated",
      "marked as generated, or as a library's release file, in its first lines: not analysed",
    );
    return outcome;
  }
  if ((language === "javascript" || language === "typescript") && isGeneratedApiClient(text)) {
    diagnose(
      "skipped-generated",
      "a generated OpenAPI/Swagger client (one method per operation): not analysed",
    );
    return outcome;
  }
  const lines = text.split(/\r?\n/);
  const summary: FileSummary = {
    path: task.path,
    language,
    isTest: task.isTest,
    bytes: bytes.length,
    parsed: false,
    lines: countLines(text, language),
    facts: {},
  };
  if (language === "go") {
    const excluded = goExcludedBuild(text);
    if (excluded !== null) summary.buildExcluded = excluded;
  }
  outcome.summary = summary;
  outcome.suppressions = findSuppressions(lines);

  const analyzers = ruleSet.analyzers.filter(
    (a) =>
      (textOnly ? a.languages === "all" : appliesTo(a.languages, language)) &&
      (!a.prefilter || a.prefilter(text, task.path)),
  );
  const rules = ruleSet.fileRules.filter(
    ({ rule }) =>
      !textOnly &&
      rule.languages.includes(language) &&
      (rule.includeTests || !task.isTest) &&
      (!rule.prefilter || rule.prefilter.test(text)),
  );
  if (analyzers.length === 0 && rules.length === 0) return outcome;

  let tree: SgNode | null = null;
  let nodesOfKind: NodesOfKind = () => NO_NODES;
  const wantsTree = analyzers.some((a) => a.needsTree) || rules.some(({ rule }) => rule.needsTree !== false);
  if (wantsTree && hasGrammar(language)) {
    let root: SgRoot | null = null;
    try {
      root = parseSource(language, text);
    } catch (error) {
      diagnose("parse-error", `could not be parsed: ${(error as Error).message}`);
    }
    tree = root?.root() ?? null;
    summary.parsed = tree !== null;
    if (tree) {
      // One native search for every kind the file's analyzers and rules declare, syntax errors among them.
      const kinds = ["ERROR"];
      for (const analyzer of analyzers) kinds.push(...(analyzer.kinds?.[language] ?? []));
      for (const { rule } of rules) kinds.push(...(rule.kinds?.[language] ?? []));
      const index = new KindIndex(tree, language, kinds);
      registerKindIndex(tree, index);
      nodesOfKind = (kind) => index.nodesOfKind(kind);
      const errorNode = nodesOfKind("ERROR")[0];
      if (errorNode) {
        summary.syntaxErrorLine = errorNode.range().start.line + 1;
        diagnose(
          "parse-error",
          `syntax error near line ${errorNode.range().start.line + 1}: analysed with a partial tree`,
        );
      }
    }
  }

  const input: AnalyzerInput = {
    path: task.path,
    language,
    text,
    lines,
    tree,
    nodesOfKind,
    isTest: task.isTest,
  };
  for (const analyzer of analyzers) {
    if (analyzer.needsTree && !tree) continue;
    try {
      const value = analyzer.analyze(input);
      if (value !== undefined) summary.facts[analyzer.id] = value;
    } catch (error) {
      diagnose("rule-error", `analyzer ${analyzer.id} failed: ${(error as Error).message}`);
    }
  }

  const readLines = (path: string): readonly string[] | null => (path === task.path ? lines : null);
  for (const { rule, options, severity } of rules) {
    if (rule.needsTree !== false && !tree) continue;
    const ctx: FileRuleContext = {
      ...input,
      options,
      fileFact<T>(analyzer: FileAnalyzer<T>) {
        return summary.facts[analyzer.id] as T | undefined;
      },
      report(reportInput: ReportInput) {
        outcome.drafts.push(draftFinding(rule, reportInput, task.path, readLines, severity));
      },
    };
    try {
      rule.checkFile(ctx);
    } catch (error) {
      diagnose("rule-error", `rule ${rule.id} failed: ${(error as Error).message}`);
    }
  }
  // After the rules, which only read the facts: the digest is of the output the collectors will see.
  const digested = digestedAnalyzers(ruleSet);
  for (const analyzer of analyzers) {
    const value = summary.facts[analyzer.id];
    if (value === undefined || !digested.has(analyzer.id)) continue;
    outcome.factDigests ??= {};
    outcome.factDigests[analyzer.id] = factDigest(value);
  }
  return outcome;
}

const digestedByRuleSet = new WeakMap<RuleSet, Set<string>>();

function digestedAnalyzers(ruleSet: RuleSet): Set<string> {
  let ids = digestedByRuleSet.get(ruleSet);
  if (!ids) digestedByRuleSet.set(ruleSet, (ids = memoAnalyzerIds(ruleSet.packs)));
  return ids;
}

/** A task's bytes: its text when given, else the file read safely from its folder (throws when unreadable). */
export function readTaskBytes(task: FileTask): Buffer {
  if (typeof task.text === "string") return Buffer.from(task.text, "utf8");
  if (task.text) return Buffer.from(task.text);
  return treeReader(task.root ?? ".").readOrThrow(task.path);
}

/** One safe reader per audited folder in this thread (it caches which folders were checked). */
const treeReaders = new Map<string, TreeReader>();

function treeReader(root: string): TreeReader {
  let reader = treeReaders.get(root);
  if (!reader) {
    reader = new TreeReader(root);
    treeReaders.set(root, reader);
  }
  return reader;
}

function appliesTo(languages: readonly Language[] | "all", language: Language): boolean {
  return languages === "all" || languages.includes(language);
}
