import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../test/helpers/audit-harness.js";
import { buildAudit } from "./build-audit.js";

describe("facts only for what is there", () => {
  it("leaves out absence facts of ecosystems the repository has no application of", async () => {
    const result = await analyseFiles({
      "go.mod": "module example.com/api\n\ngo 1.22\n",
      "cmd/api/main.go": "package main\n\nfunc main() {}\n",
      ".github/workflows/scripts/check.py": "print('commit message ok')\n",
    });
    const audit = buildAudit(result, { toolVersion: "0", generatedAt: null, weights: {} });
    const labels = audit.areas.flatMap((area) => area.facts.map((fact) => `${fact.label}: ${fact.value}`));
    expect(labels.filter((label) => /ruff|mypy/.test(label))).toEqual([]);
    expect(labels.filter((label) => /^Python test files/.test(label))).toEqual([]);
    expect(labels).toContainEqual(expect.stringMatching(/^Go module \(go\.mod\): example\.com\/api/));
  });

  it("keeps them where the ecosystem has an application", async () => {
    const result = await analyseFiles({
      "pyproject.toml": '[project]\nname = "api"\nversion = "1"\n',
      "api/main.py": "print('hi')\n",
    });
    const audit = buildAudit(result, { toolVersion: "0", generatedAt: null, weights: {} });
    const labels = audit.areas.flatMap((area) => area.facts.map((fact) => fact.label));
    expect(labels).toContain("ruff configuration");
  });
});
