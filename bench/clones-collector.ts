// Micro-benchmark of the clone detector alone, in one thread: the clone-tokens analyzer over every source file a
// corpus audit would tokenise (generated and minified files left out as the engine does), then the collector.
// Prints CPU time of each phase, the size of what workers send, and the heap growth while the collector runs.
// Usage: npx tsx bench/clones-collector.ts <corpus> [--repeat N]
import { resolve } from "node:path";
import { cloneTokensAnalyzer } from "../src/facts/clones/clone-tokens.js";
import { findClones, type CloneInput } from "../src/facts/clones/find-clones.js";
import { DEFAULT_CLONE_SETTINGS } from "../src/facts/clones/clone-settings.js";
import type { FileSummary } from "../src/facts/repo-facts.js";
import { openRepository } from "../src/repo/open-repository.js";
import { isGeneratedText } from "../src/repo/path-kind.js";
import { looksMinified } from "../src/repo/text-decoding.js";

const args = process.argv.slice(2);
const corpus = resolve(args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? ".");
const repeat = args.includes("--repeat") ? Number(args[args.indexOf("--repeat") + 1]) : 1;
const index = await openRepository(corpus);
const languages = new Set(cloneTokensAnalyzer.languages);
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const inputs: CloneInput[] = [];
let t0 = cpu();
let packedChars = 0;
for (const file of index.sourceFiles()) {
  if (!file.language || !languages.has(file.language)) continue;
  const text = index.read(file.path);
  if (text === null || looksMinified(text) || isGeneratedText(text.slice(0, 1000))) continue;
  const value = cloneTokensAnalyzer.analyze({
    nodesOfKind: () => [],
    path: file.path,
    language: file.language,
    text,
    lines: [],
    tree: null,
    isTest: file.isTest,
  });
  if (!value) continue;
  packedChars += JSON.stringify(value).length;
  const summary = { path: file.path, language: file.language, isTest: file.isTest } as FileSummary;
  inputs.push({ file: summary, value });
}
const tokenizeSeconds = cpu() - t0;
global.gc?.();
const heapBefore = process.memoryUsage();
let peak = heapBefore.heapUsed + heapBefore.arrayBuffers;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
}, 5);
let classes = 0;
let duplicated = 0;
t0 = cpu();
for (let r = 0; r < repeat; r++) {
  const facts = findClones(inputs, DEFAULT_CLONE_SETTINGS);
  classes = facts.classes.length;
  duplicated = facts.total.duplicatedLines;
  const m = process.memoryUsage();
  peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
}
const collectSeconds = (cpu() - t0) / repeat;
clearInterval(sampler);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
process.stdout.write(
  `${inputs.length} files, tokenize ${tokenizeSeconds.toFixed(2)} s CPU, collect ${collectSeconds.toFixed(2)} s CPU, ` +
    `packed facts ${mb(packedChars)}, heap+buffers before collect ${mb(heapBefore.heapUsed + heapBefore.arrayBuffers)}, ` +
    `peak during collect +${mb(peak - heapBefore.heapUsed - heapBefore.arrayBuffers)}; ${classes} classes, ${duplicated} duplicated lines\n`,
);
