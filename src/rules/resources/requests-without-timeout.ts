// python/requests-without-timeout: requests calls with no timeout (requests waits forever by default), and httpx calls with timeout=None.
import {
  calleeOf,
  hasKwargsSplat,
  importMap,
  isAuxiliaryCode,
  keywordArg,
} from "../../facts/python/syntax.js";
import type { SgNode } from "@ast-grep/napi";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
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
    "Lowered to low in examples/, scripts/, tools/ and docs/ folders, and in modules that a person runs by what they say: invoke/fabric task files, Django management commands and their shared base classes, interactive scripts (`getpass()`/`input()` under a `__main__` guard).",
    "A requests call with no timeout at all gets a ready-to-apply patch adding `timeout=<patchTimeoutSeconds>` (30 seconds by default; requests applies it to connecting and to each read, not to the whole download) as the last argument — on a line of its own when the arguments are one per line with a trailing comma. No patch for `timeout=None` (a deliberate choice to revisit by hand), for calls with `*args`, or for httpx (its default already applies).",
  ],
  options: { patchTimeoutSeconds: 30 },
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
  checkFile({ tree, path, text, options, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isAuxiliaryCode(path, text) ? "low" : undefined;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee || hasKwargsSplat(call)) continue;
      const timeout = keywordArg(call, "timeout");
      const isNone = timeout?.kind() === "none";
      if (REQUESTS.has(callee.qualified) && (!timeout || isNone)) {
        const seconds = Number(options.patchTimeoutSeconds);
        const patch = timeout ? null : addTimeout(call, seconds, path, text);
        report({
          node: call,
          message: `${callee.qualified}() ${isNone ? "with timeout=None" : "without a timeout"} can block forever${patch ? `; the patch adds timeout=${seconds} (seconds)` : ""}`,
          key: `no-timeout:${callee.qualified}`,
          severity,
          patch,
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

/**
 * The patch adding `timeout=<seconds>` after a call's last argument: on a new line with the arguments'
 * indentation when they end with a trailing comma on a line of their own, else `, timeout=…` right after it.
 */
function addTimeout(call: SgNode, seconds: number, path: string, text: string): string | null {
  const list = call.field("arguments");
  if (list?.kind() !== "argument_list" || !Number.isFinite(seconds) || seconds <= 0) return null;
  const parts = list.children();
  if (parts.some((c) => c.kind() === "list_splat")) return null;
  const args = parts.filter((c) => c.isNamed() && c.kind() !== "comment");
  const last = args[args.length - 1];
  if (!last) return null;
  const keyword = `timeout=${seconds}`;
  const after = parts[parts.indexOf(last) + 1];
  const lineStart = text.lastIndexOf("\n", last.range().start.index - 1) + 1;
  const indent = text.slice(lineStart, last.range().start.index);
  if (after?.text() === "," && /^[ \t]+$/.test(indent)) {
    const lineEnd = text.indexOf("\n", after.range().end.index);
    if (lineEnd !== -1 && lineEnd < list.range().end.index) {
      const eol = text[lineEnd - 1] === "\r" ? "\r\n" : "\n";
      const at = lineEnd + 1 - eol.length;
      return unifiedDiffForEdit(path, text, at, at, `${eol}${indent}${keyword},`);
    }
  }
  const at = last.range().end.index;
  return unifiedDiffForEdit(path, text, at, at, `, ${keyword}`);
}
