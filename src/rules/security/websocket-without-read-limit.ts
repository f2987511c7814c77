// go/websocket-without-read-limit: a gorilla/websocket server reads client messages with no SetReadLimit, so a
// client can send one message of any size and the server buffers it whole.
import { oneOffKind } from "../../facts/one-off-code.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export default defineRule({
  id: "go/websocket-without-read-limit",
  area: "security",
  severity: "medium",
  title: "WebSocket messages read without a size limit",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["go"],
  docs: {
    rationale:
      "gorilla/websocket connections have no read limit unless `SetReadLimit` is called: ReadMessage and ReadJSON buffer a client's whole message, however large. (nhooyr.io/websocket and coder/websocket default to 32 KB.)",
    impact:
      "One client sending a single multi-gigabyte message makes the server allocate it in memory; a few such connections take the service down.",
    fix: "Call `conn.SetReadLimit(maxMessageSize)` right after the upgrade (the largest message the protocol needs, e.g. 64 KB), together with read deadlines and a pong handler.",
    example: {
      language: "go",
      bad: "conn, err := upgrader.Upgrade(w, r, nil)\nif err != nil { return }\nfor {\n\t_, msg, err := conn.ReadMessage()\n\tif err != nil { return }\n\thandle(msg)\n}",
      good: "conn, err := upgrader.Upgrade(w, r, nil)\nif err != nil { return }\nconn.SetReadLimit(64 << 10)\nfor {\n\t_, msg, err := conn.ReadMessage()\n\tif err != nil { return }\n\thandle(msg)\n}",
    },
  },
  notes: [
    "Server side only: the repository upgrades HTTP requests with a gorilla (or fasthttp) websocket Upgrader, and a file importing that package reads messages (ReadMessage, ReadJSON, NextReader) with no SetReadLimit call in its folder (the Go package). Files that only dial out (websocket.Dialer) read from servers the app chose and are skipped, as are tests, examples and scripts.",
    "One finding per file, at its first read. Low when the file's upgrades all happen inside a handler an auth wrapper wraps (`withUser(func…)`): only signed-in users can send the message.",
  ],
  applies(facts) {
    if (!facts.limits) return { status: "unknown", reason: "limits facts were not collected" };
    return facts.limits.goWebSockets.some((file) => file.upgrades)
      ? true
      : { status: "not-applicable", reason: "no gorilla/websocket Upgrader in Go code" };
  },
  check({ facts, report }) {
    const files = facts.limits.goWebSockets;
    if (!files.some((file) => file.upgrades && !file.isTest)) return;
    const limitedFolders = new Set(files.filter((f) => f.readLimits.length > 0).map((f) => folderOf(f.path)));
    for (const file of files) {
      if (file.isTest || oneOffKind(file.path) !== null || isExamplePath(file.path)) continue;
      if (file.reads.length === 0 || (file.dials && !file.upgrades)) continue;
      if (limitedFolders.has(folderOf(file.path))) continue;
      const [first] = file.reads;
      report({
        path: file.path,
        line: first!.line,
        key: `websocket-read-limit:${first!.call}`,
        severity: file.upgradesSignedIn ? "low" : undefined,
        message: `${first!.call}() reads a WebSocket message with no SetReadLimit on the connection: a client can send a message of any size and the server buffers it whole${file.reads.length > 1 ? ` (${file.reads.length} reads in this file)` : ""}${file.upgradesSignedIn ? "; only signed-in users reach the upgrade" : ""}`,
      });
    }
  },
});
