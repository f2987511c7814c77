// The Go collector's two text searches over production files (who names a server's builder function; who calls a
// helper that sends a request without a context) read a file only when its bytes may hold a searched name, and with a
// cache that answer is remembered by the file's stat: a run after an edit reads, for them, only the files that changed
// or hold a name, and gives what an uncached run gives after a name is added to a file, a build constraint is added
// and a file is added.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { racyClock } from "../helpers/racy-clock.js";
import { hashOnly, runRecordingReads } from "../helpers/recorded-reads.js";
import { scratchFolder } from "./scratch-store.js";

const { freshDir } = scratchFolder("codeaudit-go-search-memo-test-");
/** Files changed less than two seconds ago are never trusted by their stat: `settle()` moves the clock past that. */
const { settle } = racyClock();

interface Pass {
  /** The Go facts these searches decide, as JSON. */
  answer: string;
  /** Files read while the facts were collected. */
  readCollecting: string[];
}

async function pass(root: string, cacheDir: string | null): Promise<Pass> {
  const { result, reads } = await runRecordingReads(root, cacheDir, "collecting facts");
  const go = result.facts.go;
  const answer = JSON.stringify({
    servers: go?.servers.map((s) => [s.path, s.builtBy, s.builderUncalled]),
    paths: go?.requestPathsWithoutContext,
  });
  return { answer, readCollecting: reads };
}

const FILES: Record<string, string> = {
  "go.mod": "module example.com/x\n\ngo 1.22\n",
  "api/api.go":
    'package api\n\nimport "net/http"\n\nfunc newAPI() *http.Server {\n\treturn &http.Server{Addr: ":8080"}\n}\n',
  "cmd/app/main.go": "package main\n\nfunc main() {}\n",
  "client/fetch.go":
    'package client\n\nimport "net/http"\n\nfunc Fetch(url string) (*http.Response, error) {\n\treturn http.Get(url)\n}\n',
  "web/handler.go":
    'package web\n\nimport (\n\t"net/http"\n\n\t"example.com/x/client"\n)\n\nfunc Handle(w http.ResponseWriter, r *http.Request) {\n\t_, _ = client.Fetch("http://example.com")\n}\n',
  "util/strings.go": "package util\n\nfunc Trim(s string) string { return s }\n",
};

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe("the Go collector's searches answered by stat", () => {
  it("reads no unchanged production file without a searched name, and gives the uncached answer after edits", async () => {
    const root = freshDir();
    for (const [path, text] of Object.entries(FILES)) write(root, path, text);
    await settle();
    const cacheDir = freshDir();
    const goFiles = Object.keys(FILES).filter((path) => path.endsWith(".go"));

    const cold = await pass(root, cacheDir);
    const uncached = await pass(root, null);
    expect(cold.answer).toEqual(uncached.answer);
    // The server's builder is named nowhere else; the handler reaches the contextless request.
    expect(JSON.parse(cold.answer).servers).toEqual([["api/api.go", "newAPI", true]]);
    expect(JSON.parse(cold.answer).paths).toHaveLength(1);
    expect(uncached.readCollecting).toContain("util/strings.go");

    // Reuse, also after a run that only hashed: the file holding no searched name is not read.
    hashOnly(root, cacheDir, goFiles);
    const warm = await pass(root, cacheDir);
    expect(warm.answer).toEqual(cold.answer);
    expect(warm.readCollecting).not.toContain("util/strings.go");
    expect(warm.readCollecting).not.toContain("cmd/app/main.go");

    // The builder is named in that file now: its stat changed, it is read, and the server is no longer uncalled.
    write(
      root,
      "util/strings.go",
      "package util\n\nvar start = newAPI\n\nfunc Trim(s string) string { return s }\n",
    );
    const named = await pass(root, cacheDir);
    expect(named.readCollecting).toContain("util/strings.go");
    expect(named.answer).toEqual((await pass(root, null)).answer);
    expect(JSON.parse(named.answer).servers).toEqual([["api/api.go", "newAPI", false]]);

    // The handler builds only for tests now (no request path), and a new file calls the helper from a handler.
    write(root, "web/handler.go", `//go:build integration\n\n${FILES["web/handler.go"] ?? ""}`);
    write(
      root,
      "web/other.go",
      'package web\n\nimport (\n\t"net/http"\n\n\t"example.com/x/client"\n)\n\nfunc Other(w http.ResponseWriter, r *http.Request) {\n\t_, _ = client.Fetch("http://example.com")\n}\n',
    );
    const moved = await pass(root, cacheDir);
    expect(moved.answer).toEqual((await pass(root, null)).answer);
    expect(JSON.parse(moved.answer).paths[0].chain[0].path).toBe("web/other.go");

    // Settled: every answer is trusted now (kept across a run that only hashed), and still the same.
    await settle();
    expect((await pass(root, cacheDir)).answer).toEqual(moved.answer);
    hashOnly(root, cacheDir, [...goFiles, "web/other.go"]);
    const settled = await pass(root, cacheDir);
    expect(settled.answer).toEqual(moved.answer);
    expect(settled.readCollecting).not.toContain("cmd/app/main.go");
  });
});
