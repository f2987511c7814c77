// Repository-level collectors that declare `memo` (clones, the Go symbol index) reuse the previous run's result only
// when every input they read is unchanged: after any edit the report is byte-identical to an uncached run's.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { OutcomeStore } from "../../src/cache/outcome-store.js";
import type { LoadedConfig } from "../../src/config/load-config.js";
import { auditRepository } from "../../src/pipeline/audit-repository.js";
import { renderJson } from "../../src/report/json.js";
import { scratchFolder, scratchStore } from "./scratch-store.js";

const fixtures = resolve(import.meta.dirname, "..", "fixtures");
const { freshDir } = scratchFolder("codeaudit-memo-test-");

async function audit(
  path: string,
  cache: OutcomeStore | null,
  config?: LoadedConfig,
): Promise<{ json: string; reused: number; partsReused: number; partsComputed: number }> {
  const before = cache?.stats.reused ?? 0;
  const partsBefore = { reused: cache?.stats.partsReused ?? 0, computed: cache?.stats.partsComputed ?? 0 };
  const run = await auditRepository({
    path,
    noTimestamp: true,
    ...(cache ? { cache } : {}),
    ...(config ? { config } : {}),
  });
  return {
    json: renderJson(run.audit),
    reused: (cache?.stats.reused ?? 0) - before,
    partsReused: (cache?.stats.partsReused ?? 0) - partsBefore.reused,
    partsComputed: (cache?.stats.partsComputed ?? 0) - partsBefore.computed,
  };
}

function copyOf(fixture: string): string {
  const path = freshDir();
  cpSync(join(fixtures, fixture), path, { recursive: true });
  return path;
}

function append(path: string, text: string): void {
  writeFileSync(path, readFileSync(path, "utf8") + text);
}

/** The memoised collectors that ran (the result of each is stored): every one of them on a cold run. */
async function coldRun(path: string, cache: OutcomeStore): Promise<string> {
  const cold = await audit(path, cache);
  expect(cold.reused).toBe(0);
  return cold.json;
}

describe("collector memo: clones", () => {
  it("a comment edit reuses the clone index; a copied block and a removed copy are found as an uncached run finds them", async () => {
    const path = copyOf("clones");
    const cache = scratchStore(freshDir());
    const cold = await coldRun(path, cache);
    // Everything memoised is reused when nothing a collector reads changed.
    const memoised = (await audit(path, cache)).reused;
    expect(memoised).toBeGreaterThanOrEqual(2);

    append(join(path, "src", "reports", "weekly.py"), "\n# reviewed\n");
    const comment = await audit(path, cache);
    expect(comment.reused).toBe(memoised);
    expect(comment.json).toBe((await audit(path, null)).json);

    // A new copy of the weekly report's loop: a clone place more, so the clone index is computed again.
    const weekly = readFileSync(join(path, "src", "reports", "weekly.py"), "utf8");
    writeFileSync(
      join(path, "src", "reports", "daily.py"),
      weekly.replace("summarise_week", "summarise_day"),
    );
    const added = await audit(path, cache);
    // The clone index and the file twins (a new file's path and line counts are among their inputs).
    expect(added.reused).toBe(memoised - 2);
    expect(added.json).toContain("src/reports/daily.py");
    expect(added.json).toBe((await audit(path, null)).json);
    expect(added.json).not.toBe(cold);

    // The copy removed: back to the first run's clones (the stored result of that run serves again).
    rmSync(join(path, "src", "reports", "daily.py"));
    const removed = await audit(path, cache);
    expect(removed.json).toBe((await audit(path, null)).json);
    expect(removed.json).not.toContain("src/reports/daily.py");
  });

  it("changed duplication thresholds or a changed code fingerprint never reuse a stored clone index", async () => {
    const path = copyOf("clones");
    const dir = freshDir();
    await coldRun(path, scratchStore(dir, 1e9, "code-a"));
    const memoised = (await audit(path, scratchStore(dir, 1e9, "code-a"))).reused;
    const other = await audit(path, scratchStore(dir, 1e9, "code-b"));
    expect(other.reused).toBe(0);
    expect(other.json).toBe((await audit(path, null)).json);

    const stricter: LoadedConfig = { config: { duplication: { minTokens: 80 } }, path: null };
    const cache = scratchStore(dir, 1e9, "code-a");
    const changed = await audit(path, cache, stricter);
    expect(changed.reused).toBe(memoised - 1);
    expect(changed.json).toBe((await audit(path, null, stricter)).json);
  });
});

