// When each release line of a web framework stopped receiving security fixes, as its maintainers publish it. Like
// the runtime table (facts/toolchain/end-of-life.ts) it ships with the tool and is dated: an audit of one commit with
// one codeaudit version always says the same, and a line absent from the table is never reported. Only frameworks
// whose maintainers publish end-of-support dates are here (Flask, Phoenix, Express and Django REST framework publish
// none; Rails is not an audited ecosystem).
import { normalisePackageName } from "../../advisories/versions.js";
import type { PackageEcosystem } from "./types.js";

/** The day this table was last brought up to date: releases whose end of support falls after it are not judged. */
export const FRAMEWORK_END_OF_LIFE_TABLE_DATE = "2026-12-01";

export interface FrameworkEndOfLife {
  ecosystem: PackageEcosystem;
  /** The package name as the registry normalises it (PyPI: lower case, runs of `-_.` as `-`). */
  name: string;
  /** The framework's name in messages. */
  title: string;
  /** How many leading version numbers make a release line: 2 for Django's `4.1`, 1 for Vue's `2`. */
  depth: 1 | 2;
  /** Release lines and when security fixes stopped (`YYYY-MM`). */
  lines: ReadonlyArray<{ line: string; since: string }>;
  source: string;
}

export const FRAMEWORK_END_OF_LIFE: readonly FrameworkEndOfLife[] = [
  {
    ecosystem: "PyPI",
    name: "django",
    title: "Django",
    depth: 2,
    // https://www.djangoproject.com/download/#supported-versions (end of extended support per feature release)
    source: "https://www.djangoproject.com/download/#supported-versions",
    lines: [
      { line: "1.4", since: "2015-10" },
      { line: "1.5", since: "2014-09" },
      { line: "1.6", since: "2015-04" },
      { line: "1.7", since: "2015-12" },
      { line: "1.8", since: "2018-04" },
      { line: "1.9", since: "2017-04" },
      { line: "1.10", since: "2017-12" },
      { line: "1.11", since: "2020-04" },
      { line: "2.0", since: "2019-04" },
      { line: "2.1", since: "2019-12" },
      { line: "2.2", since: "2022-04" },
      { line: "3.0", since: "2021-04" },
      { line: "3.1", since: "2021-12" },
      { line: "3.2", since: "2024-04" },
      { line: "4.0", since: "2023-04" },
      { line: "4.1", since: "2023-12" },
      { line: "4.2", since: "2026-04" },
      { line: "5.0", since: "2025-04" },
      { line: "5.1", since: "2025-12" },
    ],
  },
  {
    ecosystem: "npm",
    name: "vue",
    title: "Vue",
    depth: 1,
    // https://v2.vuejs.org/eol/ ("Vue 2 reached End of Life on December 31st, 2023")
    source: "https://v2.vuejs.org/eol/",
    lines: [
      { line: "1", since: "2017-01" },
      { line: "2", since: "2024-01" },
    ],
  },
  {
    ecosystem: "npm",
    name: "angular",
    title: "AngularJS",
    depth: 1,
    // https://docs.angularjs.org/misc/version-support-status ("support officially ended as of January 2022")
    source: "https://docs.angularjs.org/misc/version-support-status",
    lines: [{ line: "1", since: "2022-01" }],
  },
];

/** The framework entry for a package, or null (names compared as the registry compares them). */
export function frameworkOf(ecosystem: PackageEcosystem, name: string): FrameworkEndOfLife | null {
  const wanted = normalisePackageName(ecosystem, name);
  return FRAMEWORK_END_OF_LIFE.find((f) => f.ecosystem === ecosystem && f.name === wanted) ?? null;
}

/** The end of support of a concrete version's release line, when it is in the table and on or before its date. */
export function frameworkEndOfLife(
  framework: FrameworkEndOfLife,
  version: string,
): { line: string; since: string } | null {
  const parts = /^v?(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!parts) return null;
  const line = framework.depth === 1 ? parts[1]! : parts[2] === undefined ? null : `${parts[1]}.${parts[2]}`;
  const found = line ? framework.lines.find((l) => l.line === line) : undefined;
  return found && found.since <= FRAMEWORK_END_OF_LIFE_TABLE_DATE.slice(0, 7) ? found : null;
}

/**
 * The one release line a requirement allows, as a version to judge, or null when it allows several lines or is a
 * minimum: `==2.0.13`, `2.0.*`, `~=2.0.1`, `>=2.0,<2.1` (PyPI); `2.6.14`, `^2.6.14`, `~1.8.0` (npm).
 */
export function pinnedLine(requirement: string | null, depth: 1 | 2): string | null {
  if (!requirement) return null;
  const req = requirement.replace(/\s+/g, "").replace(/;.*$/, "");
  const exact = /^(?:==|===|=)?v?(\d+(?:\.\d+)+)(?:\.\*|\.x)?$/.exec(req);
  if (exact) return exact[1]!;
  const wildcard = /^(?:==)?(\d+(?:\.\d+)?)\.(?:\*|x)$/.exec(req);
  if (wildcard && wildcard[1]!.split(".").length >= depth) return wildcard[1]!;
  const compatible = /^~=(\d+(?:\.\d+)+)$/.exec(req);
  if (compatible && compatible[1]!.split(".").length > depth) return compatible[1]!;
  const caret = /^\^(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(req);
  if (caret && depth === 1 && caret[1] !== "0") return caret[1]!;
  const tilde = /^~(\d+)\.(\d+)(?:\.\d+)?$/.exec(req);
  if (tilde) return `${tilde[1]}.${tilde[2]}`;
  const range = /^>=?(\d+(?:\.\d+)*),<(\d+(?:\.\d+)*)$|^<(\d+(?:\.\d+)*),>=?(\d+(?:\.\d+)*)$/.exec(req);
  if (range) {
    const low = (range[1] ?? range[4])!.split(".").map(Number);
    const high = (range[2] ?? range[3])!.split(".").map(Number);
    const next = depth === 1 ? [low[0]! + 1] : [low[0]!, (low[1] ?? 0) + 1];
    const sameLine =
      high.length <= next.length + 1 &&
      next.every((n, i) => high[i] === n) &&
      high.slice(next.length).every((n) => n === 0);
    return sameLine ? low.join(".") : null;
  }
  return null;
}
