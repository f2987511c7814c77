// elixir/skipped-test: ExUnit tests skipped with @tag :skip / @tag skip: "reason" / @moduletag :skip.
import { callArguments, callName } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/skipped-test",
  area: "tests",
  severity: "low",
  title: "Skipped test",
  languages: ["elixir"],
  includeTests: true,
  prefilter: /skip/,
  effortMinutes: 30,
  docs: {
    rationale:
      "A skipped test is a known gap in the suite that nobody tracks; it rots while the code it covered changes.",
    impact: "Behaviour the test was written for can regress unnoticed; the test count overstates coverage.",
    fix: "Fix and re-enable the test, or delete it and file an issue for the missing behaviour.",
    example: {
      bad: '@tag :skip\ntest "search escapes input" do',
      good: 'test "search escapes input" do',
      language: "elixir",
    },
  },
  checkFile({ tree, isTest, report }) {
    if (!tree || !isTest) return;
    for (const attribute of tree.findAll({ rule: { kind: "unary_operator" } })) {
      const call = attribute.child(1) ?? attribute.children().find((child) => child.kind() === "call");
      if (!attribute.text().startsWith("@") || !call || call.kind() !== "call") continue;
      const name = callName(call);
      if (name !== "tag" && name !== "moduletag" && name !== "describetag") continue;
      const arg = callArguments(call)[0];
      if (!arg) continue;
      const skipped = arg.text() === ":skip" || (arg.kind() === "keywords" && /^skip:/.test(arg.text()));
      if (!skipped) continue;
      report({
        node: attribute,
        message: `@${name} ${arg.text()} skips ${name === "moduletag" ? "every test in the module" : name === "describetag" ? "a describe block" : "the next test"}`,
        key: `${name}:${arg.text()}`,
      });
    }
  },
});
