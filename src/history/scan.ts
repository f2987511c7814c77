// Scanning git history for secrets: one `git log -p -U0` stream, so each commit's added lines are read once
// (no tree walks). Each secret is reported once per path, at the earliest commit that added it, with whether
// it is still present at HEAD.
import { createInterface } from "node:readline";
import {
  detectSecrets,
  isSecretScanExcluded,
  type SecretContext,
  type SecretKind,
} from "../facts/secrets/detect.js";
import { GitError, gitSpawn, gitSpawnSync, readBlob, resolveCommit } from "../repo/git.js";
import { MAX_READ_BYTES } from "../repo/safe-read.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export interface HistorySecret {
  commit: string;
  /** Author date, ISO 8601. */
  date: string;
  path: string;
  /** Line in the file as of that commit. */
  line: number;
  kind: SecretKind;
  masked: string;
  hash: string;
  maskedLine: string;
  context: SecretContext;
  confidence: "certain" | "heuristic";
  /** Whether the same value is still in that path at HEAD. */
  stillPresent: boolean;
}

const COMMIT_MARK = "\u0001commit ";

/**
 * `git log` arguments: newest first, patches with no context, no renames (a rename's lines are not new), no
 * textconv or external diff program (the repository's drivers never run). `range` must be resolved first
 * (`resolveHistoryRange`): commit hashes only, so nothing a user or a repository wrote can read as an option.
 */
export function historyArgs(range: string | null): string[] {
  const revisions = range && range.length > 0 ? range : "HEAD";
  return [
    "log",
    "-p",
    "-U0",
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--no-renames",
    "--relative",
    "--diff-filter=AM",
    `--format=${COMMIT_MARK}%H %aI`,
    "--end-of-options",
    revisions,
    "--",
  ];
}

/**
 * Resolves `--history` input (`HEAD`, a revision, `a..b` or `a...b`) to commit hashes, each end verified as a
 * commit; anything that could read as an option is refused with a one-line GitError.
 */
export function resolveHistoryRange(root: string, range: string | null): string {
  const spec = range && range.length > 0 ? range : "HEAD";
  const three = spec.indexOf("...");
  const two = three === -1 ? spec.indexOf("..") : -1;
  const at = three !== -1 ? three : two;
  if (at === -1) return resolveCommit(root, spec);
  const separator = three !== -1 ? "..." : "..";
  const base = spec.slice(0, at);
  const head = spec.slice(at + separator.length) || "HEAD";
  if (base.length === 0) throw new GitError(`--history ${spec}: give a range as base..head`);
  return `${resolveCommit(root, base)}${separator}${resolveCommit(root, head)}`;
}

/** Parses the `git log -p -U0` stream line by line and collects secrets on added lines. */
export class HistoryParser {
  private commit = "";
  private date = "";
  private path: string | null = null;
  private nextLine = 0;
  /** Between `diff --git` and the first hunk: `+++`/`---` lines are headers, not content. */
  private inHeader = false;
  private added: string[] = [];
  private addedLines: number[] = [];
  /** path + hash → the earliest (last seen, as the log is newest first) occurrence. */
  private readonly found = new Map<string, Omit<HistorySecret, "stillPresent">>();

  push(line: string): void {
    if (line.startsWith(COMMIT_MARK)) {
      this.flush();
      const [commit = "", date = ""] = line.slice(COMMIT_MARK.length).split(" ");
      this.commit = commit;
      this.date = date;
      this.path = null;
      this.inHeader = false;
      return;
    }
    if (line.startsWith("diff --git ")) {
      this.flush();
      this.path = null;
      this.inHeader = true;
      return;
    }
    if (this.inHeader && line.startsWith("+++ ")) {
      const target = line.slice(4);
      this.path = target === "/dev/null" ? null : unquote(target).replace(/^b\//, "");
      if (this.path && isSecretScanExcluded(this.path)) this.path = null;
      return;
    }
    if (line.startsWith("@@") && (this.inHeader || /^@@ -\d/.test(line))) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      this.nextLine = hunk ? Number(hunk[1]) : 0;
      this.inHeader = false;
      return;
    }
    if (this.path === null) return;
    if (line.startsWith("+")) {
      this.added.push(line.slice(1));
      this.addedLines.push(this.nextLine++);
    }
  }

