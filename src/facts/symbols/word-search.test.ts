// filesNaming: the byte search that rules files out first finds exactly the files the word tokenisation finds.
import { describe, expect, it } from "vitest";
import { indexFromMemory, type RepoIndex } from "../../repo/repo-index.js";
import { filesNaming } from "./word-search.js";

/** The tokenisation alone, as filesNaming did it before the byte search (the reference). */
function tokenised(index: RepoIndex, wanted: ReadonlySet<string>): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of index.files) {
    const text = index.read(file.path);
    if (text === null) continue;
    for (const match of text.matchAll(/[A-Za-z_]\w*[?!]?/g)) {
      const word = match[0];
      for (const candidate of word.endsWith("?") || word.endsWith("!") ? [word, word.slice(0, -1)] : [word])
        if (wanted.has(candidate)) found.set(candidate, (found.get(candidate) ?? new Set()).add(file.path));
    }
  }
  return found;
}

const files: Record<string, string | Buffer> = {
  "lib/a.py": "def run_job():\n    return 9run_job + sub_run_job\n",
  "lib/b.ex": "if valid?(x), do: save!(x)\n",
  "lib/c.py": "def café():\n    pass\n# caf\n",
  "lib/d.txt": Buffer.concat([
    Buffer.from("bad \xff bytes "),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(" helper\n"),
  ]),
  "docs/e.md": "Call `helper_two` or helper.\n",
  "lib/f.py": "xrun_job = 1\nrun_jobs = 2\n",
};

describe("filesNaming", () => {
  it("finds the files the tokenisation finds: digits before a word, ?/! endings, non-ASCII names, invalid bytes", () => {
    const wanted = new Set(["run_job", "valid", "save", "café", "caf", "helper", "helper_two", "absent"]);
    const expected = tokenised(indexFromMemory(files), wanted);
    expect(expected.get("run_job")).toEqual(new Set(["lib/a.py"]));
    expect(filesNaming(indexFromMemory(files), wanted)).toEqual(expected);
  });

  it("with more names than the byte search takes, still the same files", () => {
    const wanted = new Set(["run_job", "helper", ...Array.from({ length: 80 }, (_, k) => `name_${k}`)]);
    expect(filesNaming(indexFromMemory(files), wanted)).toEqual(tokenised(indexFromMemory(files), wanted));
  });
});
