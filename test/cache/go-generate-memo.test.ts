// Whether a Go file holds a `//go:generate` line is remembered by its stat: a warm run reads only the Go files that
// changed or hold the line before the analysis, and finds the same generated files an uncached run finds after a
// line is added to a file, removed from one, or a file is added.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { racyClock } from "../helpers/racy-clock.js";
import { hashOnly, runRecordingReads } from "../helpers/recorded-reads.js";
import { scratchFolder } from "./scratch-store.js";

const { freshDir } = scratchFolder("codeaudit-go-generate-memo-test-");
/** Files changed less than two seconds ago are never trusted by their stat: `settle()` moves the clock past that. */
const { settle } = racyClock();

interface Pass {
  generated: string[];
  /** Files read before the per-file analysis started (the generator pass). */
  readBefore: string[];
}

async function pass(root: string, cacheDir: string | null): Promise<Pass> {
  const { result, reads } = await runRecordingReads(root, cacheDir, "before analysing files");
  const generated = result.diagnostics
    .filter((d) => d.kind === "skipped-generated" && d.path !== null)
    .map((d) => d.path as string)
    .sort();
  return { generated, readBefore: reads };
}

/** The files a stored run's hit hashes. */
const allFiles = (root: string): string[] => [
  "go.mod",
  ...readdirSync(join(root, "api")).map((f) => `api/${f}`),
];

describe("go:generate lines remembered by stat", () => {
  it("reads no unchanged Go file without the line, and misses no added, removed or new line", async () => {
    const root = freshDir();
    mkdirSync(join(root, "api"), { recursive: true });
    writeFileSync(join(root, "go.mod"), "module example.com/app\n\ngo 1.22\n");
    writeFileSync(
      join(root, "api", "doc.go"),
      "package api\n\n//go:generate oapi-codegen -o client_api.go x.yaml\n",
    );
    writeFileSync(join(root, "api", "client_api.go"), "package api\n\nfunc Call() int { return 1 }\n");
    writeFileSync(join(root, "api", "server.go"), "package api\n\nfunc Serve() int { return 2 }\n");
    writeFileSync(join(root, "api", "other.go"), "package api\n\nfunc Other() int { return 3 }\n");
    await settle();
    const cacheDir = freshDir();

    const cold = await pass(root, cacheDir);
    expect(cold.generated).toEqual(["api/client_api.go"]);
    expect(cold).toEqual({ ...(await pass(root, null)), readBefore: cold.readBefore });
    expect(cold.readBefore).toEqual(["api/client_api.go", "api/doc.go", "api/other.go", "api/server.go"]);

    // Reuse: only the file holding the line is read again, also after a run that asked nothing.
    hashOnly(root, cacheDir, allFiles(root));
    const warm = await pass(root, cacheDir);
    expect(warm.generated).toEqual(["api/client_api.go"]);
    expect(warm.readBefore).toEqual(["api/doc.go"]);

    // A file gains the line: its stat changed, it is read, and what it writes is found.
    writeFileSync(
      join(root, "api", "server.go"),
      "package api\n\n//go:generate oapi-codegen -o other.go y.yaml\nfunc Serve() int { return 2 }\n",
    );
    const gained = await pass(root, cacheDir);
    expect(gained.generated).toEqual(["api/client_api.go", "api/other.go"]);
    expect(gained.generated).toEqual((await pass(root, null)).generated);
    expect(gained.readBefore).toContain("api/server.go");

    // A file loses its line, and a new file holding one is added.
    writeFileSync(join(root, "api", "doc.go"), "package api\n");
    writeFileSync(join(root, "api", "gen.go"), 'package api\n\n//go:generate sh -c "x > server_gen.go"\n');
    writeFileSync(join(root, "api", "server_gen.go"), "package api\n\nfunc Gen() int { return 4 }\n");
    const changed = await pass(root, cacheDir);
    expect(changed.generated).toEqual((await pass(root, null)).generated);
    expect(changed.generated).toEqual(["api/other.go", "api/server_gen.go"]);
    await settle();
    // Settled: the changed files' answers are trusted now, and still the same.
    expect((await pass(root, cacheDir)).generated).toEqual(changed.generated);
    hashOnly(root, cacheDir, allFiles(root));
    const settled = await pass(root, cacheDir);
    expect(settled.generated).toEqual(changed.generated);
    expect(settled.readBefore).toEqual(["api/gen.go", "api/server.go"]);
  });
});
