// The plan report model: what `codeaudit plan` computed. Renderers (PLAN.md, plan.json, plan.html) only format it.
import type { Severity } from "../model/severity.js";

export const PLAN_SCHEMA_VERSION = "1.0.0";

export type ItemState = "done" | "done-elsewhere" | "partial" | "missing" | "not-decidable";

/** A place in the repository that decides an item (1-based line; null for a file or folder as a whole). */
export interface PlanEvidence {
  path: string;
  line: number | null;
  /** What is there: `defmodule Foundation.Error`, the matched line, `job test`. */
  text: string;
}

export interface PlanItemResult {
  id: string;
  stage: string;
  title: string;
  kind: string;
  state: ItemState;
  /** Share of the item that is done, 0–1 (partial items: 3 of 5 → 0.6; not decidable: 0). */
  fraction: number;
  weight: number;
  effortMinutes: number | null;
  /** Effort left: the estimate times the share not done (null without an estimate). */
  remainingMinutes: number | null;
  area: string | null;
  source: string | null;
  /** Line of the item in the plan file. */
  planLine: number;
  /** One sentence: what was found, or what is missing. */
  summary: string;
  /** For partial items: what is still missing (`Foundation.RetryStrategy`). */
  missing: string[];
  evidence: PlanEvidence[];
  /** What was searched, where (for missing and partial items, and for absences). */
  searched: string | null;
}

export interface PlanStageResult {
  id: string;
  title: string;
  /** Weighted share of the decidable items done, 0–100 (one decimal), or null when no item is decidable. */
  percent: number | null;
  counts: Record<ItemState, number>;
  items: PlanItemResult[];
}

export interface UncoveredFinding {
  id: string;
  ruleId: string;
  area: string;
  severity: Severity;
  title: string;
  path: string | null;
  line: number | null;
}

export interface RiskArea {
  area: string;
  /** Items in that area that are missing or partial. */
  items: string[];
}

export interface PlanReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  repository: { root: string; commit: string | null; ref: string | null };
  generatedAt: string | null;
  plan: { title: string; file: string };
  summary: {
    /** Weighted share of the decidable items done, 0–100. */
    percent: number | null;
    counts: Record<ItemState, number>;
    items: number;
    decidable: number;
    /** Effort left over the items that have an estimate, and how many missing/partial items have none. */
    remainingMinutes: number;
    unestimated: number;
    verdict: string;
  };
  stages: PlanStageResult[];
  /** The audit's high and critical findings that no `rule:` item of the plan covers. */
  uncoveredFindings: UncoveredFinding[];
  riskAreas: RiskArea[];
  diagnostics: string[];
}
