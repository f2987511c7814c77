// The ci-node-service fixture: a Node API whose CI, Dockerfile, compose file, docs and telemetry each carry one
// planted problem of the CI/containers/tests/docs/observability areas; exact findings and golden AUDIT.md.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "ci-node-service");
const MINE = /^(ci|docker|tests|docs|observability)\//;

describe("ci-node-service fixture", async () => {
  const result = await runEngine(await openRepository(fixture), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });

  it("finds each planted problem at its exact location", () => {
    const found = result.findings
      .filter((f) => MINE.test(f.ruleId))
      .map((f) => `${f.ruleId} ${f.location ? `${f.location.path}:${f.location.startLine}` : "repository"}`)
      .sort();
    expect(found).toEqual([
      "ci/missing-gate repository",
      "ci/missing-gate repository",
      "ci/missing-gate repository",
      "ci/no-concurrency-cancel .github/workflows/ci.yml:1",
      "ci/no-dependency-cache .github/workflows/ci.yml:9",
      "ci/no-job-timeout .github/workflows/ci.yml:9",
      "ci/npm-install-in-ci .github/workflows/ci.yml:16",
      "ci/secret-echoed .github/workflows/ci.yml:20",
      "ci/stub-deploy .github/workflows/release.yml:22",
      "ci/unpinned-action .github/workflows/ci.yml:12",
      "ci/unpinned-action .github/workflows/release.yml:14",
      "ci/workflow-permissions .github/workflows/ci.yml:1",
      "ci/workflow-permissions .github/workflows/release.yml:7",
      "docker/add-instead-of-copy Dockerfile:15",
      "docker/base-image-unpinned Dockerfile:8",
      "docker/compose-default-password docker-compose.yml:15",
      "docker/compose-privileged docker-compose.yml:12",
      "docker/image-not-scanned .github/workflows/release.yml:16",
      "docker/no-healthcheck Dockerfile:18",
      "docker/package-cache-left Dockerfile:13",
      "docker/runs-as-root Dockerfile:8",
      "docker/secret-in-env Dockerfile:10",
      "docker/secret-in-env Dockerfile:11",
      "docs/missing-project-file repository",
      "docs/missing-project-file repository",
      "docs/missing-project-file repository",
      "docs/missing-project-file repository",
      "docs/readme-missing-sections README.md:1",
      "observability/no-telemetry repository",
      "tests/coverage-below-threshold reports/lcov.info:1",
    ]);
    const gates = result.findings.filter((f) => f.ruleId === "ci/missing-gate").map((f) => f.message);
    expect(gates).toEqual(
      expect.arrayContaining([
        expect.stringContaining("No type check gate in CI for node app orders-api"),
        expect.stringContaining("No format check gate in CI for node app orders-api"),
        expect.stringContaining("No dependency audit gate in CI for node app orders-api"),
      ]),
    );
  });

  it("lists CI gates with their lines, resolving npm scripts", () => {
    expect(result.facts.ci.gates.map((g) => `${g.kind} ${g.path}:${g.line}${g.stub ? " stub" : ""}`)).toEqual(
      [
        ".github/workflows/ci.yml:17",
        ".github/workflows/ci.yml:18",
        ".github/workflows/ci.yml:18",
        ".github/workflows/release.yml:15",
        ".github/workflows/release.yml:16",
        ".github/workflows/release.yml:22",
      ].map(
        (at, i) =>
          `${["lint", "test", "coverage", "container-build", "container-push", "deploy"][i]} ${at}${i === 5 ? " stub" : ""}`,
      ),
    );
    expect(result.facts.coverage.junit[0]).toMatchObject({ tests: 2, failures: 0, skipped: 1 });
  });

  it("renders the golden AUDIT.md", async () => {
    await expect(await renderFixtureReport(fixture)).toMatchFileSnapshot(
      "./__golden__/ci-node-service.AUDIT.md",
    );
  });
});
