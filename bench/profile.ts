// CPU profile of a whole audit, by phase: runs the built CLI under `node --cpu-prof` (worker threads write their own
// profiles) and attributes every sample to the innermost frame of the audit's own code, so that time spent in
// ast-grep's native calls counts for the rule or fact analyzer that made them.
// The profiler's sample intervals are wall time of each thread (on a loaded machine a thread waiting for a core
// still counts), so shares are read from the profile and seconds from the process's CPU time (GNU time).
// Usage: npm run build && npx tsx bench/profile.ts <corpus> [--jobs N] [--config <file>] [--keep <dir>] [--top 20]
//        [--out <dir>]   (keep the audit's report there)
//        [--cache-dir <dir>]   (profile a run with that per-file cache; without it the run uses no cache)
//        npx tsx bench/profile.ts --from <dir of .cpuprofile files>   (summarise profiles written before)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const top = Number(option("--top") ?? 20);

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame of the audit's own code belongs: a phase, and for facts and rules the pack or rule. */
function bucketOf(url: string, functionName: string): string | null {
  const at = url.indexOf("/dist/");
  if (at === -1) return null;
  const path = url.slice(at + "/dist/".length).replace(/\.js$/, "");
  const [folder, pack, rest] = path.split("/");
  if (folder === "parse" && /parse/i.test(functionName)) return "parse";
  if (folder === "rules") {
    if (!rest || pack === "shared") return null;
    return `rule ${pack}/${rest}`;
  }
  if (folder === "facts") {
    if (!rest || pack === "define") return null;
    return `facts ${pack}`;
  }
  if (folder === "repo") return "discovery and reading";
  if (folder === "score") return "scoring";
  if (folder === "report") return "report";
  if (folder === "engine" && functionName === "parseSource") return "parse";
  return null;
}

/** Where a frame sits, for the detail tables: `<folder>/<file>:<function>` under dist/, else the module's name. */
function frameLabel(frame: CallFrame): string {
  const at = frame.url.indexOf("/dist/");
  const file =
    at !== -1
      ? frame.url.slice(at + "/dist/".length).replace(/\.js$/, "")
      : frame.url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\//, "") || "(native)";
  return `${file}:${frame.functionName || "(anonymous)"}`;
}

/** Whether a frame is the audit's own facts or rules code (a pack's analyzer or helper, a rule). */
function isFactsOrRules(url: string): boolean {
  return /\/dist\/(facts|rules)\//.test(url);
}

interface Summary {
  /** Phase, facts pack or rule → sampled microseconds. */
  totals: Map<string, number>;
  /** Facts pack → innermost own function (`facts/go/syntax:findKind`) → microseconds. */
  factsFunctions: Map<string, Map<string, number>>;
  /** Innermost frame with a location for samples left in "engine, loading and other". */
  engineFrames: Map<string, number>;
}

function summarise(files: string[]): Summary {
  const totals = new Map<string, number>();
  const factsFunctions = new Map<string, Map<string, number>>();
  const engineFrames = new Map<string, number>();
  const addTo = (map: Map<string, number>, key: string, micros: number): void =>
    void map.set(key, (map.get(key) ?? 0) + micros);
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const cached = new Map<number, { bucket: string; detail: string | null }>();
    const classify = (id: number): { bucket: string; detail: string | null } => {
      const known = cached.get(id);
      if (known !== undefined) return known;
      const leaf = byId.get(id) as ProfileNode;
      const name = leaf.callFrame.functionName;
      let bucket: string;
      let detail: string | null = null;
      if (name === "(idle)" || name === "(program)") bucket = name;
      else if (name === "(garbage collector)") bucket = "garbage collection";
      else {
        bucket = "engine, loading and other";
        let innermostOwn: CallFrame | null = null;
        let innermostLocated: CallFrame | null = null;
        // The outermost facts or rules frame is who asked for the work: a rule calling a helper of facts/go/syntax
        // is charged to the rule, an analyzer calling a helper of rules/shared to its pack.
        let owner: string | null = null;
        let innermostBucket: string | null = null;
        for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
          const frame = (byId.get(at) as ProfileNode).callFrame;
          if (frame.url !== "" && innermostLocated === null) innermostLocated = frame;
          if (innermostBucket === null) {
            // ast-grep's parse is a native call made from parse/ or engine/: its own bucket wherever it is called.
            if (frame.functionName === "parse" && frame.url === "") innermostBucket = "parse";
            else innermostBucket = bucketOf(frame.url, frame.functionName);
          }
          if (isFactsOrRules(frame.url)) {
            innermostOwn ??= frame;
            owner = bucketOf(frame.url, frame.functionName) ?? owner;
          }
        }
        if (innermostBucket !== null) bucket = innermostBucket;
        if (owner !== null && (innermostBucket === null || /^(facts|rule) /.test(innermostBucket)))
          bucket = owner;
        if (bucket.startsWith("facts ") && innermostOwn) detail = frameLabel(innermostOwn);
        if (bucket === "engine, loading and other" && innermostLocated) detail = frameLabel(innermostLocated);
      }
      const result = { bucket, detail };
      cached.set(id, result);
      return result;
    };
    profile.samples.forEach((id, k) => {
      const micros = profile.timeDeltas[k] ?? 0;
      const { bucket, detail } = classify(id);
      addTo(totals, bucket, micros);
      if (detail !== null && bucket.startsWith("facts ")) {
        let functions = factsFunctions.get(bucket);
        if (!functions) factsFunctions.set(bucket, (functions = new Map()));
        addTo(functions, detail, micros);
      }
      if (detail !== null && bucket === "engine, loading and other") addTo(engineFrames, detail, micros);
    });
  }
  return { totals, factsFunctions, engineFrames };
}

