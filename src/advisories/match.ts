// Matching locked packages against OSV advisories with each ecosystem's version semantics.
// OSV range evaluation (https://ossf.github.io/osv-schema/#evaluation): events in version order; a version
// is affected from an `introduced` on, until a `fixed` (exclusive) or after a `last_affected` (inclusive).
import type { LockedPackage } from "../facts/dependencies/types.js";
import type { Severity } from "../model/severity.js";
import type { StoredAdvisory, StoredAffected } from "./store.js";
import { comparatorFor, normalisePackageName, sameVersion, type Comparator } from "./versions.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface AdvisoryMatch {
  advisoryId: string;
  aliases: string[];
  summary: string;
  severity: Severity;
  ecosystem: string;
  name: string;
  version: string;
  /** Human-readable affected ranges (`>=1.0.0 <1.2.3`, `<=2.0.0`, `=1.4.0`). */
  affected: string[];
  /** Versions that fix it (from `fixed` events above the locked version), ascending. */
  fixed: string[];
  lockfile: string;
  line: number;
  direct: boolean | null;
  dev: boolean | null;
}

/** Advisories indexed by ecosystem and normalised package name. */
export function indexAdvisories(
  advisories: readonly StoredAdvisory[],
): Map<string, Array<[StoredAdvisory, StoredAffected]>> {
  const index = new Map<string, Array<[StoredAdvisory, StoredAffected]>>();
  for (const advisory of advisories) {
    for (const affected of advisory.affected) {
      const key = `${affected.ecosystem}\u0000${normalisePackageName(affected.ecosystem, affected.name)}`;
      const entries = index.get(key);
      if (entries) entries.push([advisory, affected]);
      else index.set(key, [[advisory, affected]]);
    }
  }
  return index;
}

/** Every (locked package, advisory) pair where the locked version is affected. */
export function matchAdvisories(
  locked: readonly LockedPackage[],
  advisories: readonly StoredAdvisory[],
): AdvisoryMatch[] {
  const index = indexAdvisories(advisories);
  const matches: AdvisoryMatch[] = [];
  for (const pkg of locked) {
    const candidates =
      index.get(`${pkg.ecosystem}\u0000${normalisePackageName(pkg.ecosystem, pkg.name)}`) ?? [];
    const seen = new Set<string>();
    for (const [advisory, affected] of candidates) {
      if (seen.has(advisory.id) || !isAffected(pkg.version, affected)) continue;
      seen.add(advisory.id);
      const compare = comparatorFor(affected.ecosystem);
      const fixed = affected.ranges
        .flatMap((range) => range.events.map((event) => event.fixed))
        .filter((v): v is string => typeof v === "string" && (compare?.(v, pkg.version) ?? 1) > 0);
      matches.push({
        advisoryId: advisory.id,
        aliases: advisory.aliases,
        summary: advisory.summary,
        severity: advisory.severity,
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
        affected: describeRanges(affected),
        fixed: [...new Set(fixed)].sort((a, b) => compare?.(a, b) ?? compareCodeUnits(a, b)),
        lockfile: pkg.lockfile,
        line: pkg.line,
        direct: pkg.direct,
        dev: pkg.dev,
      });
    }
  }
  return matches.sort(
    (a, b) =>
      compareCodeUnits(a.lockfile, b.lockfile) ||
      a.line - b.line ||
      compareCodeUnits(a.advisoryId, b.advisoryId),
  );
}

/** Whether a version is affected by one OSV `affected` entry (its `versions` list or its ranges). */
export function isAffected(version: string, affected: StoredAffected): boolean {
  if (affected.versions.some((listed) => sameVersion(affected.ecosystem, listed, version))) return true;
  const compare = comparatorFor(affected.ecosystem);
  if (!compare) return false;
  return affected.ranges.some(
    (range) =>
      (range.type === "SEMVER" || range.type === "ECOSYSTEM") && inRange(version, range.events, compare),
  );
}

function inRange(version: string, events: Array<Record<string, string>>, compare: Comparator): boolean {
  const keyed = events
    .map((event) => {
      const [kind, value] = Object.entries(event)[0] ?? ["", ""];
      return { kind, value };
    })
    .filter((event) => ["introduced", "fixed", "last_affected", "limit"].includes(event.kind));
  const order = (value: string): number => (value === "0" ? -1 : 0);
  keyed.sort((a, b) => {
    if (a.value === "0" || b.value === "0") return order(a.value) - order(b.value);
    return compare(a.value, b.value) ?? 0;
  });
  let affected = false;
  for (const event of keyed) {
    const cmp = event.value === "0" ? 1 : compare(version, event.value);
    if (cmp === null) return false;
    if (event.kind === "introduced" && cmp >= 0) affected = true;
    else if (event.kind === "fixed" && cmp >= 0) affected = false;
    else if (event.kind === "last_affected" && cmp > 0) affected = false;
    else if (event.kind === "limit" && cmp >= 0) affected = false;
  }
  return affected;
}

function describeRanges(affected: StoredAffected): string[] {
  const described: string[] = [];
  for (const range of affected.ranges) {
    let current: string[] = [];
    for (const event of range.events) {
      if (event.introduced !== undefined) {
        if (current.length > 0) described.push(current.join(" "));
        current = event.introduced === "0" ? [] : [`>=${event.introduced}`];
      }
      if (event.fixed !== undefined) {
        described.push([...current, `<${event.fixed}`].join(" "));
        current = [];
      }
      if (event.last_affected !== undefined) {
        described.push([...current, `<=${event.last_affected}`].join(" "));
        current = [];
      }
    }
    if (current.length > 0) described.push(current.join(" "));
    else if (range.events.length === 1 && range.events[0]?.introduced === "0") described.push("all versions");
  }
  if (affected.versions.length > 0 && described.length === 0) {
    described.push(
      affected.versions
        .slice(0, 5)
        .map((v) => `=${v}`)
        .join(", ") + (affected.versions.length > 5 ? ", …" : ""),
    );
  }
  return described;
}
