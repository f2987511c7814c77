// defineRule: a rule's metadata, docs and check in one object (DESIGN.md "A rule").
import type { SuppressionUse } from "../engine/suppressions.js";
import type { SgNode } from "@ast-grep/napi";
import type { FileAnalyzer } from "../facts/define.js";
import type { RepoFacts } from "../facts/repo-facts.js";
import type { AreaId } from "../model/areas.js";
import type { Confidence, Finding, Location } from "../model/finding.js";
import type { Language } from "../model/language.js";
import type { KindsByLanguage, NodesOfKind } from "../parse/kind-index.js";
import type { Severity } from "../model/severity.js";

/** Bad and good code for one language (and, where it matters, one framework or ecosystem). */
export interface RuleExample {
  bad: string;
  good: string;
  /** The code's language, as a fence label (`go`, `elixir`, `typescript`, `yaml`, `dockerfile` …). */
  language?: string;
  /** The framework the code is written for (`gin`, `express`, `fastapi` …): chosen when the finding names it. */
  framework?: string;
  /** For CI, container and other data-format examples written for one ecosystem (`npm test` is node's). */
  ecosystem?: string;
}

export interface RuleDocs {
  /** Why this is a risk, in two sentences. */
  rationale: string;
  /** What goes wrong in production. */
  impact: string;
  /** What to do instead. */
  fix: string;
  /** Bad and good code in the audited language; `language` is required when the rule reads several languages. */
  example: RuleExample;
  /**
   * The same fix in other languages or frameworks. A finding shows the example of its own file's language (and of
   * the framework it names), or the fix as text only when there is none: never another language's code.
   */
  examples?: RuleExample[];
}

export type RuleOptions = Record<string, number | string | boolean | string[]>;

/** Whether a rule could look at anything in this repository. */
export type Applicability = true | { status: "not-applicable" | "unknown"; reason: string };

export interface ReportInput {
  message: string;
  /** Repository-relative path; for file rules it defaults to the file being checked. */
  path?: string;
  line?: number;
  endLine?: number;
  /** A syntax node: gives path lines and snippet. */
  node?: SgNode;
  /** Defaults to the lines of the location. */
  snippet?: string;
  /** Line-independent key that makes the finding id stable; defaults to the normalised snippet. */
  key?: string;
  severity?: Severity;
  confidence?: Confidence;
  title?: string;
  risk?: string;
  impact?: string;
  fix?: string;
  fixCode?: string;
  effortMinutes?: number;
  patch?: string | null;
  /** For claims of absence: what was searched, and where. */
  searched?: string;
  related?: Location[];
}

interface RuleMeta<O extends RuleOptions> {
  /** `<ecosystem or "generic">/<kebab-name>`, never reused. */
  id: string;
  area: AreaId;
  severity: Severity;
  title: string;
  effortMinutes: number;
  confidence?: Confidence;
  /** Languages the rule reads; a rule with languages applies only when the repository has such files. */
  languages?: readonly Language[];
  docs: RuleDocs;
  /** Tunable thresholds with their defaults; config may override them (SPEC §9). */
  options?: O;
  /** Decides applicability from facts; defaults to "has files of the rule's languages". */
  applies?: (facts: RepoFacts) => Applicability;
  /** Extra documentation: what the rule searches, severity adjustments and why. */
  notes?: string[];
  /**
   * More general rules this one refines: where both report the same place (same file, overlapping lines),
   * only this rule's finding is kept, so a problem is reported once, by the rule that knows it best.
   */
  supersedes?: string[];
  /**
   * "after-suppressions": a repository rule about `codeaudit-ignore` directives themselves, run after the other
   * rules' findings were matched against them (its context then carries `suppressions`).
   */
  phase?: "after-suppressions";
  /**
   * The most this rule reports in a TS/JS file that nothing imports and that is no entry point (the import graph
   * of `facts.nodeSymbols`: no importer, not named by package.json, tool configuration, HTML, routes, tests, nor
   * outside the code): such code does not run, so what it holds is a dead-code risk. The engine lowers the
   * finding to this severity and says why in its message.
   */
  inUnreachedFile?: Severity;
  /**
   * The most this rule reports in a TS/JS file that runs but that no production entry point reaches
   * (`facts.nodeSymbols.unreachedFromProduction`: release, changelog and other maintenance scripts, tools, set-up
   * code a developer runs by hand): what it holds takes its values from whoever runs it. The engine lowers the
   * finding to this severity and says why in its message.
   */
  outsideProduction?: Severity;
}

