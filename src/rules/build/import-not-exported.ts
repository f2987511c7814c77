// node/import-not-exported: `import { x } from "./mod"` where ./mod is this repository's module and exports no x.
import { oneOffKind } from "../../facts/one-off-code.js";
import { defineRule } from "../define-rule.js";

/**
 * A script or migration a person runs by hand (`scripts/seed.ts`, `migrations/…`): no release builds or runs it, so a
 * broken import there fails only that run. `bin/` is left out: a package's bin/ is the command it ships.
 */
function runsByHand(path: string): boolean {
  const kind = oneOffKind(path);
  return (kind === "script" || kind === "migration") && !/(^|\/)bin\//.test(path);
}

export default defineRule({
  id: "node/import-not-exported",
  area: "build",
  severity: "high",
  title: "Does not compile: import of a name the module does not export",
  languages: ["typescript", "tsx", "javascript"],
  effortMinutes: 15,
  docs: {
    rationale:
      "Importing a name that the repository's own module does not export is a TypeScript error (`Module './x' has no exported member 'y'`) and, in native ES modules, a SyntaxError when the module loads; bundlers that skip type checking replace it with `undefined`, which fails later, where it is used.",
    impact:
      "The type check and every build that runs it fail; where nothing checks, the code path breaks at run time on a value that is silently `undefined`.",
    fix: "Import a name the module does export (check the spelling and whether it was renamed or moved), export the declaration from the module, or import it from the module that now holds it.",
    example: {
      bad: "// date.ts exports formatTime only\nimport { formatDate } from './date';",
      good: "import { formatTime } from './date';",
    },
  },
  notes: [
    "Only imports that resolve to a file of this repository are checked: relative paths with TypeScript's extension rules (`./x.js` for `x.ts`, folders with an index), tsconfig `paths` and `baseUrl` (the nearest configuration's), and workspace packages through their `exports`, `main` or source folder. Named imports, default imports and `export { x } from` re-exports are looked up in the target's exports, following `export { } from` and `export *` chains.",
    "A name stays undecided, and is not reported, when the target's exports cannot be listed: CommonJS (`module.exports`, `exports.x =`), `export =`, an ambient `declare module`, a syntax error, or an `export *` from a package outside the repository. Files that are not TS/JS (Vue, Svelte, Astro, MDX) are not checked. Names a declared Babel plugin adds to every module (`$imports` of babel-plugin-mockable-imports, the `__Rewire__` API of babel-plugin-rewire) count as exported.",
    "Severity is lowered to medium in test files and in scripts and migrations run by hand (`scripts/`, `migrations/`, not a package's `bin/`), which no release runs, and for types (`import type`, `{ type X }`, or a name the target declares as a non-exported interface or type alias): the type check fails but the program runs.",
  ],
  check({ facts, report }) {
    for (const reference of facts.nodeSymbols?.unresolved ?? []) {
      const local = reference.nearby[0]?.startsWith("local: ");
      const detail = local
        ? `${reference.scope} declares it but does not export it`
        : reference.nearby.length > 0
          ? `${reference.scope} exports ${reference.nearby.map((n) => `\`${n}\``).join(", ")}, not this name`
          : `${reference.scope} exports no such name`;
      const byHand = !reference.isTest && runsByHand(reference.path);
      report({
        path: reference.path,
        line: reference.line,
        message: reference.typeOnly
          ? `\`${reference.name}\` does not resolve: ${detail}, so the type check fails (the import is a type, erased at run time).`
          : `\`${reference.name}\` does not resolve: ${detail}, so the type check fails and the binding is undefined at run time${byHand ? " (in a script run by hand, which no release runs)" : ""}.`,
        key: reference.name,
        searched: reference.searched,
        confidence: reference.confidence,
        ...(reference.isTest || reference.typeOnly || byHand ? { severity: "medium" as const } : {}),
      });
    }
  },
});
