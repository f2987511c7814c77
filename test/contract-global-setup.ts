// Global setup of every vitest run: gives the workers a folder to record rule cases in, and at the end checks the
// behavioural rule contract for the rules whose test files ran (test/helpers/rule-contract.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_DIR_ENV, contractProblems, readRecords, STUB_ENV } from "./helpers/rule-contract.js";

export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "codeaudit-contract-"));
  // Set before the workers start, so every forked worker inherits it.
  process.env[CONTRACT_DIR_ENV] = dir;
  return async () => {
    try {
      // With checks stubbed out nothing fires: that run is judged by scripts/test-contract.ts instead.
      if (process.env[STUB_ENV]) return;
      const problems = await contractProblems(readRecords(dir));
      if (problems.length > 0)
        throw new Error(
          `rule contract: ${problems.length} problem(s) — each rule test needs a case where the rule fires, one where ` +
            `it stays silent, and one per severity its notes document (test/helpers/rule-contract.ts):\n  ` +
            problems.join("\n  "),
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
