// Where Go code reads messages from a gorilla/websocket connection (ReadMessage, ReadJSON, NextReader), whether it
// caps their size (`conn.SetReadLimit(n)`), and whether it is the server side (an Upgrader) or a client (a Dialer).
// gorilla's connections have no read limit by default; nhooyr.io/websocket and github.com/coder/websocket default
// to 32 KB, so only gorilla (and its fasthttp fork) is recorded.
import type { SgNode } from "@ast-grep/napi";
import { calleeOf, findKind, importMap, lineOf } from "../go/syntax.js";

export interface GoWebSocketFileFacts {
  /** Message reads on a connection: line and the call as written (`c.conn.ReadMessage`). */
  reads: Array<{ line: number; call: string }>;
  /** Lines of `SetReadLimit` calls. */
  readLimits: number[];
  /** The file upgrades HTTP requests (`websocket.Upgrader`, `.Upgrade(w, r, …)`). */
  upgrades: boolean;
  /** The file dials out (`websocket.DefaultDialer`, `websocket.Dialer`). */
  dials: boolean;
}

const GORILLA = /^github\.com\/(gorilla|fasthttp)\/websocket$/;
const READS = new Set(["ReadMessage", "ReadJSON", "NextReader"]);

export function goWebSocketReads(tree: SgNode): GoWebSocketFileFacts | undefined {
  const aliases = [...importMap(tree)].filter(([, path]) => GORILLA.test(path)).map(([alias]) => alias);
  if (aliases.length === 0) return undefined;
  const facts: GoWebSocketFileFacts = { reads: [], readLimits: [], upgrades: false, dials: false };
  for (const call of findKind(tree, "call_expression")) {
    const callee = calleeOf(call);
    if (!callee?.receiver) continue;
    if (READS.has(callee.name) && !aliases.includes(callee.receiver))
      facts.reads.push({ line: lineOf(call), call: `${callee.receiver}.${callee.name}` });
    else if (callee.name === "SetReadLimit") facts.readLimits.push(lineOf(call));
    else if (callee.name === "Upgrade") facts.upgrades = true;
  }
  for (const node of [...findKind(tree, "qualified_type"), ...findKind(tree, "selector_expression")]) {
    const pkg = (node.field("package") ?? node.field("operand"))?.text() ?? "";
    const name = (node.field("name") ?? node.field("field"))?.text() ?? "";
    if (!aliases.includes(pkg)) continue;
    if (name === "Upgrader") facts.upgrades = true;
    if (name === "Dialer" || name === "DefaultDialer") facts.dials = true;
  }
  return facts.reads.length > 0 || facts.readLimits.length > 0 || facts.upgrades ? facts : undefined;
}
