// The action list: one action per rule and severity (so a group's heading severity is every item's severity), with
// its patches combined per file. A flood — more findings of one rule than a reader can use — is collapsed to its worst
// places, and its effort is estimated for those places, never summed into weeks.
import type { ActionItem, ActionPatches, ActionPriority } from "../model/audit.js";
import type { Finding } from "../model/finding.js";
import type { Severity } from "../model/severity.js";
import { combinePatches } from "../util/combine-patches.js";
import { FLOOD_SHOWN, FLOOD_THRESHOLD } from "./scoring-policy.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

const PRIORITY: Record<Severity, ActionPriority> = {
  critical: "P0",
  high: "P1",
  medium: "P2",
  low: "P3",
  info: "P4",
};

export function buildActions(findings: readonly Finding[]): ActionItem[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.ruleId}\u0000${finding.severity}`;
    // Push, never copy: copying the group on every finding made 80k findings of one rule quadratic.
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const actions: ActionItem[] = [];
  for (const group of groups.values()) {
    const first = group[0] as Finding;
    const collapsed = group.length > FLOOD_THRESHOLD;
    const shown = collapsed ? worstFirst(group).slice(0, FLOOD_SHOWN) : group;
    const total = group.reduce((sum, f) => sum + f.effortMinutes, 0);
    const shownEffort = shown.reduce((sum, f) => sum + f.effortMinutes, 0);
    actions.push({
      priority: PRIORITY[first.severity],
      ruleId: first.ruleId,
      // A single repository-level finding is named by its message: the exact gate, file or tool it is about.
      title: group.length === 1 && !first.location ? first.message : first.title,
      area: first.area,
      severity: first.severity,
      count: group.length,
      effortMinutes: collapsed ? shownEffort : total,
      findingIds: group.map((f) => f.id),
      examples: shown
        .slice(0, 5)
        .map((f) => (f.location ? `${f.location.path}:${f.location.startLine}` : "repository")),
      patches: actionPatches(group),
      collapsed,
      shownIds: shown.map((f) => f.id),
      effortNote: collapsed
        ? `for the ${shown.length} worst of ${group.length} places; the other ${group.length - shown.length} take the same fix, best made when that code is next changed`
        : null,
    });
  }
  return actions.sort(
    (a, b) =>
      compareCodeUnits(a.priority, b.priority) || b.count - a.count || compareCodeUnits(a.ruleId, b.ruleId),
  );
}

/** Worst first: certain before heuristic, then the largest span (a 400-line function before a 70-line one), then path. */
export function worstFirst(findings: readonly Finding[]): Finding[] {
  const span = (f: Finding): number => (f.location ? f.location.endLine - f.location.startLine + 1 : 0);
  return [...findings].sort(
    (a, b) =>
      (a.confidence === b.confidence ? 0 : a.confidence === "certain" ? -1 : 1) ||
      span(b) - span(a) ||
      compareCodeUnits(a.location?.path ?? "", b.location?.path ?? "") ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
      compareCodeUnits(a.id, b.id),
  );
}

function actionPatches(group: readonly Finding[]): ActionPatches | null {
  const patched = group.filter((f) => f.patch);
  if (patched.length === 0) return null;
  const combined = combinePatches(patched.map((f) => f.patch ?? ""));
  const idOf = (index: number): string => patched[index]?.id ?? "";
  return {
    count: patched.length,
    files: combined.files.map((file) => ({
      path: file.path,
      patch: file.patch,
      findingIds: file.sources.map(idOf),
    })),
    leftOutIds: combined.leftOut.map(idOf),
  };
}