describe("collector memo: file twins", () => {
  it("an edit elsewhere reuses the twin groups; an edit of a twin's text compares the files again", async () => {
    const path = copyOf("clones");
    const cache = scratchStore(freshDir());
    const cold = await coldRun(path, cache);
    expect(cold).toContain("src/billing/normalise-user.js");
    const memoised = (await audit(path, cache)).reused;
    append(join(path, "src", "reports", "weekly.py"), "\n# reviewed\n");
    expect((await audit(path, cache)).reused).toBe(memoised);

    // The billing copy rewritten with other code under the same name: no longer the orders file's twin.
    const billing = join(path, "src", "billing", "normalise-user.js");
    const other = Array.from({ length: 18 }, (_, i) => `export const limit${i} = ${i} * rate(${i});`).join(
      "\n",
    );
    writeFileSync(billing, `${other}\n`);
    const edited = await audit(path, cache);
    expect(edited.json).toBe((await audit(path, null)).json);
    expect(edited.json).not.toBe(cold);
  });
});

describe("file twins kept by name", () => {
  it("a line added elsewhere reuses each name's groups unread; a twin rewritten with as many lines is compared again", async () => {
    const path = copyOf("clones");
    const cache = scratchStore(freshDir());
    const cold = await audit(path, cache);
    expect(cold.json).toContain("normalise-user.js (");
    // The clone index, the Go symbol index's one folder (src/shipping) and the file twins' one name held by two
    // candidate files (normalise-user.js; format.ts is under 15 code lines).
    expect(cold.partsComputed).toBe(3);

    // A code line more in a file named like no other: every file's line count is in the whole result's key, so it
    // is computed again, but normalise-user.js's group is the kept one (its files' bytes are unchanged).
    append(join(path, "src", "reports", "weekly.py"), "\nTOTAL_WEEKS = 52\n");
    const elsewhere = await audit(path, cache);
    expect(elsewhere.reused).toBeGreaterThan(0);
    // Computed: the clone index only (weekly.py's tokens changed); reused: normalise-user.js's groups (the Go
    // symbol index's whole result is reused, its parts are not opened).
    expect([elsewhere.partsComputed, elsewhere.partsReused]).toEqual([1, 1]);
    expect(elsewhere.json).toBe((await audit(path, null)).json);

    // The billing copy rewritten, line for line, with other code: the same line counts as the run above, whose
    // whole result read no twin's text. Its content hash is in the key: the group is compared again and is gone.
    const billing = join(path, "src", "billing", "normalise-user.js");
    const lines = readFileSync(billing, "utf8").split("\n");
    const rewritten = lines.map((line, i) =>
      i > 1 && i < lines.length - 3 && line.includes("user.")
        ? `  user.field${i} = compute(${i}, input);`
        : line,
    );
    writeFileSync(billing, rewritten.join("\n"));
    const twin = await audit(path, cache);
    expect(twin.json).toBe((await audit(path, null)).json);
    expect(twin.json).not.toContain("normalise-user.js (");
    expect(twin.json).not.toBe(elsewhere.json);
  });
});

