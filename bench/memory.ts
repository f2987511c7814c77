// Where an audit's memory goes: runs the built pipeline in this process and samples RSS (worker threads included)
// and the main thread's heap per stage, so a peak can be told apart as syntax trees in workers or facts in the main
// thread. Usage: npm run build && npx tsx bench/memory.ts <corpus> [--clones off] [--jobs N]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { auditRepository as AuditRepository } from "../src/pipeline/audit-repository.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const corpus = resolve(args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? ".");
const built = resolve(import.meta.dirname, "..", "dist", "pipeline", "audit-repository.js");
const { auditRepository } = (await import(pathToFileURL(built).href)) as {
  auditRepository: typeof AuditRepository;
};
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)}`;
interface StagePeak {
  rss: number;
  heap: number;
  external: number;
}
const peaks = new Map<string, StagePeak>();
let stage = "start";
const sample = (): void => {
  const m = process.memoryUsage();
  const peak = peaks.get(stage) ?? { rss: 0, heap: 0, external: 0 };
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heap = Math.max(peak.heap, m.heapUsed);
  peak.external = Math.max(peak.external, m.external + m.arrayBuffers);
  peaks.set(stage, peak);
};
const sampler = setInterval(sample, 20);
// `--timeline`: RSS and the stage every second, on stderr.
const started = Date.now();
const timeline = args.includes("--timeline")
  ? setInterval(
      () =>
        process.stderr.write(
          `${((Date.now() - started) / 1000).toFixed(0)} s ${stage} RSS ${mb(process.memoryUsage().rss)} MB\n`,
        ),
      1000,
    )
  : null;
const cpuBefore = process.cpuUsage();
const jobs = option("--jobs");
await auditRepository({
  path: corpus,
  noTimestamp: true,
  advisoryDir: null,
  ...(jobs ? { jobs: Number(jobs) } : {}),
  ...(option("--clones") === "off"
    ? { config: { path: null, config: { duplication: { enabled: false } } } }
    : {}),
  onStage: (next) => {
    sample();
    stage = next;
  },
});
sample();
clearInterval(sampler);
if (timeline) clearInterval(timeline);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`corpus ${corpus}: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (all threads)\n`);
process.stdout.write(
  "| stage | peak RSS MB | main heap MB | main external+buffers MB |\n| --- | ---: | ---: | ---: |\n",
);
for (const [name, peak] of peaks)
  process.stdout.write(`| ${name} | ${mb(peak.rss)} | ${mb(peak.heap)} | ${mb(peak.external)} |\n`);
