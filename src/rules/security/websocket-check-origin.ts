// go/websocket-check-origin: a websocket Upgrader whose CheckOrigin accepts every origin (cross-site WebSocket hijacking).
import { alwaysReturnsTrue } from "../../facts/go/go-file.js";
import { findKind, isExamplePath, literalKeys } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";
import { commentSaysWhy } from "../shared/why-comment.js";

export default defineRule({
  id: "go/websocket-check-origin",
  area: "security",
  severity: "high",
  title: "WebSocket CheckOrigin accepts every origin",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["go"],
  prefilter: /CheckOrigin/,
  notes: [
    "Also matches `upgrader.CheckOrigin = func(...) bool { return true }`.",
    "Lowered to low in examples/, scripts/ and tools/ folders, and where a comment on the line or the two above says why (clients that are not browsers, a token in the URL rather than a cookie): a decision the authors recorded.",
  ],
  docs: {
    rationale:
      "A CheckOrigin that always returns true disables the browser same-origin protection gorilla/websocket applies by default.",
    impact:
      "Any web page a logged-in user visits can open an authenticated WebSocket to the service and read or send messages (cross-site WebSocket hijacking).",
    fix: "Compare the Origin header with an allow-list from configuration, or drop CheckOrigin to use the same-host default.",
    example: {
      language: "go",
      bad: "var upgrader = websocket.Upgrader{\n\tCheckOrigin: func(r *http.Request) bool { return true },\n}",
      good: 'var upgrader = websocket.Upgrader{\n\tCheckOrigin: func(r *http.Request) bool { return allowedOrigins[r.Header.Get("Origin")] },\n}',
    },
  },
  checkFile({ tree, path, lines, report }) {
    if (!tree) return;
    const example = isExamplePath(path);
    // A comment on the line or the two above saying why (clients that are not browsers, a token in the URL instead
    // of a cookie) records a decision the authors made about who connects.
    const explained = (line: number): boolean => commentSaysWhy(lines, line, 2);
    const severityAt = (line: number): "low" | undefined => (example || explained(line) ? "low" : undefined);
    const why = (line: number): string => (explained(line) ? "; the comment beside it says why" : "");
    for (const literal of findKind(tree, "composite_literal")) {
      const value = literalKeys(literal).get("CheckOrigin");
      if (value && alwaysReturnsTrue(value)) {
        const line = value.range().start.line;
        report({
          node: value,
          message: `CheckOrigin always returns true: every origin may open a WebSocket${why(line)}`,
          key: "check-origin-true",
          severity: severityAt(line),
        });
      }
    }
    for (const assignment of findKind(tree, "assignment_statement")) {
      const left = assignment.field("left")?.text() ?? "";
      const right = assignment.field("right")?.child(0);
      if (/\.CheckOrigin$/.test(left) && right && alwaysReturnsTrue(right)) {
        const line = assignment.range().start.line;
        report({
          node: assignment,
          message: `CheckOrigin always returns true: every origin may open a WebSocket${why(line)}`,
          key: "check-origin-true",
          severity: severityAt(line),
        });
      }
    }
  },
});
