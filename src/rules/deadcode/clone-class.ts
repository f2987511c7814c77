// deadcode/clone-class: one fragment of code copied to several places (identical or with renamed identifiers).
import type { ClonePlace } from "../../facts/clones/index.js";
import { placesText } from "../../facts/clones/index.js";
import type { Severity } from "../../model/severity.js";
import { arePerBackendVariants } from "../shared/backend-variants.js";
import { areVersionedCopies } from "../shared/versioned-copies.js";
import { defineRule } from "../define-rule.js";

/** Places that are not production code: tests, fixtures, test data, generated folders, migrations (folders, files). */
const NON_PRODUCTION =
  /(^|\/)(fixtures?|__fixtures__|testdata|test-data|migrations?|alembic\/versions|generated)\/|(^|\/)[^/]*migrations?[^/]*$/i;

export default defineRule({
  id: "deadcode/clone-class",
  area: "deadcode",
  severity: "low",
  title: "Copy-pasted code: one fragment in several places",
  effortMinutes: 45,
  options: {
    minLines: 20,
    minTokens: 100,
    mediumLines: 100,
    mediumTokens: 400,
    mediumCopies: 4,
    mediumCopyLines: 50,
    mediumCopyTokens: 250,
    testCopies: "exclude",
  },
  docs: {
    rationale:
      "A fragment of logic copied to several places is one piece of behaviour maintained several times: a fix or a rule change has to be found and repeated in every copy, and copies drift apart silently.",
    impact:
      "Bugs fixed in one copy stay in the others; reviewers cannot tell which copy is the authority; the code base grows by the size of every copy.",
    fix: "Extract the fragment into one function or module in the nearest folder all copies share, give the differing identifiers and literals as parameters, and call it from every place.",
    example: {
      language: "typescript",
      bad: "// orders/total.ts and billing/total.ts\nlet subtotal = 0;\nfor (const line of lines) subtotal += line.unitPrice * line.quantity;\nconst tax = Math.round(subtotal * rate * 100) / 100;\n// ...20 more identical lines in each file",
      good: "// shared/totals.ts\nexport function totalWithTax(lines: Line[], rate: number): number { /* the one copy */ }\n// orders/total.ts, billing/total.ts\nconst total = totalWithTax(lines, rate);",
    },
  },
  notes: [
    "Clone classes come from the clones facts (tokens without whitespace and comments; identifiers and literals normalised for renamed copies; thresholds in the config key `duplication`). A class is reported when at least two of its places are production code and it spans at least `minLines` lines and `minTokens` tokens.",
    'Severity is low; medium for large classes: at least `mediumLines` lines and `mediumTokens` tokens, or at least `mediumCopies` copies of `mediumCopyLines` lines and `mediumCopyTokens` tokens (tokens too: markup, comments and declarations spread over many lines are not much copied code). Copies that are one module written once per database or storage backend (the same file under sibling folders such as `mysql/`, `postgres/`, `sqlite/`) are low, and so are the numbered versions of one file a web server serves (`public/count.js`, `public/count.v3.js`: pages embed the URL of each version, so each stays as it was published). Copies in ORM schema files that each declare tables of another SQL dialect (Drizzle `mysqlTable`, `pgTable`, `sqliteTable`) are not reported: the table builders of each dialect are distinct, so the declarations cannot be shared. Copies in tests, fixtures, generated folders and migrations (folders, and files named after migrations) are left out (`testCopies: "exclude"`) or reported low (`testCopies: "low"`).',
    "Copies in TypeScript declaration files (`.d.ts`: overload signatures, hand-written typings) are left out like test copies: they declare, nothing runs.",
    "Renamed copies (type-2 clones) are reported as heuristic: the same shape of code with other names is usually, not always, one piece of logic.",
    "Data (tables, lists, markup: fragments where under a tenth of the tokens are keywords, comparisons or calls) is not reported: repeated records are the shape of data, not copied logic. Such copies, and copied docstrings, still count in the duplicated-lines figure of the clones facts, as jscpd counts them.",
    "Tokens are code tokens: the words of Python docstrings and other triple-quoted strings count in the duplicated lines but not towards `minTokens`, `mediumTokens` or `mediumCopyTokens`, so a copied docstring over a few lines of code is not reported.",
    "A class is reported once where it overlaps a larger one already reported; renamed copies that follow each other in one file (a run of similar blocks: closures in a table, the arms of a switch) are left out.",
    "Whole files copied under the same name (the file-twins facts: same-named files with at least 70% of their code lines in common) are left to `generic/duplicate-module`, so each is reported once.",
  ],
  check({ facts, options, report }) {
    const clones = facts.clones;
    if (!clones) return;
    // Whole files kept twice are generic/duplicate-module's, by the one definition in the file-twins facts.
    const wholeFileGroups = (facts.fileTwins?.groups ?? []).map(
      (group) => new Set(group.files.map((file) => file.path)),
    );
    const minLines = Number(options.minLines);
    const schemaDialects = new Map<string, Set<string>>();
    for (const table of facts.tsOrm?.tables ?? []) {
      if (table.dialect === null) continue;
      const dialects = schemaDialects.get(table.path) ?? new Set<string>();
      dialects.add(table.dialect);
      schemaDialects.set(table.path, dialects);
    }
    const reported: ClonePlace[] = [];
    const minTokens = Number(options.minTokens);
    for (const cloneClass of clones.classes) {
      // Docstring words count in the duplicated lines (as jscpd counts them) but are not copied logic.
      const codeTokens = cloneClass.tokens - cloneClass.proseTokens;
      if (cloneClass.data || codeTokens < minTokens) continue;
      const production = cloneClass.places.filter((place) => isProduction(place));
      const testOnly = production.length < 2;
      if (testOnly && (options.testCopies !== "low" || cloneClass.places.length < 2)) continue;
      const places = testOnly ? cloneClass.places : production;
      if (wholeFileGroups.some((group) => places.every((place) => group.has(place.path)))) continue;
      // A run of similar blocks back to back in one file (closures in a table, the arms of a switch) is one
      // repeated shape, not copies spread apart: left out when renamed.
      if (cloneClass.kind === "renamed" && isRun(places)) continue;
      // The same tables declared once per SQL dialect (Drizzle `mysqlTable` in one file, `pgTable` in another):
      // each dialect's builders are distinct functions, so the declarations cannot be shared.
      if (arePerDialectSchemas(places, schemaDialects)) continue;
      // Classes come largest first; one with fewer than two places outside reported ones is the same copy again
      // (shifted, shorter, or with one more place).
      if (places.filter((place) => !overlapsReported(reported, place)).length < 2) continue;
      for (const place of places) reported.push(place);
      const first = places[0] as ClonePlace;
      // The shortest copy measures the class: one long place (a list spread over many lines) does not make it large.
      const shortest = Math.min(...places.map((place) => place.endLine - place.startLine + 1));
      const severity: Severity =
        !testOnly &&
        // One module written once per database dialect or storage driver is alike by design.
        !arePerBackendVariants(places.map((place) => place.path)) &&
        // Published versions of one served script (`count.js`, `count.v3.js`) stay as they were shipped.
        !areVersionedCopies(places.map((place) => place.path)) &&
        ((shortest >= Number(options.mediumLines) && codeTokens >= Number(options.mediumTokens)) ||
          (places.length >= Number(options.mediumCopies) &&
            shortest >= Number(options.mediumCopyLines) &&
            codeTokens >= Number(options.mediumCopyTokens)))
          ? "medium"
          : "low";
      const shown = { ...cloneClass, places };
      if (shortest < minLines) continue;
      const renamed = cloneClass.kind === "renamed";
      const folder = commonFolder(places.map((place) => place.path));
      report({
        path: first.path,
        line: first.startLine,
        endLine: first.endLine,
        severity,
        confidence: renamed ? "heuristic" : "certain",
        message: `${places.length} copies of a ${shortest}-line fragment (${codeTokens} tokens, ${renamed ? "with renamed identifiers or literals" : "identical"}): ${placesText(shown, 6)}`,
        related: places
          .slice(1)
          .map((place) => ({ path: place.path, startLine: place.startLine, endLine: place.endLine })),
        key: `${cloneClass.key}:${places.map((place) => place.path).join(",")}`,
        fix: `Extract the fragment once, in ${folder === "" ? "a module at the repository root" : `\`${folder}/\``} (the nearest folder all copies share), pass what differs as parameters, and call it from the ${places.length} places.`,
        effortMinutes: 30 + 10 * places.length,
      });
    }
  },
});

function overlapsReported(reported: readonly ClonePlace[], place: ClonePlace): boolean {
  return reported.some(
    (other) =>
      other.path === place.path && other.startLine <= place.endLine && place.startLine <= other.endLine,
  );
}

/**
 * True when every place is in a file declaring ORM tables of one SQL dialect, and the files name at least two
 * dialects with no dialect declared by two of them: one schema written once per dialect.
 */
function arePerDialectSchemas(
  places: readonly ClonePlace[],
  schemaDialects: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  const files = [...new Set(places.map((place) => place.path))];
  if (files.length < 2) return false;
  const seen = new Set<string>();
  for (const file of files) {
    const dialects = schemaDialects.get(file);
    if (dialects?.size !== 1) return false;
    const [dialect] = dialects;
    if (dialect === undefined || seen.has(dialect)) return false;
    seen.add(dialect);
  }
  return true;
}

/** All places in one file, each starting at most one line after the previous one ends. */
function isRun(places: readonly ClonePlace[]): boolean {
  for (let k = 1; k < places.length; k++) {
    const previous = places[k - 1] as ClonePlace;
    const place = places[k] as ClonePlace;
    if (place.path !== previous.path || place.startLine > previous.endLine + 2) return false;
  }
  return true;
}

/** Declaration files (`.d.ts`): signatures only, nothing that runs, so nothing to fix twice at run time. */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

function isProduction(place: ClonePlace): boolean {
  return !place.isTest && !NON_PRODUCTION.test(place.path) && !DECLARATION_FILE.test(place.path);
}

/** The deepest folder holding every path ("" for the repository root). */
function commonFolder(paths: readonly string[]): string {
  const folders = paths.map((path) => path.split("/").slice(0, -1));
  const first = folders[0] ?? [];
  let depth = 0;
  while (depth < first.length && folders.every((parts) => parts[depth] === first[depth])) depth++;
  return first.slice(0, depth).join("/");
}
