// tsconfig (with `extends` resolved inside the repository) and test/lint tool configuration:
// which ESLint/Prettier/Vitest/Jest/Playwright configs exist and the coverage settings they hold.
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../../model/language.js";
import { parseSource } from "../../parse/grammar-registry.js";
import { isObject, parseJsonc, type JsonValue } from "./jsonc.js";
import { pairKey, stringValue } from "./ast.js";
import { normaliseRepoPath, parentDir } from "../../repo/repo-path.js";

export interface TsConfigFacts {
  path: string;
  /** Configs it extends, in order: repository paths, or the specifier as written when outside the repository. */
  extends: string[];
  /** Whether some `extends` points outside the repository (a package such as @tsconfig/node20), so options may be missing. */
  externalBase: boolean;
  /** Effective compilerOptions after merging the extended configs found in the repository. */
  compilerOptions: Record<string, JsonValue>;
  /** Where each effective option is set. */
  optionSources: Record<string, { path: string; line: number }>;
  /**
   * A solution-style config that compiles nothing itself: `"files": []` with `references`, or a file of only
   * `references` (no files, include, compilerOptions nor extends), which exists to list the projects `tsc -b` builds.
   */
  solution: boolean;
  /**
   * Keys are set but none that tsc reads (compilerOptions, extends, files, include, exclude, references …): the file
   * holds another tool's settings (ESLint's `parserOptions`), not a TypeScript project.
   */
  foreign: boolean;
  /** Its `files` and `include` entries as written (inherited from a local base when it sets none); empty when neither is set. */
  include: string[];
  /**
   * Whether anything selects this config: `tsconfig.json` is found by tsc and editors on its own; any other name
   * only counts when another tsconfig, a package.json script, a CI file or a tool's config names it.
   */
  selected: boolean;
  /**
   * Only other tsconfigs name it, each in its `extends`: a shared base (`tsconfig.base.json`) that no command, tool
   * or editor compiles on its own. Always false for `tsconfig.json`.
   */
  baseOnly: boolean;
}

/** Files that name the tsconfig a command or tool should use (`tsc -p`, ts-jest, angular.json, `references`). */
const SELECTING_FILE =
  /(^|\/)(package\.json|tsconfig[^/]*\.json|[^/]*\.config\.[cm]?[jt]s|project\.json|angular\.json|nx\.json|turbo\.json|Makefile|justfile|Dockerfile[^/]*|\.gitlab-ci\.ya?ml|\.github\/workflows\/[^/]+\.ya?ml|\.lintstagedrc[^/]*|\.husky\/[^/]+)$/;

/**
 * Marks each config with a non-default name that nothing selects. `tsconfig.json` is always selected; another
 * name is selected when some other selecting file mentions its file name.
 */
export function markSelectedTsConfigs(
  tsconfigs: TsConfigFacts[],
  pathsOf: (predicate: (path: string) => boolean) => string[],
  read: ReadFile,
): void {
  const pending = tsconfigs.filter((ts) => !/(^|\/)tsconfig\.json$/.test(ts.path));
  if (pending.length === 0) return;
  const texts = pathsOf((path) => SELECTING_FILE.test(path)).map((path) => [path, read(path) ?? ""] as const);
  for (const ts of pending) {
    const name = ts.path.slice(ts.path.lastIndexOf("/") + 1);
    const heirs = new Set(
      tsconfigs.filter((other) => other.extends.includes(ts.path)).map((other) => other.path),
    );
    const mentioned = texts.some(
      ([path, text]) => path !== ts.path && !heirs.has(path) && text.includes(name),
    );
    ts.selected = heirs.size > 0 || mentioned;
    ts.baseOnly = heirs.size > 0 && !mentioned;
  }
}

type ReadFile = (path: string) => string | null;
type Diagnose = (path: string, message: string) => void;

const dirOf = (path: string): string => parentDir(path, "");

/** A repository path in normal form, with the root as "" so that callers can join `${dir}/${name}`. */
export function normalizePath(path: string): string {
  const normal = normaliseRepoPath(path);
  return normal === "." ? "" : normal;
}

export function isTsConfigPath(path: string): boolean {
  return /(^|\/)tsconfig(\.[^/]+)?\.json$/.test(path);
}

