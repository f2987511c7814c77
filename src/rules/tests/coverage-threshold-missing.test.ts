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

  it("leaves node packages with a vitest config to node/coverage-threshold-absent", async () => {
    const files = {
      "package.json": JSON.stringify({ name: "a", devDependencies: { vitest: "^1.6.0" } }),
      "vitest.config.ts": "export default { test: { coverage: { provider: 'v8' } } };\n",
      "src/a.test.ts": "it('x', () => {});\n",
    };
    expect(await findingsOf("tests/coverage-threshold-missing", files)).toEqual([]);
  });
});
