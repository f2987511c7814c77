// The ci-github-checks fixture: a Node service whose GitHub workflows carry one of each CI problem the workflow model
// judges (undeclared needs, warn-only gate, devDependency after a production install, test job without its database,
// workflow-wide write scope, cache key without the lockfile, grep ban that fails today, invalid workflow) beside a
// near-miss of each that must stay silent; parallel step groups count as gates. Exact findings and the CI job table.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "ci-github-checks");

describe("ci-github-checks fixture", async () => {
  const result = await runEngine(await openRepository(fixture), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });

  it("finds each planted CI problem once, at its line, and nothing on the near-misses", () => {
    const found = result.findings
      .filter((f) => f.ruleId.startsWith("ci/"))
      .map(
        (f) =>
          `${f.ruleId} ${f.severity} ${f.location ? `${f.location.path}:${f.location.startLine}` : "repository"}`,
      )
      .sort();
    expect(found).toEqual([
      // `npm audit || true` is not counted, so no dependency audit gates the app.
      "ci/cache-key-without-lockfile low .github/workflows/ci.yml:67",
      "ci/grep-ban-fails medium .github/workflows/ci.yml:45",
      "ci/invalid-workflow high .github/workflows/nightly.yml:17",
      "ci/missing-gate medium repository",
      "ci/test-job-without-database medium .github/workflows/ci.yml:69",
      "ci/tool-outside-dependency-env medium .github/workflows/ci.yml:108",
      "ci/undeclared-needs high .github/workflows/ci.yml:112",
      "ci/warn-only-gate low .github/workflows/ci.yml:49",
      "ci/workflow-permissions medium .github/workflows/ci.yml:8",
    ]);
    const gates = result.facts.ci.gates.filter((g) => g.job === "checks").map((g) => `${g.kind}:${g.line}`);
    // The three scripts of the parallel group are gates like any other step.
    expect(gates).toEqual(expect.arrayContaining(["lint:41", "format:42", "typecheck:43"]));
  });

  it("shows the job table in the CI area of AUDIT.md", async () => {
    const report = await renderFixtureReport(fixture);
    expect(report).toContain("| Where | Job | Triggers | Needs | Services | Gates | Permissions |");
    expect(report).toContain(
      "| `.github/workflows/ci.yml:71` | integration | push, pull\\_request | changes | postgres:16 | test | contents: read, packages: write (workflow) |",
    );
    expect(report).toContain(
      "| `.github/workflows/nightly.yml:11` | smoke (file invalid: does not run) | schedule | — | — | — | contents: read (workflow) |",
    );
  });
});
