// Compares lint and type-checker configuration at the two ends: tsconfig strictness, ESLint rule levels,
// Ruff selections, mypy strictness, Credo checks, golangci linters. Each weakening is reported with its file.
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";

export interface Weakening {
  path: string;
  what: string;
}

const TS_STRICT_FLAGS = [
  "strict",
  "noImplicitAny",
  "strictNullChecks",
  "strictFunctionTypes",
  "strictBindCallApply",
  "strictPropertyInitialization",
  "noImplicitThis",
  "alwaysStrict",
  "useUnknownInCatchVariables",
  "noUncheckedIndexedAccess",
  "noImplicitReturns",
  "noFallthroughCasesInSwitch",
  "exactOptionalPropertyTypes",
  "noImplicitOverride",
  "noPropertyAccessFromIndexSignature",
];

/** The flags `strict` turns on. */
const STRICT_FAMILY = new Set(TS_STRICT_FLAGS.slice(1, 9));

const MYPY_FLAGS = [
  "strict",
  "disallow_untyped_defs",
  "disallow_incomplete_defs",
  "disallow_any_generics",
  "check_untyped_defs",
  "no_implicit_optional",
  "warn_return_any",
  "strict_optional",
  "disallow_untyped_calls",
  "warn_unused_ignores",
];

/** True for the configuration files this comparison reads. */
export function isLintConfigPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return (
    /^tsconfig[^/]*\.json$/.test(base) ||
    /^\.eslintrc(\.(json|ya?ml|js|cjs))?$/.test(base) ||
    /^eslint\.config\.[cm]?[jt]s$/.test(base) ||
    [
      "pyproject.toml",
      "ruff.toml",
      ".ruff.toml",
      "mypy.ini",
      ".mypy.ini",
      "setup.cfg",
      ".credo.exs",
      ".golangci.yml",
      ".golangci.yaml",
    ].includes(base)
  );
}

/** JSON with comments and trailing commas (tsconfig, .eslintrc.json). */
function parseJsonc(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (ch === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i === -1) break;
      i++;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function eslintLevel(value: unknown): number {
  const level = Array.isArray(value) ? value[0] : value;
  if (level === "error" || level === 2) return 2;
  if (level === "warn" || level === 1) return 1;
  return 0;
}

function compareTsconfig(path: string, before: string, after: string): Weakening[] {
  const a = record(record(parseJsonc(before)).compilerOptions);
  const b = record(record(parseJsonc(after)).compilerOptions);
  const out: Weakening[] = [];
  const implied = (options: Record<string, unknown>, flag: string): boolean =>
    options[flag] === true ||
    (options.strict === true && STRICT_FAMILY.has(flag) && options[flag] === undefined);
  const strictOff = a.strict === true && b.strict !== true;
  if (strictOff) out.push({ path, what: "compilerOptions.strict turned off (was on)" });
  for (const flag of TS_STRICT_FLAGS) {
    if (flag === "strict") continue;
    // With strict off, the flags it implied are part of that one weakening unless the base set them explicitly.
    if (strictOff && STRICT_FAMILY.has(flag) && a[flag] === undefined) continue;
    if (implied(a, flag) && !implied(b, flag))
      out.push({ path, what: `compilerOptions.${flag} turned off (was on)` });
  }
  if (a.skipLibCheck !== true && b.skipLibCheck === true)
    out.push({ path, what: "compilerOptions.skipLibCheck turned on" });
  return out;
}

function compareEslintJson(path: string, before: string, after: string): Weakening[] {
  const a = record(
    record(path.endsWith(".yml") || path.endsWith(".yaml") ? parseYaml(before) : parseJsonc(before)).rules,
  );
  const b = record(
    record(path.endsWith(".yml") || path.endsWith(".yaml") ? parseYaml(after) : parseJsonc(after)).rules,
  );
  const out: Weakening[] = [];
  for (const [rule, value] of Object.entries(a)) {
    const was = eslintLevel(value);
    const now = rule in b ? eslintLevel(b[rule]) : 0;
    if (now < was)
      out.push({
        path,
        what: `rule ${rule} lowered from ${["off", "warn", "error"][was]} to ${["off", "warn", "error"][now]}`,
      });
  }
  return out;
}

/** JS configs (eslint.config.js, .credo.exs) cannot be evaluated: count explicit disables added. */
function compareByDisables(
  path: string,
  before: string,
  after: string,
  pattern: RegExp,
  label: string,
): Weakening[] {
  const count = (text: string): number => (text.match(pattern) ?? []).length;
  const added = count(after) - count(before);
  return added > 0 ? [{ path, what: `${added} more ${label}` }] : [];
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function compareRuff(path: string, a: Record<string, unknown>, b: Record<string, unknown>): Weakening[] {
  const out: Weakening[] = [];
  const lintA = { ...a, ...record(a.lint) };
  const lintB = { ...b, ...record(b.lint) };
  const selectA = list(lintA.select);
  const selectB = new Set(list(lintB.select));
  const removed = selectA.filter((code) => !selectB.has(code));
  if (removed.length > 0) out.push({ path, what: `ruff select no longer includes ${removed.join(", ")}` });
  const ignoreA = new Set(list(lintA.ignore));
  const addedIgnores = list(lintB.ignore).filter((code) => !ignoreA.has(code));
  if (addedIgnores.length > 0) out.push({ path, what: `ruff ignore gained ${addedIgnores.join(", ")}` });
  return out;
}

function compareMypy(path: string, a: Record<string, unknown>, b: Record<string, unknown>): Weakening[] {
  const out: Weakening[] = [];
  const truthy = (v: unknown): boolean => v === true || v === "True" || v === "true" || v === "1";
  for (const flag of MYPY_FLAGS)
    if (truthy(a[flag]) && !truthy(b[flag])) out.push({ path, what: `mypy ${flag} turned off` });
  if (!truthy(a.ignore_missing_imports) && truthy(b.ignore_missing_imports))
    out.push({ path, what: "mypy ignore_missing_imports turned on" });
  return out;
}

/** The mypy section of an INI file (mypy.ini, setup.cfg). */
function iniSection(text: string, section: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let inside = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      inside = header[1] === section;
      continue;
    }
    const pair = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (inside && pair) out[pair[1] as string] = pair[2]?.trim();
  }
  return out;
}

