// go/multiple-logging-libraries: production Go code logs through more than one library.
import { defineRule } from "../define-rule.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export default defineRule({
  id: "go/multiple-logging-libraries",
  area: "observability",
  severity: "low",
  title: "More than one Go logging library",
  effortMinutes: 60,
  confidence: "certain",
  notes: [
    "Counts imports in non-test Go files: log, log/slog, logrus, zap, zerolog, go-kit/log, glog, klog, apex/log, log15, charmbracelet/log, gommon/log.",
  ],
  docs: {
    rationale:
      "Two logging libraries mean two formats, two level settings and two places to configure output.",
    impact:
      "Some log lines are unstructured or miss fields, so searching and alerting on logs misses events.",
    fix: "Pick one structured logger (log/slog, zap or zerolog) and route the others through it.",
    example: { language: "go", bad: 'import (\n\t"log"\n\t"go.uber.org/zap"\n)', good: 'import "log/slog"' },
  },
  applies: (facts) =>
    facts.go && facts.go.sourceFiles > 0 ? true : { status: "not-applicable", reason: "no Go source files" },
  check({ facts, report }) {
    const loggers = facts.go.loggers;
    if (loggers.length < 2) return;
    const [main, ...others] = [...loggers].sort(
      (a, b) => b.sites.length - a.sites.length || compareCodeUnits(a.library, b.library),
    );
    const minor = others[others.length - 1]!;
    const site = minor.sites[0]!;
    report({
      path: site.path,
      line: site.line,
      message: `${loggers.length} logging libraries: ${loggers.map((l) => `${l.library} (${l.sites.length} files)`).join(", ")}`,
      key: `loggers:${loggers.map((l) => l.library).join(",")}`,
      related: [main!, ...others]
        .flatMap((l) => l.sites.slice(0, 3))
        .map((s) => ({ path: s.path, startLine: s.line, endLine: s.line })),
    });
  },
});