function print(summary: Summary, cpuSeconds: number | null): void {
  const { totals } = summary;
  const busy = [...totals].filter(([key]) => key !== "(idle)");
  const sum = busy.reduce((s, [, v]) => s + v, 0);
  // Seconds: the share of the samples times the process's CPU time when it is known, else the sampled time.
  const scale = cpuSeconds === null ? 1e-6 : cpuSeconds / sum;
  const row = (label: string, micros: number): string =>
    `| ${label} | ${(micros * scale).toFixed(2)} | ${((micros / sum) * 100).toFixed(1)}% |`;
  const group = (prefix: string): Array<[string, number]> =>
    busy.filter(([key]) => key.startsWith(prefix)).sort((a, b) => b[1] - a[1]);
  const phases: Array<[string, number]> = [
    ["discovery and reading", totals.get("discovery and reading") ?? 0],
    ["parse (ast-grep)", totals.get("parse") ?? 0],
    ["facts (all packs)", group("facts ").reduce((s, [, v]) => s + v, 0)],
    ["rules (all)", group("rule ").reduce((s, [, v]) => s + v, 0)],
    ["scoring", totals.get("scoring") ?? 0],
    ["report", totals.get("report") ?? 0],
    ["garbage collection", totals.get("garbage collection") ?? 0],
    [
      "engine, loading and other",
      (totals.get("engine, loading and other") ?? 0) + (totals.get("(program)") ?? 0),
    ],
  ];
  const lines = [
    cpuSeconds === null
      ? `sampled in all threads: ${(sum / 1e6).toFixed(2)} s (idle left out; wall time of busy threads)`
      : `CPU time of the process (user + sys, all threads): ${cpuSeconds.toFixed(2)} s, split by the profile's shares`,
    "",
    "| phase | CPU s | share |",
    "| --- | ---: | ---: |",
    ...phases.map(([label, micros]) => row(label, micros)),
    "",
    "| facts pack | CPU s | share |",
    "| --- | ---: | ---: |",
    ...group("facts ").map(([key, micros]) => row(key.slice("facts ".length), micros)),
    "",
    `| rule (slowest ${top}) | CPU s | share |`,
    "| --- | ---: | ---: |",
    ...group("rule ")
      .slice(0, top)
      .map(([key, micros]) => row(key.slice("rule ".length), micros)),
  ];
  // The functions (innermost facts frame, native calls included) of the three costliest packs.
  for (const [pack] of group("facts ").slice(0, 3)) {
    const functions = [...(summary.factsFunctions.get(pack) ?? new Map<string, number>())].sort(
      (a, b) => b[1] - a[1],
    );
    lines.push(
      "",
      `| ${pack}: function (slowest ${top}) | CPU s | share |`,
      "| --- | ---: | ---: |",
      ...functions.slice(0, top).map(([label, micros]) => row(label, micros)),
    );
  }
  const engine = [...summary.engineFrames].sort((a, b) => b[1] - a[1]);
  lines.push(
    "",
    `| engine, loading and other: innermost located frame (top ${top}) | CPU s | share |`,
    "| --- | ---: | ---: |",
    ...engine.slice(0, top).map(([label, micros]) => row(label, micros)),
  );
  process.stdout.write(lines.join("\n") + "\n");
}

const from = option("--from");
if (from) {
  print(
    summarise(readdirSync(from).map((name) => join(from, name))),
    option("--cpu") ? Number(option("--cpu")) : null,
  );
} else {
  const corpus = resolve(args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? ".");
  const keep = option("--keep");
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), "codeaudit-profile-"));
  const keepOut = option("--out");
  const out = keepOut ? resolve(keepOut) : mkdtempSync(join(tmpdir(), "codeaudit-profile-out-"));
  const cli = resolve(import.meta.dirname, "..", "bin", "codeaudit.js");
  const jobs = option("--jobs") ?? String(Math.min(2, cpus().length));
  const config = option("--config");
  const cacheDir = option("--cache-dir");
  const timeFile = join(mkdtempSync(join(tmpdir(), "codeaudit-profile-time-")), "time.txt");
  const started = process.hrtime.bigint();
  const run = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%U %S %M",
      "-o",
      timeFile,
      process.execPath,
      "--cpu-prof",
      "--cpu-prof-dir",
      dir,
      cli,
      "audit",
      corpus,
      "--out",
      out,
      "--no-timestamp",
      "--quiet",
      // The history store (its database start-up) is measured apart: this profiles the audit.
      "--no-history",
      "--jobs",
      jobs,
      ...(config ? ["--config", resolve(config)] : []),
      ...(cacheDir ? ["--cache-dir", resolve(cacheDir)] : ["--no-cache"]),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [user, sys, peakKb] =
    readFileSync(timeFile, "utf8").trim().split("\n").pop()?.split(" ").map(Number) ?? [];
  const cpuSeconds = (user ?? 0) + (sys ?? 0);
  if (!keepOut) rmSync(out, { recursive: true, force: true });
  process.stdout.write(
    `corpus ${corpus}: exit ${run.status}, ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, peak RSS ${((peakKb ?? 0) / 1024).toFixed(0)} MB\n`,
  );
  print(summarise(readdirSync(dir).map((name) => join(dir, name))), cpuSeconds);
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
