// Fixture repositories of the node pack: every planted problem found once, the clean twin silent.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

async function nodeFindings(scenario: string): Promise<string[]> {
  const index = await openRepository(join(import.meta.dirname, "fixtures", scenario));
  const result = await runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
  return result.findings
    .filter((finding) => finding.ruleId.startsWith("node/"))
    .map(
      (finding) =>
        `${finding.ruleId} ${finding.location ? `${finding.location.path}:${finding.location.startLine}` : "(repository)"}`,
    )
    .sort();
}

describe("node fixtures", () => {
  it("node-service: each planted problem is reported once, at its line", async () => {
    expect(await nodeFindings("node-service")).toEqual(
      [
        "node/child-process-interpolation src/server.ts:22",
        "node/dangerously-set-inner-html web/src/App.tsx:20",
        "node/duplicate-purpose-packages package.json:21",
        "node/duplicate-purpose-packages package.json:23",
        "node/empty-catch src/server.ts:41",
        "node/eval-new-function src/server.ts:33",
        "node/focused-or-skipped-test test/server.test.ts:6",
        "node/focused-or-skipped-test web/src/App.test.tsx:11",
        "node/lockfile-out-of-sync package.json:24",
        "node/multiple-lockfiles web/yarn.lock:1",
        "node/tls-disabled-in-scripts package.json:9",
        "node/timer-sleep-in-test test/server.test.ts:13",
        "node/tls-reject-unauthorized src/server.ts:13",
        "node/tsconfig-not-strict tsconfig.json:1",
        "node/undeclared-dependency src/auth.ts:2",
        "node/undeclared-dependency web/vite.config.ts:8",
        "node/unused-dependency package.json:22",
      ].sort(),
    );
  });

  it("node-clean: the near-miss twin has no node/ findings", async () => {
    expect(await nodeFindings("node-clean")).toEqual([]);
  });

  it("node-service: facts describe manifests, lockfiles, tsconfig, coverage and frameworks", async () => {
    const index = await openRepository(join(import.meta.dirname, "fixtures", "node-service"));
    const { facts } = await runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    expect(facts.node.lockfiles.map((l) => [l.path, l.kind, l.version])).toEqual([
      ["package-lock.json", "npm", "3"],
      ["web/package-lock.json", "npm", "3"],
      ["web/yarn.lock", "yarn-classic", "1"],
    ]);
    expect(facts.node.frameworks.map((f) => `${f.name} ${f.manifest}:${f.line}`)).toEqual([
      "Express package.json:20",
      "React web/package.json:14",
      "Vite web/package.json:23",
    ]);
    expect(facts.node.coverage.map((c) => [c.path, c.thresholds.lines ?? null])).toEqual([
      ["vitest.config.ts", 80],
      ["web/vite.config.ts", null],
    ]);
  });

  it("node-service: renders the golden AUDIT.md", async () => {
    const md = await renderFixtureReport(join(import.meta.dirname, "fixtures", "node-service"));
    await expect(md).toMatchFileSnapshot("./__golden__/node-service.AUDIT.md");
  });
});
