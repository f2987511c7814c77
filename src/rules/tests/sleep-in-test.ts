// python/sleep-in-test: tests that wait with time.sleep or asyncio.sleep (slow and flaky), one finding per file.
import {
  calleeOf,
  importMap,
  isLiteral,
  isPythonTestPath,
  positionalArgs,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/sleep-in-test",
  area: "tests",
  severity: "low",
  title: "time.sleep in tests",
  effortMinutes: 20,
  confidence: "certain",
  languages: ["python"],
  includeTests: true,
  prefilter: /sleep\(/,
  notes: [
    "Test files only (test_*.py, *_test.py, conftest.py, tests/ folders); time.sleep/asyncio.sleep/anyio.sleep resolved through imports, except sleep(0) (a yield to the event loop). One finding per file listing every line.",
  ],
  docs: {
    rationale:
      "Sleeping to wait for asynchronous work makes tests slow and still racy on a loaded CI machine.",
    impact: "Flaky CI failures and seconds added to every run.",
    fix: "Wait on the condition itself: an Event, a polling helper with a deadline, or a frozen/fake clock (freezegun, time-machine).",
    example: {
      language: "python",
      bad: "worker.start()\ntime.sleep(2)\nassert worker.done",
      good: "worker.start()\nassert worker.done_event.wait(timeout=5)",
    },
  },
  checkFile({ tree, path, isTest, report }) {
    if (!tree || !(isTest || isPythonTestPath(path))) return;
    const imports = importMap(tree);
    const calls = tree.findAll({ rule: { kind: "call" } }).filter((call) => {
      const q = calleeOf(call, imports)?.qualified;
      if (q !== "time.sleep" && q !== "asyncio.sleep" && q !== "anyio.sleep" && q !== "trio.sleep")
        return false;
      const arg = positionalArgs(call)[0];
      return !(arg && isLiteral(arg) && Number(arg.text()) === 0);
    });
    const first = calls[0];
    if (!first) return;
    const lines = calls.map((c) => c.range().start.line + 1);
    report({
      node: first,
      endLine: lines[lines.length - 1],
      message: `${calls.length} sleep call(s) in tests (lines ${lines.join(", ")})`,
      key: "sleep-in-test",
      snippet: calls.map((c) => `${c.range().start.line + 1}: ${c.text()}`).join("\n"),
    });
  },
});
