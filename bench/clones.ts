// Benchmark of copy-paste detection against jscpd at equivalent thresholds: the audit's time and peak memory with
// clone detection off and on (each audit in its own process), jscpd's time, and which of the lines jscpd reports as
// duplicated codeaudit's clone classes cover (exact mode, and jscpd's renamed mode).
// Usage: npm run bench:clones -- <corpus> [--jscpd <path to jscpd bin>] [--formats javascript,typescript,...]
//        [--exact-only] (skip jscpd's renamed mode: on the Go standard library it alone takes minutes and gigabytes)
// jscpd is looked up at $JSCPD, /tmp/jscpd/node_modules/.bin/jscpd, then on the PATH; never a project dependency.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { auditRepository as AuditRepository } from "../src/pipeline/audit-repository.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const corpus = resolve(args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? ".");
const child = option("--child");

if (child) await runChild(child === "on", option("--lines-out"));
else await compare();

/** One audit in this process: prints its time and peak RSS as JSON; with `on`, writes the duplicated lines. */
async function runChild(on: boolean, linesOut: string | undefined): Promise<void> {
  const built = resolve(import.meta.dirname, "..", "dist", "pipeline", "audit-repository.js");
  const { auditRepository } = (await import(pathToFileURL(built).href)) as {
    auditRepository: typeof AuditRepository;
  };
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const run = await auditRepository({
    path: corpus,
    noTimestamp: true,
    advisoryDir: null,
    config: { path: null, config: { duplication: { enabled: on } } },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU time of every thread of the process: steadier than wall time on a shared machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const clones = run.engine.facts.clones;
  if (linesOut) {
    const lines: Record<string, Array<[number, number, string]>> = {};
    for (const cloneClass of clones.classes)
      for (const place of cloneClass.places)
        (lines[place.path] ??= []).push([place.startLine, place.endLine, cloneClass.kind]);
    const searched = run.engine.facts.files
      .filter((file) => "clone-tokens" in file.facts)
      .map((file) => file.path);
    writeFileSync(linesOut, JSON.stringify({ lines, searched }));
  }
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds,
      peakRss,
      files: run.audit.coverage.filesAnalysed,
      classes: clones.classes.length,
      total: clones.total,
    }) + "\n",
  );
}

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
  files: number;
  classes: number;
  total: { codeLines: number; duplicatedLines: number; percent: number; identicalPercent: number };
}

function audit(on: boolean, linesOut?: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      import.meta.filename,
      corpus,
      "--child",
      on ? "on" : "off",
      ...(linesOut ? ["--lines-out", linesOut] : []),
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split("\n").pop() as string) as ChildResult;
}

