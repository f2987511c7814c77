// Picks the fix example a finding shows: the rule's example in the finding's own language (and framework, when
// the rule has one per framework), or none, so that a Go finding never shows an Express snippet.
import { languageFromPath } from "../repo/language-of.js";
import type { RuleDocs, RuleExample } from "../rules/define-rule.js";
import { escapeRegExp } from "../util/escape-reg-exp.js";

/** What a finding says about itself that decides its example. */
export interface ExampleTarget {
  /** The finding's file, or null for a repository-level finding. */
  path: string | null;
  /** Other files the finding names (`related`), when it has no path of its own. */
  relatedPaths: readonly string[];
  /** Message and snippet: where an ecosystem or framework is named. */
  text: string;
  /**
   * The search note ("Searched: mix.exs, pyproject.toml …"): it lists what was looked for in every ecosystem, so it
   * names an ecosystem only when the message and snippet name none.
   */
  searched?: string;
}

export interface ChosenExample {
  code: string;
  language: string;
}

/**
 * Families of example labels and file languages: an example in TypeScript serves a JavaScript file, a `.exs`
 * script is Elixir, a go.mod is Go's.
 */
const FAMILY: Record<string, string> = {
  typescript: "js",
  tsx: "js",
  javascript: "js",
  js: "js",
  ts: "js",
  jsx: "js",
  vue: "js",
  svelte: "js",
  node: "js",
  npm: "js",
  elixir: "elixir",
  ex: "elixir",
  exs: "elixir",
  heex: "elixir",
  yml: "yaml",
  yaml: "yaml",
  sh: "shell",
  bash: "shell",
  shell: "shell",
  py: "python",
  python: "python",
  go: "go",
};

/** Data and configuration formats: their examples read the same whatever the project's language. */
const NEUTRAL = new Set([
  "yaml",
  "json",
  "toml",
  "dockerfile",
  "shell",
  "text",
  "markdown",
  "ini",
  "makefile",
]);

/** Manifests whose family is their ecosystem's, not their file format's. */
const MANIFEST_FAMILY: Array<[RegExp, string]> = [
  [/(^|\/)go\.(mod|sum|work)$/, "go"],
  [/(^|\/)(requirements[^/]*\.txt|Pipfile)$/, "python"],
  [/(^|\/)mix\.(exs|lock)$/, "elixir"],
  [/(^|\/)(Gemfile|Gemfile\.lock)$/, "ruby"],
];

/** Ecosystem words in a repository-level finding's message: "No test gate for go in CI". */
const ECOSYSTEM_WORDS: Array<[RegExp, string]> = [
  [/\b(node|npm|pnpm|yarn|typescript|javascript|package\.json)\b/i, "js"],
  [/\bgo(\.mod)?\b(?! to\b)/, "go"],
  [/\b(python|pyproject\.toml|pip|django|fastapi|flask)\b/i, "python"],
  [/\b(elixir|mix\.exs|phoenix|hex)\b/i, "elixir"],
  [/\b(rust|cargo)\b/i, "rust"],
  [/\b(ruby|rails|gem)\b/i, "ruby"],
];

/** The family of an example label or a language name. */
export function languageFamily(language: string): string {
  const lower = language.toLowerCase();
  return FAMILY[lower] ?? lower;
}

/** The family of a file, from its name: the language its code is written in, or the ecosystem of a manifest. */
export function fileFamily(path: string): string | null {
  for (const [pattern, family] of MANIFEST_FAMILY) if (pattern.test(path)) return family;
  const language = languageFromPath(path);
  return language ? languageFamily(language) : null;
}

/** Every example a rule documents, each with the label its code is fenced with. */
export function ruleExamples(docs: RuleDocs, ruleLanguages: readonly string[] | undefined): RuleExample[] {
  const first: RuleExample = {
    ...docs.example,
    language: docs.example.language ?? singleFamilyLanguage(ruleLanguages) ?? "",
  };
  return [first, ...(docs.examples ?? [])];
}

function singleFamilyLanguage(languages: readonly string[] | undefined): string | null {
  if (!languages || languages.length === 0) return null;
  const families = new Set(languages.map(languageFamily));
  return families.size === 1 ? (languages[0] ?? null) : null;
}

/**
 * The example a finding shows. A finding in a file shows an example of that file's family (a data format's
 * example only for a file of that format); a repository-level finding shows one of the ecosystem its message names,
 * or a data-format example when it names none. Among several, the one whose framework the finding's text names.
 */
export function chooseExample(examples: readonly RuleExample[], target: ExampleTarget): ChosenExample | null {
  const labelled = examples.filter((example) => example.language && example.good.trim());
  const ownPath = target.path ?? target.relatedPaths[0] ?? null;
  const namedIn = (text: string): string[] =>
    ECOSYSTEM_WORDS.filter(([pattern]) => pattern.test(text)).map(([, family]) => family);
  const fromMessage = namedIn(target.text);
  const named = fromMessage.length > 0 ? fromMessage : namedIn(target.searched ?? "");
  // A CI or container example written for one ecosystem (`npm test`) serves only findings about that ecosystem.
  const ecosystemFits = (example: RuleExample): boolean =>
    !example.ecosystem || named.length === 0 || named.includes(languageFamily(example.ecosystem));
  let candidates: RuleExample[];
  if (ownPath) {
    const family = fileFamily(ownPath);
    if (!family) return null;
    candidates = labelled.filter(
      (example) => languageFamily(example.language ?? "") === family && ecosystemFits(example),
    );
    // A manifest or config finding (package.json, a workflow) may be fixed by a command: shell or plain text.
    if (candidates.length === 0 && NEUTRAL.has(family))
      candidates = labelled.filter(
        (example) =>
          ["shell", "text"].includes(languageFamily(example.language ?? "")) && ecosystemFits(example),
      );
  } else {
    candidates = labelled.filter((example) => {
      const family = languageFamily(example.language ?? "");
      return NEUTRAL.has(family) ? ecosystemFits(example) : named.includes(family);
    });
  }
  if (candidates.length === 0) return null;
  const framed = candidates.find(
    (example) => example.framework && frameworkPattern(example.framework).test(target.text),
  );
  const chosen = framed ?? candidates.find((example) => !example.framework) ?? candidates[0];
  return chosen ? { code: chosen.good, language: chosen.language ?? "" } : null;
}

function frameworkPattern(framework: string): RegExp {
  const escaped = escapeRegExp(framework);
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}([^A-Za-z0-9_]|$)`, "i");
}
