// Go WebSocket upgraders whose CheckOrigin accepts every origin, and whether a Go file reads or sets cookies: a
// cross-site page can only borrow a user's session over such a socket when the service authenticates by cookie.
import type { SgNode } from "@ast-grep/napi";
import { alwaysReturnsTrue } from "../go/go-file.js";
import { findKind, literalKeys } from "../go/syntax.js";
import { defineAnalyzer } from "../define.js";

export interface GoOriginFileFacts {
  /** Lines (1-based, first and last) of a `CheckOrigin` that always returns true (a literal field or an assignment). */
  acceptAll: Array<{ line: number; endLine: number }>;
  /** The first line (1-based) that reads or sets a cookie or imports a cookie-session library, or null. */
  cookieLine: number | null;
}

const COOKIES =
  /\bhttp\.SetCookie\(|\.SetCookie\(|\.Cookie\(\s*["\w]|\.Cookies\(|gorilla\/sessions|gorilla\/securecookie|alexedwards\/scs|gin-contrib\/sessions|gofiber\/fiber\/v\d\/middleware\/session|labstack\/echo-contrib\/session/;

export const goWebSocketOriginAnalyzer = defineAnalyzer<GoOriginFileFacts>({
  id: "go-websocket-origin",
  languages: ["go"],
  needsTree: true,
  prefilter: (text) => /CheckOrigin/.test(text) || COOKIES.test(text),
  analyze({ tree, lines }) {
    if (!tree) return undefined;
    const acceptAll: GoOriginFileFacts["acceptAll"] = [];
    const add = (node: SgNode): void => {
      acceptAll.push({ line: node.range().start.line + 1, endLine: node.range().end.line + 1 });
    };
    for (const literal of findKind(tree, "composite_literal")) {
      const value = literalKeys(literal).get("CheckOrigin");
      if (value && alwaysReturnsTrue(value)) add(value);
    }
    for (const assignment of findKind(tree, "assignment_statement")) {
      const right = assignment.field("right")?.child(0);
      if (/\.CheckOrigin$/.test(assignment.field("left")?.text() ?? "") && right && alwaysReturnsTrue(right))
        add(assignment);
    }
    const cookieIndex = lines.findIndex((line) => COOKIES.test(line));
    const cookieLine = cookieIndex >= 0 ? cookieIndex + 1 : null;
    if (acceptAll.length === 0 && cookieLine === null) return undefined;
    return { acceptAll: acceptAll.sort((a, b) => a.line - b.line), cookieLine };
  },
});
