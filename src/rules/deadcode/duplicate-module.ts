// generic/duplicate-module: the same module kept in several places — one file name in several folders with
// near-identical content, reported once per group of copies.
import { isCodeLanguage } from "../../model/language.js";
import { isCompatibilityPath, isExamplePath, isMigrationPath } from "../../repo/path-kind.js";
import { arePerBackendVariants } from "../shared/backend-variants.js";
import { defineRule } from "../define-rule.js";
import { jaccard, normalisedLines } from "../shared/duplicate-files.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

/**
 * Files that are alike on purpose: tool configuration repeated per package, framework convention files,
 * translations, and frozen snapshots named by a version number (`v/2.ts`, `0003.py`).
 */
const ALIKE_BY_DESIGN = [
  /(^|\/)[^/]*\.config\.[cm]?[jt]s$/,
  /(^|\/)\.?[a-z]+rc\.[cm]?[jt]s$/,
  /(^|\/)(setup|manage|wsgi|asgi|conftest|noxfile)\.py$/,
  /(^|\/)(loading|error|not-found|global-error|template|default)\.[jt]sx?$/,
  /(^|\/)(locales?|i18n|lang|langs|translations?)\//,
  /(^|\/)v?\d+(\.\d+)*\.[a-z]+$/,
];

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
    "Similarity is the share of distinct, whitespace-folded code lines two files have in common (Jaccard). Files that reach `minSimilarity` with one another form a group, reported once at its first path with the other copies as related locations.",
    "Medium when the copies share at least `mediumSharedLines` (100) lines of code: a module, not a helper, maintained twice. Smaller copies, copies in examples, docs, scripts and tools, one module written once per database or storage backend (the same file under sibling folders such as `mysql/`, `postgres/`, `sqlite/`), and copies kept for compatibility (one copy under `compat/`, `legacy/`, `shims/`, `backports/`, `polyfills/` or a `*-deprecated/` folder: frozen for old callers on purpose) are low.",
    "Not compared: files under `minCodeLines`, test files and fixtures, migrations, generated files, translations, tool configuration repeated per package (`*.config.js`, `.eslintrc.js`, `setup.py`), framework convention files (`loading.tsx`, `error.tsx`) and snapshots named by a version number (`v/2.ts`), which are alike on purpose.",
  ],
  check({ facts, options, report, readText }) {
    const byName = new Map<string, typeof facts.files>();
    for (const file of facts.files) {
      if (file.isTest || !isCodeLanguage(file.language) || file.lines.code < Number(options.minCodeLines))
        continue;
      if (isMigrationPath(file.path) || ALIKE_BY_DESIGN.some((pattern) => pattern.test(file.path))) continue;
      const name = file.path.slice(file.path.lastIndexOf("/") + 1);
      byName.set(name, [...(byName.get(name) ?? []), file]);
    }
    const names = [...byName.keys()].sort(compareCodeUnits);
    for (const name of names) {
      const files = byName.get(name) ?? [];
      if (files.length < 2 || files.length > 20) continue;
      const lineSets = files.map((file) => normalisedLines(readText(file.path) ?? ""));
      for (const group of similarGroups(lineSets, Number(options.minSimilarity))) {
        const members = group.map((index) => ({ file: files[index], lines: lineSets[index] }));
        const [first, ...others] = members;
        if (!first?.file || !first.lines) continue;
        const shared = sharedLines(members.map((member) => member.lines ?? new Set<string>()));
        const similarity = Math.min(
          ...others.map((other) => jaccard(first.lines ?? new Set(), other.lines ?? new Set())),
        );
        const auxiliary = members.every(
          (member) =>
            member.file &&
            (isExamplePath(member.file.path) || /(^|\/)(scripts?|tools)\//.test(member.file.path)),
        );
        const copies = others.map((other) => other.file?.path ?? "").filter(Boolean);
        report({
          path: first.file.path,
          line: 1,
          message: `${first.file.path} (${first.file.lines.code} lines of code) is copied in ${copies.length === 1 ? copies[0] : `${copies.length} places (${copies.join(", ")})`}: ${shared} code lines are in every copy${others.length === 1 ? ` (${Math.round(similarity * 100)}% of their lines)` : ""}`,
          snippet: members.map((member) => member.file?.path ?? "").join("\n"),
          related: copies.map((path) => ({ path, startLine: 1, endLine: 1 })),
          severity:
            shared >= Number(options.mediumSharedLines) &&
            !auxiliary &&
            !arePerBackendVariants(members.map((member) => member.file?.path ?? "")) &&
            !members.some((member) => isCompatibilityPath(member.file?.path ?? ""))
              ? "medium"
              : "low",
          key: `${name}:${[first.file.path, ...copies].join(",")}`,
        });
      }
    }
  },
});

/** Groups of files (indexes) linked by pairwise similarity at or above the threshold, in path order. */
function similarGroups(lineSets: ReadonlyArray<Set<string>>, minSimilarity: number): number[][] {
  const groupOf = lineSets.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (groupOf[root] !== root) root = groupOf[root] ?? root;
    return root;
  };
  for (let i = 0; i < lineSets.length; i++) {
    for (let j = i + 1; j < lineSets.length; j++) {
      const a = lineSets[i];
      const b = lineSets[j];
      if (!a || !b || jaccard(a, b) < minSimilarity) continue;
      const rootA = find(i);
      const rootB = find(j);
      if (rootA !== rootB) groupOf[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
    }
  }
  const groups = new Map<number, number[]>();
  lineSets.forEach((_, index) => {
    const root = find(index);
    groups.set(root, [...(groups.get(root) ?? []), index]);
  });
  return [...groups.values()].filter((group) => group.length > 1);
}

/** Lines present in every copy. */
function sharedLines(sets: ReadonlyArray<Set<string>>): number {
  const [first, ...rest] = sets;
  if (!first) return 0;
  let shared = 0;
  for (const line of first) if (rest.every((set) => set.has(line))) shared++;
  return shared;
}