function jscpdBinary(): string | null {
  const candidates = [option("--jscpd"), process.env.JSCPD, "/tmp/jscpd/node_modules/.bin/jscpd"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v jscpd"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

interface JscpdRun {
  seconds: number;
  peakKb: number;
  lines: Map<string, Set<number>>;
  /** Each reported place with the path of the copy it was paired with. */
  places: Array<{ path: string; start: number; end: number; partner: string }>;
  reported: number;
}

function runJscpd(binary: string, formats: string, renamed: boolean): JscpdRun {
  const output = mkdtempSync(join(tmpdir(), "codeaudit-bench-jscpd-"));
  try {
    const started = process.hrtime.bigint();
    const timed = spawnSync(
      "/usr/bin/time",
      [
        "-f",
        "%M",
        binary,
        "--min-tokens",
        "50",
        "--min-lines",
        "6",
        "--format",
        formats,
        "--reporters",
        "json",
        "--output",
        output,
        "--silent",
        ...(renamed ? ["--ignore-identifiers", "--ignore-literals"] : []),
        corpus,
      ],
      { encoding: "utf8", timeout: 1_800_000 },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakKb = Number(timed.stderr.trim().split("\n").pop());
    const report = JSON.parse(readFileSync(join(output, "jscpd-report.json"), "utf8")) as {
      duplicates: Array<{
        firstFile: { name: string; start: number; end: number };
        secondFile: { name: string; start: number; end: number };
      }>;
      statistics: { total: { duplicatedLines: number } };
    };
    const lines = new Map<string, Set<number>>();
    const places: JscpdRun["places"] = [];
    const corpusPath = (name: string): string =>
      relative(corpus, resolve(corpus, name)).split("\\").join("/");
    for (const duplicate of report.duplicates) {
      const pair = [duplicate.firstFile, duplicate.secondFile];
      for (const [index, place] of pair.entries()) {
        const path = corpusPath(place.name);
        places.push({ path, start: place.start, end: place.end, partner: corpusPath(pair[1 - index]!.name) });
        let set = lines.get(path);
        if (!set) lines.set(path, (set = new Set()));
        for (let line = place.start; line <= place.end; line++) set.add(line);
      }
    }
    return { seconds, peakKb, lines, places, reported: report.statistics.total.duplicatedLines };
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

async function compare(): Promise<void> {
  const formats = option("--formats") ?? "javascript,typescript,tsx,jsx,python,go";
  const scratch = mkdtempSync(join(tmpdir(), "codeaudit-bench-clones-"));
  const linesFile = join(scratch, "lines.json");
  const print = (line: string): void => void process.stdout.write(line + "\n");
  print(`corpus          ${corpus}`);
  const off = audit(false);
  const on = audit(true, linesFile);
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const percent = (a: number, b: number): string => `${(((a - b) / b) * 100).toFixed(1)}%`;
  print(
    `audit, clones off  ${off.seconds.toFixed(2)} s wall, ${off.cpuSeconds.toFixed(2)} s CPU, peak RSS ${mb(off.peakRss)} (${off.files} files)`,
  );
  print(
    `audit, clones on   ${on.seconds.toFixed(2)} s wall, ${on.cpuSeconds.toFixed(2)} s CPU, peak RSS ${mb(on.peakRss)}: ` +
      `${percent(on.seconds, off.seconds)} wall, ${percent(on.cpuSeconds, off.cpuSeconds)} CPU, ${mb(on.peakRss - off.peakRss)} memory`,
  );
  print(
    `codeaudit clones   ${on.classes} classes, ${on.total.duplicatedLines} of ${on.total.codeLines} code lines (${on.total.percent}%, ${on.total.identicalPercent}% identical)`,
  );
  const { lines: ours, searched: searchedList } = JSON.parse(readFileSync(linesFile, "utf8")) as {
    lines: Record<string, Array<[number, number, string]>>;
    searched: string[];
  };
  // Generated, vendored and minified files are left out by design (as by the whole audit).
  const searched = new Set(searchedList);
  rmSync(scratch, { recursive: true, force: true });
  const binary = jscpdBinary();
  if (!binary) {
    print("jscpd              not installed (npm i --prefix /tmp/jscpd jscpd@5.3.3)");
    return;
  }
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim();
  for (const renamed of args.includes("--exact-only") ? [false] : [false, true]) {
    const peer = runJscpd(binary, formats, renamed);
    let total = 0;
    let covered = 0;
    let inSearched = 0;
    let coveredInSearched = 0;
    const missed: Array<[string, number]> = [];
    for (const [path, set] of peer.lines) {
      const ranges = ours[path] ?? [];
      let missedHere = 0;
      for (const line of set) {
        total++;
        const hit = ranges.some(([start, end]) => line >= start && line <= end);
        if (hit) covered++;
        if (searched.has(path)) {
          inSearched++;
          if (hit) coveredInSearched++;
          else missedHere++;
        }
      }
      if (missedHere > 0) missed.push([path, missedHere]);
    }
    // Like for like: a copy whose only partner is a generated, vendored or test-data file cannot be a clone class
    // here, since the partner is never searched; count the lines jscpd pairs with a searched copy.
    const pairedInSearched = new Map<string, Set<number>>();
    for (const place of peer.places) {
      if (!searched.has(place.path) || !searched.has(place.partner)) continue;
      let set = pairedInSearched.get(place.path);
      if (!set) pairedInSearched.set(place.path, (set = new Set()));
      for (let line = place.start; line <= place.end; line++) set.add(line);
    }
    let paired = 0;
    let coveredPaired = 0;
    for (const [path, set] of pairedInSearched) {
      const ranges = ours[path] ?? [];
      for (const line of set) {
        paired++;
        if (ranges.some(([start, end]) => line >= start && line <= end)) coveredPaired++;
      }
    }
    missed.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    print(
      `jscpd ${version} ${renamed ? "--ignore-identifiers --ignore-literals" : "(exact)"}: ${peer.seconds.toFixed(2)} s, peak RSS ${(peer.peakKb / 1024).toFixed(0)} MB, ${peer.reported} duplicated lines reported, ${total} distinct`,
    );
    print(
      `  covered by codeaudit: ${covered} of ${total} (${total > 0 ? ((covered / total) * 100).toFixed(1) : "100"}%); ` +
        `in the files codeaudit searches (not generated, vendored or minified): ${coveredInSearched} of ${inSearched} ` +
        `(${inSearched > 0 ? ((coveredInSearched / inSearched) * 100).toFixed(1) : "100"}%); most missed there: ${missed
          .slice(0, 5)
          .map(([path, n]) => `${path} (${n})`)
          .join(", ")}`,
    );
    print(
      `  both copies searched: ${coveredPaired} of ${paired} (${paired > 0 ? ((coveredPaired / paired) * 100).toFixed(1) : "100"}%)`,
    );
  }
}