export function readTsConfig(
  path: string,
  read: ReadFile,
  exists: (path: string) => boolean,
  diagnose: Diagnose,
  seen: Set<string> = new Set(),
): TsConfigFacts | null {
  if (seen.has(path)) return null;
  seen.add(path);
  const text = read(path);
  if (text === null) return null;
  let parsed;
  try {
    parsed = parseJsonc(text);
  } catch (error) {
    diagnose(path, `tsconfig could not be parsed: ${(error as Error).message}`);
    return null;
  }
  const value = isObject(parsed.value) ? parsed.value : {};
  const bases =
    typeof value.extends === "string"
      ? [value.extends]
      : Array.isArray(value.extends)
        ? value.extends.filter((e): e is string => typeof e === "string")
        : [];
  const facts: TsConfigFacts = {
    path,
    extends: [],
    externalBase: false,
    compilerOptions: {},
    optionSources: {},
    solution:
      Array.isArray(value.references) &&
      ((Array.isArray(value.files) && value.files.length === 0) ||
        (value.references.length > 0 &&
          value.files === undefined &&
          value.include === undefined &&
          value.compilerOptions === undefined &&
          value.extends === undefined)),
    foreign: Object.keys(value).length > 0 && !Object.keys(value).some((key) => TSC_KEYS.has(key)),
    include: [value.files, value.include].flatMap((list) =>
      Array.isArray(list) ? list.filter((e): e is string => typeof e === "string") : [],
    ),
    selected: true,
    baseOnly: false,
  };
  const ownInclude = facts.include.length > 0;
  for (const base of bases) {
    const resolved =
      base.startsWith(".") || base.startsWith("/") ? resolveRelative(dirOf(path), base, exists) : null;
    if (!resolved) {
      facts.extends.push(base);
      facts.externalBase = true;
      continue;
    }
    facts.extends.push(resolved);
    const inner = readTsConfig(resolved, read, exists, diagnose, seen);
    if (!inner) continue;
    facts.externalBase ||= inner.externalBase;
    if (!ownInclude && facts.include.length === 0) facts.include = inner.include;
    Object.assign(facts.compilerOptions, inner.compilerOptions);
    Object.assign(facts.optionSources, inner.optionSources);
  }
  if (isObject(value.compilerOptions)) {
    for (const [key, option] of Object.entries(value.compilerOptions)) {
      facts.compilerOptions[key] = option;
      facts.optionSources[key] = { path, line: parsed.lineOf(["compilerOptions", key]) ?? 1 };
    }
  }
  return facts;
}

function resolveRelative(dir: string, spec: string, exists: (path: string) => boolean): string | null {
  const base = normalizePath(spec.startsWith("/") ? spec : `${dir}/${spec}`);
  for (const candidate of [base, `${base}.json`, `${base}/tsconfig.json`])
    if (exists(candidate)) return candidate;
  return null;
}

export type ToolName = "eslint" | "prettier" | "vitest" | "jest" | "playwright";

const TOOL_FILES: Array<[ToolName, RegExp]> = [
  ["eslint", /^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.(js|cjs|mjs|json|ya?ml))?)$/],
  ["prettier", /^(prettier\.config\.[cm]?[jt]s|\.prettierrc(\.(js|cjs|mjs|json|json5|ya?ml|toml))?)$/],
  ["vitest", /^vitest\.(config|workspace)\.[cm]?[jt]s$/],
  ["jest", /^jest\.config\.([cm]?[jt]s|json)$/],
  ["playwright", /^playwright\.config\.[cm]?[jt]s$/],
];

