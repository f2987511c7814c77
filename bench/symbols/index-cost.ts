// What the symbol index costs in an audit: the whole audit's wall and CPU time (every worker thread included),
// then the index's own work timed apart in CPU time (its file analyzers over trees parsed beforehand, since the
// engine parses once for every rule, and the repository-wide resolution, the unused-function word search
// included), and the does-not-compile findings the audit reports.
// Usage: npx tsx bench/symbols/index-cost.ts <repo> [<repo> …]   (after `npm run build`)
import { basename, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { auditRepository as AuditRepository } from "../../src/pipeline/audit-repository.js";
import { goSymbolsAnalyzer } from "../../src/facts/symbols/go-file.js";
import { buildGoSymbols } from "../../src/facts/symbols/go-index.js";
import { nodeSymbolsAnalyzer, type NodeSymbolFile } from "../../src/facts/symbols/node-file.js";
import { buildNodeSymbols } from "../../src/facts/symbols/node-index.js";
import { pythonSymbolsAnalyzer, type PythonSymbolFile } from "../../src/facts/symbols/python-file.js";
import { buildPythonSymbols } from "../../src/facts/symbols/python-index.js";
import type { FileSummary } from "../../src/facts/repo-facts.js";
import { ensureGrammarsRegistered, parseSource } from "../../src/parse/grammar-registry.js";
import { searchKind } from "../../src/parse/kind-index.js";
import { openRepository } from "../../src/repo/open-repository.js";

const built = resolve(import.meta.dirname, "..", "..", "dist", "pipeline", "audit-repository.js");
const { auditRepository } = (await import(pathToFileURL(built).href)) as {
  auditRepository: typeof AuditRepository;
};
const COMPILE_RULES = new Set([
  "go/undefined-identifier",
  "node/import-not-exported",
  "elixir/undefined-remote-call",
  "python/unresolved-import",
]);

/** CPU time of the whole process (all threads), in seconds. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function summary(path: string, language: FileSummary["language"], isTest: boolean): FileSummary {
  return {
    path,
    language,
    isTest,
    bytes: 0,
    parsed: false,
    lines: { code: 0, comment: 0, blank: 0 },
    facts: {},
  };
}

process.stdout.write(
  "| repository | audit wall (s) | audit CPU (s) | index CPU (s) | share of CPU | does-not-compile findings (high / medium) |\n",
);
process.stdout.write("| --- | --- | --- | --- | --- | --- |\n");
for (const repo of process.argv.slice(2).map((arg) => resolve(arg))) {
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  const run = await auditRepository({ path: repo, noTimestamp: true });
  const audit = (performance.now() - started) / 1000;
  const auditCpu = cpuSeconds() - cpuStarted;
  const compile = run.engine.findings.filter((finding) => COMPILE_RULES.has(finding.ruleId));
  const high = compile.filter(
    (finding) => finding.severity === "high" || finding.severity === "critical",
  ).length;

  ensureGrammarsRegistered();
  const index = await openRepository(repo);
  let spent = 0;
  const pythonFiles: Array<{ file: FileSummary; value: PythonSymbolFile }> = [];
  const goFiles: Array<{
    file: FileSummary;
    value: NonNullable<ReturnType<typeof goSymbolsAnalyzer.analyze>>;
  }> = [];
  const nodeFiles: Array<{ file: FileSummary; value: NodeSymbolFile }> = [];
  for (const file of index.sourceFiles(["go", "typescript", "tsx", "javascript", "python"])) {
    const text = index.read(file.path);
    if (text === null || file.language === null) continue;
    const input = { path: file.path, language: file.language, text, lines: [], isTest: file.isTest };
    if (file.language === "go") {
      const at = cpuSeconds();
      const value = goSymbolsAnalyzer.analyze({ ...input, tree: null, nodesOfKind: () => [] });
      spent += cpuSeconds() - at;
      if (value) goFiles.push({ file: summary(file.path, file.language, file.isTest), value });
      continue;
    }
    const root = parseSource(file.language, text);
    if (!root) continue;
    const at = cpuSeconds();
    if (file.language === "python") {
      const value = pythonSymbolsAnalyzer.analyze({
        ...input,
        tree: root.root(),
        nodesOfKind: searchKind(root.root()),
      });
      spent += cpuSeconds() - at;
      if (value) pythonFiles.push({ file: summary(file.path, file.language, file.isTest), value });
      continue;
    }
    const value = nodeSymbolsAnalyzer.analyze({
      ...input,
      tree: root.root(),
      nodesOfKind: searchKind(root.root()),
    });
    spent += cpuSeconds() - at;
    if (value) nodeFiles.push({ file: summary(file.path, file.language, file.isTest), value });
  }
  const at = cpuSeconds();
  if (goFiles.length > 0) buildGoSymbols(index, goFiles, []);
  if (nodeFiles.length > 0) buildNodeSymbols(index, nodeFiles, run.engine.facts.node?.tsconfigs ?? [], []);
  if (pythonFiles.length > 0) buildPythonSymbols(index, pythonFiles);
  spent += cpuSeconds() - at;
  const share = ((spent / auditCpu) * 100).toFixed(1);
  process.stdout.write(
    `| ${basename(repo)} | ${audit.toFixed(1)} | ${auditCpu.toFixed(1)} | ${spent.toFixed(1)} | ${share}% | ${high} / ${compile.length - high} |\n`,
  );
}
