import { describe, expect, it } from "vitest";
import type { FileBatch } from "./file-worker.js";
import { wavesOf } from "./run-files.js";

const settings = {} as FileBatch["settings"];
const batch = (files: number, bytesEach: number): FileBatch => ({
  tasks: Array.from({ length: files }, (_, i) => ({
    path: `f${i}`,
    language: null,
    isTest: false,
    size: bytesEach,
  })),
  settings,
});

describe("wavesOf (when worker threads are replaced)", () => {
  it("keeps thousands of tiny files in one wave, so workers are not restarted per thousand files", () => {
    const waves = wavesOf(Array.from({ length: 100 }, () => batch(40, 20)));
    expect(waves.map((w) => w.length)).toEqual([100]);
  });

  it("cuts waves by source size, and by file count for very many files", () => {
    // 40 files of 100 KB per batch: 4 MB a batch, two batches fit in 8 MiB.
    expect(wavesOf(Array.from({ length: 7 }, () => batch(40, 100_000))).map((w) => w.length)).toEqual([
      2, 2, 2, 1,
    ]);
    // 200 batches of 40 one-byte files: 8000 files, cut at 5000.
    expect(wavesOf(Array.from({ length: 200 }, () => batch(40, 1))).map((w) => w.length)).toEqual([125, 75]);
  });

  it("puts a batch larger than a wave in a wave of its own", () => {
    expect(wavesOf([batch(1, 50_000_000), batch(1, 10)]).map((w) => w.length)).toEqual([1, 1]);
  });
});
