import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("tests/coverage-threshold-missing", () => {
  it("fires when tests exist and no threshold is configured", async () => {
    const findings = await findingsOf("tests/coverage-threshold-missing", {
      "pyproject.toml": '[project]\nname = "a"\n[tool.pytest.ini_options]\naddopts = "--cov=a"\n',
      "tests/test_a.py": "def test_a():\n    pass\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence.searched).toContain("pyproject.toml");
  });

  it("stays silent with fail_under, vitest thresholds, a mix.exs threshold or a CI --cov-fail-under", async () => {
    const test = { "tests/test_a.py": "def test_a():\n    pass\n" };
    expect(
      await findingsOf("tests/coverage-threshold-missing", {
        ...test,
        "pyproject.toml": "[tool.coverage.report]\nfail_under = 85\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/coverage-threshold-missing", {
        "src/a.test.ts": "it('x', () => {});\n",
        "vitest.config.ts": "export default { test: { coverage: { thresholds: { lines: 80 } } } };\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/coverage-threshold-missing", {
        "test/a_test.exs": "defmodule ATest do\nend\n",
        "mix.exs": "def project do\n  [app: :a, test_coverage: [summary: [threshold: 90]]]\nend\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/coverage-threshold-missing", {
        ...test,
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest --cov=a --cov-fail-under=80\n",
      }),
    ).toEqual([]);
  });

  it("reports a vitest or jest configuration without thresholds at the file, once per package folder", async () => {
    const findings = await findingsOf("tests/coverage-threshold-missing", {
      "web/vite.config.ts":
        "import { defineConfig } from 'vite';\nexport default defineConfig({\n  plugins: [],\n  test: {\n    environment: 'jsdom',\n    coverage: { provider: 'v8', reporter: ['text'] },\n  },\n});\n",
      "api/jest.config.js": "module.exports = { testEnvironment: 'node', collectCoverage: true };\n",
      "api/src/a.test.ts": "it('x', () => {});\n",
    });
    expect(findings.map((f) => [`${f.location?.path}:${f.location?.startLine}`, f.severity])).toEqual([
      ["api/jest.config.js:1", "low"],
      ["web/vite.config.ts:6", "low"],
    ]);
  });

  it("stays silent when vitest/jest thresholds are set (config, package.json, CLI) or vite has no test block", async () => {
    const findings = await findingsOf("tests/coverage-threshold-missing", {
      "web/vitest.config.ts":
        "export default defineConfig({ test: { coverage: { thresholds: { lines: 80, branches: 70 } } } });\n",
      "api/jest.config.ts": "export default { coverageThreshold: { global: { lines: 90 } } };\n",
      "lib/package.json": JSON.stringify({
        name: "lib",
        jest: { coverageThreshold: { global: { branches: 80 } } },
      }),
      "site/vite.config.ts": "export default defineConfig({ plugins: [] });\n",
      "web/src/a.test.ts": "it('x', () => {});\n",
    });
    expect(findings).toEqual([]);
    const cli = await findingsOf("tests/coverage-threshold-missing", {
      "package.json": JSON.stringify({
        name: "x",
        scripts: { test: "vitest run --coverage --coverage.thresholds.lines=80" },
      }),
      "vitest.config.ts": "export default defineConfig({ test: { coverage: { provider: 'v8' } } });\n",
      "src/a.test.ts": "it('x', () => {});\n",
    });
    expect(cli).toEqual([]);
  });
});
