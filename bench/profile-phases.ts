// A warm re-audit's CPU profile by pipeline phase: each sample goes to the first pipeline function found walking up
// its stack (prepareAudit, runKey, generatorOutputs, runFiles, collectFacts, …); garbage-collector and program
// samples go to the phase of the sample before them. Per phase: its share and its top self-time functions.
// The profiler's intervals are the main thread's wall time (a thread waiting for a core still counts): read shares
// from here and seconds from the run's CPU time (GNU time).
// Usage: node --cpu-prof --cpu-prof-dir <dir> bin/codeaudit.js audit <tree> --cache-dir <cache> …
//        npx tsx bench/profile-phases.ts <file.cpuprofile> [--top 20]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--top");
const top = Number(args.includes("--top") ? args[args.indexOf("--top") + 1] : 20);
if (!file) {
  process.stderr.write("usage: npx tsx bench/profile-phases.ts <file.cpuprofile> [--top 20]\n");
  process.exit(2);
}

/** Pipeline functions and the phase each stands for; the innermost one on a sample's stack wins. */
const PHASES = new Map<string, string>([
  ["prepareAudit", "prepare (config, git, walk, scope)"],
  ["runKey", "run key (hash every file)"],
  ["generatorOutputs", "generator outputs"],
  ["runFiles", "per-file analysis (cache lookups, pack)"],
  ["collectFacts", "facts collection"],
  ["loadRuleSet", "rule set load"],
  ["runEngine", "repo rules, suppressions, ids"],
  ["auditPrepared", "audit model (score, report model)"],
  ["auditReport", "stored run / report"],
]);
const OTHER = "other (start-up, module load, output)";
const UNATTRIBUTED = new Set(["(garbage collector)", "(program)"]);

const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const phaseMemo = new Map<number, string | null>();
const phaseOf = (id: number): string | null => {
  const known = phaseMemo.get(id);
  if (known !== undefined) return known;
  let phase: string | null = null;
  for (let at: number | undefined = id; at !== undefined && phase === null; at = parentOf.get(at))
    phase = PHASES.get(nodes.get(at)?.callFrame.functionName ?? "") ?? null;
  if (phase === null && !UNATTRIBUTED.has(nodes.get(id)?.callFrame.functionName ?? "")) phase = OTHER;
  phaseMemo.set(id, phase);
  return phase;
};

const byPhase = new Map<string, { total: number; functions: Map<string, number> }>();
let last = OTHER;
let total = 0;
profile.samples.forEach((id, i) => {
  const node = nodes.get(id);
  if (!node || node.callFrame.functionName === "(idle)") return;
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const phase = phaseOf(id) ?? last;
  last = phase;
  total += ms;
  let entry = byPhase.get(phase);
  if (!entry) byPhase.set(phase, (entry = { total: 0, functions: new Map() }));
  entry.total += ms;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(dist|node_modules)\//, "").replace(/^file:\/\//, "");
  const label = `${functionName || "(anonymous)"}${where ? ` ${where}:${lineNumber + 1}` : ""}`;
  entry.functions.set(label, (entry.functions.get(label) ?? 0) + ms);
});

const lines = [`${file}: ${total.toFixed(0)} ms sampled (idle left out)`];
for (const [phase, entry] of [...byPhase].sort((a, b) => b[1].total - a[1].total)) {
  lines.push("", `### ${phase}: ${entry.total.toFixed(0)} ms (${((100 * entry.total) / total).toFixed(1)}%)`);
  for (const [label, ms] of [...entry.functions].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${ms.toFixed(0).padStart(6)} ms  ${label}`);
}
process.stdout.write(`${lines.join("\n")}\n`);
