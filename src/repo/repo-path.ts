// Repository-relative paths (always `/`-separated, no leading `./`): their folder and their normal form.

/** The folder holding a repository path: `root` ("." by default, "" where callers join with `/`) at the top. */
export function parentDir(path: string, root = "."): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? root : path.slice(0, slash);
}

/** `a/./b/../c` → `a/c`; empty and `.` segments dropped, `..` above the root ignored; the root is ".". */
export function normaliseRepoPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? "." : parts.join("/");
}
