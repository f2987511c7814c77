// generic/unused-module: a module (or source file) that nothing in the repository names, and no entry point.
import { symbolIndexes, type SymbolEcosystem } from "../../facts/symbols/index.js";
import { defineRule } from "../define-rule.js";

const ECOSYSTEMS: readonly SymbolEcosystem[] = ["elixir", "node"];

export default defineRule({
  id: "generic/unused-module",
  area: "deadcode",
  severity: "low",
  title: "Unused module: nothing references it",
  effortMinutes: 15,
  confidence: "heuristic",
  languages: ["elixir", "typescript", "tsx", "javascript"],
  docs: {
    rationale:
      "A module that no code, configuration, template or route names is dead weight: it is compiled, shipped and maintained, and readers assume it matters.",
    impact:
      "Time spent reading and updating code nothing runs; dead modules also keep their dependencies alive.",
    fix: "Delete it after checking nothing outside the repository (an interactive shell, a deploy script, runtime configuration, another repository) names it; if it is an entry point, register it where the framework looks.",
    example: {
      language: "elixir",
      bad: "defmodule Shop.LegacyImporter do # named nowhere else\n  def run(path), do: File.read!(path)\nend",
      good: "# deleted",
    },
    examples: [
      {
        language: "typescript",
        bad: "// src/lib/legacy-format.ts: no file imports it, and no entry point names it\nexport function formatLegacy(value: number): string {\n  return value.toFixed(2);\n}",
        good: "// src/lib/legacy-format.ts deleted; git history keeps it",
      },
    ],
  },
  notes: [
    "A module counts as referenced when any other file of the repository (code, configuration, templates) names it in full, by an alias-able suffix (`User` for `MyApp.Accounts.User`) or as the namespace of another name, or when its own file names it more than once.",
    "Tests, `.exs` scripts, `priv/` and `config/` files, Mix tasks, protocol implementations and the modules that contain them, and modules a framework finds by name (a controller's `…HTML`/`…JSON`/`…View`, layouts, error views) are entry points. Code can still name a module in ways no search sees (a string in runtime configuration, `Module.concat`), so the finding is heuristic.",
    "TS/JS: a file is used when an entry point reaches it through imports, re-exports, `require()`, `import()` or `new URL(…, import.meta.url)`, resolved with TypeScript's extension rules, tsconfig `paths`/`baseUrl` and workspace packages, or through the imports of Vue, Svelte, Astro, MDX and HTML files. Entry points are the files package.json names (`main`, `module`, `exports`, `bin`, scripts), files and globs named in tool configuration (`*.config.*`, `.storybook/main`), HTML script tags, framework conventions (Next.js `app/` and `pages/`, Remix and SvelteKit routes, Nuxt's auto-imported folders, `src/pages/`), tests, stories, type declarations, scripts and conventional entry names (`index`, `main`, `server`, `worker`…).",
    "A file that a computed `import()`/`require()`, `import.meta.glob` or `require.context` may load (every file under the path's static start) is undecided, never unused. When more than a quarter of the files (and more than five) look unreachable, or no file of a workspace package is reached, the entry points were not recognised, and nothing is reported there.",
  ],
  check({ facts, report }) {
    for (const symbols of symbolIndexes(facts, ECOSYSTEMS)) {
      for (const definition of symbols.unreferenced) {
        if (definition.kind !== "module" && definition.kind !== "file") continue;
        report({
          path: definition.path,
          line: definition.line,
          endLine: definition.line,
          message: `${definition.kind === "module" ? `Module \`${definition.name}\`` : `File \`${definition.name}\``} is referenced nowhere in the repository and is no entry point.`,
          key: definition.name,
          searched: definition.searched,
          confidence: definition.confidence,
        });
      }
    }
  },
});