export interface RepoRuleContext<O extends RuleOptions = RuleOptions> {
  facts: RepoFacts;
  options: O;
  report(input: ReportInput): void;
  /** Reads a file's text (cached for the run); for rules that quote a line a fact points at. */
  readText(path: string): string | null;
  /** Every `codeaudit-ignore` directive and whether it silenced something (rules of phase "after-suppressions"). */
  suppressions?: readonly SuppressionUse[];
}

export interface FileRuleContext<O extends RuleOptions = RuleOptions> {
  path: string;
  language: Language;
  text: string;
  lines: readonly string[];
  tree: SgNode | null;
  /** The tree's nodes of one kind in document order, from the engine's one search per file (see `kinds`). */
  nodesOfKind: NodesOfKind;
  isTest: boolean;
  options: O;
  /** This file's output of an analyzer, if it recorded any. */
  fileFact<T>(analyzer: FileAnalyzer<T>): T | undefined;
  report(input: ReportInput): void;
}

export interface RepoRule<O extends RuleOptions = RuleOptions> extends RuleMeta<O> {
  scope: "repo";
  check(ctx: RepoRuleContext<O>): void;
}

/** A finding as a rule reported it, before the engine gives it its stable id. */
export type ReportedFinding = Omit<Finding, "id"> & { key: string };

export interface FileRule<O extends RuleOptions = RuleOptions> extends RuleMeta<O> {
  scope: "file";
  /**
   * Revisits this rule's findings with the repository's facts, for a judgement one file cannot make (whether sibling
   * modules implement what this one refuses). Returns the findings to keep, lowered or reworded as new objects: the
   * input may be a cached outcome's own and must not change. Runs once per audit, after the facts are collected.
   */
  reviseWithFacts?: (findings: readonly ReportedFinding[], facts: RepoFacts) => ReportedFinding[];
  languages: readonly Language[];
  /** Cheap text test; the rule (and the parse it needs) runs only on files that pass. */
  prefilter?: RegExp;
  /** Whether the rule looks at test files (default false: tests are not production code). */
  includeTests?: boolean;
  /** Whether it reads the syntax tree (default true); line-oriented rules set false and spare the parse. */
  needsTree?: boolean;
  /** Kinds it reads through `ctx.nodesOfKind`, per language: searched with the file's other declared kinds at once. */
  kinds?: KindsByLanguage;
  checkFile(ctx: FileRuleContext<O>): void;
}

export type Rule<O extends RuleOptions = RuleOptions> = RepoRule<O> | FileRule<O>;

type RepoRuleInput<O extends RuleOptions> = Omit<RepoRule<O>, "scope">;
type FileRuleInput<O extends RuleOptions> = Omit<FileRule<O>, "scope">;

/** Defines a rule; one that has `checkFile` runs per file in worker threads, one that has `check` once over facts. */
export function defineRule<O extends RuleOptions = RuleOptions>(rule: FileRuleInput<O>): FileRule<O>;
export function defineRule<O extends RuleOptions = RuleOptions>(rule: RepoRuleInput<O>): RepoRule<O>;
export function defineRule<O extends RuleOptions>(rule: FileRuleInput<O> | RepoRuleInput<O>): Rule<O> {
  if ("checkFile" in rule) return { ...rule, scope: "file" };
  return { ...rule, scope: "repo" };
}
