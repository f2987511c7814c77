// Published versions of one served file kept side by side (public/count.js, public/count.v3.js, public/count.v4.js):
// pages already embed each version's URL, so every version stays as it was shipped. Alike by design.
import { isStaticAssetPath } from "../../repo/path-kind.js";

/** `count.v3.js`, `widget-2.js`, `embed_1.4.js`: a base name, a version and the extension. */
const VERSIONED_NAME = /^(.+?)[._-]v?(\d+(?:\.\d+)*)(\.[A-Za-z0-9]+)$/;

/**
 * True when the paths are one served file and its numbered versions in the same folder: every path is under a served
 * folder, all but at most one name a version, and without the version they are the same name.
 */
export function areVersionedCopies(paths: readonly string[]): boolean {
  const unique = [...new Set(paths)];
  if (unique.length < 2 || !unique.every(isStaticAssetPath)) return false;
  let versioned = 0;
  const names = new Set<string>();
  for (const path of unique) {
    const slash = path.lastIndexOf("/");
    const folder = path.slice(0, slash + 1);
    const base = path.slice(slash + 1);
    const match = VERSIONED_NAME.exec(base);
    if (match) versioned++;
    names.add(folder + (match ? `${match[1]}${match[3]}` : base));
  }
  return names.size === 1 && versioned >= unique.length - 1;
}
