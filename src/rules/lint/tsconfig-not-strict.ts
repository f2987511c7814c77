// node/tsconfig-not-strict: a tsconfig whose effective options (after `extends`) do not turn on `strict`.
import { isObject, parseJsonc } from "../../facts/node/jsonc.js";
import type { TsConfigFacts } from "../../facts/node/tooling.js";
import { isToolingPath } from "../../facts/node/ast.js";
import { isTestPath } from "../../repo/path-kind.js";
import { lineStartOffset, unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/tsconfig-not-strict",
  area: "lint",
  severity: "medium",
  title: "tsconfig without strict mode",
  effortMinutes: 240,
  confidence: "certain",
  docs: {
    rationale:
      "Without `strict`, TypeScript lets implicit `any`, unchecked null/undefined and unsound function types through. Most runtime TypeErrors in TS code are exactly what strictNullChecks would have caught.",
    impact:
      "`Cannot read properties of undefined` crashes in production that the compiler could have prevented, and types that give false confidence during refactors.",
    fix: 'Set `"strict": true` in compilerOptions (or extend a strict base such as @tsconfig/strictest); fix errors file by file, using `// @ts-expect-error` sparingly while migrating.',
    example: {
      language: "json",
      bad: '{ "compilerOptions": { "target": "ES2022" } }',
      good: '{ "compilerOptions": { "target": "ES2022", "strict": true } }',
    },
  },
  notes: [
    "`extends` is followed inside the repository; configs extending a package (e.g. @tsconfig/node20) without setting strict themselves are not judged, since the base is not available offline.",
    'A ready-to-apply patch turns `"strict": false` into `"strict": true` where it is set (in the config itself or in the local base it inherits it from), or, when strict is set nowhere, inserts `"strict": true` as the first entry of the compilerOptions of the root of its chain of local bases (so a base and the configs extending it share one patch); none when that config has no compilerOptions of its own (extends-only) or they are not a plain object, and none when an option of the strict family (noImplicitAny, strictNullChecks, …) is explicitly false (a deliberate partial opt-out that strict would not override). The patch only flips the switch: the type errors strict mode then reports are the real work (hence the effort estimate).',
    'Solution-style configs (`"files": []` with references, or a file of only `references`), files with no key tsc reads (only another tool\'s settings, such as ESLint\'s `parserOptions`), configs with both noImplicitAny and strictNullChecks on, and configs under test/fixture paths are skipped; test-only configs (tsconfig.spec.json, tsconfig.test.json), configs that only compile build configuration (`"include": ["vite.config.ts"]`, as tsconfig.node.json does) and configs under scripts/, examples/, cypress/, e2e/ … are lowered to low.',
    "A config whose folder holds JavaScript and no TypeScript (no .ts/.tsx/.mts/.cts file, nor a Vue, Svelte or Astro component) and that does not turn on `checkJs` type-checks nothing, so it is not judged: a JavaScript folder whose tsconfig only serves allowJs transpiling or the editor.",
    "A config with a name other than `tsconfig.json` that nothing selects (no other tsconfig extends or references it; no package.json script, CI file, Makefile, Dockerfile or tool configuration names it) governs no code and is not judged: `tsc` and editors only pick up `tsconfig.json` on their own.",
    "A `tsconfig.json` with no files or include that no config extends compiles only the files no nearer `tsconfig.json` claims: when every other folder with TypeScript has its own (a workspace root beside its packages), it is judged by what is left: low when that is only scripts, tooling and tests (`scripts/seed.ts`).",
    "A base config that only other tsconfigs name, in their `extends` (`tsconfig.base.json`: no script, tool or editor compiles it on its own), is judged by its heirs: not reported when every config extending it enables strict (or noImplicitAny and strictNullChecks) itself.",
    'A config that inherits the setting from a local base reported itself (`tsconfig.app.json` extending a `tsconfig.json` that sets `"strict": false`) is not reported again: the base\'s finding names the configs that extend it.',
  ],
  applies: (facts) =>
    facts.node && facts.node.tsconfigs.length > 0
      ? true
      : { status: "not-applicable", reason: "no tsconfig.json" },
  check({ facts, report, readText }) {
    const byPath = new Map(facts.node.tsconfigs.map((ts) => [ts.path, ts] as const));
    const judged = facts.node.tsconfigs.filter((ts) => {
      if (ts.solution || ts.foreign || !ts.selected || isTestPath(ts.path)) return false;
      const options = ts.compilerOptions;
      if (options.strict === true) return false;
      if (options.strict === undefined && ts.externalBase) return false;
      return !(options.noImplicitAny === true && options.strictNullChecks === true);
    });
    // Configs another one extends: a base judged for what its heirs compile, not for its own folder.
    const bases = new Set(facts.node.tsconfigs.flatMap((ts) => ts.extends));
    const configDirs = new Set(
      facts.node.tsconfigs.filter((ts) => /(^|\/)tsconfig\.json$/.test(ts.path)).map((ts) => dirOf(ts.path)),
    );
    const typescript = facts.files.filter(
      (file) => file.language === "typescript" || file.language === "tsx",
    );
    const reported = new Set(judged.map((ts) => ts.path));
    // The config a non-strict setting comes from: where `strict: false` is written, or the root of the local chain.
    const origin = (ts: TsConfigFacts): string => {
      const at = ts.compilerOptions.strict === false ? ts.optionSources.strict?.path : undefined;
      if (at) return at;
      let root = ts;
      for (let base = soleBase(root, byPath); base && reported.has(base.path); base = soleBase(root, byPath))
        root = base;
      return root.path;
    };
    const extending = new Map<string, string[]>();
    for (const ts of judged) {
      const from = origin(ts);
      if (from !== ts.path && reported.has(from))
        extending.set(from, [...(extending.get(from) ?? []), ts.path]);
    }
    // Files a TypeScript config could type-check: TypeScript itself and components whose scripts may be TypeScript.
    const sources = facts.files.map((file) => file.path).filter((path) => !/(^|\/)node_modules\//.test(path));
    const typed = sources.filter((path) => /\.(ts|tsx|mts|cts|vue|svelte|astro)$/.test(path));
    const plain = sources.filter((path) => /\.(js|jsx|mjs|cjs)$/.test(path) && !isToolingPath(path));
    const under = (config: string) => (path: string) =>
      dirOf(config) === "" || path.startsWith(`${dirOf(config)}/`);
    for (const ts of judged) {
      const from = origin(ts);
      if (from !== ts.path && reported.has(from)) continue;
      // A config over a folder of JavaScript with no TypeScript (plain JavaScript that allowJs lets it transpile, not checkJs):
      // strict changes nothing there, since tsc type-checks no file.
      if (
        ts.compilerOptions.checkJs !== true &&
        !ts.include.some((entry) => entry.startsWith("../")) &&
        plain.some(under(ts.path)) &&
        !typed.some(under(ts.path))
      )
        continue;
      // A shared base no command compiles on its own is judged by its heirs: silent when each sets strict itself.
      if (ts.baseOnly && (extending.get(ts.path) ?? []).length === 0) continue;
      // A `tsconfig.json` with no files or include that no config extends compiles only the files no nearer
      // `tsconfig.json` claims: in a workspace whose packages each have their own, the few scripts at the root.
      const own =
        ts.include.length === 0 && !bases.has(ts.path) && (extending.get(ts.path) ?? []).length === 0
          ? governedFiles(ts.path, typescript, configDirs)
          : null;
      const onlyTooling =
        own !== null && own.length > 0 && own.every((path) => isToolingPath(path) || isTestPath(path));
      const options = ts.compilerOptions;
      const at = ts.optionSources.strict;
      const heirs = extending.get(ts.path) ?? [];
      // A config for the build's own files: it names single files (no folders or globs), a config file among them.
      const files = ts.include.map((entry) => entry.replace(/^(\.\.?\/)+/, ""));
      const configOnly =
        files.length > 0 &&
        files.some((file) => isToolingPath(file)) &&
        files.every((file) => isToolingPath(file) || /^[^/*]+\.[cm]?[jt]sx?$/.test(file));
      report({
        path: at?.path ?? ts.path,
        line: at?.line ?? 1,
        message: `${
          options.strict === false
            ? `${ts.path} sets "strict": false`
            : `${ts.path} does not enable "strict"${ts.extends.length > 0 ? ` (nor does ${ts.extends.join(", ")})` : ""}`
        }${heirs.length > 0 ? `; ${heirs.join(", ")} inherit${heirs.length === 1 ? "s" : ""} it` : ""}${configOnly ? `; it only compiles ${ts.include.join(", ")}` : ""}${onlyTooling && own ? `; the other folders have their own tsconfig.json, so it only compiles ${listed(own)}` : ""}`,
        key: `tsconfig-not-strict:${ts.path}`,
        severity:
          /tsconfig\.(spec|test|e2e)[^/]*\.json$/.test(ts.path) ||
          configOnly ||
          onlyTooling ||
          isToolingPath(ts.path)
            ? "low"
            : "medium",
        patch: strictPatch(ts, byPath, readText),
      });
    }
  },
});

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/**
 * The TypeScript files a `tsconfig.json` without files or include compiles: those under its folder whose nearest
 * folder with a `tsconfig.json` is its own (tsc and editors pick the nearest one for a file).
 */
function governedFiles(
  config: string,
  files: readonly { path: string }[],
  configDirs: ReadonlySet<string>,
): string[] | null {
  const root = dirOf(config);
  // Only a folder with configs below it (a workspace root) leaves files to its neighbours.
  if (![...configDirs].some((dir) => dir !== root && (root === "" || dir.startsWith(`${root}/`))))
    return null;
  return files
    .map((file) => file.path)
    .filter((path) => {
      if (root !== "" && !path.startsWith(`${root}/`)) return false;
      for (let dir = dirOf(path); ; dir = dirOf(dir)) {
        if (configDirs.has(dir)) return dir === root;
        if (dir === "" || dir === root) return dir === root;
      }
    })
    .sort();
}

function listed(paths: readonly string[]): string {
  return paths.length <= 3
    ? paths.join(", ")
    : `${paths.slice(0, 3).join(", ")} and ${paths.length - 3} more`;
}

/** Options whose explicit `false` overrides `strict`: a config setting one deliberately opted out of part of it. */
const STRICT_FAMILY = [
  "noImplicitAny",
  "noImplicitThis",
  "alwaysStrict",
  "strictNullChecks",
  "strictFunctionTypes",
  "strictBindCallApply",
  "strictPropertyInitialization",
  "useUnknownInCatchVariables",
];

function strictPatch(
  ts: TsConfigFacts,
  byPath: ReadonlyMap<string, TsConfigFacts>,
  readText: (path: string) => string | null,
): string | null {
  const options = ts.compilerOptions;
  if (STRICT_FAMILY.some((name) => options[name] === false)) return null;
  const at = ts.optionSources.strict;
  if (options.strict === false) return at ? flipStrict(at.path, readText(at.path)) : null;
  if (options.strict !== undefined) return null;
  // Strict set nowhere: it goes into the root of the chain of local bases, so every config extending it —
  // each reported on its own — gets the same patch, applied once.
  let target = ts;
  for (let base = soleBase(target, byPath); base; base = soleBase(target, byPath)) target = base;
  return insertStrict(target.path, readText(target.path));
}

function soleBase(ts: TsConfigFacts, byPath: ReadonlyMap<string, TsConfigFacts>): TsConfigFacts | undefined {
  return ts.extends.length === 1 ? byPath.get(ts.extends[0] ?? "") : undefined;
}

const STRICT = ["compilerOptions", "strict"];

function parsedWithOffsets(text: string | null): ReturnType<typeof parseJsonc> | null {
  if (text === null) return null;
  try {
    return parseJsonc(text, { offsets: true });
  } catch {
    return null;
  }
}

/** `"strict": false` → `"strict": true` in the file that sets it. */
function flipStrict(path: string, text: string | null): string | null {
  const span = parsedWithOffsets(text)?.spanOf(STRICT);
  if (text === null || !span || text.slice(span.start, span.end) !== "false") return null;
  return unifiedDiffForEdit(path, text, span.start, span.end, "true");
}

/** `"strict": true` as the first entry of the file's own compilerOptions: on its own line when entries are. */
function insertStrict(path: string, text: string | null): string | null {
  const parsed = parsedWithOffsets(text);
  const span = parsed?.spanOf(["compilerOptions"]);
  if (text === null || !parsed || !span || !isObject(parsed.value) || !isObject(parsed.value.compilerOptions))
    return null;
  const keys = Object.keys(parsed.value.compilerOptions)
    .map((key) => parsed.keyOffsetOf(["compilerOptions", key]))
    .filter((offset): offset is number => offset !== null);
  if (keys.length === 0)
    return /^\{\s*\}$/.test(text.slice(span.start, span.end))
      ? unifiedDiffForEdit(path, text, span.start, span.end, '{ "strict": true }')
      : null;
  const first = Math.min(...keys);
  const line = text.slice(0, first).split("\n").length;
  const lineStart = lineStartOffset(text, line) ?? first;
  const indent = text.slice(lineStart, first);
  if (/^[ \t]+$/.test(indent)) {
    const eol = text.slice(0, lineStart).endsWith("\r\n") ? "\r\n" : "\n";
    return unifiedDiffForEdit(path, text, lineStart, lineStart, `${indent}"strict": true,${eol}`);
  }
  return unifiedDiffForEdit(path, text, first, first, '"strict": true, ');
}
