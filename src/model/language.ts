// Languages codeaudit recognises, by the name used in facts, rules and reports.

export const LANGUAGES = [
  "elixir",
  "erlang",
  "heex",
  "go",
  "python",
  "typescript",
  "tsx",
  "javascript",
  "rust",
  "ruby",
  "java",
  "kotlin",
  "scala",
  "c",
  "cpp",
  "csharp",
  "php",
  "swift",
  "shell",
  "sql",
  "html",
  "css",
  "scss",
  "vue",
  "svelte",
  "yaml",
  "json",
  "toml",
  "xml",
  "markdown",
  "dockerfile",
  "makefile",
  "terraform",
  "protobuf",
  "graphql",
  "ini",
  "text",
  // Notes, logs and command output (`.txt`, `.log`, `.rst`): neither code nor configuration. Only rules that
  // read any file (secret scanning) look at them.
  "plaintext",
] as const;

export type Language = (typeof LANGUAGES)[number];

/** Languages that hold program logic (as opposed to data, markup or prose). */
export const CODE_LANGUAGES: ReadonlySet<Language> = new Set<Language>([
  "elixir",
  "erlang",
  "go",
  "python",
  "typescript",
  "tsx",
  "javascript",
  "rust",
  "ruby",
  "java",
  "kotlin",
  "scala",
  "c",
  "cpp",
  "csharp",
  "php",
  "swift",
  "shell",
  "vue",
  "svelte",
]);

export function isCodeLanguage(language: Language): boolean {
  return CODE_LANGUAGES.has(language);
}
