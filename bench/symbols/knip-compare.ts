// Compares the TS/JS symbol index (unused files and exports, the facts behind generic/unused-module and
// node/unused-export) with knip on real repositories. knip runs on a copy outside the project whose tool
// configuration files (`*.config.*`, `.*rc.js`, `.storybook/`) are replaced by empty modules, because knip
// loads them (executes them) and the audited code is never run; plugins still enable from package.json.
// Usage: npx tsx bench/symbols/knip-compare.ts --knip <path to knip bin> <repo> [<repo> …] [--list 15]
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { auditRepository as AuditRepository } from "../../src/pipeline/audit-repository.js";

const args = process.argv.slice(2);
const knip = args[args.indexOf("--knip") + 1] ?? "knip";
const listLimit = args.includes("--list") ? Number(args[args.indexOf("--list") + 1]) : 15;
const repos = args.filter(
  (arg, i) => !arg.startsWith("--") && args[i - 1] !== "--knip" && args[i - 1] !== "--list",
);

const built = resolve(import.meta.dirname, "..", "..", "dist", "pipeline", "audit-repository.js");
const { auditRepository } = (await import(pathToFileURL(built).href)) as {
  auditRepository: typeof AuditRepository;
};

const CONFIG_FILE =
  /(^|\/)([^/]*\.config\.[cm]?[jt]sx?|\.[^/]*rc\.[cm]?[jt]s|\.storybook\/[^/]+\.[cm]?[jt]sx?)$/;

function stubConfigs(dir: string, root = dir): number {
  let stubbed = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === "node_modules" || name === ".git") continue;
    const stat = lstatSync(full);
    // Symbolic links may point outside the copy (or nowhere): knip must not follow them.
    if (stat.isSymbolicLink()) rmSync(full);
    else if (stat.isDirectory()) stubbed += stubConfigs(full, root);
    else if (CONFIG_FILE.test(relative(root, full))) {
      writeFileSync(full, "export default {};\n");
      stubbed++;
    }
  }
  return stubbed;
}

interface KnipIssues {
  files: Set<string>;
  exports: Set<string>;
}

function runKnip(repo: string): KnipIssues {
  const copy = join(tmpdir(), "codeaudit-knip", basename(repo));
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  execFileSync("sh", [
    "-c",
    `cd "${repo}" && tar --exclude=.git --exclude=node_modules -cf - . | (cd "${copy}" && tar xf -)`,
  ]);
  stubConfigs(copy);
  const result = spawnSync(
    knip,
    ["--reporter", "json", "--include", "files,exports,types", "--no-progress"],
    {
      cwd: copy,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  rmSync(copy, { recursive: true, force: true });
  const issues: KnipIssues = { files: new Set(), exports: new Set() };
  let report: {
    files?: string[];
    issues?: Array<{
      file: string;
      files?: Array<{ name: string }>;
      exports?: Array<{ name: string }>;
      types?: Array<{ name: string }>;
    }>;
  };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    throw new Error(`knip gave no JSON for ${repo}: ${result.stderr.slice(0, 500)}`);
  }
  for (const file of report.files ?? []) issues.files.add(file);
  for (const issue of report.issues ?? []) {
    if ((issue.files ?? []).length > 0) issues.files.add(issue.file);
    for (const item of [...(issue.exports ?? []), ...(issue.types ?? [])])
      issues.exports.add(`${issue.file} ${item.name}`);
  }
  return issues;
}

async function runIndex(repo: string): Promise<KnipIssues> {
  const run = await auditRepository({ path: repo, noTimestamp: true, only: ["deadcode"] });
  const symbols = run.engine.facts.nodeSymbols;
  const issues: KnipIssues = { files: new Set(), exports: new Set() };
  for (const definition of symbols?.unreferenced ?? []) {
    if (definition.kind === "file") issues.files.add(definition.path);
    if (definition.kind === "export") issues.exports.add(`${definition.path} ${definition.name}`);
  }
  return issues;
}

function compare(label: string, knipSet: Set<string>, ours: Set<string>): string[] {
  const both = [...knipSet].filter((item) => ours.has(item));
  const knipOnly = [...knipSet].filter((item) => !ours.has(item)).sort();
  const oursOnly = [...ours].filter((item) => !knipSet.has(item)).sort();
  return [
    `| ${label} | ${knipSet.size} | ${ours.size} | ${both.length} | ${knipOnly.length} | ${oursOnly.length} |`,
    ...knipOnly.slice(0, listLimit).map((item) => `    knip only: ${item}`),
    ...oursOnly.slice(0, listLimit).map((item) => `    index only: ${item}`),
  ];
}

process.stdout.write(
  "| repository / kind | knip | index | both | knip only | index only |\n| --- | --- | --- | --- | --- | --- |\n",
);
for (const repo of repos) {
  const name = basename(resolve(repo));
  const [knipIssues, ours] = [runKnip(resolve(repo)), await runIndex(resolve(repo))];
  // One repository at a time, so a long run shows its progress.
  const lines = [
    ...compare(`${name} files`, knipIssues.files, ours.files),
    ...compare(`${name} exports`, knipIssues.exports, ours.exports),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
