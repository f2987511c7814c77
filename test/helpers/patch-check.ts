// Test helper: proves a rule's patches are real fixes — each applies with `git apply` to the files as audited,
// together they apply to a git work tree, and afterwards the rule no longer fires where they applied.
//
// How several findings in one file are handled: every finding's patch is made against the file as audited, so
// two patches with nearby hunks do not apply one after the other. The helper therefore (1) checks each patch
// alone against the original files with `git apply --check`, then (2) combines them into one diff per file with
// combinePatches — the same combination AUDIT.md and DELTA.md show — and applies those. Patches that change the
// same lines as an earlier one are left out of the combination and returned in `leftOut` (a test expecting
// every finding to be fixed in one go asserts it is empty).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { EngineSettings } from "../../src/engine/settings.js";
import type { Finding } from "../../src/model/finding.js";
import { combinePatches } from "../../src/util/combine-patches.js";
import { runGit } from "./git.js";
import { findingsOf } from "./audit-harness.js";

export interface AppliedPatches {
  /** The combined per-file patches that were applied, by path. */
  applied: Record<string, string>;
  /** Indices of the input patches left out of the combination (they change lines an earlier one changes). */
  leftOut: number[];
  /** Every file's text after applying. */
  texts: Record<string, string>;
}

export interface PatchCheck extends Omit<AppliedPatches, "leftOut"> {
  /** The rule's findings on the original files. */
  findings: Finding[];
  /** Those that carry a patch. */
  patched: Finding[];
  /** Findings whose patch was left out of the combined per-file patches. */
  leftOut: Finding[];
  /** The rule's findings on the patched files. */
  remaining: Finding[];
}

/** Runs `ruleId` over `files`, applies its patches in a temporary git repository and runs it again. */
export async function checkPatches(
  ruleId: string,
  files: Record<string, string>,
  settings: Partial<EngineSettings> = {},
): Promise<PatchCheck> {
  const findings = await findingsOf(ruleId, files, settings);
  const patched = findings.filter((f) => f.patch !== null);
  const result = applyPatches(
    files,
    patched.map((f) => f.patch ?? ""),
  );
  return {
    findings,
    patched,
    applied: result.applied,
    texts: result.texts,
    leftOut: result.leftOut.map((i) => patched[i] as Finding),
    remaining: await findingsOf(ruleId, result.texts, settings),
  };
}

/**
 * Writes `files` into a temporary git repository, checks that each patch applies alone (`git apply --check`),
 * applies their per-file combination with `git apply` and returns the resulting texts.
 */
export function applyPatches(files: Record<string, string>, patches: readonly string[]): AppliedPatches {
  const dir = mkdtempSync(join(tmpdir(), "codeaudit-patch-check-"));
  const root = join(dir, "repo");
  try {
    mkdirSync(root);
    git(root, "init", "-q");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const apply = (patch: string, check: boolean): void => {
      const file = join(dir, "fix.patch");
      writeFileSync(file, patch);
      try {
        git(root, "apply", ...(check ? ["--check"] : []), file);
      } catch (error) {
        throw new Error(`git apply${check ? " --check" : ""} refused the patch:\n${patch}\n${String(error)}`);
      }
    };
    for (const patch of patches) apply(patch, true);
    const combined = combinePatches(patches);
    const applied: Record<string, string> = {};
    for (const file of combined.files) {
      apply(file.patch, true);
      apply(file.patch, false);
      applied[file.path] = file.patch;
    }
    const texts: Record<string, string> = {};
    for (const path of Object.keys(files)) texts[path] = readFileSync(join(root, path), "utf8");
    return { applied, leftOut: combined.leftOut, texts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function git(cwd: string, ...args: string[]): void {
  runGit(cwd, args);
}
