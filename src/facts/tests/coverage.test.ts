import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("coverage facts", () => {
  it("reads thresholds from mix.exs, coveralls.json, jest in package.json, .coveragerc and CI", async () => {
    const { facts } = await analyseFiles({
      "mix.exs":
        "defmodule A.MixProject do\n  def project do\n    [\n      app: :a,\n      test_coverage: [summary: [threshold: 75]]\n    ]\n  end\nend\n",
      "coveralls.json": '{\n  "coverage_options": {\n    "minimum_coverage": 80\n  }\n}\n',
      "package.json": JSON.stringify({ name: "a", jest: { coverageThreshold: { global: { lines: 70 } } } }),
      ".coveragerc": "[report]\nfail_under = 90\n",
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest --cov --cov-fail-under=65\n",
    });
    expect(facts.coverage.thresholds.map((t) => `${t.percent}@${t.path}:${t.line}`).sort()).toEqual([
      "65@.github/workflows/ci.yml:6",
      "70@package.json:1",
      "75@mix.exs:5",
      "80@coveralls.json:3",
      "90@.coveragerc:2",
    ]);
  });

  it("measures coverage from Cobertura, coverage.py JSON, Go profiles and excoveralls; summarises JUnit", async () => {
    const { facts } = await analyseFiles({
      "coverage.xml":
        '<?xml version="1.0"?>\n<coverage line-rate="0.8125" lines-covered="13" lines-valid="16"></coverage>\n',
      "py/coverage.json": JSON.stringify({
        totals: { covered_lines: 50, num_statements: 100, percent_covered: 50 },
      }),
      "cover.out": "mode: set\na.go:1.1,2.1 3 1\na.go:3.1,4.1 1 0\n",
      "cover/excoveralls.json": JSON.stringify({
        source_files: [{ name: "lib/a.ex", coverage: [null, 1, 0, 2, null] }],
      }),
      "reports/junit.xml":
        '<testsuites><testsuite name="s" tests="3"><testcase classname="A" name="ok" time="0.5"/><testcase classname="A" name="slow" time="2.5"/><testcase classname="A" name="bad" time="0.1"><failure message="x"/></testcase><testcase name="skip"><skipped/></testcase></testsuite></testsuites>\n',
    });
    expect(facts.coverage.measured.map((m) => `${m.format}:${m.percent}`).sort()).toEqual([
      "cobertura:81.25",
      "coverage.py:50",
      "excoveralls:66.67",
      "go:75",
    ]);
    expect(facts.coverage.junit).toEqual([
      {
        path: "reports/junit.xml",
        tests: 4,
        failures: 1,
        errors: 0,
        skipped: 1,
        slowest: expect.arrayContaining([{ name: "A slow", seconds: 2.5 }]),
      },
    ]);
    expect(facts.coverage.junit[0]?.slowest[0]).toEqual({ name: "A slow", seconds: 2.5 });
  });
});
