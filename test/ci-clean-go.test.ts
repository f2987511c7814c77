// The ci-clean-go fixture: a Go service whose CI, container, docs and telemetry do everything right — the
// CI/containers/tests/docs/observability rules must stay silent; golden AUDIT.md.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "ci-clean-go");

describe("ci-clean-go fixture", async () => {
  const result = await runEngine(await openRepository(fixture), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });

  it("raises no CI, container, tests, docs or observability finding", () => {
    expect(
      result.findings
        .filter((f) => /^(ci|docker|tests|docs|observability)\//.test(f.ruleId))
        .map((f) => f.ruleId),
    ).toEqual([]);
  });

  it("recognises every Go gate and the coverage threshold", () => {
    const kinds = new Set(result.facts.ci.gates.map((g) => g.kind));
    for (const kind of [
      "format",
      "lint",
      "dependency-audit",
      "security-scan",
      "test",
      "coverage",
      "coverage-threshold",
      "container-build",
      "container-scan",
    ])
      expect(kinds.has(kind as never), kind).toBe(true);
    expect(result.facts.coverage.thresholds.map((t) => `${t.percent} ${t.path}:${t.line}`)).toContain(
      "80 .testcoverage.yml:3",
    );
    expect(result.facts.observability.signals.map((s) => s.kind)).toEqual(
      expect.arrayContaining(["health-endpoint", "metrics", "structured-logging"]),
    );
  });

  it("renders the golden AUDIT.md", async () => {
    await expect(await renderFixtureReport(fixture)).toMatchFileSnapshot("./__golden__/ci-clean-go.AUDIT.md");
  });
});
