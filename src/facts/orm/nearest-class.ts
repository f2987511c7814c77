// Which class a base class name written in a models file refers to, among the classes of the repository that carry
// that name: the one in the same file, else in the same folder, else the only one (imports are not followed).
import { posix } from "node:path";

export function nearestClass<T extends { path: string }>(
  written: string,
  from: string,
  byName: ReadonlyMap<string, readonly T[]>,
): T | undefined {
  const short = written.split(".").pop() ?? written;
  const candidates = byName.get(short) ?? [];
  return (
    candidates.find((candidate) => candidate.path === from) ??
    candidates.find((candidate) => posix.dirname(candidate.path) === posix.dirname(from)) ??
    (candidates.length === 1 ? candidates[0] : undefined)
  );
}
