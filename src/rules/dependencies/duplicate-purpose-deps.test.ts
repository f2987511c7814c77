import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const mix = (deps: string) =>
  `defmodule A.MixProject do\n  use Mix.Project\n  def project, do: [app: :a, deps: deps()]\n  defp deps do\n    [\n${deps}\n    ]\n  end\nend\n`;

describe("elixir/duplicate-purpose-deps", () => {
  it("fires on two password hashers and on two HTTP clients", async () => {
    const findings = await findingsOf("elixir/duplicate-purpose-deps", {
      "mix.exs": mix(
        '      {:bcrypt_elixir, "~> 3.0"},\n      {:argon2_elixir, "~> 4.0"},\n      {:httpoison, "~> 2.0"},\n      {:tesla, "~> 1.8"}',
      ),
    });
    expect(findings.map((f) => f.message)).toEqual([
      "2 password hashing libraries declared: bcrypt_elixir, argon2_elixir",
      "2 HTTP client libraries declared: httpoison, tesla",
    ]);
    expect(findings[0]?.location).toMatchObject({ path: "mix.exs", startLine: 6 });
    // Hashers leave a security decision open; two HTTP clients (or rate limiters for two layers) are hygiene.
    expect(findings.map((f) => f.severity)).toEqual(["medium", "low"]);
  });

  it("stays silent on a client and its transport, on dev-only duplicates and on one library per purpose", async () => {
    const findings = await findingsOf("elixir/duplicate-purpose-deps", {
      "mix.exs": mix(
        '      {:req, "~> 0.4"},\n      {:finch, "~> 0.18"},\n      {:jason, "~> 1.4"},\n      {:poison, "~> 5.0", only: :test},\n      {:argon2_elixir, "~> 4.0"}',
      ),
    });
    expect(findings).toEqual([]);
  });

  it("does not count Comeonin beside a hasher, nor Hackney beside a full HTTP client", async () => {
    const findings = await findingsOf("elixir/duplicate-purpose-deps", {
      "mix.exs": mix(
        '      {:bcrypt_elixir, "~> 3.0"},\n      {:comeonin, "~> 5.3"},\n      {:req, "~> 0.5"},\n      {:hackney, "~> 1.16"}',
      ),
    });
    expect(findings).toEqual([]);
  });
});
