// generic/duplicate-module: the same module kept in several places — one file name in several folders with
// near-identical content, reported once per group of copies.
import { isCompatibilityPath, isExamplePath } from "../../repo/path-kind.js";
import { arePerBackendVariants } from "../shared/backend-variants.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "generic/duplicate-module",
  area: "deadcode",
  severity: "medium",
  title: "Duplicate module: same file in two places",
  effortMinutes: 60,
  options: { minSimilarity: 0.7, minCodeLines: 15, mediumSharedLines: 100 },
  docs: {
    rationale:
      "Files with the same name and nearly the same content are one module maintained several times. Fixes land in one copy and not the others, and imports pick either.",
    impact:
      "Divergent behaviour between callers, bugs fixed only half-way, and confusion over which copy is authoritative.",
    fix: "Keep one copy, move what differs into it, point every import at it and delete the others.",
    example: {
      language: "text",
      bad: "lib/integration/build_tool_orchestrator.ex\nlib/integration/platforms/build_tool_orchestrator.ex",
      good: "lib/integration/build_tool_orchestrator.ex  # the only copy",
    },
  },
  notes: [
    "Groups come from the file-twins facts, the one definition of a whole file kept twice that `deadcode/clone-class` leaves to this rule: same-named production code files of at least 15 code lines whose distinct, whitespace-folded code lines are at least 70% shared (Jaccard), linked transitively. Each group is reported once at its first path with the other copies as related locations.",
    "Medium when the copies share at least `mediumSharedLines` (100) lines of code: a module, not a helper, maintained twice. Smaller copies, copies in examples, docs, scripts and tools, one module written once per database or storage backend (the same file under sibling folders such as `mysql/`, `postgres/`, `sqlite/`), and copies kept for compatibility (one copy under `compat/`, `legacy/`, `shims/`, `backports/`, `polyfills/` or a `*-deprecated/` folder: frozen for old callers on purpose) are low.",
    "`minSimilarity` (0.7) and `minCodeLines` (15) can raise the facts' thresholds (a group is reported only when its copies are at least that alike and that long), not lower them.",
    "Not compared: files under 15 code lines, test files and fixtures, migrations, generated files, translations, tool configuration repeated per package (`*.config.js`, `.eslintrc.js`, `setup.py`), framework convention files (`loading.tsx`, `error.tsx`) and snapshots named by a version number (`v/2.ts`), which are alike on purpose.",
  ],
  check({ facts, options, report }) {
    for (const group of facts.fileTwins?.groups ?? []) {
      if (group.alikeByDesign) continue;
      const [first, ...others] = group.files;
      if (!first) continue;
      // The facts group files from 70% alike and 15 code lines up; these options can only ask for more.
      if (
        group.similarityToFirst < Number(options.minSimilarity) ||
        group.files.some((file) => file.codeLines < Number(options.minCodeLines))
      )
        continue;
      const paths = group.files.map((file) => file.path);
      const auxiliary = paths.every((path) => isExamplePath(path) || /(^|\/)(scripts?|tools)\//.test(path));
      const copies = others.map((other) => other.path);
      report({
        path: first.path,
        line: 1,
        message: `${first.path} (${first.codeLines} lines of code) is copied in ${copies.length === 1 ? copies[0] : `${copies.length} places (${copies.join(", ")})`}: ${group.sharedLines} code lines are in every copy${others.length === 1 ? ` (${Math.round(group.similarityToFirst * 100)}% of their lines)` : ""}`,
        snippet: paths.join("\n"),
        related: copies.map((path) => ({ path, startLine: 1, endLine: 1 })),
        severity:
          group.sharedLines >= Number(options.mediumSharedLines) &&
          !auxiliary &&
          !arePerBackendVariants(paths) &&
          !paths.some((path) => isCompatibilityPath(path))
            ? "medium"
            : "low",
        key: `${group.name}:${paths.join(",")}`,
      });
    }
  },
});
