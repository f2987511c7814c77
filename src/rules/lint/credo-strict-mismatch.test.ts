import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const ci = (command: string) =>
  `name: CI\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${command}\n`;

describe("elixir/credo-strict-mismatch", () => {
  it("fires when CI passes --strict and .credo.exs sets strict: false", async () => {
    const findings = await findingsOf("elixir/credo-strict-mismatch", {
      "mix.exs": MIX,
      ".credo.exs": '%{configs: [%{name: "default", strict: false}]}\n',
      ".github/workflows/ci.yml": ci("mix credo --strict"),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: ".github/workflows/ci.yml", startLine: 8 });
  });

  it("fires on the reverse: --no-strict against strict: true", async () => {
    const findings = await findingsOf("elixir/credo-strict-mismatch", {
      "mix.exs": MIX,
      ".credo.exs": '%{configs: [%{name: "default", strict: true}]}\n',
      ".github/workflows/ci.yml": ci("mix credo --no-strict"),
    });
    expect(findings).toHaveLength(1);
  });

  it("stays silent when CI runs plain mix credo or agrees with the file", async () => {
    for (const [strict, command] of [
      ["true", "mix credo"],
      ["false", "mix credo"],
      ["true", "mix credo --strict"],
    ] as const) {
      const findings = await findingsOf("elixir/credo-strict-mismatch", {
        "mix.exs": MIX,
        ".credo.exs": `%{configs: [%{name: "default", strict: ${strict}}]}\n`,
        ".github/workflows/ci.yml": ci(command),
      });
      expect(findings).toEqual([]);
    }
  });

  it("patches strict: false to true in .credo.exs when CI runs --strict; nothing fires after", async () => {
    const credo = '%{\n  configs: [\n    %{name: "default", strict: false, checks: []}\n  ]\n}\n';
    const check = await checkPatches("elixir/credo-strict-mismatch", {
      "mix.exs": MIX,
      ".credo.exs": credo,
      ".github/workflows/ci.yml": ci("mix credo --strict"),
    });
    expect(check.texts[".credo.exs"]).toBe(credo.replace("strict: false", "strict: true"));
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch for --no-strict, an unset key, or several strict: keys", async () => {
    const cases: Array<[string, string]> = [
      ['%{configs: [%{name: "default", strict: true}]}\n', "mix credo --no-strict"],
      ['%{configs: [%{name: "default"}]}\n', "mix credo --strict"],
      [
        '%{configs: [%{name: "default", strict: false}, %{name: "ci", strict: false}]}\n',
        "mix credo --strict",
      ],
    ];
    for (const [credo, command] of cases) {
      const findings = await findingsOf("elixir/credo-strict-mismatch", {
        "mix.exs": MIX,
        ".credo.exs": credo,
        ".github/workflows/ci.yml": ci(command),
      });
      expect(findings.map((f) => f.patch)).toEqual([null]);
    }
  });
});
