// go/time-sleep-in-test: tests that wait with time.Sleep (slow and flaky), one finding per file.
import { findKind, importMap, isPackageCall, lineOf } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/time-sleep-in-test",
  area: "tests",
  severity: "low",
  title: "time.Sleep in tests",
  effortMinutes: 20,
  confidence: "certain",
  languages: ["go"],
  includeTests: true,
  prefilter: /Sleep\(/,
  notes: ["Only `_test.go` files; one finding per file listing every line."],
  docs: {
    rationale:
      "Sleeping to wait for asynchronous work makes tests slow and still racy on a loaded CI machine.",
    impact: "Flaky CI failures and minutes added to every run.",
    fix: "Wait on the event itself: a channel, sync.WaitGroup, or a polling helper with a deadline.",
    example: {
      language: "go",
      bad: "go worker.Run()\ntime.Sleep(100 * time.Millisecond)\nassert(t, worker.Done())",
      good: 'done := make(chan struct{})\ngo func() { worker.Run(); close(done) }()\nselect {\ncase <-done:\ncase <-time.After(time.Second):\n\tt.Fatal("timeout")\n}',
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree || !path.endsWith("_test.go")) return;
    const imports = importMap(tree);
    const calls = findKind(tree, "call_expression").filter((call) =>
      isPackageCall(call, imports, "time", ["Sleep"]),
    );
    const first = calls[0];
    if (!first) return;
    const lines = calls.map(lineOf);
    report({
      line: lineOf(first),
      endLine: Math.max(...lines),
      snippet: calls.map((call) => `${lineOf(call)}: ${call.text()}`).join("\n"),
      message: `${calls.length} time.Sleep call(s) in tests (lines ${lines.join(", ")})`,
      key: "time-sleep",
    });
  },
});
