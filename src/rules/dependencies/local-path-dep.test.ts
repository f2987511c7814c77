import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const mix = (deps: string) =>
  `defmodule A.MixProject do\n  use Mix.Project\n  def project, do: [app: :a, deps: deps()]\n  defp deps do\n    [\n${deps}\n    ]\n  end\nend\n`;

describe("elixir/local-path-dep", () => {
  it("fires on a path dependency outside the repository", async () => {
    const findings = await findingsOf("elixir/local-path-dep", {
      "mix.exs": mix('      {:pricing, path: "../pricing"}'),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: "mix.exs", startLine: 6 });
    expect(findings[0]?.severity).toBe("high");
  });

  it("stays silent on umbrella siblings inside the repository and registry deps", async () => {
    const findings = await findingsOf("elixir/local-path-dep", {
      "apps/web/mix.exs": mix(
        '      {:core, path: "../core"},\n      {:util, in_umbrella: true},\n      {:jason, "~> 1.4"}',
      ),
      "mix.exs": mix('      {:vendored, path: "vendor/vendored"}'),
    });
    expect(findings).toEqual([]);
  });

  it("is critical on a path in a developer's home folder, medium when only development needs it", async () => {
    const findings = await findingsOf("elixir/local-path-dep", {
      "mix.exs": mix(
        '      {:compiler, path: "/Users/dev/projects/compiler"},\n      {:notes, path: "/home/dev/notes", only: :dev}',
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [
        6,
        "critical",
        "compiler is taken from /Users/dev/projects/compiler, inside one developer's home folder (/Users/dev): the project builds on that machine only",
      ],
      [
        7,
        "medium",
        "notes is taken from /home/dev/notes, inside one developer's home folder (/home/dev): its development tasks run on that machine only",
      ],
    ]);
  });

  it("is low on an absolute path to an app the repository defines; high on an absolute path to another project", async () => {
    const appMix = (app: string, deps: string) =>
      `defmodule X.MixProject do\n  use Mix.Project\n  def project, do: [app: :${app}, deps: [${deps}]]\nend\n`;
    const findings = await findingsOf("elixir/local-path-dep", {
      "app/mix.exs": appMix("shop", '{:jason, "~> 1.4"}'),
      "notebook/mix.exs": appMix("shop_notebook", '{:shop, path: "/shop"}, {:pricing, path: "/opt/pricing"}'),
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      ["notebook/mix.exs", "high", "pricing is taken from /opt/pricing, outside the repository"],
      [
        "notebook/mix.exs",
        "low",
        "shop is taken from /shop, the place a build puts this repository's own app (app/mix.exs): the project builds only where that path exists",
      ],
    ]);
  });
});
