import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pyproject = (failUnder: number): string =>
  ["[project]", 'name = "app"', "", "[tool.coverage.report]", `fail_under = ${failUnder}`, ""].join("\n");

describe("tests/coverage-thresholds-disagree", () => {
  it("fires once, listing every place, when README, tool config and gate script disagree", async () => {
    const findings = await findingsOf("tests/coverage-thresholds-disagree", {
      "README.md": "# App\n\n## Testing\n\nCoverage must stay above 70% on every pull request.\n",
      "pyproject.toml": pyproject(70),
      "scripts/coverage_gate.py": "import json\nMIN_COVERAGE = 80\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["pyproject.toml", 5, "low"],
    ]);
    expect(findings[0]?.message).toBe(
      "The coverage minimum is stated as 70% and 80% in different places: README.md:5 70% (stated in the documentation); pyproject.toml:5 70% (coverage.py); scripts/coverage_gate.py:2 80% (coverage gate script)",
    );
  });

  it("stays silent when the places agree, and on a package's own configuration", async () => {
    const findings = await findingsOf("tests/coverage-thresholds-disagree", {
      "README.md":
        "Coverage must stay above 70%. ![coverage](https://img.shields.io/badge/coverage-93%25-green)\n",
      "pyproject.toml": pyproject(70),
      "packages/ui/pyproject.toml": pyproject(90),
    });
    expect(findings).toEqual([]);
  });
});
