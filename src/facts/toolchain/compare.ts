// Comparing declared runtime versions at the precision both sides give: "20" agrees with "20.11.1",
// "3.11" does not agree with "3.12".
import semver from "semver";
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

/**
 * A declared range (engines.node, requires-python, mix.exs `elixir:`) rewritten as an npm semver range, or null
 * when it is written in a form not read here (then nothing is judged against it).
 */
export function semverRange(range: string): string | null {
  const text = range.trim();
  if (text === "") return null;
  // Elixir requirements: `~> 1.15` (>= 1.15, < 2), `~> 1.15.2` (>= 1.15.2, < 1.16), joined by `and` / `or`.
  if (/~>|\band\b|\bor\b|==/.test(text) && !/[,|]/.test(text)) {
    const alternatives = text.split(/\s+or\s+/).map((part) =>
      part
        .split(/\s+and\s+/)
        .map((clause) => clauseToSemver(clause.trim(), "elixir"))
        .join(" "),
    );
    return valid(alternatives.join(" || "));
  }
  // PEP 440 specifiers: `>=3.10,<3.13`, `~=3.11`, `==3.12.*`.
  if (text.includes(",") || /~=|===?/.test(text) || /^[<>=!]=?\s*\d/.test(text)) {
    if (text.includes("||")) return valid(text);
    return valid(
      text
        .split(",")
        .map((clause) => clauseToSemver(clause.trim(), "pep440"))
        .filter((clause) => clause !== "")
        .join(" "),
    );
  }
  return valid(text);
}

function clauseToSemver(clause: string, style: "elixir" | "pep440"): string {
  const m = /^(~>|~=|===?|!=|>=|<=|>|<)?\s*v?([\d.]+(?:\.\*)?)$/.exec(clause);
  if (!m) return "\u0000"; // Not a form read here: makes the whole range invalid.
  const [, op = "", version = ""] = m;
  const parts = version.replace(/\.\*$/, "").split(".").map(Number);
  if (op === "~>" || op === "~=") {
    // Both mean: at least this version, below the next release of the second-to-last component.
    if (parts.length < 2) return "\u0000";
    const upper = parts.slice(0, -1);
    upper[upper.length - 1] = (upper[upper.length - 1] ?? 0) + 1;
    return `>=${full(parts)} <${full(upper)}`;
  }
  if (op === "!=") return style === "pep440" ? "" : "\u0000"; // An exclusion never decides whether a pin fits.
  if (op === "==" || op === "===" || op === "") return version.replace(/\.\*$/, "");
  return `${op}${full(parts)}`;
}

const full = (parts: number[]): string => [...parts, 0, 0].slice(0, 3).join(".");

function valid(range: string): string | null {
  if (range.includes("\u0000")) return null;
  return semver.validRange(range) ? range : null;
}

/**
 * Whether a range admits a version given at any precision (`20` stands for every 20.x): true when some version
 * both name exists; null when either cannot be read.
 */
export function rangeAdmits(range: string, version: string): boolean | null {
  const concrete = leadingVersion(version);
  const spec = semverRange(range);
  if (!concrete || !spec) return null;
  try {
    return semver.intersects(spec, concrete.split(".").length < 3 ? `${concrete}.x` : concrete);
  } catch {
    return null;
  }
}
