import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const mixExs = (only: string): string =>
  [
    "defmodule App.MixProject do",
    "  use Mix.Project",
    "  def project, do: [app: :app, deps: deps()]",
    "  defp deps do",
    `    [{:dialyxir, "~> 1.4", only: ${only}, runtime: false}]`,
    "  end",
    "end",
    "",
  ].join("\n");

const workflow = (env: string, ...steps: string[]): string =>
  ["on: push", env, "jobs:", "  check:", "    runs-on: x", "    steps:", ...steps, ""].join("\n");

const pkg = JSON.stringify({
  name: "x",
  devDependencies: { eslint: "^9.0.0" },
  dependencies: { next: "15.0.0" },
});

describe("ci/tool-outside-dependency-env", () => {
  it("fires on MIX_ENV=test with a dev-only Mix task, and a devDependency after a production install", async () => {
    const findings = await findingsOf("ci/tool-outside-dependency-env", {
      "mix.exs": mixExs("[:dev]"),
      "web/package.json": pkg,
      ".github/workflows/ci.yml": workflow(
        "env: { MIX_ENV: test }",
        "      - run: mix dialyzer --format github",
        "      - run: npm ci",
        "        working-directory: web",
        "        env: { NODE_ENV: production }",
        "      - run: npx eslint .",
        "        working-directory: web",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [7, "medium"],
      [11, "medium"],
    ]);
    expect(findings[0]?.message).toContain(
      "runs `mix dialyzer` with MIX_ENV=test, but dialyxir is declared `only: [:dev]` (mix.exs:5)",
    );
    expect(findings[1]?.message).toContain("then runs `eslint`, a devDependency (web/package.json:1)");
  });

  it("stays silent when the env includes the dependency, MIX_ENV is unset, or dev packages are included", async () => {
    const findings = await findingsOf("ci/tool-outside-dependency-env", {
      "mix.exs": mixExs("[:dev, :test]"),
      "package.json": pkg,
      ".github/workflows/ci.yml": workflow(
        "env: { MIX_ENV: test, NODE_ENV: production }",
        "      - run: mix dialyzer",
        "      - run: npm ci --include=dev",
        "      - run: npx eslint .",
        "      - run: npx next build",
      ),
      "sub/mix.exs": mixExs("[:dev]"),
      ".github/workflows/b.yml": workflow("name: b", "      - run: cd sub && mix dialyzer"),
    });
    expect(findings).toEqual([]);
  });

  it("reads module attributes in `only:` (`[:dev | @test_envs]`)", async () => {
    const withAttribute = (only: string) =>
      mixExs(only).replace("  use Mix.Project", "  use Mix.Project\n  @test_envs [:test, :test_full]");
    const run = workflow("env: { MIX_ENV: test }", "      - run: mix dialyzer --plt");
    expect(
      await findingsOf("ci/tool-outside-dependency-env", {
        "mix.exs": withAttribute("[:dev | @test_envs]"),
        ".github/workflows/ci.yml": run,
      }),
    ).toEqual([]);
    // Near miss: the attribute names other environments than the one CI uses.
    const findings = await findingsOf("ci/tool-outside-dependency-env", {
      "mix.exs": withAttribute("[:dev | @test_envs]").replace("[:test, :test_full]", "[:test_full]"),
      ".github/workflows/ci.yml": run,
    });
    expect(findings).toHaveLength(1);
  });
});