  private flush(): void {
    if (this.path !== null && this.added.length > 0) {
      for (const hit of detectSecrets(this.added, this.path, { lineNumbers: this.addedLines })) {
        this.found.set(`${this.path}\u0000${hit.hash}`, {
          commit: this.commit,
          date: this.date,
          path: this.path,
          line: hit.line,
          kind: hit.kind,
          masked: hit.masked,
          hash: hit.hash,
          maskedLine: hit.maskedLine,
          context: hit.context,
          confidence: hit.confidence,
        });
      }
    }
    this.added = [];
    this.addedLines = [];
  }

  /** The secrets found, each once per path, with `stillPresent` decided by `headHashes(path)`. */
  finish(headHashes: (path: string) => ReadonlySet<string> | "unreadable"): HistorySecret[] {
    this.flush();
    return [...this.found.values()]
      .map((secret) => {
        const atHead = headHashes(secret.path);
        return { ...secret, stillPresent: atHead === "unreadable" || atHead.has(secret.hash) };
      })
      .sort(
        (a, b) => compareCodeUnits(a.path, b.path) || a.line - b.line || compareCodeUnits(a.hash, b.hash),
      );
  }
}

/**
 * Hashes of the secrets in a path at HEAD (empty when the path no longer exists there). A file too large to
 * read counts as still holding every secret found in it: "removed" is said only of what was read and absent.
 */
function headHashReader(root: string): (path: string) => ReadonlySet<string> | "unreadable" {
  const cache = new Map<string, ReadonlySet<string> | "unreadable">();
  return (path) => {
    const cached = cache.get(path);
    if (cached) return cached;
    const listed = gitSpawnSync(root, ["ls-tree", "-l", "-z", "HEAD", "--", path], { maxBuffer: 1 << 20 });
    const [meta = ""] = (listed.status === 0 ? listed.stdout : "").split("\t");
    const [, type, blob = "", sizeText] = meta.split(/\s+/);
    let hashes: ReadonlySet<string> | "unreadable";
    if (type !== "blob") hashes = new Set<string>();
    else {
      const bytes = Number(sizeText) <= MAX_READ_BYTES ? readBlob(root, blob, MAX_READ_BYTES) : null;
      hashes =
        bytes === null
          ? "unreadable"
          : new Set(detectSecrets(splitLines(bytes.toString("utf8")), path).map((hit) => hit.hash));
    }
    cache.set(path, hashes);
    return hashes;
  };
}

/** Lines split on LF, CRLF or a lone CR (old Mac files): a file's lines are the same whichever it uses. */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path.slice(1, -1);
  }
}

/** Secrets added in any commit of `range` (default: everything reachable from HEAD), streaming one `git log`. */
export async function scanHistoryForSecrets(root: string, range: string | null): Promise<HistorySecret[]> {
  const parser = new HistoryParser();
  const child = gitSpawn(root, historyArgs(resolveHistoryRange(root, range)));
  child.stdin.end();
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) parser.push(line);
  const code = await exit;
  if (code !== 0) throw new Error(`git log failed (${code}): ${stderr.trim()}`);
  return parser.finish(headHashReader(root));
}

/** The same scan, synchronously (for facts collectors, which are synchronous). */
export function scanHistoryForSecretsSync(root: string, range: string | null): HistorySecret[] {
  const result = gitSpawnSync(root, historyArgs(resolveHistoryRange(root, range)), { maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git log failed (${result.status}): ${result.stderr.trim()}`);
  const parser = new HistoryParser();
  let start = 0;
  const text = result.stdout;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    parser.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
    start = end + 1;
  }
  return parser.finish(headHashReader(root));
}
