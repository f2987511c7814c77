// generic/formatter-not-configured: an ecosystem of the repository with no code formatter configured or run in CI.
import type { RepoFacts } from "../../facts/repo-facts.js";
import { defineRule } from "../define-rule.js";

interface EcosystemFormatters {
  /** facts.apps ecosystem. */
  ecosystem: "elixir" | "python" | "node";
  /** Package names (declared dependencies) that are formatters. */
  packages: string[];
  /** What counts as configured locally, with a description for `searched`. */
  configured: (facts: RepoFacts) => string | null;
  searched: string;
  fix: string;
}

const FORMATTERS: EcosystemFormatters[] = [
  {
    ecosystem: "elixir",
    packages: ["styler", "quokka"],
    configured: (facts) => (facts.elixir?.formatter ? facts.elixir.formatter.path : null),
    searched:
      ".formatter.exs, formatter dependencies (styler, quokka), CI steps running `mix format --check-formatted`",
    fix: "Add a `.formatter.exs` (mix new writes one) and run `mix format --check-formatted` in CI.",
  },
  {
    ecosystem: "python",
    packages: ["black", "ruff", "yapf", "autopep8", "isort"],
    configured: (facts) => facts.python?.tools.find((t) => t.tool === "ruff")?.path ?? null,
    searched:
      "ruff configuration, formatter dependencies (black, ruff, yapf, autopep8), CI steps running a format check",
    fix: "Adopt `ruff format` (or black), configure it in pyproject.toml, and run `ruff format --check` in CI.",
  },
  {
    ecosystem: "node",
    packages: ["prettier", "@biomejs/biome", "dprint", "rome"],
    configured: (facts) => facts.node?.tools.find((t) => t.tool === "prettier")?.path ?? null,
    searched:
      "Prettier/Biome/dprint configuration and dependencies in every package.json, CI steps running a format check",
    fix: "Add Prettier (or Biome) with a config file and run `prettier --check .` in CI.",
  },
];

export default defineRule({
  id: "generic/formatter-not-configured",
  area: "build",
  severity: "low",
  title: "No code formatter configured or enforced",
  effortMinutes: 30,
  docs: {
    rationale:
      "Without a formatter, style is argued in review and diffs mix real changes with whitespace. A formatter configured in the repository and checked in CI settles it once.",
    impact: "Noisy diffs, slower reviews, and merge conflicts from reformatting.",
    fix: "Configure the ecosystem's standard formatter in the repository and check formatting in CI.",
    example: {
      language: "elixir",
      bad: "# no .formatter.exs, no format check in CI",
      good: '# .formatter.exs\n[inputs: ["{mix,.formatter}.exs", "{config,lib,test}/**/*.{ex,exs}"]]',
    },
    examples: [
      {
        language: "yaml",
        ecosystem: "node",
        bad: "# no Prettier or Biome config, no format check in CI",
        good: "# .prettierrc.json: {}\n- run: npx prettier --check .",
      },
      {
        language: "toml",
        ecosystem: "python",
        bad: "# no formatter configured",
        good: "# pyproject.toml\n[tool.ruff]\nline-length = 100\n# CI: ruff format --check .",
      },
      {
        language: "yaml",
        ecosystem: "go",
        bad: "# CI never checks gofmt",
        good: '- run: test -z "$(gofmt -l .)"',
      },
    ],
  },
  notes: [
    "Judged per ecosystem that has an application manifest: Elixir (.formatter.exs), Python (ruff configuration or a formatter dependency), TypeScript/JavaScript (Prettier/Biome/dprint). A format check in CI counts as enforcement on its own. Go is not judged: gofmt ships with the toolchain.",
  ],
  applies(facts) {
    const present = new Set((facts.apps ?? []).map((app) => app.ecosystem));
    return FORMATTERS.some((f) => present.has(f.ecosystem))
      ? true
      : { status: "not-applicable", reason: "no Elixir, Python or TS/JS application" };
  },
  check({ facts, report }) {
    const present = new Set(facts.apps.map((app) => app.ecosystem));
    for (const formatter of FORMATTERS) {
      if (!present.has(formatter.ecosystem)) continue;
      if (formatter.configured(facts)) continue;
      const declared = (facts.dependencies?.declared ?? []).some((d) =>
        formatter.packages.includes(d.name.toLowerCase()),
      );
      const gate = (facts.ci?.gates ?? []).some(
        (g) => g.kind === "format" && (g.ecosystem === formatter.ecosystem || g.ecosystem === null),
      );
      if (declared || gate) continue;
      report({
        message: `The ${formatter.ecosystem} code has no formatter configured and CI checks no formatting`,
        searched: formatter.searched,
        fix: formatter.fix,
        key: formatter.ecosystem,
      });
    }
  },
});
