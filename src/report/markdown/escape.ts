// Markdown escaping: repository content never turns into markup, links or HTML in the report.

/**
 * A code span in a message (`name`), kept as code: inside it nothing is interpreted, so it is as safe as escaped
 * text. One holding a `|` stays escaped text, since a table cell would split on it.
 */
const BACKTICK_PAIR = /`([^`\n]*)`/g;

/** Escapes text for use in Markdown prose and table cells; the message's own code spans stay code. */
export function md(text: string): string {
  const single = text.replace(/\r?\n/g, " ");
  let out = "";
  let last = 0;
  // Backticks pair up left to right, so a span that must stay text never lends its closing tick to the next one.
  for (const match of single.matchAll(BACKTICK_PAIR)) {
    const content = match[1] as string;
    if (content.trim() === "" || content.includes("|")) continue;
    out += escapeProse(single.slice(last, match.index)) + code(content);
    last = match.index + match[0].length;
  }
  return out + escapeProse(single.slice(last));
}

function escapeProse(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/([`*_[\]<|#~])/g, "\\$1");
}

/** Inline code that survives backticks in the content. */
export function code(text: string): string {
  const single = text.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(single.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = single.startsWith("`") || single.endsWith("`") ? " " : "";
  return `${fence}${pad}${single}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fenced(text: string, language = ""): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\s+$/, "")}\n${fence}`;
}

const FENCE_LANGUAGE: Record<string, string> = {
  ex: "elixir",
  exs: "elixir",
  go: "go",
  py: "python",
  ts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "jsx",
  rs: "rust",
  rb: "ruby",
  java: "java",
  yml: "yaml",
  yaml: "yaml",
  json: "json",
  toml: "toml",
  sh: "bash",
  md: "markdown",
  sql: "sql",
  heex: "heex",
  dockerfile: "dockerfile",
};

/** The code-fence language for a path's extension (Dockerfiles by name). */
export function fenceLanguage(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (base === "dockerfile" || base.startsWith("dockerfile.")) return "dockerfile";
  return FENCE_LANGUAGE[base.slice(base.lastIndexOf(".") + 1)] ?? "";
}
