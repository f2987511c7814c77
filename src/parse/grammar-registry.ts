// The one place that knows which tree-sitter grammar serves which language, and registers them once per thread.
import { createRequire } from "node:module";
import type { Lang, SgRoot } from "@ast-grep/napi";
import type { Language } from "../model/language.js";

const require = createRequire(import.meta.url);

type Napi = typeof import("@ast-grep/napi");
let napiModule: Napi | null = null;

/**
 * The native parser, loaded on first use (the same module instance an `import` gets): a run that parses nothing,
 * such as an unchanged tree's stored run, never loads it.
 */
function napi(): Napi {
  napiModule ??= require("@ast-grep/napi") as Napi;
  return napiModule;
}

/** Languages served by grammars built into @ast-grep/napi (the names of its `Lang` members). */
const BUILT_IN: Partial<Record<Language, keyof typeof Lang>> = {
  typescript: "TypeScript",
  tsx: "Tsx",
  javascript: "JavaScript",
  html: "Html",
  css: "Css",
};

/**
 * Languages served by @ast-grep/lang-* packages, with the name each is registered under. Elixir, Go, Python, YAML,
 * TOML and Bash are dependencies; the others are optional peer dependencies, loaded when installed.
 */
const DYNAMIC: Partial<Record<Language, string>> = {
  elixir: "elixir",
  go: "go",
  python: "python",
  rust: "rust",
  ruby: "ruby",
  java: "java",
  kotlin: "kotlin",
  scala: "scala",
  c: "c",
  cpp: "cpp",
  csharp: "csharp",
  php: "php",
  swift: "swift",
  yaml: "yaml",
  shell: "bash",
  toml: "toml",
};

let registered: Set<Language> | null = null;
const missing = new Map<Language, string>();

/**
 * Registers every dynamic grammar in one call (ast-grep ignores a second call), once per thread.
 * A grammar package that fails to load is recorded, and its language is then analysed without a tree.
 */
export function ensureGrammarsRegistered(): void {
  if (registered) return;
  registered = new Set();
  const modules: Record<string, Parameters<Napi["registerDynamicLanguage"]>[0][string]> = {};
  for (const [language, name] of Object.entries(DYNAMIC) as Array<[Language, string]>) {
    try {
      const grammar = require(`@ast-grep/lang-${name}`) as Parameters<
        Napi["registerDynamicLanguage"]
      >[0][string];
      // Touch the path now so a missing prebuild is found here rather than at the first parse.
      void grammar.libraryPath;
      modules[name] = grammar;
      registered.add(language);
    } catch (error) {
      // Grammars beyond the core ecosystems are optional peer dependencies: absent from a default install.
      const notInstalled = (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND";
      missing.set(
        language,
        notInstalled
          ? `@ast-grep/lang-${name} is not installed: ${language} files are counted but not parsed (install it beside codeaudit to parse them)`
          : `@ast-grep/lang-${name}: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  napi().registerDynamicLanguage(modules);
}

/** True when a syntax tree can be built for the language. */
export function hasGrammar(language: Language): boolean {
  ensureGrammarsRegistered();
  return language in BUILT_IN || (registered?.has(language) ?? false);
}

/** Grammars that should exist but did not load, with why. */
export function missingGrammars(): ReadonlyMap<Language, string> {
  ensureGrammarsRegistered();
  return missing;
}

/** The ast-grep language handle for a language, or null when there is no grammar. */
export function astGrepLanguage(language: Language): Lang | string | null {
  if (!hasGrammar(language)) return null;
  const builtIn = BUILT_IN[language];
  return builtIn !== undefined ? napi().Lang[builtIn] : (DYNAMIC[language] ?? null);
}

/** Parses source into a syntax tree; null when the language has no grammar. */
export function parseSource(language: Language, text: string): SgRoot | null {
  const handle = astGrepLanguage(language);
  if (handle === null) return null;
  return napi().parse(handle, text);
}
