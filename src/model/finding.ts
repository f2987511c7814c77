// A finding as it appears in audit.json (SPEC §4, §5.1).
import type { AreaId } from "./areas.js";
import type { Severity } from "./severity.js";

/** Where a finding stands: repository-relative path with `/` separators, 1-based lines. */
export interface Location {
  path: string;
  startLine: number;
  endLine: number;
}

export type Confidence = "certain" | "heuristic";

export interface Finding {
  /** Stable id: hash of rule id, path and a line-independent key. */
  id: string;
  ruleId: string;
  area: AreaId;
  severity: Severity;
  title: string;
  message: string;
  /** Null for repository-level findings (a missing file, a missing gate); `searched` then says what was looked at. */
  location: Location | null;
  evidence: { snippet: string; searched?: string };
  risk: string;
  impact: string;
  /**
   * `code` is an example in the finding's own language (and framework, where the rule has one for it), labelled by
   * `language`; empty when the rule has no example in that language: the fix is then given as text only.
   */
  fix: { text: string; code: string; language?: string };
  effortMinutes: number;
  confidence: Confidence;
  /** A unified diff that `git apply` accepts, when the fix is mechanical. */
  patch: string | null;
  /** Other places with the same finding, when a rule reports one finding for several (e.g. duplicates). */
  related?: Location[];
}
