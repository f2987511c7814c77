// Comparing declared runtime versions at the precision both sides give: "20" agrees with "20.11.1",
// "3.11" does not agree with "3.12".
import { leadingVersion } from "./pins.js";

function parts(version: string): number[] | null {
  const concrete = leadingVersion(version);
  return concrete ? concrete.split(".").map(Number) : null;
}

/** -1, 0 or 1 comparing the components both versions give; null when either is not a concrete version. */
export function compareAtCommonPrecision(a: string, b: string): number | null {
  const left = parts(a);
  const right = parts(b);
  if (!left || !right) return null;
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}
