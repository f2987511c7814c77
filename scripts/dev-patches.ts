// Developer aid: checks the ready-to-apply patches a repository's findings carry, on scratch copies of the
// files they touch — each patch alone with `git apply --check`, their per-file combination with `git apply`,
// then that each patched file still parses (Python: py_compile; Go, JS/TS: no new syntax-error nodes;
// YAML/JSON: parsers) and, for file rules, that the finding is gone.
// Usage: npx tsx scripts/dev-patches.ts <path> [--rule PREFIX] [--keep DIR]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseDocument } from "yaml";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { parseJsonc } from "../src/facts/node/jsonc.js";
import type { Language } from "../src/model/language.js";
import { parseSource } from "../src/parse/grammar-registry.js";
import { indexFromMemory } from "../src/repo/repo-index.js";
import { openRepository } from "../src/repo/open-repository.js";
import { loadBuiltInRules } from "../src/rules/load-rules.js";
import { combinePatches, parsePatch } from "../src/util/combine-patches.js";

const args = process.argv.slice(2);
const path = args[0] ?? ".";
const rulePrefix = args.includes("--rule") ? (args[args.indexOf("--rule") + 1] ?? "") : "";
const keep = args.includes("--keep") ? args[args.indexOf("--keep") + 1] : undefined;

const rules = await loadBuiltInRules();
const fileRules = new Set(rules.filter((r) => r.scope === "file").map((r) => r.id));
// Only the rules asked for run (the others would only cost time).
const settings = {
  ...DEFAULT_ENGINE_SETTINGS,
  rules: Object.fromEntries(
    rules.filter((r) => !r.id.startsWith(rulePrefix)).map((r) => [r.id, { enabled: false }]),
  ),
};
const index = await openRepository(path);
const result = await runEngine(index, settings, { jobs: 1 });
const findings = result.findings.filter((f) => f.ruleId.startsWith(rulePrefix));
const patched = findings.filter((f) => f.patch !== null);

const scratch = keep ?? mkdtempSync(join(tmpdir(), "codeaudit-dev-patches-"));
const root = join(scratch, "repo");
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
execFileSync("git", ["init", "-q"], { cwd: root });
const touched = new Set(patched.flatMap((f) => (parsePatch(f.patch ?? "") ?? []).map((s) => s.path)));
const before = new Map<string, string>();
for (const file of touched) {
  const text = readFileSync(join(path, file), "utf8");
  before.set(file, text);
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

// The originals are committed, so `git diff` in a kept scratch copy shows what the patches changed.
execFileSync("git", ["add", "-A"], { cwd: root });
execFileSync(
  "git",
  [
    "-c",
    "user.name=dev",
    "-c",
    "user.email=dev@example.invalid",
    "commit",
    "-qm",
    "originals",
    "--allow-empty",
  ],
  {
    cwd: root,
  },
);

const gitApply = (patch: string, check: boolean): string | null => {
  writeFileSync(join(scratch, "fix.patch"), patch);
  try {
    execFileSync("git", ["apply", ...(check ? ["--check"] : []), join(scratch, "fix.patch")], {
      cwd: root,
      stdio: "pipe",
    });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
};

const perRule = new Map<string, { findings: number; patches: number; refused: string[] }>();
for (const f of findings) {
  const entry = perRule.get(f.ruleId) ?? { findings: 0, patches: 0, refused: [] };
  perRule.set(f.ruleId, entry);
  entry.findings++;
  if (f.patch === null) continue;
  entry.patches++;
  const refused = gitApply(f.patch, true);
  if (refused) entry.refused.push(`${f.location?.path}:${f.location?.startLine}: ${refused.trim()}`);
}
const combined = combinePatches(patched.map((f) => f.patch ?? ""));
const combineRefused = combined.files.flatMap((file) => {
  const refused = gitApply(file.patch, true) ?? gitApply(file.patch, false);
  return refused ? [`${file.path}: ${refused.trim()}`] : [];
});
const after = new Map([...touched].map((file) => [file, readFileSync(join(root, file), "utf8")] as const));

const syntaxErrors = (file: string, text: string): number | null => {
  const language: Language | null = /\.py$/.test(file)
    ? "python"
    : /\.go$/.test(file)
      ? "go"
      : /\.tsx$/.test(file)
        ? "tsx"
        : /\.[cm]?ts$/.test(file)
          ? "typescript"
          : /\.[cm]?jsx?$/.test(file)
            ? "javascript"
            : null;
  if (/\.ya?ml$/.test(file)) return parseDocument(text).errors.length;
  if (/\.json$/.test(file)) {
    try {
      parseJsonc(text);
      return 0;
    } catch {
      return 1;
    }
  }
  if (!language) return null;
  const tree = parseSource(language, text)?.root();
  return tree ? tree.findAll({ rule: { kind: "ERROR" } }).length : null;
};
const pyCompiles = (text: string): boolean => {
  const file = join(scratch, "check.py");
  writeFileSync(file, text);
  try {
    execFileSync("python3", ["-m", "py_compile", file], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
};
const broken: string[] = [];
for (const [file, text] of after) {
  const original = before.get(file) ?? "";
  if (text === original) continue;
  const was = syntaxErrors(file, original);
  const now = syntaxErrors(file, text);
  if (was !== null && now !== null && now > was) broken.push(`${file}: syntax errors ${was} → ${now}`);
  if (file.endsWith(".py") && pyCompiles(original) && !pyCompiles(text))
    broken.push(`${file}: py_compile fails`);
}

// File rules see only the file, so the patched files alone show whether their findings are gone.
const rerun = await runEngine(indexFromMemory(Object.fromEntries(after)), settings, {
  jobs: 1,
});
const patchedKeys = new Set(
  patched.filter((f) => fileRules.has(f.ruleId)).map((f) => `${f.ruleId} ${f.location?.path}:${f.message}`),
);
const stillThere = rerun.findings
  .filter((f) => patchedKeys.has(`${f.ruleId} ${f.location?.path}:${f.message}`))
  .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.startLine} ${f.message}`);

const inTouched = (f: { ruleId: string; location: { path: string } | null }): boolean =>
  fileRules.has(f.ruleId) &&
  patched.some((p) => p.ruleId === f.ruleId) &&
  touched.has(f.location?.path ?? "");
const countByRule = (list: typeof findings): Record<string, number> =>
  list
    .filter(inTouched)
    .reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.ruleId]: (acc[f.ruleId] ?? 0) + 1 }), {});

process.stdout.write(
  JSON.stringify(
    {
      rules: Object.fromEntries(perRule),
      patchedFiles: touched.size,
      combinedFiles: combined.files.length,
      leftOutOfCombination: combined.leftOut.length,
      combineRefused,
      broken,
      fileRuleFindingsStillThere: stillThere,
      findingsInPatchedFiles: { before: countByRule(findings), after: countByRule(rerun.findings) },
    },
    null,
    2,
  ) + "\n",
);
if (!keep) rmSync(scratch, { recursive: true, force: true });
