// generic/unused-export: exports and public functions of a module that nothing else in the repository uses,
// one finding per module listing them (knip's "unused exports", vulture's unused functions, Elixir's
// public functions no other module calls).
import { symbolIndexes, type SymbolEcosystem } from "../../facts/symbols/index.js";
import type { UnreferencedDefinition } from "../../facts/symbols/model.js";
import { compareText } from "../../facts/symbols/model.js";
import { defineRule } from "../define-rule.js";

const ECOSYSTEMS: readonly SymbolEcosystem[] = ["node", "python", "elixir"];

/** How many names a message lists before "and N more". */
const LISTED = 8;

export default defineRule({
  id: "generic/unused-export",
  area: "deadcode",
  severity: "low",
  title: "Unused exports: nothing else in the repository uses them",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["typescript", "tsx", "javascript", "python", "elixir"],
  docs: {
    rationale:
      "A name a module offers to the rest of the code that no other file uses is either dead code or an interface kept for nobody; it still has to be read, tested and kept compiling.",
    impact:
      "Readers take it for live behaviour and keep it in step with the code around it; unused exports also keep the modules they import alive.",
    fix: "Delete the unused names (or stop exporting them when the module still uses them itself), after checking nothing outside the repository imports them.",
    example: {
      language: "typescript",
      bad: "// src/lib/format.ts: no file imports formatLegacy\nexport function formatLegacy(value: number): string {\n  return value.toFixed(2);\n}\nexport function format(value: number): string {\n  return value.toFixed(1);\n}",
      good: "// src/lib/format.ts\nexport function format(value: number): string {\n  return value.toFixed(1);\n}",
    },
    examples: [
      {
        language: "python",
        bad: "# shop/pricing.py: no module imports or names legacy_price\ndef legacy_price(cents):\n    return cents / 100\n",
        good: "# legacy_price deleted",
      },
      {
        language: "elixir",
        bad: "defmodule Shop.Pricing do\n  # no module calls Shop.Pricing.legacy_price/1\n  def legacy_price(cents), do: cents / 100\nend",
        good: "defmodule Shop.Pricing do\nend",
      },
    ],
  },
  notes: [
    "One finding per module, listing every unused name with its line. Low: an unused export costs reading time, not correctness.",
    "TS/JS: an export counts as used when a file an entry point reaches imports it by name, by namespace (`import * as`), by `require()` or `import()`, or re-exports it (`export { a } from`, `export *`) from a module whose own export is used; or when its own file uses it. Entry files (package.json `main`/`exports`/`bin`, framework routes and pages, tests, configuration, stories, `.d.ts`) offer their exports to someone outside, and files with CommonJS or `export =` exports are undecided: neither is reported.",
    "Python: a top-level public function (or `__all__` member) of an application's module counts as used when its name occurs in any other file of the repository (code, templates, configuration, Dockerfiles, scripts) or more than once in its own file. Decorated functions (routes, tasks, signal receivers, fixtures), tests, migrations, settings, `__init__.py`, scripts and repositories that publish a library are not checked.",
    "Elixir: a public function (`def`, `defmacro`, `defguard`, `defdelegate`) of an application's module counts as used when its name occurs in any other file (calls, imports, router actions, `&fun/1` captures, atoms, templates, configuration) or beyond its own definition in its file. Callbacks (`@impl`, and the well-known callback names of OTP, Plug, Phoenix, Ecto and Oban), protocol implementations, tests, scripts, Mix tasks and modules a dynamic call (`apply/3`, `Module.concat`) may reach are not checked, nor libraries (a `package:` in mix.exs), whose public functions are their API.",
  ],
  check({ facts, report }) {
    for (const symbols of symbolIndexes(facts, ECOSYSTEMS)) {
      const byModule = new Map<string, UnreferencedDefinition[]>();
      for (const definition of symbols.unreferenced) {
        if (definition.kind !== "export" && definition.kind !== "function") continue;
        const key = `${definition.path}\0${definition.scope}`;
        byModule.set(key, [...(byModule.get(key) ?? []), definition]);
      }
      for (const group of [...byModule.values()]) {
        const sorted = group.sort((a, b) => a.line - b.line || compareText(a.name, b.name));
        const first = sorted[0];
        if (!first) continue;
        const listed = sorted
          .slice(0, LISTED)
          .map((definition) => `\`${definition.name}\` (line ${definition.line})`)
          .join(", ");
        const more = sorted.length > LISTED ? ` and ${sorted.length - LISTED} more` : "";
        const what = first.kind === "export" ? "export" : "public function";
        const owner = first.scope === first.path ? first.path : `${first.scope} (${first.path})`;
        report({
          path: first.path,
          line: first.line,
          endLine: first.endLine,
          message:
            sorted.length === 1
              ? `${owner}: the ${what} ${listed} is used nowhere else in the repository.`
              : `${owner}: ${sorted.length} ${what}s are used nowhere else in the repository: ${listed}${more}.`,
          key: first.scope,
          searched: first.searched,
          confidence: "heuristic",
        });
      }
    }
  },
});
