import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "build/runtime-version-unpinned";

const sources = (dir: string, ext: string) =>
  Object.fromEntries([1, 2, 3].map((n) => [`${dir}/m${n}.${ext}`, "x = 1\n"]));

describe(ID, () => {
  it("fires per ecosystem that names its version nowhere, saying what was searched", async () => {
    const findings = await findingsOf(ID, {
      "requirements.txt": "flask==3.0.0\n",
      ...sources("app", "py"),
      "web/package.json": JSON.stringify({ name: "web" }),
      ...sources("web/src", "js"),
    });
    expect(findings.map((f) => f.message)).toEqual([
      "No Node.js version is declared anywhere in the repository",
      "No Python version is declared anywhere in the repository",
    ]);
    expect(findings.every((f) => f.location === null && (f.evidence.searched ?? "") !== "")).toBe(true);
  });

  it("stays silent with any declaration (a range, an image, CI) or with a tooling-only package.json", async () => {
    const findings = await findingsOf(ID, {
      "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.10"\n',
      ...sources("svc", "py"),
      "package.json": JSON.stringify({ name: "tooling", devDependencies: { prettier: "3.0.0" } }),
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, version: "0.1.0"]\nend\n',
      ...sources("lib", "ex"),
      Dockerfile: "FROM elixir:1.16-alpine\n",
    });
    expect(findings).toEqual([]);
  });
});
