// node/empty-catch: `catch {}` blocks that swallow errors without a word.
import type { SgNode } from "@ast-grep/napi";
import { isThirdPartyCode, isToolingPath, runsOnServer } from "../../facts/node/ast.js";
import { expressAnalyzer, tsWebAnalyzer } from "../../facts/tsweb/index.js";
import { defineRule } from "../define-rule.js";
import { PARSE_OR_PROBE } from "../shared/error-fallbacks.js";

/**
 * A statement that only releases something: closing, disconnecting, killing, removing, disposing — a method
 * (`browser.close()`) or a function named for it (`await removePreviewDeployment(id)`, `cleanupTempDir(dir)`).
 */
const CLEANUP_CALL =
  /^(?:await\s+)?(?:[\w$.]+\.(?:close|disconnect|kill\w*|unlink(?:Sync)?|rm(?:Sync)?|rmdir(?:Sync)?|remove\w*|destroy|dispose|terminate|abort|release|quit|stop|cancel|unsubscribe)|(?:remove|cleanup|cleanUp|dispose|destroy|unlink|kill)[A-Z]\w*)\s*\([^;]*\)\s*;?$/s;
/** `catch (_)`, `catch (_error)`: the binding says the error is ignored on purpose (the linters' unused-name convention). */
const IGNORED_BINDING = /^_\w*$/;

/**
 * The statement control reaches after a try that ends its branch: `if (key) { try { … } catch {} }` then
 * `throw unauthorized()` reaches the throw, as a try written directly before it does.
 */
function statementAfter(statement: SgNode): SgNode | null {
  let node = statement;
  for (;;) {
    let next = node.next();
    while (next && (!next.isNamed() || next.kind() === "comment")) next = next.next();
    if (next) return next;
    const block = node.parent();
    const owner = block?.kind() === "statement_block" ? block.parent() : null;
    if (owner?.kind() === "if_statement") node = owner;
    else if (owner?.kind() === "else_clause" && owner.parent()?.kind() === "if_statement")
      node = owner.parent() as SgNode;
    else return null;
  }
}

