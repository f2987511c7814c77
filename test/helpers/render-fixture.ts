// Golden-report helper: audits a copy of a fixture folder (outside any git checkout) and returns AUDIT.md.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Audit } from "../../src/model/audit.js";
import { auditRepository } from "../../src/pipeline/audit-repository.js";
import { renderMarkdown } from "../../src/report/markdown/render-markdown.js";

/** Audits a fixture as a plain folder named like the fixture, with no timestamp, in this thread. */
export async function auditFixture(fixtureDir: string): Promise<Audit> {
  const parent = mkdtempSync(join(tmpdir(), "codeaudit-fixture-"));
  const copy = join(parent, basename(fixtureDir));
  cpSync(fixtureDir, copy, { recursive: true });
  try {
    // No user advisory store and no history: goldens must not depend on the machine.
    const run = await auditRepository({ path: copy, noTimestamp: true, jobs: 1, advisoryDir: null });
    return run.audit;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

export async function renderFixtureReport(fixtureDir: string): Promise<string> {
  return renderMarkdown(await auditFixture(fixtureDir));
}
