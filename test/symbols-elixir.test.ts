// The Elixir symbol index on a small Phoenix app: undefined and private remote calls, unused private functions
// and an unused module are found; default arguments, pipes, captures, defdelegate, aliases with `as:`, nested
// modules, struct literals, typespecs, `use` of in-repo and library macros, colocated templates, routes,
// Mix tasks and framework naming conventions stay silent.
import { describe, expect, it } from "vitest";
import { auditFixture, findingLines } from "./helpers/fixture-audit.js";

const RULES = ["elixir/undefined-remote-call", "elixir/unused-private-function", "generic/unused-module"];

const audit = () => auditFixture("symbols-elixir");

describe("symbols-elixir fixture", () => {
  it("reports each undefined call, unused private function and unused module, and nothing else", async () => {
    const result = await audit();
    const found = findingLines(result, RULES);
    expect(found).toEqual([
      "elixir/undefined-remote-call lib/shop/agent.ex:10 high",
      "elixir/undefined-remote-call lib/shop/agent.ex:11 high",
      "elixir/undefined-remote-call lib/shop/agent.ex:14 high",
      "elixir/undefined-remote-call test/agent_test.exs:6 medium",
      "elixir/unused-private-function lib/shop/accounts.ex:28 low",
      "elixir/unused-private-function lib/shop/store.ex:5 low",
      "generic/unused-module lib/shop/legacy_importer.ex:1 low",
    ]);
    const messages = result.findings
      .filter((f) => f.ruleId === "elixir/undefined-remote-call")
      .map((f) => f.message);
    expect(messages[1]).toContain("`Shop.CodeSearch.semantic_search/3`");
    expect(messages[2]).toContain("only as a private function (secret_key/0)");
  });

  it("counts calls into modules whose functions a macro may define as undecided", async () => {
    const { facts } = await audit();
    expect(facts.elixirSymbols.summary.unknownReasons.map((r) => r.reason)).toEqual([
      "module uses Ecto.Repo, whose __using__ may define functions",
      // The unused-public-function search leaves out modules that code calling apply/3 names.
      "public functions of a module that code calling apply/3 or Module.concat names",
      "module uses Shop.Schema, whose __using__ may define functions",
    ]);
  });
});