/** The tool a config file name belongs to, or null. */
export function toolOfConfigFile(path: string): ToolName | null {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return TOOL_FILES.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

export function isViteConfig(path: string): boolean {
  return /(^|\/)vite\.config\.[cm]?[jt]s$/.test(path);
}

export interface CoverageSettings {
  tool: "vitest" | "jest";
  path: string;
  /** Line of the coverage block (`coverage:` or `coverageThreshold`), or of the test block when coverage is absent. */
  line: number;
  provider: string | null;
  /** Threshold name → percentage (lines, branches, functions, statements, perFile …); empty when none is set. */
  thresholds: Record<string, number>;
  thresholdsLine: number | null;
  /** Test environment (jsdom, happy-dom, node) when set. */
  environment: string | null;
  /** jest `preset` when set. */
  preset: string | null;
}

const THRESHOLD_KEYS = new Set(["lines", "branches", "functions", "statements"]);

/** Pairs named `key` anywhere below `node`. */
function pairsNamed(node: SgNode, key: string): SgNode[] {
  return node.findAll({ rule: { kind: "pair" } }).filter((pair) => pairKey(pair) === key);
}

function collectThresholds(node: SgNode, into: Record<string, number>): void {
  for (const pair of node.findAll({ rule: { kind: "pair" } })) {
    const key = pairKey(pair);
    const value = pair.field("value");
    if (key && value?.kind() === "number" && (THRESHOLD_KEYS.has(key) || key === "100"))
      into[key] = Number(value.text());
    if (key === "100" && value?.text() === "true") into["100"] = 100;
  }
}

/** Coverage settings of a vitest/vite/jest config written in JS/TS, read from its syntax tree. */
export function coverageFromScript(
  tool: "vitest" | "jest",
  path: string,
  text: string,
): CoverageSettings | null {
  const language: Language = /\.[cm]?ts$/.test(path) ? "typescript" : "javascript";
  const root = parseSource(language, text)?.root();
  if (!root) return null;
  const line = (node: SgNode): number => node.range().start.line + 1;
  const out: CoverageSettings = {
    tool,
    path,
    line: 1,
    provider: null,
    thresholds: {},
    thresholdsLine: null,
    environment: null,
    preset: null,
  };
  if (tool === "vitest") {
    const test = pairsNamed(root, "test")[0];
    if (!test && !/vitest\./.test(path)) return null;
    if (test) out.line = line(test);
    const env = pairsNamed(test ?? root, "environment")[0];
    out.environment = stringValue(env?.field("value") ?? null);
    const coverage = pairsNamed(test ?? root, "coverage")[0];
    if (coverage) {
      out.line = line(coverage);
      out.provider = stringValue(pairsNamed(coverage, "provider")[0]?.field("value") ?? null);
      const thresholds = pairsNamed(coverage, "thresholds")[0];
      collectThresholds(thresholds ?? coverage, out.thresholds);
      if (Object.keys(out.thresholds).length > 0) out.thresholdsLine = line(thresholds ?? coverage);
    }
    return out;
  }
  const threshold = pairsNamed(root, "coverageThreshold")[0];
  if (threshold) {
    collectThresholds(threshold, out.thresholds);
    out.line = line(threshold);
    if (Object.keys(out.thresholds).length > 0) out.thresholdsLine = line(threshold);
  }
  out.provider = stringValue(pairsNamed(root, "coverageProvider")[0]?.field("value") ?? null);
  out.environment = stringValue(pairsNamed(root, "testEnvironment")[0]?.field("value") ?? null);
  out.preset = stringValue(pairsNamed(root, "preset")[0]?.field("value") ?? null);
  return out;
}

/** Coverage settings of a jest config held as JSON (jest.config.json or package.json "jest"). */
export function coverageFromJson(
  path: string,
  config: JsonValue,
  lineOf: (key: string[]) => number | null,
  prefix: string[],
): CoverageSettings {
  const out: CoverageSettings = {
    tool: "jest",
    path,
    line: lineOf(prefix) ?? 1,
    provider: null,
    thresholds: {},
    thresholdsLine: null,
    environment: null,
    preset: null,
  };
  if (!isObject(config)) return out;
  if (typeof config.coverageProvider === "string") out.provider = config.coverageProvider;
  if (typeof config.testEnvironment === "string") out.environment = config.testEnvironment;
  if (typeof config.preset === "string") out.preset = config.preset;
  const walk = (value: JsonValue): void => {
    if (!isObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === "number" && THRESHOLD_KEYS.has(key)) out.thresholds[key] = inner;
      else walk(inner);
    }
  };
  if (config.coverageThreshold !== undefined) {
    walk(config.coverageThreshold);
    out.thresholdsLine = lineOf([...prefix, "coverageThreshold"]);
  }
  return out;
}

/** Top-level keys tsc reads from a tsconfig. */
const TSC_KEYS = new Set([
  "compilerOptions",
  "extends",
  "files",
  "include",
  "exclude",
  "references",
  "compileOnSave",
  "typeAcquisition",
  "watchOptions",
  "buildOptions",
  "ts-node",
  "$schema",
]);
