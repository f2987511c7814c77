// python/requests-without-timeout: requests calls with no timeout (requests waits forever by default), and httpx calls with timeout=None.
import {
  calleeOf,
  hasKwargsSplat,
  importMap,
  isAuxiliaryPath,
  keywordArg,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

const VERBS = ["get", "post", "put", "patch", "delete", "head", "options", "request"];
const REQUESTS = new Set(VERBS.map((v) => `requests.${v}`));
const HTTPX = new Set(
  [...VERBS, "stream"].map((v) => `httpx.${v}`).concat(["httpx.Client", "httpx.AsyncClient"]),
);

export default defineRule({
  id: "python/requests-without-timeout",
  area: "resources",
  severity: "medium",
  title: "HTTP call without a timeout",
  effortMinutes: 10,
  confidence: "certain",
  languages: ["python"],
  prefilter: /\b(requests|httpx|get|post|put|patch|delete|head|request)\b/,
  notes: [
    "requests.get/post/put/patch/delete/head/options/request (resolved through imports) with no `timeout=` or with `timeout=None`; calls that pass `**kwargs` are not reported.",
    "httpx has a 5-second default, so httpx calls and clients are reported only with an explicit `timeout=None`.",
    "Lowered to low in examples/, scripts/, tools/ and docs/ folders.",
  ],
  docs: {
    rationale:
      "requests has no default timeout: a peer that accepts the connection and never answers blocks the calling thread forever.",
    impact:
      "Worker threads pile up behind a slow dependency until the service stops answering its own requests.",
    fix: "Pass an explicit `timeout=(connect, read)` on every call, or use a Session/client wrapper that sets one.",
    example: {
      language: "python",
      bad: "resp = requests.get(url)",
      good: "resp = requests.get(url, timeout=(3.05, 10))",
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isAuxiliaryPath(path) ? "low" : undefined;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee || hasKwargsSplat(call)) continue;
      const timeout = keywordArg(call, "timeout");
      const isNone = timeout?.kind() === "none";
      if (REQUESTS.has(callee.qualified) && (!timeout || isNone)) {
        report({
          node: call,
          message: `${callee.qualified}() ${isNone ? "with timeout=None" : "without a timeout"} can block forever`,
          key: `no-timeout:${callee.qualified}`,
          severity,
        });
      } else if (HTTPX.has(callee.qualified) && isNone) {
        report({
          node: call,
          message: `${callee.qualified}() with timeout=None disables httpx's default timeout`,
          key: `no-timeout:${callee.qualified}`,
          severity,
        });
      }
    }
  },
});
