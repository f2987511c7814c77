// `--format md,json,…`: the report formats a command was asked for, checked against the ones it writes.
import { UsageError } from "./cli-io.js";

/** The formats of a comma-separated list, deduplicated in the order given; an unknown or empty list is a usage error. */
export function parseFormatList<T extends string>(value: string, allowed: readonly T[]): T[] {
  const formats = value
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const format of formats)
    if (!(allowed as readonly string[]).includes(format))
      throw new UsageError(`--format ${format}: unknown format; allowed: ${allowed.join(", ")}`);
  if (formats.length === 0) throw new UsageError(`--format: give at least one of ${allowed.join(", ")}`);
  return [...new Set(formats)] as T[];
}
