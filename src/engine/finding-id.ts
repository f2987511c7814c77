// Stable finding ids: a hash of rule id, path and a line-independent key, with an occurrence suffix for repeats.
import { createHash } from "node:crypto";
import type { Finding } from "../model/finding.js";
import type { DraftFinding } from "./finding-factory.js";

export function findingHash(ruleId: string, path: string, key: string): string {
  return createHash("sha256").update(`${ruleId}\0${path}\0${key}`).digest("hex").slice(0, 16);
}

/**
 * Gives every draft its id. Drafts must be sorted; the n-th repeat of the same (rule, path, key) gets `-n`,
 * so identical lines in one file keep distinct, stable ids.
 */
export function assignIds(drafts: DraftFinding[]): Finding[] {
  const seen = new Map<string, number>();
  return drafts.map((draft) => {
    const { key, ...finding } = draft;
    const base = findingHash(draft.ruleId, draft.location?.path ?? "", key);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { id: count === 0 ? base : `${base}-${count}`, ...finding };
  });
}
