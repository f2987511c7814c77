import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "generic/formatter-not-configured";

describe(ID, () => {
  it("fires per ecosystem with no formatter config, dependency or CI format check, saying what was searched", async () => {
    const findings = await findingsOf(ID, {
      "web/package.json": JSON.stringify({ name: "web", devDependencies: { typescript: "^5.4.0" } }),
      "web/src/index.ts": "export const a = 1;\n",
      "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
      "api/app/main.py": "x = 1\n",
    });
    expect(findings.map((f) => f.message)).toEqual([
      "The node code has no formatter configured and CI checks no formatting",
      "The python code has no formatter configured and CI checks no formatting",
    ]);
    expect(findings.every((f) => f.location === null && (f.evidence.searched ?? "").length > 0)).toBe(true);
  });

  it("stays silent with .formatter.exs, a formatter dependency, a CI format check, or Go alone", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, version: "0.1.0"]\nend\n',
      ".formatter.exs": '[inputs: ["{mix,.formatter}.exs", "{config,lib,test}/**/*.{ex,exs}"]]\n',
      "lib/app.ex": "defmodule App do\nend\n",
      "web/package.json": JSON.stringify({ name: "web", devDependencies: { prettier: "^3.0.0" } }),
      "api/pyproject.toml": '[project]\nname = "api"\n',
      "api/app/main.py": "x = 1\n",
      ".github/workflows/ci.yml":
        "name: ci\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ruff format --check .\n",
      "svc/go.mod": "module example.com/svc\n\ngo 1.22\n",
    });
    expect(findings).toEqual([]);
  });
});