describe("collector memo: Go symbol index", () => {
  it("a comment edit reuses the index; a new use of an unused function, a new file and an unanalysed file's edit do not", async () => {
    const path = copyOf("symbols-go");
    const cache = scratchStore(freshDir());
    const cold = await coldRun(path, cache);
    expect(cold).toContain("legacyChecksum");
    const memoised = (await audit(path, cache)).reused;
    const store = join(path, "internal", "store", "store.go");

    append(store, "\n// Reviewed.\n");
    const comment = await audit(path, cache);
    // All but the file twins, whose key holds each candidate file's content hash (its groups come from their kept
    // parts: only store.go's name is compared again).
    expect(comment.reused).toBe(memoised - 1);
    expect(comment.json).toBe((await audit(path, null)).json);

    // legacyChecksum used: no longer unreferenced, so the stored index must not serve.
    writeFileSync(
      store,
      readFileSync(store, "utf8").replace(
        "return clamp(quantity), nil",
        "_ = legacyChecksum(nil)\n\treturn clamp(quantity), nil",
      ),
    );
    const used = await audit(path, cache);
    expect(used.reused).toBeLessThan(memoised);
    expect(used.json).toBe((await audit(path, null)).json);
    expect(used.json).not.toBe(comment.json);

    // A file of the package added: the listing and the analysed files change.
    writeFileSync(
      join(path, "internal", "store", "extra.go"),
      "package store\n\nfunc extra() int { return clamp(1) }\n",
    );
    const added = await audit(path, cache);
    expect(added.reused).toBeLessThan(memoised);
    expect(added.json).toBe((await audit(path, null)).json);

    // A generated Go file is not analysed: the index reads its text, and a change to it is seen.
    const generated = join(path, "internal", "engine", "version_gen.go");
    expect((await audit(path, cache)).reused).toBe(memoised);
    append(generated, "\nfunc generatedHelper() int { return 2 }\n");
    const edited = await audit(path, cache);
    expect(edited.reused).toBe(memoised - 1);
    expect(edited.json).toBe((await audit(path, null)).json);
  });
});

describe("Go symbol index by folder", () => {
  // Five folders hold packages: cmd/shop, internal/engine, internal/platform, internal/store, tools.
  it("an edit recomputes its folder, and the folders importing it only when its interface changed", async () => {
    const path = copyOf("symbols-go");
    const cache = scratchStore(freshDir());
    const cold = await audit(path, cache);
    // The five folders, and the clone index (facts/clones: kept whole as one part).
    expect(cold.partsComputed).toBe(6);
    expect(cold.partsReused).toBe(0);
    const store = join(path, "internal", "store", "store.go");

    // A body edit: the store's symbol facts change (legacyChecksum is now used), its package-level names do not.
    writeFileSync(
      store,
      readFileSync(store, "utf8").replace(
        "return clamp(quantity), nil",
        "_ = legacyChecksum(nil)\n\treturn clamp(quantity), nil",
      ),
    );
    const body = await audit(path, cache);
    // The edit changes the store's clone tokens too: the clone index is updated (one part).
    expect([body.partsComputed, body.partsReused]).toEqual([2, 4]);
    expect(body.json).toBe((await audit(path, null)).json);
    expect(body.json).not.toContain("legacyChecksum");

    // A new package-level name: the store's interface changes, so its importers (cmd/shop, and internal/engine,
    // whose `store.ErrMissing` now resolves) are resolved again; internal/platform and tools are not.
    const missing = await audit(path, null);
    expect(missing.json).toContain("store.ErrMissing");
    writeFileSync(
      store,
      readFileSync(store, "utf8").replace(
        "// Store holds orders in memory.",
        'var ErrMissing = errors.New("missing")\n\n// Store holds orders in memory.',
      ),
    );
    const grown = await audit(path, cache);
    expect(grown.json).not.toContain("store.ErrMissing");
    expect(grown.json).toBe((await audit(path, null)).json);
    expect([grown.partsComputed, grown.partsReused]).toEqual([4, 2]);
  });

  it("an unanalysed file's edit recomputes the folders that read it, and what it declares is seen", async () => {
    const path = copyOf("symbols-go");
    const cache = scratchStore(freshDir());
    const cold = await audit(path, cache);
    expect(cold.json).toContain("`NewDreamManager`");
    // A comment in an analysed file changes no symbol fact: the whole index is reused, no folder is resolved.
    append(join(path, "internal", "platform", "cgo.go"), "\n// Reviewed.\n");
    const comment = await audit(path, cache);
    expect(comment.reused).toBeGreaterThan(0);
    expect(comment.partsComputed).toBe(0);
    // The generated file of internal/engine is read, not analysed: the name it now declares resolves. Only its own
    // folder read it (cmd/shop's lookups in that package all resolve among the analysed files).
    const generated = join(path, "internal", "engine", "version_gen.go");
    append(generated, "\nfunc NewDreamManager() int { return 2 }\n");
    const edited = await audit(path, cache);
    expect(edited.json).not.toContain("`NewDreamManager`");
    expect(edited.json).toBe((await audit(path, null)).json);
    expect([edited.partsComputed, edited.partsReused]).toEqual([1, 4]);
  });
});
