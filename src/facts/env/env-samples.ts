// Line-wise reader of `.env` files and their samples (KEY=value, `export KEY=`, commented `# KEY=` entries count as documented).

export interface EnvSampleEntry {
  name: string;
  line: number;
  commented: boolean;
  /** The value as written, without surrounding quotes or a trailing ` # comment`. */
  value: string;
}

const ENTRY = /^\s*(#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

export function parseEnvSample(text: string): EnvSampleEntry[] {
  const entries: EnvSampleEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = ENTRY.exec(raw);
    if (!match?.[2]) return;
    const value = (match[3] ?? "")
      .replace(/[ \t]+#.*$/, "")
      .trim()
      .replace(/^(["'])(.*)\1$/, "$2");
    entries.push({ name: match[2], line: index + 1, commented: Boolean(match[1]), value });
  });
  return entries;
}

/** Sample/template env files (not real `.env` files, which hold secrets and should not be committed). */
export function isEnvSamplePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return (
    /^\.env\.(example|sample|template|dist|defaults|local\.example|example\.local|development\.example|test\.example)$/.test(
      base,
    ) ||
    /^(example|sample)\.env$/.test(base) ||
    /^\.env\.[a-z]+\.(example|sample|template)$/.test(base)
  );
}

/** A template file of some other name (`app.config.example`, `deploy/env.sample`, `app.conf.dist`). */
export function isSampleNamedPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const match = /^(.+)\.(example|sample|template|dist)$/.exec(base);
  if (!match || isEnvSamplePath(path)) return false;
  // A template of a program or of a structured format documents that format, not environment variables.
  return !/\.(py|js|mjs|cjs|ts|rb|ex|exs|go|php|ya?ml|json|toml|ini|xml|html?|properties)(\.|$)/.test(
    match[1] as string,
  );
}

/**
 * A file made of `NAME=value` lines, as an env sample is, whatever its name (a program that loads
 * `app.config` with a dotenv reader): at least three entries, nearly every line that is not a comment one of them,
 * and most names spelt like environment variables.
 */
export function isDotenvShaped(text: string): boolean {
  const entries = parseEnvSample(text);
  const active = entries.filter((entry) => !entry.commented);
  const otherLines = text.split(/\r?\n/).filter((line) => line.trim() !== "" && !/^\s*#/.test(line));
  const upper = entries.filter((entry) => /^[A-Z][A-Z0-9_]*$/.test(entry.name)).length;
  return active.length >= 3 && active.length >= 0.8 * otherLines.length && upper >= 0.8 * entries.length;
}
