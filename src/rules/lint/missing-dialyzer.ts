// elixir/missing-dialyzer: no Dialyzer set up (no dialyxir dependency and no `dialyzer:` project key).
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/missing-dialyzer",
  area: "lint",
  severity: "low",
  title: "No Dialyzer configuration",
  effortMinutes: 60,
  docs: {
    rationale:
      "Dialyzer is the type checker of the BEAM; without it `@spec`s are documentation only and contract violations surface in production.",
    impact:
      "Type errors between modules (wrong tuple shapes, nil passed where a struct is expected) are found only when the code runs.",
    fix: 'Add `{:dialyxir, "~> 1.4", only: [:dev, :test], runtime: false}`, a `dialyzer:` key (plt paths) in `project/0`, and run `mix dialyzer` in CI.',
    example: {
      bad: "def project, do: [app: :shop, deps: deps()]",
      good: 'def project, do: [app: :shop, deps: deps(), dialyzer: [plt_add_apps: [:mix], plt_file: {:no_warn, "priv/plts/dialyzer.plt"}]]',
      language: "elixir",
    },
  },
  applies: hasMixProject,
  check({ facts, report }) {
    const ex = facts.elixir;
    const dialyxir = ex.dependencies.declared.find((dep) => dep.name === "dialyxir");
    const configured = ex.projects.find((project) => project.dialyzerLine !== null);
    if (dialyxir || configured) return;
    report({
      message: "Neither a dialyxir dependency nor a `dialyzer:` project key was found",
      key: "missing-dialyzer",
      searched: `deps and project/0 keys of ${ex.projects.map((project) => project.path).join(", ")}`,
    });
  },
});
