// node/swallowed-errors: a module that turns errors into default values (`.catch(() => null)`, `catch { return [] }`)
// in several places without a log: one finding per module, with the count and the places.
import type { SgNode } from "@ast-grep/napi";
import { isThirdPartyCode, isToolingPath, lineOf, runsOnServer } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";
import { PARSE_OR_PROBE } from "../shared/error-fallbacks.js";

/** A value that stands in for a result: null, undefined, false, 0, "", [], {}. */
const DEFAULT_VALUE = /^(null|undefined|void 0|false|0|''|""|``|\[\]|\{\}|\(\{\}\))$/;

export default defineRule({
  id: "node/swallowed-errors",
  area: "errors",
  severity: "medium",
  title: "Errors turned into default values across a module",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /\bcatch\b/,
  options: { minSites: 3 },
  docs: {
    rationale:
      "`.catch(() => null)` and `catch { return [] }` make a failure look like an empty result. One such place can be a deliberate fallback; a module full of them means database, network and permission errors reach nobody, and callers act on data that is not there.",
    impact:
      "Outages look like empty lists or missing records; writes that failed are reported as done; nobody is alerted and there is no log line to start from.",
    fix: "Log the error with context where it is swallowed (or let it propagate to the request's error handler), and keep silent fallbacks for the failures that really mean 'absent', named as such.",
    example: {
      language: "typescript",
      bad: "const team = await getTeam(id).catch(() => null);\nconst members = await listMembers(id).catch(() => []);\nawait sendWebhook(event).catch(() => {});",
      good: "const team = await getTeam(id); // a failure reaches the error handler\nconst members = await listMembers(id);\nawait sendWebhook(event).catch((error) => logger.error({ error, event }, 'webhook delivery failed'));",
    },
  },
  notes: [
    "Counts, per file, promise handlers that drop the rejection (`.catch(() => null | undefined | false | [] | {} )`, `.catch(() => {})`) and catch blocks whose only statement returns such a default, when the handler neither uses nor logs the error. Empty `catch {}` blocks are node/empty-catch's.",
    "Not counted: a try around a parse or probe (JSON.parse, new URL, a file stat), `.then(() => true).catch(() => false)` (a check that answers no on failure), and `.catch(() => {})` on a `.finally()` chain (the original promise is handled by its callers).",
    "Reported when a file has at least `minSites` (3) such places. Medium in code that runs in Node (as node/empty-catch decides: server frameworks, database drivers, server/api/routes folders, route handlers, server actions) when at least `minSites` of them drop a failed call on a database, cache or queue client as a statement of its own (`await prisma.job.update(…).catch(() => null)`): the library logs nothing, so the failure reaches no one. Low when the swallowed calls are the project's own functions (they may log before rethrowing), when the defaults stand in for failed reads (`const team = await find().catch(() => null)`, often a deliberate 'not found'), and in browser code. Tests, scripts, tools and third-party copies are not read.",
  ],
  checkFile({ tree, path, text, options, report }) {
    if (!tree || isThirdPartyCode(text) || isToolingPath(path)) return;
    const minSites = options.minSites;
    const sites: Array<{ node: SgNode; what: string; discarded: boolean }> = [];
    for (const call of tree.findAll({
      rule: {
        kind: "call_expression",
        has: { field: "function", kind: "member_expression", has: { field: "property", regex: "^catch$" } },
      },
    })) {
      const what = droppedRejection(call);
      if (what) sites.push({ node: call, what, discarded: isDiscarded(call) && onDataClient(call) });
    }
    for (const clause of tree.findAll({ rule: { kind: "catch_clause" } })) {
      const what = defaultReturn(clause);
      if (what) sites.push({ node: clause, what, discarded: false });
    }
    if (sites.length < minSites) return;
    sites.sort((a, b) => lineOf(a.node) - lineOf(b.node));
    // Medium needs writes whose failure vanishes: `await prisma.job.update(…).catch(() => null)` as a statement, on a
    // database, cache or queue client (a library that logs nothing for you; a project function may log before it
    // rethrows). Values that stand in for a failed read (`await find().catch(() => null)`, then a 404) stay low.
    const discarded = sites.filter((site) => site.discarded).length;
    const server = runsOnServer(path, text) && discarded >= minSites;
    const first = sites[0];
    if (!first) return;
    const kinds = [...new Set(sites.map((site) => site.what))].slice(0, 3).join(", ");
    const lines = sites.map((site) => lineOf(site.node));
    report({
      node: first.node,
      message: `${sites.length} places in this module turn errors into default values without logging them (${kinds}) — lines ${lines.slice(0, 8).join(", ")}${lines.length > 8 ? ", …" : ""}${server ? `; ${discarded} of them drop a failed database, cache or queue call on the server, where it reaches no one` : ""}`,
      severity: server ? "medium" : "low",
      key: "swallowed-errors",
      related: sites.slice(1, 10).map((site) => ({
        path,
        startLine: lineOf(site.node),
        endLine: site.node.range().end.line + 1,
      })),
    });
  },
});

