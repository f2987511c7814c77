// Classifies a file's language from its name, extension or shebang line.
import type { Language } from "../model/language.js";

const BY_EXTENSION: Record<string, Language> = {
  ex: "elixir",
  exs: "elixir",
  erl: "erlang",
  hrl: "erlang",
  heex: "heex",
  eex: "heex",
  leex: "heex",
  go: "go",
  py: "python",
  pyi: "python",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  rs: "rust",
  rb: "ruby",
  rake: "ruby",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hh: "cpp",
  cs: "csharp",
  php: "php",
  swift: "swift",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  sql: "sql",
  html: "html",
  htm: "html",
  css: "css",
  scss: "scss",
  sass: "scss",
  less: "css",
  vue: "vue",
  svelte: "svelte",
  yml: "yaml",
  yaml: "yaml",
  json: "json",
  jsonc: "json",
  toml: "toml",
  xml: "xml",
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
  tf: "terraform",
  hcl: "terraform",
  proto: "protobuf",
  graphql: "graphql",
  gql: "graphql",
  ini: "ini",
  cfg: "ini",
  txt: "plaintext",
  rst: "plaintext",
  log: "plaintext",
};

const BY_NAME: Record<string, Language> = {
  dockerfile: "dockerfile",
  containerfile: "dockerfile",
  makefile: "makefile",
  gnumakefile: "makefile",
  rakefile: "ruby",
  gemfile: "ruby",
  "mix.lock": "elixir",
  "go.mod": "text",
  "go.sum": "text",
  "requirements.txt": "text",
  "yarn.lock": "text",
  license: "text",
  "license.md": "markdown",
  "setup.cfg": "ini",
  ".editorconfig": "ini",
  ".env": "text",
  ".gitignore": "text",
  ".dockerignore": "text",
};

const BY_SHEBANG: Array<[RegExp, Language]> = [
  [/\b(ba|z|da|k)?sh\b/, "shell"],
  [/\bpython[0-9.]*\b/, "python"],
  [/\bnode\b|\bdeno\b|\bbun\b/, "javascript"],
  [/\bts-node\b|\btsx\b/, "typescript"],
  [/\belixir\b/, "elixir"],
  [/\bruby\b/, "ruby"],
  [/\bescript\b/, "erlang"],
];

/** Language from the path alone, or null when the path does not tell. */
export function languageFromPath(path: string): Language | null {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const byName = BY_NAME[base];
  if (byName) return byName;
  // `Dockerfile.prod` is a Dockerfile; `dockerfile.ex` is Elixir code named after what it generates.
  const suffix = base.slice(base.lastIndexOf(".") + 1);
  if ((base.startsWith("dockerfile.") && !BY_EXTENSION[suffix]) || base.endsWith(".dockerfile"))
    return "dockerfile";
  if (base.startsWith(".env.") || base.endsWith(".env")) return "text";
  // Python manifests and version pins are configuration; other `.txt` files are notes, lists or output.
  if (/^(requirements|constraints)[^/]*\.txt$|^runtime\.txt$/.test(base)) return "text";
  const dot = base.lastIndexOf(".");
  if (dot <= 0 && !base.startsWith(".")) return null;
  const extension = base.slice(dot + 1);
  return BY_EXTENSION[extension] ?? null;
}

/** Language from a `#!` first line, or null. */
export function languageFromShebang(firstLine: string): Language | null {
  if (!firstLine.startsWith("#!")) return null;
  for (const [pattern, language] of BY_SHEBANG) if (pattern.test(firstLine)) return language;
  return null;
}
