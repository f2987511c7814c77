// generic/uncompiled-folder: a folder of source code the build never compiles (outside elixirc_paths, skipped by the
// go tool, an old copy or backup nothing references), reported once with its size. Its files are left out of every
// other check, so a dead copy does not multiply the report's findings.
import { defineRule } from "../define-rule.js";

/** From this many lines a dead copy is a maintenance risk worth planning, not only hygiene. */
const MEDIUM_FROM_LINES = 2000;

export default defineRule({
  id: "generic/uncompiled-folder",
  area: "deadcode",
  severity: "low",
  title: "Folder of code the build never compiles",
  effortMinutes: 30,
  docs: {
    rationale:
      "A folder the build leaves out (an old copy of lib/, a backup, a folder outside the compiler's paths) looks like live code: searches find it, reviewers read it, and fixes land in the wrong copy.",
    impact:
      "Time lost reading and editing code that never runs; a fix applied to the dead copy leaves the live bug in place, and audits of the repository count its problems as if they shipped.",
    fix: "Delete the folder (git history keeps it), or add it to the build if it is meant to run.",
    example: {
      language: "elixir",
      bad: '# mix.exs\ndefp elixirc_paths(_), do: ["lib"]\n# lib_old/shop/orders.ex — a copy of lib/shop/orders.ex from before the rewrite',
      good: "# lib_old/ deleted; `git log -- lib_old` still has it",
    },
    examples: [
      {
        language: "text",
        bad: "internal/\ninternal_old/   # the previous implementation, imported by nothing",
        good: "internal/",
      },
    ],
  },
  notes: [
    "Decided in the repository layer: `.ex` files outside the `elixirc_paths` of their mix.exs (every environment's list counts), `*_test.exs` outside `test_paths`, Go folders the go tool skips (`_name`, `.name`), and folders named like old copies or backups (`*_old`, `old/`, `backup/`, `deprecated/`, `archive/` …) or excluded by a tsconfig that no other file references.",
    "Go `testdata/` and `_example`-style folders are test data: left out of the analysis and listed under What Was Not Analysed, not reported here.",
    `Medium from ${MEDIUM_FROM_LINES} lines of code, low below.`,
  ],
  check({ facts, report }) {
    for (const folder of facts.repo.scope.excluded) {
      if (folder.kind !== "not-compiled") continue;
      report({
        title: `Folder of code the build never compiles: ${folder.path}/`,
        message: `${folder.path}/ holds ${folder.files} file(s), ${folder.lines} lines of code, that the build never compiles: ${folder.reason}`,
        key: `uncompiled:${folder.path}`,
        snippet: "",
        severity: folder.lines >= MEDIUM_FROM_LINES ? "medium" : "low",
        searched: `${folder.path}/ (${folder.reason}); its files are left out of every other check`,
      });
    }
  },
});
