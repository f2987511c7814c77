import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = 'defmodule A.MixProject do\n  def project, do: [app: :a, deps: [{:phoenix, "~> 1.7"}]]\nend\n';

describe("phoenix/sobelow-ignores-all", () => {
  it("fires when .sobelow-conf ignores every check family, or lib/", async () => {
    const all = await findingsOf("phoenix/sobelow-ignores-all", {
      "mix.exs": MIX,
      ".sobelow-conf":
        '[\n  verbose: true,\n  exit: :low,\n  ignore: ["Config", "XSS", "SQL", "Traversal", "RCE", "Misc", "DOS", "CI", "Vuln"],\n  ignore_files: []\n]\n',
    });
    expect(all.map((f) => [f.location?.startLine, f.message])).toEqual([
      [
        4,
        ".sobelow-conf ignores every Sobelow check family (Config, XSS, SQL, Traversal, RCE, Misc, DOS, CI, Vuln): the scan cannot report anything",
      ],
    ]);
    const lib = await findingsOf("phoenix/sobelow-ignores-all", {
      "mix.exs": MIX,
      ".sobelow-conf": '[\n  ignore: [],\n  ignore_files: ["lib/"]\n]\n',
    });
    expect(lib).toHaveLength(1);
  });

  it("stays silent when only single checks are ignored", async () => {
    const findings = await findingsOf("phoenix/sobelow-ignores-all", {
      "mix.exs": MIX,
      ".sobelow-conf":
        '[\n  exit: :low,\n  ignore: ["Config.CSP", "Config.HTTPS", "XSS.Raw"],\n  ignore_files: ["lib/a_web/dev_only.ex"]\n]\n',
    });
    expect(findings).toEqual([]);
  });
});