/** golangci-lint linters renamed or merged into another (v1 → v2); enabling the successor keeps the check. */
const GOLANGCI_SUCCESSORS: Record<string, string[]> = {
  gas: ["gosec"],
  megacheck: ["staticcheck"],
  gosimple: ["staticcheck"],
  stylecheck: ["staticcheck"],
  goimports: ["goimports"],
  gofmt: ["gofmt"],
  gomnd: ["mnd"],
  exportloopref: ["copyloopvar"],
};

/** Linters golangci-lint deprecated without a successor: dropping them weakens nothing. */
const GOLANGCI_DEPRECATED = new Set([
  "golint",
  "interfacer",
  "maligned",
  "scopelint",
  "deadcode",
  "varcheck",
  "structcheck",
  "exhaustivestruct",
  "ifshort",
  "nosnakecase",
  "typecheck",
]);

function compareGolangci(path: string, before: string, after: string): Weakening[] {
  const enabled = (text: string): { names: Set<string>; all: boolean } => {
    const doc = record(parseYaml(text));
    const linters = record(doc.linters);
    const names = new Set([...list(linters.enable), ...list(record(doc.formatters).enable)]);
    return { names, all: linters["enable-all"] === true || linters.default === "all" };
  };
  const a = enabled(before);
  const b = enabled(after);
  if (b.all) return [];
  const dropped = [...a.names].filter(
    (linter) =>
      !b.names.has(linter) &&
      !GOLANGCI_DEPRECATED.has(linter) &&
      !(GOLANGCI_SUCCESSORS[linter] ?? []).some((next) => b.names.has(next)),
  );
  return dropped.length > 0 ? [{ path, what: `golangci-lint no longer enables ${dropped.join(", ")}` }] : [];
}

/** Weakenings between two versions of one config file; `after` null when the file was deleted. */
export function compareLintConfig(path: string, before: string, after: string | null): Weakening[] {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (after === null)
    return base === "setup.cfg" || base === "pyproject.toml"
      ? []
      : [{ path, what: "configuration file deleted" }];
  try {
    if (base.startsWith("tsconfig")) return compareTsconfig(path, before, after);
    if (/^\.eslintrc(\.(json|ya?ml))?$/.test(base)) return compareEslintJson(path, before, after);
    if (base.startsWith(".eslintrc") || base.startsWith("eslint.config"))
      return compareByDisables(path, before, after, /["']off["']|:\s*0\b/g, '`"off"` rule settings');
    if (base === ".credo.exs")
      return compareByDisables(path, before, after, /,\s*false\s*\}/g, "Credo checks disabled");
    if (base === ".golangci.yml" || base === ".golangci.yaml") return compareGolangci(path, before, after);
    if (base === "pyproject.toml") {
      const a = record(parseToml(before).tool);
      const b = record(parseToml(after).tool);
      return [
        ...compareRuff(path, record(a.ruff), record(b.ruff)),
        ...compareMypy(path, record(a.mypy), record(b.mypy)),
      ];
    }
    if (base === "ruff.toml" || base === ".ruff.toml")
      return compareRuff(path, parseToml(before), parseToml(after));
    if (base === "mypy.ini" || base === ".mypy.ini" || base === "setup.cfg")
      return compareMypy(path, iniSection(before, "mypy"), iniSection(after, "mypy"));
  } catch {
    return [];
  }
  return [];
}
