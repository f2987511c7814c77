// Facts pack `websockets`: the WebSocket servers of JS/TS code (ws, socket.io, uWebSockets.js, express-ws,
// @fastify/websocket, NestJS gateways), how their connections identify the user, whether an Origin is read, and
// the cookie `sameSite` settings that decide whether browsers send cookies on cross-site handshakes.
import { defineCollector, definePack } from "../define.js";
import type { AreaFactEntry } from "../repo-facts.js";
import { goWebSocketOriginAnalyzer } from "./go-origin.js";
import { nodeWebSocketServersAnalyzer, type WebSocketFileFacts } from "./node-servers.js";

export type { WebSocketEvidence, WebSocketServerSite } from "./node-servers.js";

export interface WebSocketServerFile extends Omit<WebSocketFileFacts, "sameSite"> {
  path: string;
  isTest: boolean;
}

export interface WebSocketFacts {
  /** Files that create a WebSocket server or register WebSocket routes. */
  files: WebSocketServerFile[];
  /** Every cookie `sameSite` option set in JS/TS code. */
  cookieSameSite: Array<{ path: string; line: number; value: string; isTest: boolean }>;
  /** Go upgraders whose CheckOrigin always returns true. */
  goAcceptAllOrigins: Array<{ path: string; line: number; endLine: number; isTest: boolean }>;
  /** Where Go code (not tests) reads or sets cookies or uses a cookie-session library: one place per file. */
  goCookieUses: Array<{ path: string; line: number }>;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    websockets: WebSocketFacts;
  }
}

export const websocketsCollector = defineCollector({
  id: "websockets",
  collect(ctx) {
    const facts: WebSocketFacts = {
      files: [],
      cookieSameSite: [],
      goAcceptAllOrigins: [],
      goCookieUses: [],
    };
    for (const { file, value } of ctx.fileFacts(goWebSocketOriginAnalyzer)) {
      for (const site of value.acceptAll)
        facts.goAcceptAllOrigins.push({ ...site, path: file.path, isTest: file.isTest });
      if (value.cookieLine !== null && !file.isTest)
        facts.goCookieUses.push({ path: file.path, line: value.cookieLine });
    }
    for (const { file, value } of ctx.fileFacts(nodeWebSocketServersAnalyzer)) {
      const { sameSite, ...servers } = value;
      if (servers.servers.length > 0) facts.files.push({ ...servers, path: file.path, isTest: file.isTest });
      for (const setting of sameSite)
        facts.cookieSameSite.push({ ...setting, path: file.path, isTest: file.isTest });
    }
    return facts;
  },
});

function describeWebSockets(facts: WebSocketFacts): AreaFactEntry[] {
  return facts.files
    .filter((file) => !file.isTest)
    .map((file) => {
      const [first] = file.servers;
      const auth =
        file.credentials.length > 0
          ? `identifies the user from ${file.credentials[0]?.text ?? "cookies"}`
          : "reads no cookie or session on the connection path";
      const origin =
        file.originChecks.length > 0
          ? `reads the Origin (line ${file.originChecks[0]?.line})`
          : file.opaqueVerifiers.length > 0
            ? "verifier defined in another module"
            : "no Origin read in this file";
      return {
        area: "security",
        label: `WebSocket server (${first?.library ?? "?"})`,
        value: `${file.path}: ${auth}; ${origin}`,
        location: { path: file.path, startLine: first?.line ?? 1, endLine: first?.endLine ?? 1 },
      };
    });
}

export default definePack({
  name: "websockets",
  analyzers: [nodeWebSocketServersAnalyzer, goWebSocketOriginAnalyzer],
  collectors: [websocketsCollector],
  describe: (facts) => (facts.websockets ? describeWebSockets(facts.websockets) : []),
});
