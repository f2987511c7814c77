// Which repository an audit belongs to: its normalised remote URL when it has one, else its folder.
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";

export interface RepositoryIdentity {
  /** The key runs are grouped by: `github.com/owner/name`, or `path:/abs/folder` without a remote. */
  identity: string;
  name: string;
}

/**
 * The identity of the repository at `root` (the audited folder) inside `gitRoot`. A subfolder audit is its own
 * repository in the store (`…#sub/folder`), since its scores are not comparable with the whole repository's.
 */
export function repositoryIdentity(
  root: string,
  gitRoot: string | null,
  subfolder: string,
  name: string,
): RepositoryIdentity {
  const remote = gitRoot ? originUrl(gitRoot) : null;
  const base = remote ? normaliseRemoteUrl(remote) : `path:${realPathOrSelf(gitRoot ?? root)}`;
  const sub = subfolder && subfolder !== "." ? `#${subfolder}` : "";
  return { identity: base + sub, name };
}

/**
 * `https://user:token@GitHub.com/Owner/Name.git`, `git@github.com:Owner/Name` and `ssh://git@github.com/Owner/Name/`
 * all become `github.com/Owner/Name`: credentials dropped (they never reach the store), host lower-cased, `.git`
 * and trailing slashes removed. Local paths and file:// URLs keep their path.
 */
export function normaliseRemoteUrl(url: string): string {
  const trimmed = url.trim();
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(trimmed);
  let host = "";
  let path = trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      const parsed = new URL(trimmed);
      if (parsed.protocol === "file:") return `path:${decodeURIComponent(parsed.pathname)}`;
      host = parsed.host.toLowerCase();
      path = decodeURIComponent(parsed.pathname);
    } catch {
      return trimmed;
    }
  } else if (scp && !/^[a-z]:\\/i.test(trimmed)) {
    host = scp[1]!.toLowerCase();
    path = scp[2]!;
  } else {
    return `path:${trimmed}`;
  }
  path = path
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .replace(/^\/+/, "");
  return `${host}/${path}`;
}

function originUrl(gitRoot: string): string | null {
  try {
    // Reads configuration only: no hook, filter or fsmonitor of the audited repository runs for `git config`.
    const out = execFileSync(
      "git",
      ["-c", "core.hooksPath=/dev/null", "config", "--get", "remote.origin.url"],
      {
        cwd: gitRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    ).trim();
    return out || null;
  } catch {
    return null;
  }
}

function realPathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
