// Line-wise reader of `.env` sample files (KEY=value, `export KEY=`, commented `# KEY=` entries count as documented).

export interface EnvSampleEntry {
  name: string;
  line: number;
  commented: boolean;
}

const ENTRY = /^\s*(#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

export function parseEnvSample(text: string): EnvSampleEntry[] {
  const entries: EnvSampleEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = ENTRY.exec(raw);
    if (match?.[2]) entries.push({ name: match[2], line: index + 1, commented: Boolean(match[1]) });
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
