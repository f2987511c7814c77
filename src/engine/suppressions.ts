// Inline suppressions: `codeaudit-ignore <rule-id>: reason` on the flagged line or the line above it.

export interface Suppression {
  /** Line the comment stands on (1-based). */
  line: number;
  ruleId: string;
  reason: string;
}

const DIRECTIVE =
  /codeaudit-ignore\s+([a-z0-9*-]+\/[a-z0-9*-]+|\*)(?:\s*:\s*(.*?))?\s*(?:\*\/|-->|--%>)?\s*$/;

export function findSuppressions(lines: readonly string[]): Suppression[] {
  const found: Suppression[] = [];
  lines.forEach((line, index) => {
    if (!line.includes("codeaudit-ignore")) return;
    const match = DIRECTIVE.exec(line);
    if (match?.[1]) found.push({ line: index + 1, ruleId: match[1], reason: match[2] ?? "" });
  });
  return found;
}

/** True when a suppression on the finding's first line, or the line above, names its rule. */
export function isSuppressed(
  suppressions: readonly Suppression[],
  ruleId: string,
  startLine: number,
): boolean {
  return suppressionFor(suppressions, ruleId, startLine) !== undefined;
}

/** The suppression on the finding's first line, or the line above, that names its rule (first one wins). */
export function suppressionFor<S extends Suppression>(
  suppressions: readonly S[],
  ruleId: string,
  startLine: number,
): S | undefined {
  return suppressions.find(
    (s) =>
      (s.line === startLine || s.line === startLine - 1) &&
      (s.ruleId === ruleId || s.ruleId === "*" || matchesWildcard(s.ruleId, ruleId)),
  );
}

/** A `codeaudit-ignore` directive after the run: whether it silenced anything, and whether it could. */
export interface SuppressionUse extends Suppression {
  path: string;
  /** It silenced at least one finding. */
  used: boolean;
  /** It has no reason while reasons are required, so it silenced nothing. */
  missingReason: boolean;
  /** The rule it names ran (enabled, applicable); a directive for a rule that did not run is never "unused". */
  ruleRan: boolean;
}

function matchesWildcard(pattern: string, ruleId: string): boolean {
  if (!pattern.endsWith("/*")) return false;
  return ruleId.startsWith(pattern.slice(0, -1));
}
