// Where Go code reads messages from a gorilla/websocket connection (ReadMessage, ReadJSON, NextReader), whether it
// caps their size (`conn.SetReadLimit(n)`), and whether it is the server side (an Upgrader) or a client (a Dialer).
// gorilla's connections have no read limit by default; nhooyr.io/websocket and github.com/coder/websocket default
// to 32 KB, so only gorilla (and its fasthttp fork) is recorded.
import type { SgNode } from "@ast-grep/napi";
import { isAuthWrapperName } from "../go/middleware-names.js";
import { calleeOf, enclosingFunction, findKind, importMap, lineOf } from "../go/syntax.js";

export interface GoWebSocketFileFacts {
  /** Message reads on a connection: line and the call as written (`c.conn.ReadMessage`). */
  reads: Array<{ line: number; call: string }>;
  /** Lines of `SetReadLimit` calls. */
  readLimits: number[];
  /** The file upgrades HTTP requests (`websocket.Upgrader`, `.Upgrade(w, r, …)`). */
  upgrades: boolean;
  /** Every Upgrade call of the file sits in a handler an auth wrapper wraps (`withUser(func(w, r, d) {…})`). */
  upgradesSignedIn: boolean;
  /** The file dials out (`websocket.DefaultDialer`, `websocket.Dialer`). */
  dials: boolean;
}

const GORILLA = /^github\.com\/(gorilla|fasthttp)\/websocket$/;
const READS = new Set(["ReadMessage", "ReadJSON", "NextReader"]);

export function goWebSocketReads(tree: SgNode): GoWebSocketFileFacts | undefined {
  const aliases = [...importMap(tree)].filter(([, path]) => GORILLA.test(path)).map(([alias]) => alias);
  if (aliases.length === 0) return undefined;
  const facts: GoWebSocketFileFacts = {
    reads: [],
    readLimits: [],
    upgrades: false,
    upgradesSignedIn: false,
    dials: false,
  };
  const upgradeCalls: SgNode[] = [];
  for (const call of findKind(tree, "call_expression")) {
    const callee = calleeOf(call);
    if (!callee?.receiver) continue;
    if (READS.has(callee.name) && !aliases.includes(callee.receiver))
      facts.reads.push({ line: lineOf(call), call: `${callee.receiver}.${callee.name}` });
    else if (callee.name === "SetReadLimit") facts.readLimits.push(lineOf(call));
    else if (callee.name === "Upgrade") upgradeCalls.push(call);
  }
  facts.upgrades = upgradeCalls.length > 0;
  facts.upgradesSignedIn = upgradeCalls.length > 0 && upgradeCalls.every(insideAuthWrapper);
  for (const node of [...findKind(tree, "qualified_type"), ...findKind(tree, "selector_expression")]) {
    const pkg = (node.field("package") ?? node.field("operand"))?.text() ?? "";
    const name = (node.field("name") ?? node.field("field"))?.text() ?? "";
    if (!aliases.includes(pkg)) continue;
    if (name === "Upgrader") facts.upgrades = true;
    if (name === "Dialer" || name === "DefaultDialer") facts.dials = true;
  }
  return facts.reads.length > 0 || facts.readLimits.length > 0 || facts.upgrades ? facts : undefined;
}

// `withUser(func(w, r, d) {…})`: a wrapper that hands the handler the signed-in user (filebrowser) has to find one.
const SIGNED_IN_WRAPPER = /^with(User|Admin|Auth|Session|Account|Member|Owner|Login)(?![a-z])/;

/** The call sits in a function literal passed to an auth wrapper: `withUser(func(w, r, d) { upgrader.Upgrade(…) })`. */
function insideAuthWrapper(call: SgNode): boolean {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const list = fn.parent();
    const wrapper = list?.kind() === "argument_list" ? list.parent()?.field("function")?.text() : undefined;
    if (wrapper !== undefined && (isAuthWrapperName(wrapper) || SIGNED_IN_WRAPPER.test(wrapper))) return true;
  }
  return false;
}
