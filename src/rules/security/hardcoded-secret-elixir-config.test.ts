// security/hardcoded-secret on Elixir config files: values production config replaces, or only dev/test/custom
// environments read, are not production secrets.
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/hardcoded-secret";
const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
// Built at run time so this test file does not itself look like it holds secrets.
const TOKEN = "q8Vt2LmZ9xR4wK7p" + "N3sB6yH1cJ5dF0gA";

describe(`${ID} in Elixir config`, () => {
  it("keeps a secret that production reads as written", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs": MIX,
      "config/config.exs": `import Config\nconfig :a, :billing, api_secret: "${TOKEN}"\n`,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[2, "medium"]]);
  });

  it("is info when runtime.exs replaces the value in production, or only a custom environment reads it", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs": MIX,
      "config/config.exs": `import Config\nconfig :a, :billing, api_secret: "${TOKEN}"\n`,
      "config/bench.exs": `import Config\nconfig :a, :metrics, api_secret: "${TOKEN}x"\n`,
      "config/runtime.exs":
        'import Config\nif config_env() != :test do\n  config :a, :billing, api_secret: System.fetch_env!("API_SECRET")\nend\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity, /\([^()]*\)$/.exec(f.message)?.[0]])).toEqual([
      ["config/bench.exs", "info", "(only the bench environment reads it)"],
      ["config/config.exs", "info", "(production config replaces it: config/runtime.exs:3)"],
    ]);
  });
  it("reads a key inside a heredoc value as that entry's: low when only a custom environment reads it", async () => {
    const pem = [
      "-----BEGIN EC " + "PRIVATE KEY-----",
      `  MHcCAQEEI${TOKEN}${TOKEN}`,
      "  -----END EC PRIVATE KEY-----",
    ];
    const heredoc = `import Config\n\nconfig :a,\n  name: "a",\n  jwt_signing_key: """\n  ${pem.join("\n")}\n  """\n`;
    const findings = await findingsOf(ID, {
      "mix.exs": MIX,
      "config/hex.exs": heredoc,
      "config/config.exs": heredoc,
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["config/config.exs", "high"],
      ["config/hex.exs", "low"],
    ]);
  });
});
