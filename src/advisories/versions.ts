// Version comparison per ecosystem, as OSV ranges need it: semver (npm, crates.io, Hex), PEP 440 (PyPI),
// Go module versions (v-prefixed semver, pseudo-versions, +incompatible). Null means "cannot compare".
import * as pep440 from "@renovatebot/pep440";
import semver from "semver";

export type Comparator = (a: string, b: string) => number | null;

function parseSemver(version: string): semver.SemVer | null {
  const trimmed = version.trim().replace(/^v/, "");
  return semver.parse(trimmed, { loose: true }) ?? semver.coerce(trimmed, { includePrerelease: true });
}

const compareSemver: Comparator = (a, b) => {
  const left = parseSemver(a);
  const right = parseSemver(b);
  if (!left || !right) return null;
  return semver.compare(left, right);
};

/** Go: `v1.2.3`, pseudo-versions `v0.0.0-20210101000000-abcdef123456` (semver pre-releases), `+incompatible` (build metadata, ignored). */
const compareGo: Comparator = (a, b) => {
  const strip = (v: string): string =>
    v
      .trim()
      .replace(/^v/, "")
      .replace(/\+incompatible$/, "");
  const left = semver.parse(strip(a));
  const right = semver.parse(strip(b));
  if (!left || !right) return null;
  return semver.compare(left, right);
};

const comparePep440: Comparator = (a, b) => {
  if (!pep440.valid(a) || !pep440.valid(b)) return null;
  return pep440.compare(a, b);
};

/** The comparator for an OSV ecosystem name (the part before any `:`), or null when unsupported. */
export function comparatorFor(ecosystem: string): Comparator | null {
  switch (ecosystem.split(":")[0]) {
    case "npm":
    case "crates.io":
    case "Hex":
    case "RubyGems":
    case "Packagist":
    case "Maven":
      return compareSemver;
    case "PyPI":
      return comparePep440;
    case "Go":
      return compareGo;
    default:
      return null;
  }
}

/** Names as each registry compares them: PyPI normalises case and separators (PEP 503). */
export function normalisePackageName(ecosystem: string, name: string): string {
  if (ecosystem === "PyPI") return name.toLowerCase().replace(/[-_.]+/g, "-");
  if (ecosystem === "Hex" || ecosystem === "crates.io") return name.toLowerCase();
  return name;
}

/** Equality of two version strings in an ecosystem (used for OSV `versions` lists). */
export function sameVersion(ecosystem: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (ecosystem === "Go") return a.replace(/^v/, "") === b.replace(/^v/, "");
  const compare = comparatorFor(ecosystem);
  return compare !== null && compare(a, b) === 0;
}