/** What a `.catch(handler)` turns the rejection into, when it drops it without using the error; else null. */
function droppedRejection(call: SgNode): string | null {
  const handler = call
    .field("arguments")
    ?.children()
    .find((child) => child.isNamed());
  if (!handler || (handler.kind() !== "arrow_function" && handler.kind() !== "function_expression"))
    return null;
  if (usesError(handler)) return null;
  const body = handler.field("body");
  if (!body) return null;
  let value: string | null = null;
  if (body.kind() === "statement_block") {
    const statements = body.children().filter((child) => child.isNamed() && child.kind() !== "comment");
    if (statements.length === 0) value = "{}";
    else if (statements.length === 1 && statements[0]?.kind() === "return_statement")
      value = returnedValue(statements[0]);
    else return null;
  } else value = body.text().trim();
  if (value === null || (value !== "{}" && !DEFAULT_VALUE.test(value) && value !== "")) return null;
  const receiver = call.field("function")?.field("object");
  const receiverText = receiver?.text() ?? "";
  // `.finally(…).catch(() => {})`: the derived chain's rejection; the original promise is handled elsewhere.
  if (/\.finally\s*\([\s\S]*\)\s*$/.test(receiverText) && receiver?.kind() === "call_expression") {
    const method = receiver.field("function")?.field("property")?.text();
    if (method === "finally") return null;
  }
  // `.then(() => true).catch(() => false)`: a yes/no check where failure means no.
  if (
    receiver?.kind() === "call_expression" &&
    receiver.field("function")?.field("property")?.text() === "then"
  ) {
    const thenHandler = receiver
      .field("arguments")
      ?.children()
      .find((child) => child.isNamed());
    if (/=>\s*true\s*$/.test(thenHandler?.text() ?? "") && value === "false") return null;
  }
  if (PARSE_OR_PROBE.test(receiverText.slice(0, 200))) return null;
  return value === "{}" ? ".catch(() => {})" : `.catch(() => ${value})`;
}

/** What a catch block returns when its only statement returns a default without using the error; else null. */
function defaultReturn(clause: SgNode): string | null {
  const body = clause.field("body");
  if (!body) return null;
  const statements = body.children().filter((child) => child.isNamed() && child.kind() !== "comment");
  const only = statements[0];
  if (statements.length !== 1 || only?.kind() !== "return_statement") return null;
  const value = returnedValue(only);
  if (value === null || !DEFAULT_VALUE.test(value)) return null;
  const tried = clause.parent()?.field("body")?.text() ?? "";
  if (PARSE_OR_PROBE.test(tried)) return null;
  return `catch { return ${value} }`;
}

/** The returned expression's text, or null for a bare `return;`. */
function returnedValue(statement: SgNode): string | null {
  const value = statement.children().find((child) => child.isNamed() && child.kind() !== "comment");
  // A bare `return;` ends a void function early: not a value standing in for a result.
  return value ? value.text().trim() : null;
}

/** Whether a handler names its error parameter and reads it (logs it, rethrows it, inspects it). */
function usesError(handler: SgNode): boolean {
  const parameter = handler.field("parameter") ?? handler.field("parameters");
  const names = (parameter?.text() ?? "")
    .replace(/^\(|\)$/g, "")
    .split(",")
    .map((name) => name.replace(/:.*$/, "").trim())
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== "_");
  const body = handler.field("body")?.text() ?? "";
  return names.some((name) => new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, "\\$")}\\b`).test(body));
}

/** Whether the call's result is thrown away: the promise chain is a statement of its own (awaited or not). */
function isDiscarded(call: SgNode): boolean {
  let node = call.parent();
  while (node && (node.kind() === "await_expression" || node.kind() === "parenthesized_expression"))
    node = node.parent();
  return node?.kind() === "expression_statement";
}

/** A database, cache or queue client at the head of the chain (`prisma.job.update(…)`, `this.db.insert(…)`, `redis.set(…)`). */
const DATA_CLIENT =
  /^(await\s+)?(this\.|ctx\.)?(prisma|db|tx|trx|knex|pool|redis|supabase|mongoose|sequelize|queue|kysely)\s*[.[]/;

function onDataClient(call: SgNode): boolean {
  return DATA_CLIENT.test(call.field("function")?.field("object")?.text() ?? "");
}
