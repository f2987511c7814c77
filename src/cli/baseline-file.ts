// The baseline file (.codeaudit/baseline.json): the findings a team accepted when adopting codeaudit on an existing
// codebase, by stable finding id. `audit --baseline` reports them apart and gates only the others; an entry whose
// finding is gone is listed for removal.
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Audit } from "../model/audit.js";
import type { Finding } from "../model/finding.js";
import { SEVERITIES } from "../model/severity.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { UsageError } from "./cli-io.js";

export { BASELINE_PATH } from "./cli-io.js";
export const BASELINE_VERSION = 1;

const entrySchema = z
  .object({
    /** The finding's stable id (rule, path and the rule's key, hashed): what the baseline matches on. */
    id: z.string().min(1),
    ruleId: z.string(),
    path: z.string().nullable(),
    line: z.number().int().nullable(),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    /** Why the finding is accepted; written as "accepted when the baseline was recorded", for the team to edit. */
    reason: z.string(),
  })
  .strict();

const baselineSchema = z
  .object({
    version: z.literal(BASELINE_VERSION),
    tool: z.string(),
    commit: z.string().nullable(),
    findings: z.array(entrySchema),
  })
  .strict();

export type BaselineEntry = z.infer<typeof entrySchema>;
export type Baseline = z.infer<typeof baselineSchema>;

export const DEFAULT_REASON = "accepted when the baseline was recorded";

/** The baseline of an audit; reasons already given in `previous` are kept. */
export function buildBaseline(audit: Audit, previous: Baseline | null): Baseline {
  const reasons = new Map((previous?.findings ?? []).map((entry) => [entry.id, entry.reason]));
  const findings = audit.findings
    .map((finding) => ({
      id: finding.id,
      ruleId: finding.ruleId,
      path: finding.location?.path ?? null,
      line: finding.location?.startLine ?? null,
      severity: finding.severity,
      title: finding.title,
      reason: reasons.get(finding.id) ?? DEFAULT_REASON,
    }))
    .sort((a, b) => compareCodeUnits(a.id, b.id));
  return {
    version: BASELINE_VERSION,
    tool: `${audit.tool.name} ${audit.tool.version}`,
    commit: audit.repository.commit,
    findings,
  };
}

export function renderBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + "\n";
}

export function parseBaseline(text: string, source: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--baseline ${source}: not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = baselineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `--baseline ${source}: not a codeaudit baseline (${issue ? `${issue.path.join(".") || "top level"}: ${issue.message}` : "invalid"}); write one with \`codeaudit baseline\``,
    );
  }
  return parsed.data;
}

export function readBaselineFile(path: string, shown: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `--baseline ${shown}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  return parseBaseline(text, shown);
}

export interface BaselineSplit {
  /** Findings not in the baseline: reported and gated as usual. */
  fresh: Finding[];
  /** Findings the baseline accepts: reported apart, never gated. */
  baselined: Finding[];
  /** Baseline entries whose finding is gone: fixed, to remove from the file. */
  fixed: BaselineEntry[];
}

export function splitByBaseline(findings: readonly Finding[], baseline: Baseline): BaselineSplit {
  const accepted = new Set(baseline.findings.map((entry) => entry.id));
  const present = new Set(findings.map((finding) => finding.id));
  return {
    fresh: findings.filter((finding) => !accepted.has(finding.id)),
    baselined: findings.filter((finding) => accepted.has(finding.id)),
    fixed: baseline.findings.filter((entry) => !present.has(entry.id)),
  };
}
