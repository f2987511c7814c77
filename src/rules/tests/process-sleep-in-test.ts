// elixir/process-sleep-in-test: Process.sleep / :timer.sleep in ExUnit tests — timing-based synchronisation.
import { calls, callName } from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/process-sleep-in-test",
  area: "tests",
  severity: "low",
  title: "Sleep used to wait in tests",
  languages: ["elixir"],
  includeTests: true,
  prefilter: /Process\.sleep|:timer\.sleep/,
  effortMinutes: 20,
  options: { minSleeps: 1 },
  docs: {
    rationale:
      "A test that sleeps guesses how long asynchronous work takes: too short and it fails on a loaded CI runner, too long and the suite crawls.",
    impact:
      "Flaky failures and slow suites; the sleeps hide the missing synchronous API or message the test should wait on.",
    fix: "Wait on something observable: `assert_receive` with a timeout, a synchronous call to the process (`:sys.get_state/1`), or a telemetry event.",
    example: {
      bad: 'Cache.invalidate("sku-1")\nProcess.sleep(100)\nassert Cache.get("sku-1") == nil',
      good: 'Cache.invalidate("sku-1")\n_ = :sys.get_state(Cache)\nassert Cache.get("sku-1") == nil',
      language: "elixir",
    },
  },
  notes: [
    "Only test files (`*_test.exs`, test/ folders) are read; one finding per file with the count and lines.",
  ],
  checkFile({ tree, isTest, report }) {
    if (!tree || !isTest) return;
    const sleeps = calls(tree).filter((call) =>
      /^(Process\.sleep|:timer\.sleep)$/.test(callName(call) ?? ""),
    );
    const first = sleeps[0];
    if (!first) return;
    const lines = sleeps.map((call) => call.range().start.line + 1);
    report({
      node: first,
      message: `${sleeps.length} sleep call(s) in this test file (lines ${lines.join(", ")})`,
      key: "process-sleep-in-test",
    });
  },
});
