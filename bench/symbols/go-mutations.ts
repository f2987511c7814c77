// Mutation benchmark for the Go symbol index against the Go compiler: copy real packages outside the project,
// delete one package-level declaration at a time, and compare the (file, name) pairs the compiler reports
// `undefined` with those the index reports unresolved (the facts behind go/undefined-identifier; the index names
// the first use in a file, the compiler every use). The unmutated copy must give neither any. Files the
// compiler skips for their build constraint on this machine are marked: the index checks every variant. Needs a Go toolchain on PATH (`go build -gcflags=-e` lists every error, not the first ten).
// Usage: npx tsx bench/symbols/go-mutations.ts [--src /usr/lib/go/src] [--pkg encoding/csv,net/url] [--per 12]
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goSymbolsAnalyzer } from "../../src/facts/symbols/go-file.js";
import { buildGoSymbols } from "../../src/facts/symbols/go-index.js";
import type { FileSummary } from "../../src/facts/repo-facts.js";
import { openRepository } from "../../src/repo/open-repository.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string =>
  args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback;
const goRoot = option("--src", execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim() + "/src");
const packages = option(
  "--pkg",
  "encoding/csv,net/url,text/tabwriter,container/list,encoding/hex,encoding/base64,bufio,html,mime/quotedprintable,encoding/pem,regexp/syntax",
).split(",");
const perPackage = Number(option("--per", "12"));
const work = join(tmpdir(), "codeaudit-go-mutations");

interface Outcome {
  pkg: string;
  deleted: string;
  compiler: string[];
  index: string[];
  built: Set<string>;
}

/** Package-level declarations of a gofmt-formatted file: [name, first line (doc comment included), last line]. */
function declarations(text: string): Array<[string, number, number]> {
  const lines = text.split("\n");
  const out: Array<[string, number, number]> = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^(?:func(?:\s*\([^)]*\))?|type|var|const)\s+([A-Za-z_]\w*)/.exec(lines[i] ?? "");
    if (!match || /^(var|const|type)\s*\($/.test(lines[i] ?? "")) continue;
    if (/^func\s*\(/.test(lines[i] ?? "")) continue; // methods: their callers go through values, not names
    let start = i;
    while (start > 0 && (lines[start - 1] ?? "").startsWith("//")) start--;
    let end = i;
    const head = (lines[i] ?? "").replace(/\/\*.*?\*\/|\/\/.*$/g, "").trimEnd();
    const opens = head.endsWith("{") || head.endsWith("(");
    if (opens) while (end < lines.length && !/^[})]/.test(lines[end] ?? "")) end++;
    out.push([match[1] ?? "", start, end]);
  }
  return out;
}

/** Files `go build` compiles on this machine (the others are excluded by build constraints). */
function builtFiles(dir: string): Set<string> {
  const result = spawnSync("go", ["list", "-e", "-f", '{{join .GoFiles "\\n"}}', "."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GO111MODULE: "on" },
  });
  return new Set((result.stdout ?? "").split("\n").filter(Boolean));
}

function compilerUndefined(dir: string): string[] {
  const result = spawnSync("go", ["build", "-gcflags=-e", "./..."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GO111MODULE: "on" },
  });
  const names = new Set<string>();
  for (const match of (result.stderr ?? "").matchAll(
    /^\.?\/?([\w/.-]+\.go):(\d+):\d+: undefined: ([\w.]+)/gm,
  ))
    names.add(`${match[1]} ${match[3]}`);
  return [...names].sort();
}

