// go/websocket-check-origin: a websocket Upgrader whose CheckOrigin accepts every origin (cross-site WebSocket hijacking).
import { isExamplePath } from "../../facts/go/syntax.js";
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
  notes: [
    "Also matches `upgrader.CheckOrigin = func(...) bool { return true }`.",
    "Low when no Go file of the project reads or sets cookies or uses a cookie-session library (gorilla/sessions, scs, gin/echo/fiber sessions): the service authenticates by header or token, which a page on another site cannot send for the user, so accepting every origin exposes nothing of a signed-in session.",
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
  check({ facts, readText, report }) {
    const ws = facts.websockets;
    if (!ws) return;
    const cookieUses = [...ws.goCookieUses].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const site of ws.goAcceptAllOrigins) {
      if (site.isTest) continue;
      const text = readText(site.path) ?? "";
      const lines = text.split("\n");
      // `line` is 1-based; commentSaysWhy reads a 0-based index.
      const explained = commentSaysWhy(lines, site.line - 1, 2);
      const example = isExamplePath(site.path, text);
      const noCookies = cookieUses.length === 0;
      const reason = explained
        ? "; the comment beside it says why"
        : noCookies && !example
          ? "; no Go code of this project reads or sets cookies, so a page on another site cannot ride a signed-in user's session over this socket (low; a new cookie login would make it high)"
          : "";
      report({
        path: site.path,
        line: site.line,
        endLine: site.endLine,
        message: `CheckOrigin always returns true: every origin may open a WebSocket${reason}`,
        key: "check-origin-true",
        ...(example || explained || noCookies ? { severity: "low" as const } : {}),
        ...(noCookies
          ? { searched: "every Go file for http.SetCookie, Cookie(), Cookies() and cookie-session libraries" }
          : {
              related: cookieUses
                .slice(0, 3)
                .map(({ path, line }) => ({ path, startLine: line, endLine: line })),
            }),
      });
    }
  },
});
