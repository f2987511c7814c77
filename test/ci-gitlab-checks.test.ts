// The ci-gitlab-checks fixture: a Python service whose .gitlab-ci.yml uses include: local templates, extends:,
// default: services, inherit: default:/variables: and a justfile recipe as its lint gate. Planted: a warn-only audit
// (allow_failure) and a unit job that opts out of the default PostgreSQL service and of the pipeline's DATABASE_URL
// while its conftest needs the database; near-misses: the integration job that inherits both, the just recipe gates.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "ci-gitlab-checks");

describe("ci-gitlab-checks fixture", async () => {
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
      // No security scanner at all; pip-audit only warns, so no dependency audit gates the app.
      "ci/missing-gate low repository",
      "ci/missing-gate medium repository",
      "ci/test-job-without-database medium .gitlab-ci.yml:43",
      "ci/warn-only-gate low .gitlab-ci.yml:33",
    ]);
  });

  it("applies extends:, default: and inherit: as GitLab does, and reads gates through the justfile", () => {
    const jobs = result.facts.ci.workflows.find((w) => w.path === ".gitlab-ci.yml")?.jobs ?? [];
    const job = (id: string) => jobs.find((j) => j.id === id);
    expect(job("integration")?.serviceImages).toEqual(["postgres:16"]);
    expect(job("unit")?.serviceImages).toEqual([]);
    expect(job("unit")?.container).toBe("python:3.12-slim");
    expect(job("unit")?.inheritsVariables).toEqual(["PIP_CACHE_DIR"]);
    expect(job("deploy")?.inheritsVariables).toEqual([]);
    const gates = result.facts.ci.gates.filter((g) => g.job === "check").map((g) => g.kind);
    expect(gates.sort()).toEqual(["format", "lint", "typecheck"]);
  });

  it("shows the job table in the CI area of AUDIT.md", async () => {
    const report = await renderFixtureReport(fixture);
    expect(report).toContain(
      "| `.gitlab-ci.yml:18` | check | push | — | — | lint, format, typecheck | n/a |",
    );
    expect(report).toContain("| `.gitlab-ci.yml:45` | integration | push | — | postgres:16 | test | n/a |");
  });
});
