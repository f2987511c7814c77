// File analyzer: environment variables the code reads, from the syntax tree, per language.
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { goStructEnvReads } from "./go-struct-env.js";

export interface EnvRead {
  name: string;
  line: number;
  /** `fetch_env!`, `os.environ[...]`: the program fails when the variable is missing. */
  required: boolean;
  hasDefault: boolean;
  /** The call as written. */
  call: string;
}

// Go's grammar needs a statement context for call patterns; others parse the bare expression.
type Pattern = {
  pattern: string | { context: string; selector: string };
  required: boolean;
  hasDefault: boolean;
};

const PATTERNS: Partial<Record<Language, Pattern[]>> = {
  elixir: [
    { pattern: "System.get_env($NAME)", required: false, hasDefault: false },
    { pattern: "System.get_env($NAME, $DEFAULT)", required: false, hasDefault: true },
    { pattern: "System.fetch_env!($NAME)", required: true, hasDefault: false },
    { pattern: "System.fetch_env($NAME)", required: false, hasDefault: false },
  ],
  go: [
    {
      pattern: { context: "func f() { os.Getenv($NAME) }", selector: "call_expression" },
      required: false,
      hasDefault: false,
    },
    {
      pattern: { context: "func f() { os.LookupEnv($NAME) }", selector: "call_expression" },
      required: false,
      hasDefault: false,
    },
  ],
  python: [
    { pattern: "os.getenv($NAME)", required: false, hasDefault: false },
    { pattern: "os.getenv($NAME, $DEFAULT)", required: false, hasDefault: true },
    { pattern: "os.environ.get($NAME)", required: false, hasDefault: false },
    { pattern: "os.environ.get($NAME, $DEFAULT)", required: false, hasDefault: true },
    { pattern: "os.environ[$NAME]", required: true, hasDefault: false },
    // `from os import getenv, environ`
    { pattern: "getenv($NAME)", required: false, hasDefault: false },
    { pattern: "getenv($NAME, $DEFAULT)", required: false, hasDefault: true },
    { pattern: "environ.get($NAME)", required: false, hasDefault: false },
    { pattern: "environ.get($NAME, $DEFAULT)", required: false, hasDefault: true },
  ],
  javascript: [
    { pattern: "process.env.$NAME", required: false, hasDefault: false },
    { pattern: "process.env[$NAME]", required: false, hasDefault: false },
    { pattern: "import.meta.env.$NAME", required: false, hasDefault: false },
  ],
};
PATTERNS.typescript = PATTERNS.javascript;
PATTERNS.tsx = PATTERNS.javascript;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const envReadsAnalyzer = defineAnalyzer<EnvRead[]>({
  id: "env-reads",
  languages: ["elixir", "go", "python", "javascript", "typescript", "tsx"],
  needsTree: true,
  prefilter: (text) =>
    /System\.(get|fetch)_env|os\.(Getenv|LookupEnv)|getenv|environ|process\.env|import\.meta\.env|\benv:"|envconfig/.test(
      text,
    ),
  analyze({ tree, language }) {
    if (!tree) return undefined;
    const reads: EnvRead[] = findEnvReads(tree, language).map((read) => ({
      name: read.name,
      line: read.line,
      required: read.required,
      hasDefault: read.hasDefault,
      call: read.node.text().slice(0, 120),
    }));
    if (language === "go") reads.push(...goStructEnvReads(tree));
    reads.sort((a, b) => a.line - b.line || compareCodeUnits(a.name, b.name));
    return reads.length > 0 ? reads : undefined;
  },
});

/** An environment read with its syntax node and the default given to the lookup, for analyzers that look further. */
export interface EnvReadNode {
  node: SgNode;
  name: string;
  line: number;
  required: boolean;
  hasDefault: boolean;
  /** The lookup's own default argument (`os.getenv("X", None)`), not a fallback after it. */
  defaultArgument: SgNode | null;
}

/** Every read of a named environment variable in one syntax tree (one per name and line). */
export function findEnvReads(tree: SgNode, language: Language): EnvReadNode[] {
  const reads: EnvReadNode[] = [];
  const seen = new Set<string>();
  for (const spec of PATTERNS[language] ?? []) {
    for (const node of tree.findAll({ rule: { pattern: spec.pattern } })) {
      const name = literalName(node.getMatch("NAME"));
      if (!name) continue;
      const line = node.range().start.line + 1;
      const key = `${name}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const defaulted = spec.hasDefault || hasFallback(node, language);
      reads.push({
        node,
        name,
        line,
        required: spec.required && !defaulted,
        hasDefault: defaulted,
        defaultArgument: spec.hasDefault ? node.getMatch("DEFAULT") : null,
      });
    }
  }
  return reads;
}

/** The variable's name when the code spells it out: a string literal or, for `process.env.X`, the property. */
function literalName(node: SgNode | null): string | null {
  if (!node) return null;
  const text = node.text().trim();
  const unquoted =
    /^["'`](.*)["'`]$/.exec(text)?.[1] ?? (node.kind() === "property_identifier" ? text : null);
  return unquoted && ENV_NAME.test(unquoted) ? unquoted : null;
}

/** `X || default`, `X ?? default`, `X or default` right after the read: the code has a fallback. */
function hasFallback(node: SgNode, language: Language): boolean {
  const parent = node.parent();
  if (!parent) return false;
  const text = parent.text();
  if (language === "elixir") return /\|\|/.test(text) && !/raise/.test(text);
  return (
    (parent.kind() === "binary_expression" && /(\|\||\?\?)/.test(text)) ||
    (parent.kind() === "boolean_operator" && /\bor\b/.test(text))
  );
}
