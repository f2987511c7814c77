// Facts only for what is there: an area's facts about an ecosystem the repository has no application of, that only
// say something is absent ("ruff configuration: none found" in a Go repository), are left out.
import type { AreaFactEntry } from "../facts/repo-facts.js";

/** Words of a fact's label that tie it to one ecosystem. */
const ECOSYSTEM_OF_LABEL: Array<[RegExp, string]> = [
  [/\b(python|ruff|mypy|pytest|pyproject|alembic|django|flask|fastapi)\b/i, "python"],
  [/\b(elixir|credo|dialyzer|mix|ecto|phoenix|sobelow)\b/i, "elixir"],
  [/\b(node|npm|pnpm|yarn|eslint|prettier|tsconfig|typescript|javascript|vitest|jest)\b/i, "node"],
  [/\b(go|golang|golangci|gofmt)\b/i, "go"],
  [/\b(rust|cargo|clippy)\b/i, "rust"],
];

/** Values that report an absence: "none found", "0 of 1 Python files", "0 test files / 5 source files". */
const ABSENCE = /^(none\b|not found|0 of \d|0 test files\b|no \w+ (found|configured))/i;

export function relevantFacts(
  facts: readonly AreaFactEntry[],
  ecosystems: ReadonlySet<string>,
): AreaFactEntry[] {
  return facts.filter((fact) => {
    if (!ABSENCE.test(fact.value.trim())) return true;
    const ecosystem = ECOSYSTEM_OF_LABEL.find(([pattern]) => pattern.test(fact.label))?.[1];
    return ecosystem === undefined || ecosystems.has(ecosystem);
  });
}
