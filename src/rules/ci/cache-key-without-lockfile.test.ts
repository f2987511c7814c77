import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const workflow = (key: string, path = "deps"): string =>
  [
    "on: push",
    "jobs:",
    "  test:",
    "    runs-on: x",
    "    steps:",
    "      - uses: actions/cache@v4",
    "        with:",
    `          path: ${path}`,
    `          key: ${key}`,
    "      - run: mix test",
    "",
  ].join("\n");

describe("ci/cache-key-without-lockfile", () => {
  it("fires on a key of env values only, with a patch hashing the lockfile", async () => {
    const files = {
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, deps: [{:jason, "~> 1.4"}]]\nend\n',
      "mix.lock": '%{\n  "jason": {:hex, :jason, "1.4.1", "x", [:mix], [], "hexpm", "y"},\n}\n',
      ".github/workflows/ci.yml": workflow("${{ runner.os }}-mix-${{ env.ELIXIR_VERSION }}"),
    };
    const findings = await findingsOf("ci/cache-key-without-lockfile", files);
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[9, "low"]]);
    expect(findings[0]?.message).toContain("hashes no file (the cached deps follows mix.lock)");
    const check = await checkPatches("ci/cache-key-without-lockfile", files);
    expect(check.texts[".github/workflows/ci.yml"]).toContain(
      "key: ${{ runner.os }}-mix-${{ env.ELIXIR_VERSION }}-${{ hashFiles('**/mix.lock') }}",
    );
    expect(check.remaining).toEqual([]);
  });

  it("stays silent on hashed keys and per-run keys", async () => {
    const findings = await findingsOf("ci/cache-key-without-lockfile", {
      ".github/workflows/a.yml": workflow("${{ runner.os }}-mix-${{ hashFiles('**/mix.lock') }}"),
      ".github/workflows/b.yml": workflow("plt-${{ github.sha }}", "priv/plts"),
      ".github/workflows/d.yml": workflow("images-${{ env.POSTGRES_IMAGE }}", "/tmp/docker-images"),
      ".github/workflows/c.yml": workflow("deps-${{ steps.lock.outputs.hash }}"),
    });
    expect(findings).toEqual([]);
  });
});
