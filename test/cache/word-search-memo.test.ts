// Whether a file's bytes hold one of the names the Python "used nowhere else" search looks for is remembered by its
// stat: a run after an edit reads, for that search, only the files that changed or hold a name, and finds the
// same unreferenced functions an uncached run finds after a use is added, a use is removed, or a file is added.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { racyClock } from "../helpers/racy-clock.js";
import { hashOnly, runRecordingReads } from "../helpers/recorded-reads.js";
import { scratchFolder } from "./scratch-store.js";

const { freshDir } = scratchFolder("codeaudit-word-search-memo-test-");
/** Files changed less than two seconds ago are never trusted by their stat: `settle()` moves the clock past that. */
const { settle } = racyClock();

interface Pass {
  unreferenced: string[];
  /** Files read while the facts were collected. */
  readCollecting: string[];
}

async function pass(root: string, cacheDir: string | null): Promise<Pass> {
  const { result, reads } = await runRecordingReads(root, cacheDir, "collecting facts");
  const unreferenced = result.facts.pythonSymbols.unreferenced.map((d) => `${d.path}:${d.name}`).sort();
  return { unreferenced, readCollecting: reads };
}

/** The files a stored run's hit hashes. */
const allFiles = (root: string): string[] => [
  "manage.py",
  ...readdirSync(join(root, "app")).map((f) => `app/${f}`),
];

describe("word-search answers remembered by stat", () => {
  it("reads no unchanged file without a searched name, and misses no added or removed use", async () => {
    const root = freshDir();
    mkdirSync(join(root, "app"), { recursive: true });
    writeFileSync(join(root, "manage.py"), "import sys\n\nprint(sys.argv)\n");
    writeFileSync(
      join(root, "app", "helpers.py"),
      "def format_total(value):\n    return f'{value:.2f}'\n\n\ndef parse_amount(text):\n    return float(text)\n",
    );
    writeFileSync(
      join(root, "app", "views.py"),
      "from app.helpers import format_total\n\nx = format_total(3)\n",
    );
    writeFileSync(join(root, "app", "notes.txt"), "nothing to see here\n");
    writeFileSync(join(root, "app", "models.py"), "class Order:\n    total = 0\n");
    await settle();
    const cacheDir = freshDir();

    const cold = await pass(root, cacheDir);
    expect(cold.unreferenced).toEqual(["app/helpers.py:parse_amount"]);
    expect(cold.unreferenced).toEqual((await pass(root, null)).unreferenced);
    expect(cold.readCollecting).toEqual(
      expect.arrayContaining(["app/models.py", "app/notes.txt", "app/views.py", "manage.py"]),
    );

    // Reuse, also after a run that only hashed: files without any searched name are not read for the search.
    hashOnly(root, cacheDir, allFiles(root));
    const warm = await pass(root, cacheDir);
    expect(warm.unreferenced).toEqual(cold.unreferenced);
    expect(warm.readCollecting).not.toContain("app/notes.txt");
    expect(warm.readCollecting).not.toContain("app/models.py");
    expect(warm.readCollecting).not.toContain("manage.py");

    // A use of the unreferenced function is added to a file that had no name: its stat changed, it is read.
    writeFileSync(join(root, "app", "notes.txt"), "see parse_amount for the format\n");
    const used = await pass(root, cacheDir);
    expect(used.unreferenced).toEqual([]);
    expect(used.unreferenced).toEqual((await pass(root, null)).unreferenced);
    expect(used.readCollecting).toContain("app/notes.txt");

    // The use is removed and a new file naming neither is added.
    writeFileSync(join(root, "app", "notes.txt"), "nothing to see here, again\n");
    writeFileSync(join(root, "app", "extra.py"), "VALUE = 1\n");
    const removed = await pass(root, cacheDir);
    expect(removed.unreferenced).toEqual(["app/helpers.py:parse_amount"]);
    expect(removed.unreferenced).toEqual((await pass(root, null)).unreferenced);
    await settle();
    // Settled: the changed files' answers are trusted now (kept across a run that only hashed), and still the same.
    expect((await pass(root, cacheDir)).unreferenced).toEqual(removed.unreferenced);
    hashOnly(root, cacheDir, allFiles(root));
    const settled = await pass(root, cacheDir);
    expect(settled.unreferenced).toEqual(removed.unreferenced);
    expect(settled.readCollecting).not.toContain("app/notes.txt");
    expect(settled.readCollecting).not.toContain("app/extra.py");
  });
});
