// Facts pack: files in the repository that its own .gitignore files ignore. The index lists tracked files and
// untracked ones git does not ignore (or, for a commit, the committed tree), so a listed path a .gitignore rule
// matches was committed before the rule or added with `git add -f`. No git command runs: the .gitignore files are
// read from the index and matched with the `ignore` package, each against the paths below its folder, deeper
// files overriding shallower ones as in git.
import { posix } from "node:path";
import ignore, { type Ignore } from "ignore";
import { defineCollector, definePack } from "../define.js";
import { parseEnvSample } from "../env/env-samples.js";
import { isSecretEnvName } from "../env/secret-names.js";
import { isPlaceholder } from "../secrets/detect.js";

/** What makes a tracked ignored file more than clutter. */
export type TrackedIgnoredSecret = "env-values" | "private-key";

export interface TrackedIgnoredFile {
  path: string;
  /** The .gitignore that ignores it, the rule as written and its line. */
  gitignore: string;
  pattern: string;
  line: number;
  /** Secrets-shaped: an env file that sets a secret, or a private key. */
  secret: TrackedIgnoredSecret | null;
}

export interface TrackedIgnoredFacts {
  files: TrackedIgnoredFile[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    trackedIgnored: TrackedIgnoredFacts;
  }
}

/** Env files meant to be committed as documentation of the variables, not as configuration. */
const ENV_TEMPLATE =
  /\.(example|sample|template|tmpl|dist|defaults?)$|(^|\/)(example|sample|template)\.env$/i;
const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$|(^|\/)[\w.-]+\.env$/;
const KEY_FILE = /\.(pem|key|p12|pfx)$|(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
/** A URL carrying a login: `postgres://app:s3cret@db/app`. */
const URL_CREDENTIALS = /^[a-z][\w+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;

/**
 * An env file holding a secret: a secret-named variable (`…_SECRET`, `…_PASSWORD`, `…_TOKEN`, `API_KEY`) or a URL
 * with a password, set to a value that is not a placeholder (`change_me_in_production`, `<token>`, `${VAR}`).
 * Settings without secrets (a compose project name, hosts, ports, feature flags) are clutter, not a leak.
 */
function holdsSecret(text: string): boolean {
  for (const { name, value, commented } of parseEnvSample(text)) {
    if (commented || value === "") continue;
    const password = URL_CREDENTIALS.exec(value)?.[1];
    if (password !== undefined && !isPlaceholder(password)) return true;
    if (isSecretEnvName(name) && !isPlaceholder(value)) return true;
  }
  return false;
}

function secretShape(path: string, read: (path: string) => string | null): TrackedIgnoredSecret | null {
  if (ENV_FILE.test(path) && !ENV_TEMPLATE.test(path)) {
    const text = read(path);
    return text !== null && holdsSecret(text) ? "env-values" : null;
  }
  if (KEY_FILE.test(path)) {
    const text = read(path);
    return text !== null && PRIVATE_KEY.test(text) ? "private-key" : null;
  }
  return null;
}

/** Files that exist to be committed inside an ignored folder, so the folder exists in every clone. */
const PLACEHOLDER = /^\.(gitkeep|keep|empty|placeholder|gitignore)$/;

interface GitignoreFile {
  path: string;
  dir: string;
  rules: Ignore;
  lines: string[];
}

/** Which .gitignore decides a path, and the rule: the deepest file with an opinion wins, as in git. */
function decide(
  path: string,
  gitignores: readonly GitignoreFile[],
): { file: GitignoreFile; pattern: string } | null {
  let verdict: { file: GitignoreFile; pattern: string } | null = null;
  for (const file of gitignores) {
    if (file.dir !== "." && !path.startsWith(`${file.dir}/`)) continue;
    const relative = file.dir === "." ? path : path.slice(file.dir.length + 1);
    const result = file.rules.test(relative);
    if (result.ignored) verdict = { file, pattern: result.rule?.pattern ?? "" };
    else if (result.unignored) verdict = null;
  }
  return verdict;
}

export const trackedIgnoredCollector = defineCollector({
  id: "trackedIgnored",
  collect(ctx): TrackedIgnoredFacts {
    const read = (path: string) => ctx.index.read(path);
    // Shallow first, so a deeper .gitignore's verdict replaces a shallower one's.
    const gitignores: GitignoreFile[] = ctx.index
      .paths((p) => p === ".gitignore" || p.endsWith("/.gitignore"))
      .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0))
      .flatMap((path) => {
        const text = read(path);
        if (text === null) return [];
        return [{ path, dir: posix.dirname(path), rules: ignore().add(text), lines: text.split(/\r?\n/) }];
      });
    if (gitignores.length === 0) return { files: [] };
    const files: TrackedIgnoredFile[] = [];
    for (const file of ctx.index.files) {
      // Files of an enclosing repository read for context are not the audited tree's.
      if (file.skip === "skipped-context" || PLACEHOLDER.test(posix.basename(file.path))) continue;
      const verdict = decide(file.path, gitignores);
      if (!verdict) continue;
      const index = verdict.file.lines.findIndex((line) => line.trim() === verdict.pattern);
      files.push({
        path: file.path,
        gitignore: verdict.file.path,
        pattern: verdict.pattern,
        line: index + 1 || 1,
        secret: secretShape(file.path, read),
      });
    }
    return { files };
  },
});

export default definePack({
  name: "tracked-ignored",
  collectors: [trackedIgnoredCollector],
  describe(facts) {
    const files = facts.trackedIgnored.files;
    if (files.length === 0) return [];
    return [
      {
        area: "build",
        label: "Tracked files .gitignore ignores",
        value: `${files.length}: ${files
          .slice(0, 5)
          .map((f) => f.path)
          .join(", ")}${files.length > 5 ? ", …" : ""}`,
      },
    ];
  },
});