/** A request handler's parameters: `(req, res)`, `(req, res, next)`, `(request, reply)`, `(request: NextApiRequest, response)`. */
const HANDLER_PARAMETERS = /^\(\s*(?:req|request)\b[^,]*,\s*(?:res|response|reply)\b/;

/** The request handler (function with request and response parameters) the node sits in, as its first line, or null. */
function enclosingHandlerLine(node: SgNode): number | null {
  for (let up = node.parent(); up; up = up.parent()) {
    const kind = up.kind();
    if (
      kind === "function_declaration" ||
      kind === "function_expression" ||
      kind === "arrow_function" ||
      kind === "method_definition"
    ) {
      const parameters = up.field("parameters")?.text() ?? "";
      if (HANDLER_PARAMETERS.test(parameters)) return up.range().start.line + 1;
    }
  }
  return null;
}

/** Whether the node sits inside the handler of a catch clause: cleanup while another error is being handled. */
function insideCatchClause(node: SgNode): boolean {
  for (let up = node.parent(); up; up = up.parent()) {
    if (up.kind() === "catch_clause") return true;
    if (
      up.kind() === "function_declaration" ||
      up.kind() === "arrow_function" ||
      up.kind() === "function_expression"
    )
      return false;
  }
  return false;
}

/** An event hook's name: `onFinish`, `onError`, `onClose`. */
const EVENT_HOOK = /^on[A-Z]\w*$/;

/**
 * The event callback the node runs in, named: the nearest function around it is an event hook given to a call
 * (`stream.pipe(res, { async onFinish() { … } })`, `{ onError: (e) => … }`) or a listener (`emitter.on("close", fn)`,
 * `addEventListener`); null otherwise. It runs when the event fires, after the request's own work was answered.
 */
function eventCallbackOf(node: SgNode): string | null {
  for (let up = node.parent(); up; up = up.parent()) {
    const kind = up.kind();
    if (kind === "method_definition") {
      const name = up.field("name")?.text() ?? "";
      return EVENT_HOOK.test(name) && up.parent()?.kind() === "object" ? name : null;
    }
    if (kind === "arrow_function" || kind === "function_expression" || kind === "function_declaration") {
      if (kind === "function_declaration") return null;
      const parent = up.parent();
      if (parent?.kind() === "pair") {
        const key = parent.field("key")?.text() ?? "";
        return EVENT_HOOK.test(key) ? key : null;
      }
      const call = parent?.kind() === "arguments" ? parent.parent() : null;
      const callee = call?.kind() === "call_expression" ? call.field("function") : null;
      const method = callee?.kind() === "member_expression" ? callee.field("property")?.text() : undefined;
      if (method && /^(?:on|once|addEventListener|addListener)$/.test(method)) {
        const event =
          call
            ?.field("arguments")
            ?.children()
            .find((c) => c.isNamed())
            ?.text() ?? "";
        return `${method}(${event.slice(0, 30)})`;
      }
      return null;
    }
  }
  return null;
}

export default defineRule({
  id: "node/empty-catch",
  area: "errors",
  severity: "medium",
  title: "Empty catch block swallows errors",
  effortMinutes: 15,
  inUnreachedFile: "low",
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /\bcatch\b/,
  docs: {
    rationale:
      "An empty catch block discards the error and continues as if the operation had succeeded. Failures then surface far away, as wrong data or a hang, with no log to trace them.",
    impact:
      "Lost writes, half-initialised state and silent outages that nobody notices until users report them.",
    fix: "Handle the error, log it with context, or rethrow; when ignoring is really intended, say why in a comment inside the block.",
    example: {
      language: "typescript",
      bad: "try {\n  await cache.set(key, value);\n} catch {}",
      good: "try {\n  await cache.set(key, value);\n} catch (error) {\n  logger.warn({ error, key }, 'cache write failed; continuing without cache');\n}",
    },
  },
  notes: [
    "A catch block holding only a comment counts as a deliberate, documented ignore and is not reported.",
    "Medium only inside a request handler of code that runs in Node: a Next.js route handler, API route or server action, a Remix loader or action, a Hono or NestJS route, a tRPC procedure, an Express route's inline handler (from the tsweb facts), or a function taking a request and a response (`(req, res)`, `(request, reply)`): there a swallowed error lets the request answer as if the operation had succeeded, or never answer. Elsewhere in server code (services, jobs, start-up, sockets) it is low: a reviewer would ask for a log line, not act first; in browser code the error is lost to the user's console at worst: low.",
    'An empty catch nested in another catch clause (a best-effort cleanup while the first error is reported) is low, and so is one in an event callback a handler registers (an `onFinish`/`onError` hook given to a stream, an `.on("close", …)` listener): it runs when the event fires, after the request\'s own work.',
    "Deliberate fallbacks are low wherever they are: a try that parses or probes (JSON.parse, new URL, decodeURIComponent, localStorage, an optional require or file stat), a try followed directly by a `return` of the fallback value, a try that only cleans up (close, disconnect, kill, remove, dispose, or a function named so, such as `removePreviewDeployment(id)`: a best-effort release), a try followed directly by a `throw` (it only guards a detail for the error being raised), also when the try ends an `if` branch and the throw or return comes after that `if`, a binding named with a leading underscore (`catch (_)`, the linters' convention for an error ignored on purpose), and the binding-less `try { one statement } catch {}`.",
    "`.catch(() => {})` on a promise says outright that a rejection is ignored (fire-and-forget, a derived `.finally()` chain whose original promise the callers handle): low.",
    "Test files are not checked; scripts, tools and configuration are low; copies of third-party code (a versioned library banner, or a file that opts out of both eslint and type checking) are not checked.",
  ],
  checkFile({ tree, path, text, report, fileFact }) {
    if (!tree || isThirdPartyCode(text)) return;
    const onServer = !isToolingPath(path) && runsOnServer(path, text);
    // The request handlers of this file the tsweb facts know (Next.js, Remix, Hono, NestJS routes, tRPC procedures,
    // Express routes with an inline handler), by line range.
    const web = onServer ? fileFact(tsWebAnalyzer) : undefined;
    const express = onServer ? fileFact(expressAnalyzer) : undefined;
    const handlers: Array<{ line: number; endLine: number; label: string }> = [
      ...(web?.routes?.routes ?? []).map((r) => ({ ...r, label: `${r.method} ${r.urlPath ?? r.handler}` })),
      ...(web?.trpc?.procedures ?? []).map((p) => ({ ...p, label: `${p.kind} ${p.name ?? "?"}` })),
      ...(express?.routes ?? []).map((r) => ({ ...r, label: `${r.method.toUpperCase()} ${r.urlPath}` })),
    ];
    const handlerOf = (node: SgNode): string | null => {
      const line = node.range().start.line + 1;
      const route = handlers.find((h) => h.line <= line && line <= h.endLine);
      if (route) return `the ${route.label} handler`;
      const at = enclosingHandlerLine(node);
      return at === null ? null : `the request handler at line ${at}`;
    };
    for (const clause of tree.findAll({ rule: { kind: "catch_clause" } })) {
      const body = clause.field("body");
      if (!body || body.children().some((child) => child.isNamed())) continue;
      const tryStatement = clause.parent();
      const tried = tryStatement?.field("body");
      const statements =
        tried?.children().filter((child) => child.isNamed() && child.kind() !== "comment").length ?? 0;
      // `try { x = parse(s) } catch {}` without a binding is the "attempt, else fall back" idiom: lower risk.
      const singleAttempt = !clause.field("parameter") && statements === 1;
      const probe = PARSE_OR_PROBE.test(tried?.text() ?? "");
      const next = tryStatement ? statementAfter(tryStatement) : null;
      const fallbackReturn = next?.kind() === "return_statement";
      // `try { await browser.disconnect() } catch {}`: a best-effort cleanup, whose failure leaves nothing to undo.
      const cleanup =
        statements > 0 &&
        (tried?.children() ?? [])
          .filter((child) => child.isNamed() && child.kind() !== "comment")
          .every((statement) => CLEANUP_CALL.test(statement.text()));
      // The error is raised right after (`try { detail = (await res.json()).error } catch {}` then `throw`): the catch
      // only keeps a secondary failure from hiding the one being reported.
      const throwsAfter = next?.kind() === "throw_statement";
      const ignoredOnPurpose = IGNORED_BINDING.test(clause.field("parameter")?.text() ?? "");
      const fallback = singleAttempt || probe || fallbackReturn || cleanup || throwsAfter || ignoredOnPurpose;
      // Inside another catch: a best-effort step while the error being handled is reported.
      const secondary = !fallback && insideCatchClause(clause);
      const around = onServer && !fallback && !secondary ? handlerOf(clause) : null;
      // In an event hook the handler registered (a stream's `onFinish`), the request's work is already answered.
      const event = around !== null ? eventCallbackOf(clause) : null;
      const handler = event === null ? around : null;
      const severity = handler !== null ? "medium" : "low";
      report({
        node: clause,
        message: fallback
          ? throwsAfter && !cleanup && !probe
            ? "empty catch block: it only guards a detail for the error thrown right after it, with no comment saying so"
            : ignoredOnPurpose && !cleanup && !probe && !fallbackReturn && !singleAttempt
              ? `empty catch block: the binding \`${clause.field("parameter")?.text() ?? "_"}\` marks the error as ignored on purpose, but no comment says why`
              : `empty catch block: ${cleanup ? "a best-effort cleanup" : probe ? "a failed parse or probe" : fallbackReturn ? "the failure" : "the single attempt's failure"} ${cleanup ? "fails" : "falls back"} silently${fallbackReturn ? " to the value returned after it" : ""}, with no comment saying it is intended`
          : secondary
            ? "empty catch block inside another catch: a best-effort step while the first error is handled fails silently, with no comment saying it is intended"
            : event !== null
              ? `empty catch block: the error is discarded without handling or logging in the event callback \`${event}\` that ${around ?? "a request handler"} registers: it runs once the event fires, after the request's own work`
              : `empty catch block: the error is discarded without handling or logging${handler !== null ? ` in ${handler}: the request goes on as if the operation had succeeded` : onServer ? " in code that runs on the server (no request handler around it)" : ""}`,
        severity,
        key: `catch:${clause.parent()?.text().split("\n")[1]?.trim() ?? ""}`,
      });
    }
    for (const call of tree.findAll({
      rule: {
        kind: "call_expression",
        has: { field: "function", kind: "member_expression", has: { field: "property", regex: "^catch$" } },
      },
    })) {
      const handler = call
        .field("arguments")
        ?.children()
        .find((child) => child.isNamed());
      if (!handler || (handler.kind() !== "arrow_function" && handler.kind() !== "function_expression"))
        continue;
      const body = handler.field("body");
      if (!body || body.kind() !== "statement_block" || body.children().some((child) => child.isNamed()))
        continue;
      report({
        node: call,
        message: "promise .catch() with an empty handler ignores the rejection without a word on why",
        severity: "low",
        key: `promise-catch:${call.field("function")?.text().slice(0, 80) ?? ""}`,
      });
    }
  },
});
