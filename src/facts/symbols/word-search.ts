// Which files of the repository name a word: the search behind "used nowhere else" for the Python and Elixir
// public-function checks. A name counts wherever it occurs as a whole word — code, templates, configuration,
// Dockerfiles, scripts, documentation — so a name is used as soon as anything could refer to it by that spelling.
import { createHash } from "node:crypto";
import type { RepoIndex } from "../../repo/repo-index.js";

/** Files no reference by name can live in (images, fonts, archives, compiled objects). */
const BINARY =
  /\.(png|jpe?g|gif|webp|ico|svg|woff2?|ttf|otf|eot|zip|gz|tgz|bz2|xz|7z|jar|pdf|mp[34]|webm|wav|ogg|so|dylib|dll|exe|o|a|pyc|beam|wasm|lock|min\.js|map)$/i;
/** Larger files are generated data, not code that calls a function. */
const MAX_BYTES = 1024 * 1024;
/** Up to this many names, files are first searched for each name's bytes. */
const MAX_PREFILTER_NAMES = 64;

/**
 * For each wanted word, the files it occurs in (as a whole word: `[A-Za-z_]\w*` with Elixir's trailing `?`/`!`).
 * Reads each text file of the repository once; vendored files are left out (they do not call the project's code).
 */
export function filesNaming(index: RepoIndex, wanted: ReadonlySet<string>): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  if (wanted.size === 0) return found;
  // A file holds a wanted word only if its bytes hold the name (UTF-8: the ASCII of the text is the bytes' ASCII),
  // so with a few names most files are ruled out by a byte search, neither decoded nor kept in the index's text
  // cache; the files left are tokenised as before. (With many names a byte search per name costs more than that.)
  const names = wanted.size <= MAX_PREFILTER_NAMES ? [...wanted].sort() : null;
  // With a cache, whether an unchanged file's bytes hold one of the names is remembered by its stat.
  const setKey = names ? createHash("sha256").update(names.join("\n")).digest("hex") : "";
  for (const file of index.files) {
    if (file.skip !== null && file.skip !== "skipped-generated" && file.skip !== "skipped-huge") continue;
    if (file.size > MAX_BYTES) continue;
    if (BINARY.test(file.path)) continue;
    if (names) {
      if (!index.mayHoldWords(file.path, names, setKey)) continue;
      const bytes = index.readBytes(file.path);
      if (bytes === null || !names.some((name) => bytes.includes(name))) continue;
    }
    const text = index.read(file.path);
    if (text === null) continue;
    for (const match of text.matchAll(/[A-Za-z_]\w*[?!]?/g)) {
      const word = match[0];
      for (const candidate of word.endsWith("?") || word.endsWith("!") ? [word, word.slice(0, -1)] : [word])
        if (wanted.has(candidate)) {
          const set = found.get(candidate) ?? new Set<string>();
          set.add(file.path);
          found.set(candidate, set);
        }
    }
  }
  return found;
}

/**
 * A test whether a file's bytes may hold any of a few words: false only when they are known not to (remembered by
 * the file's stat in the cache's stat index, or learnt by reading its bytes); true when the file must be read to
 * know. A search for names that reads a file's text only when it holds one can ask this first: a re-audit then reads
 * only the files that changed or hold a name.
 */
export function wordsFilter(index: RepoIndex): (path: string, words: Iterable<string>) => boolean {
  const keys = new Map<string, { names: string[]; setKey: string }>();
  return (path, words) => {
    const names = [...new Set(words)].sort();
    const joined = names.join("\n");
    let set = keys.get(joined);
    if (!set) {
      set = { names, setKey: createHash("sha256").update(joined).digest("hex") };
      keys.set(joined, set);
    }
    return index.mayHoldWords(path, set.names, set.setKey);
  };
}