async function indexUndefined(dir: string): Promise<string[]> {
  const index = await openRepository(dir);
  const files: Array<{
    file: FileSummary;
    value: NonNullable<ReturnType<typeof goSymbolsAnalyzer.analyze>>;
  }> = [];
  for (const file of index.sourceFiles(["go"])) {
    const text = index.read(file.path);
    if (text === null) continue;
    const value = goSymbolsAnalyzer.analyze({
      nodesOfKind: () => [],
      path: file.path,
      language: "go",
      text,
      lines: [],
      tree: null,
      isTest: file.isTest,
    });
    if (!value) continue;
    const summary: FileSummary = {
      path: file.path,
      language: "go",
      isTest: file.isTest,
      bytes: text.length,
      parsed: false,
      lines: { code: 0, comment: 0, blank: 0 },
      facts: {},
    };
    files.push({ file: summary, value });
  }
  const symbols = buildGoSymbols(index, files, [{ module: "mutation.example/pkg", dir: "." }]);
  return [...new Set(symbols.unresolved.map((ref) => `${ref.path} ${ref.name}`))].sort();
}

function copyPackage(pkg: string, into: string): string[] {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const sources = readdirSync(join(goRoot, pkg)).filter(
    (name) => name.endsWith(".go") && !name.endsWith("_test.go"),
  );
  for (const name of sources) cpSync(join(goRoot, pkg, name), join(into, name));
  writeFileSync(join(into, "go.mod"), "module mutation.example/pkg\n\ngo 1.19\n");
  return sources;
}

const outcomes: Outcome[] = [];
for (const pkg of packages) {
  const dir = join(work, pkg.replace(/\//g, "_"));
  const sources = copyPackage(pkg, dir);
  outcomes.push({
    pkg,
    deleted: "(none)",
    compiler: compilerUndefined(dir),
    index: await indexUndefined(dir),
    built: builtFiles(dir),
  });
  const candidates = sources.flatMap((name) =>
    declarations(readFileSync(join(dir, name), "utf8")).map((decl) => ({ name, decl })),
  );
  // Spread the mutations over the package: every k-th declaration.
  const step = Math.max(1, Math.floor(candidates.length / perPackage));
  for (
    let i = 0;
    i < candidates.length && outcomes.filter((o) => o.pkg === pkg).length <= perPackage;
    i += step
  ) {
    const { name, decl } = candidates[i] ?? { name: "", decl: ["", 0, 0] };
    copyPackage(pkg, dir);
    const path = join(dir, name);
    const lines = readFileSync(path, "utf8").split("\n");
    lines.splice(decl[1], decl[2] - decl[1] + 1);
    writeFileSync(path, lines.join("\n"));
    outcomes.push({
      pkg,
      deleted: `${decl[0]} (${name})`,
      compiler: compilerUndefined(dir),
      index: await indexUndefined(dir),
      built: builtFiles(dir),
    });
  }
}
rmSync(work, { recursive: true, force: true });

let agree = 0;
let agreeOnBuilt = 0;
const rows: string[] = [];
for (const outcome of outcomes) {
  const compiler = new Set(outcome.compiler);
  const index = new Set(outcome.index);
  const both = [...compiler].filter((entry) => index.has(entry)).length;
  const same = both === compiler.size && both === index.size;
  const onBuilt = [...index].filter((entry) => outcome.built.has(entry.split(" ")[0] ?? ""));
  const sameOnBuilt = both === compiler.size && both === onBuilt.length;
  if (same) agree++;
  if (sameOnBuilt) agreeOnBuilt++;
  const describe = (entry: string): string =>
    outcome.built.has(entry.split(" ")[0] ?? "") ? entry : `${entry} (file not built here)`;
  const compilerOnly = [...compiler].filter((e) => !index.has(e));
  const indexOnly = [...index].filter((e) => !compiler.has(e)).map(describe);
  rows.push(
    `| ${outcome.pkg} | ${outcome.deleted} | ${compiler.size} | ${index.size} | ${both} | ${same ? "yes" : `${sameOnBuilt ? "on built files" : "no"}: compiler only ${compilerOnly.join(", ") || "—"}; index only ${indexOnly.join(", ") || "—"}`} |`,
  );
}
process.stdout.write(
  [
    "| package | declaration deleted | compiler (file, name) | index (file, name) | both | same |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `${agree} of ${outcomes.length} runs agree exactly, ${agreeOnBuilt} on the files the compiler builds here (${outcomes.filter((o) => o.deleted === "(none)").length} unmutated).`,
    "",
  ].join("\n"),
);
