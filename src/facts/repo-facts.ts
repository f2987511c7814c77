// RepoFacts: what the repository's files say, keyed by collector. Packs add their keys by declaration merging:
//   declare module "../repo-facts.js" { interface RepoFacts { elixir: ElixirFacts } }
import type { AreaFact } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { Language } from "../model/language.js";
import type { GitInfo } from "../repo/git.js";
import type { LineCounts } from "../repo/line-counts.js";
import type { IndexScope } from "../repo/scope.js";

export { staysInRepository } from "../repo/scope.js";

/** One analysed file: its language, line counts and what each file analyzer extracted from it. */
export interface FileSummary {
  path: string;
  language: Language;
  isTest: boolean;
  bytes: number;
  /** Whether a syntax tree was built (the language has a grammar and some analyzer or rule needed it). */
  parsed: boolean;
  /** First line of a syntax error when the tree is partial (absent when the file parsed cleanly or was not parsed). */
  syntaxErrorLine?: number;
  lines: LineCounts;
  /**
   * The build constraint that leaves the file out of every build (`//go:build ignore`: a generator or a program run
   * by hand with `go run`), as written; absent otherwise. Findings there are kept low (engine/run-engine).
   */
  buildExcluded?: string;
  /** Analyzer id → that analyzer's output for this file (absent when it found nothing). */
  facts: Record<string, unknown>;
}

export interface RepoMeta {
  root: string;
  name: string;
  git: GitInfo | null;
  ref: string | null;
  /**
   * Where the audited folder sits in its git repository (a subfolder reads CI and tool config from the root), and
   * the folders left out of the analysis: not compiled by the build, test data, report output.
   */
  scope: IndexScope;
}

export interface RepoFacts {
  repo: RepoMeta;
  /** Analysed source files, sorted by path. */
  files: FileSummary[];
}

/** A fact shown in an area's "Findings" part of the report. */
export interface AreaFactEntry extends AreaFact {
  area: AreaId;
}

export type { Diagnostic };
