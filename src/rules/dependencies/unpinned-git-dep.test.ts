import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const mix = (deps: string) =>
  `defmodule A.MixProject do\n  use Mix.Project\n  def project, do: [app: :a, deps: deps()]\n  defp deps do\n    [\n${deps}\n    ]\n  end\nend\n`;

describe("elixir/unpinned-git-dep", () => {
  it("fires on github/git deps that follow a branch", async () => {
    const findings = await findingsOf("elixir/unpinned-git-dep", {
      "mix.exs": mix(
        '      {:nats, github: "acme/nats", branch: "main"},\n      {:oauth, git: "https://github.com/tim/erlang-oauth.git"}',
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [6, "nats follows branch main of https://github.com/acme/nats.git"],
      [7, "oauth follows the default branch of https://github.com/tim/erlang-oauth.git"],
    ]);
  });

  it("is low when mix.lock records the commit", async () => {
    const findings = await findingsOf("elixir/unpinned-git-dep", {
      "mix.exs": mix('      {:glob, git: "https://github.com/acme/glob.git"}'),
      "mix.lock":
        '%{\n  "glob": {:git, "https://github.com/acme/glob.git", "7befe06698027e814cd654d5e2c52817749050bb", []},\n}\n',
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "glob follows the default branch of https://github.com/acme/glob.git; mix.lock holds commit 7befe06 until `mix deps.update` moves it",
      ],
    ]);
  });

  it("stays silent on deps pinned by ref or tag", async () => {
    const findings = await findingsOf("elixir/unpinned-git-dep", {
      "mix.exs": mix(
        '      {:nats, github: "acme/nats", tag: "v0.3.1"},\n      {:oauth, git: "https://github.com/tim/erlang-oauth.git", ref: "a1b2c3d"}',
      ),
    });
    expect(findings).toEqual([]);
  });
});
