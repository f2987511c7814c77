// What `.sobelow-conf` tells Sobelow to leave out: the check families in `ignore`, `ignore_files`, and the `exit`
// and `threshold` settings. The file is an Elixir keyword list; read with regular expressions (its few keys are flat).

export interface SobelowConf {
  path: string;
  /** Checks or families ignored (`"Config.CSP"`, `"XSS"`), as written. */
  ignore: string[];
  ignoreLine: number | null;
  ignoreFiles: string[];
  /** `exit:` value as written (`:low`, `false`), or null when absent. */
  exit: string | null;
  /** `threshold:` value as written (`:medium`), or null when absent. */
  threshold: string | null;
}

function lineOfIndex(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

function stringList(text: string, key: string): { items: string[]; line: number | null } {
  const match = new RegExp(`\\b${key}\\s*:\\s*\\[([^\\]]*)\\]`).exec(text);
  if (!match) return { items: [], line: null };
  const items = [...(match[1] ?? "").matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
  return { items, line: lineOfIndex(text, match.index) };
}

export function parseSobelowConf(path: string, text: string): SobelowConf {
  const ignore = stringList(text, "ignore");
  return {
    path,
    ignore: ignore.items,
    ignoreLine: ignore.line,
    ignoreFiles: stringList(text, "ignore_files").items,
    exit: /\bexit\s*:\s*([:\w"]+)/.exec(text)?.[1] ?? null,
    threshold: /\bthreshold\s*:\s*([:\w"]+)/.exec(text)?.[1] ?? null,
  };
}
