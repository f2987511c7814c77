// Added-lines secret scan over every commit of a range, so a secret added and later removed still fails the gate.
// Used when no history scanner or secrets facts pack is available; the patterns are well-known token shapes.
import { git } from "../repo/git.js";
import { isTestPath } from "../repo/path-kind.js";

export interface AddedSecret {
  commit: string;
  path: string;
  line: number;
  kind: string;
  /** The matched value with its middle masked. */
  redacted: string;
}

const PATTERNS: Array<{ kind: string; pattern: RegExp }> = [
  { kind: "AWS access key id", pattern: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/ },
  {
    kind: "private key",
    pattern: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/,
  },
  { kind: "GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,})\b/ },
  { kind: "GitHub fine-grained token", pattern: /\b(github_pat_[A-Za-z0-9_]{60,})\b/ },
  { kind: "Slack token", pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/ },
  { kind: "Stripe live key", pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/ },
  { kind: "Google API key", pattern: /\b(AIza[0-9A-Za-z_-]{35})\b/ },
  { kind: "OpenAI API key", pattern: /\b(sk-(?:proj-)?[A-Za-z0-9_-]{40,})\b/ },
  {
    kind: "hard-coded credential",
    pattern:
      /(?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|secret[_-]?key)["']?\s*[:=]\s*["']([^"'\s$<>{}]{12,})["']/i,
  },
];

const PLACEHOLDER =
  /^(x+|\*+|changeme|change[_-]?me|your[_-].*|example.*|dummy.*|test.*|fake.*|placeholder.*|redacted|<.*>|\.\.\.)$/i;

/** Words joined by dashes or underscores (`original-token`, `my_secret_value`) are names, not credentials. */
const WORDS = /^[a-z]+(?:[-_.][a-z0-9]+)*$/i;

function looksRandom(value: string): boolean {
  return (
    !PLACEHOLDER.test(value) &&
    !WORDS.test(value) &&
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value) &&
    entropy(value) >= 3.3
  );
}

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / value.length) * Math.log2(count / value.length);
  return bits;
}

export function redactSecret(value: string): string {
  if (value.length <= 8) return "****";
  return `${value.slice(0, 4)}…${value.slice(-2)}`;
}

/** Secrets on one added line, or an empty list. */
export function secretsOnLine(
  line: string,
  options: { generic?: boolean } = {},
): Array<{ kind: string; value: string }> {
  const found: Array<{ kind: string; value: string }> = [];
  for (const { kind, pattern } of PATTERNS) {
    if (kind === "hard-coded credential" && options.generic === false) continue;
    const match = pattern.exec(line);
    const value = match?.[1];
    if (!value) continue;
    if (kind === "hard-coded credential" && !looksRandom(value)) continue;
    found.push({ kind, value });
    break;
  }
  return found;
}

/**
 * Scans the lines each commit of `base..head` added. Token shapes count everywhere (a real key in a test is
 * still leaked); the generic `password = "..."` heuristic skips test files, whose fixtures are mostly fake.
 */
export function scanAddedSecrets(
  root: string,
  base: string,
  head: string,
): { secrets: AddedSecret[]; commitsScanned: number } {
  const out = git(root, [
    "log",
    "-p",
    "-U0",
    "--no-color",
    "--no-ext-diff",
    "--relative",
    "-M",
    "--format=%x1e%H",
    `${base}..${head}`,
    "--",
    ".",
  ]);
  const secrets: AddedSecret[] = [];
  let commitsScanned = 0;
  for (const chunk of out.split("\x1e")) {
    if (!chunk.trim()) continue;
    commitsScanned++;
    const lines = chunk.split("\n");
    const commit = (lines[0] ?? "").trim();
    let path: string | null = null;
    let lineNo = 0;
    for (const line of lines.slice(1)) {
      if (line.startsWith("+++ ")) {
        const target = line.slice(4);
        path = target === "/dev/null" ? null : target.replace(/^"?b\//, "").replace(/"$/, "");
        continue;
      }
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (hunk) {
        lineNo = Number(hunk[1]);
        continue;
      }
      if (line.startsWith("+") && path) {
        for (const hit of secretsOnLine(line.slice(1), { generic: !isTestPath(path) }))
          secrets.push({ commit, path, line: lineNo, kind: hit.kind, redacted: redactSecret(hit.value) });
        lineNo++;
      }
    }
  }
  return { secrets, commitsScanned };
}
