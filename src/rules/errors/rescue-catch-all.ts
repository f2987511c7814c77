// elixir/rescue-catch-all: `rescue _ ->` / `rescue e ->` / `catch kind, reason ->` clauses that discard every error,
// one finding per file, rated by what the clause does with the error.
import type { SgNode } from "@ast-grep/napi";
import { isScriptPath } from "../../facts/elixir/applies.js";
import { calls, callName, definitionHead, enclosingFunction, lineOf } from "../../facts/elixir/syntax.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";
import { elixirOperatorPage } from "../../facts/one-off-code.js";

/** A body that re-raises, logs or reports the error does not swallow it. */
const HANDLES =
  /^(raise|reraise|exit|throw|Logger\.\w+|:telemetry\.execute|Sentry\.\w+|Kernel\.reraise|:erlang\.raise|:logger\.\w+)$/;

/**
 * Conversions that raise on input they cannot read: a function made only of these, rescued to `nil`, answers "no
 * value" the way Integer.parse answers :error (the caller handles nil), and hides no side effect.
 */
const CONVERSION =
  /^(to_string|to_charlist|String\.to_\w+|Integer\.(parse|to_string)|Float\.(parse|to_string)|Version\.parse!?|(Date|Time|DateTime|NaiveDateTime)\.from_\w+!?|Decimal\.new|Base\.\w+decode\w*!?|URI\.(parse|new!?)|Jason\.decode!?|IO\.(chardata_to_string|iodata_to_binary)|List\.to_string|:unicode\.characters_to_\w+|:erlang\.(system_info|binary_to_\w+|list_to_\w+))$/;

/**
 * Notifications to live subscribers: a failed broadcast loses an update that the next state change sends again,
 * not the work that triggered it.
 */
const BROADCAST = /(^|\.)(PubSub\.broadcast(_from)?!?|Endpoint\.broadcast(_from)?!?|broadcast!?)$/;

/**
 * Bang lookups of one record (`Repo.get!`, `Accounts.get_user!`, `Map.fetch!`): what they raise for is above all a
 * missing record, and a fallback that answers "none" (`nil`, or the value the function gives without a record)
 * treats that case on purpose; that it catches more is sloppiness, not a silent failure of work.
 */
const LOOKUP = /((^|\.)Repo\.(get|get_by|one)|(^|\.)(Map|Keyword)\.fetch|(^|\.)(get|fetch|find)_\w+)!$/;

/**
 * Calls into another process or node (`:erpc.call`, `:rpc.call`, `GenServer.call`): what they raise or exit with is
 * above all the other side being down or slow, which that side's own supervisor and logs report; answering "none"
 * (`nil`, `[]`, `0`) when it is unreachable is the caller's fallback, not a bug hidden.
 */
const REMOTE = /^(:erpc\.(call|multicall)|:rpc\.call|:gen_server\.call|GenServer\.call)$/;
const EMPTY = /^(nil|false|\[\]|%\{\}|""|0|:error|:undefined)$/;

/** What a catch-all clause does with the error it catches. */
interface SwallowingClause {
  line: number;
  /** The call the clause protects (`Version.match?`), or null when none is named. */
  protects: string | null;
  /** The value returned instead, as written (first line, shortened). */
  returns: string;
  /** `error-value`: returns an error tuple, atom or marker without the cause; `documented`: a comment or the function's name says it falls back; `conversion`: a conversion answering nil for input it cannot read; `notification`: a broadcast to live subscribers; `lookup`: a bang lookup of one record answering "none"; `remote`: a call into another process or node answering "none" when it is unreachable; `silent`: none of these. */
  kind: "error-value" | "documented" | "conversion" | "notification" | "lookup" | "remote" | "silent";
}

const short = (text: string) => {
  const line = text.split("\n")[0]!.trim();
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
};

export default defineRule({
  id: "elixir/rescue-catch-all",
  area: "errors",
  severity: "medium",
  title: "Catch-all rescue that swallows errors",
  languages: ["elixir"],
  prefilter: /\b(rescue|catch)\b/,
  effortMinutes: 20,
  confidence: "heuristic",
  docs: {
    rationale:
      "`rescue _ ->` catches every exception, including bugs (FunctionClauseError, KeyError), and turns them into a normal return value without a trace.",
    impact:
      "Failures become silent wrong results; the supervisor never restarts the process and nobody is alerted.",
    fix: "Rescue the specific exceptions you expect (`e in [Req.TransportError]`), log them or return them (`{:error, e}`), and let everything else crash.",
    example: {
      bad: "try do\n  Req.get!(url).body\nrescue\n  _ -> nil\nend",
      good: 'try do\n  Req.get!(url).body\nrescue\n  error in Req.TransportError ->\n    Logger.warning("fetch failed: #{Exception.message(error)}")\n    nil\nend',
      language: "elixir",
    },
  },
  notes: [
    "One finding per file, listing each catch-all clause (`rescue x ->`, `catch kind, reason ->`) that discards the error: the call it protects and the value it returns instead.",
    "Clauses in a function that releases a resource (`close_*`, `cleanup`, `release_*`, `terminate`, `shutdown`), where an error while closing is ignored on purpose, are not counted; nor are clauses that re-raise, exit, log or report the error, or pass it on (the bound error is used in the body: `e -> {:error, e}`, `Exception.message(e)`), do not swallow it and are not counted; `catch value ->` catches throws only and is not a catch-all.",
    "Medium when a clause returns a plain value as if nothing failed with no comment saying why; low when every clause returns an error value (`{:error, :invalid}`, a value that says it failed, or a call answering with an error, `err_unknown_query(conn)`: the caller sees the failure, not its cause) or is a documented fallback (a comment in or above the clause, or a function whose name promises one: `maybe_*`, `try_*`, `safe_*`, a `?`/`is_` predicate answering true or false; or the clause gives back the function's input or the protected call's argument as it came, `Jason.decode!(body) rescue _ -> body`, `Code.format_string!(code) rescue _ -> code`, or the accumulator of the reduce step it sits in (skipping one element), or the same empty value the function answers on its normal path (`_ -> nil` in a case), or retries the call, or it is a :logger filter (`fun(event, extra)` matching the event's `meta`, `msg` or `level`) answering `:ignore` or `:stop`, which Logger would remove if it raised; or it protects only conversions of a value (String.to_integer, Version.parse!, Jason.decode! …) and answers nil, the \"no value\" its callers handle, or `inspect` of the same value (`to_string(v) rescue _ -> inspect(v)`: another rendering of the input); or only a broadcast to live subscribers (Phoenix.PubSub.broadcast, Endpoint.broadcast), whose failure loses one live update, not the work; or a bang lookup of one record (`Repo.get!`, `get_user!`, `Map.fetch!`) answering nil or the value the function gives when there is no record: a fallback for a missing record that also catches more; or a call into another process or node (`:erpc.call`, `:rpc.call`, `GenServer.call`) answering an empty value when the other side is unreachable, which that side reports itself), in scripts, and in pages of Phoenix LiveDashboard (`use Phoenix.LiveDashboard.PageBuilder`: an operator's panel rendering a placeholder, not a user's request).",
  ],
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const swallowing: SwallowingClause[] = [];
    for (const block of tree.findAll({
      rule: { any: [{ kind: "rescue_block" }, { kind: "catch_block" }] },
    })) {
      const children = block.children();
      children.forEach((clause, index) => {
        if (clause.kind() !== "stab_clause") return;
        const args = clause.children().find((child) => child.kind() === "arguments");
        const patterns = args ? args.children().filter((child) => child.isNamed()) : [];
        const catchAll = patterns.length > 0 && patterns.every((pattern) => pattern.kind() === "identifier");
        // `catch value ->` catches throws only.
        if (!catchAll || (block.kind() === "catch_block" && patterns.length === 1)) return;
        const body = clause.children().find((child) => child.kind() === "body");
        if (body && calls(body).some((call) => HANDLES.test(callName(call) ?? ""))) return;
        const bound = patterns.map((pattern) => pattern.text()).filter((name) => !name.startsWith("_"));
        const uses = body ? body.findAll({ rule: { kind: "identifier" } }).map((node) => node.text()) : [];
        if (bound.some((name) => uses.includes(name))) return;
        const last = body
          ?.children()
          .filter((child) => child.isNamed() && child.kind() !== "comment")
          .at(-1);
        const returns = last ? short(last.text()) : "nil";
        const commented =
          children[index - 1]?.kind() === "comment" ||
          clause.children().some((child) => child.kind() === "comment") ||
          (body?.children().some((child) => child.kind() === "comment") ?? false);
        // `{:error, ...}`, `:error`, or a value that says it failed (`"(failed to format)"`, `:unknown`).
        const errorValue =
          /^(:error\b|\{\s*:error\b)/.test(returns) ||
          /^\{:halt,\s*\{:error\b/.test(returns) ||
          /\b(error|failed|invalid|unknown)\b/i.test(last?.text() ?? "") ||
          // A call answering the request with an error: `err_unknown_query(conn)`, `render_error(conn, 400)`.
          /^[\w.]*(?<![a-z])(err|error)(?![a-z])\w*\(\s*conn\b/.test(last?.text() ?? "");
        const fn = enclosingFunction(clause);
        const head = fn ? definitionHead(fn) : null;
        const fnName = head?.name ?? "";
        const params = new Set(
          (head?.params ?? []).flatMap((param) =>
            [param, ...param.findAll({ rule: { kind: "identifier" } })]
              .filter((node) => node.kind() === "identifier")
              .map((node) => node.text()),
          ),
        );
        const protects = protectedCall(block);
        // Releasing a resource (`close_inflater`, `cleanup`, `terminate`): an error while closing is ignored on purpose.
        if (/^(close|cleanup|clean_up|release|teardown|terminate|shutdown|dispose)(_|$)/.test(fnName)) return;
        // The name promises a fallback (`maybe_decode`, `try_parse`, `safe_load`, a predicate answering true or
        // false); the clause gives back the function's input as it came (`Jason.decode!(body) rescue _ -> body`);
        // or it retries the call it protects.
        const namedFallback =
          /^(maybe|try|safe)_/.test(fnName) ||
          ((fnName.endsWith("?") || fnName.startsWith("is_")) && /^(true|false)$/.test(returns));
        // Inside `fn person, acc -> … end` (a reduce step), giving back the accumulator skips the element.
        const lambdaParams = new Set(
          (enclosingLambda(clause)?.findAll({ rule: { kind: "identifier" } }) ?? []).map((node) =>
            node.text(),
          ),
        );
        const guarded = protectedStatements(block);
        // `Code.format_string!(code) rescue _ -> code`: the clause gives back what the protected call was given.
        const protectedArgs = new Set(
          guarded
            .flatMap((statement) => [statement, ...calls(statement)])
            .filter((call) => call.kind() === "call" && callName(call) === protects)
            .flatMap((call) => call.children().filter((child) => child.kind() === "arguments"))
            .flatMap((args) => args.children().filter((arg) => arg.kind() === "identifier"))
            .map((arg) => arg.text()),
        );
        const givesInputBack =
          last?.kind() === "identifier" &&
          (params.has(last.text()) || lambdaParams.has(last.text()) || protectedArgs.has(last.text()));
        // The function already answers that same empty value on its normal path (`_ -> nil` in a case): the
        // rescue falls back to a result its callers handle anyway.
        const outside = fn ? textOutsideHandlers(fn) : "";
        // A local the function also answers on its normal path (`_ -> port` in the `else` of the same `try`).
        const sameAsNormalPath =
          (/^(nil|false|\[\]|%\{\}|""|0)$/.test(returns) ||
            (last?.kind() === "identifier" && returns === last.text())) &&
          new RegExp(`(->|do:|else)\\s*${returns.replace(/[[\]{}%]/g, "\\$&")}\\s*(\\n|$|,|\\)|end)`).test(
            outside,
          );
        // A :logger filter (`fun(log_event, extra)` matching the event's `meta`/`msg`/`level`, answering `:ignore` or
        // `:stop`): Logger removes a filter that raises, and logging the error would run the filter again.
        const loggerFilter =
          /^:(ignore|stop)$/.test(returns) &&
          (head?.params.length ?? 0) === 2 &&
          /^%\{[^]*\b(meta|msg|level):/.test(head?.params[0]?.text() ?? "");
        const retries =
          protects !== null && body !== undefined && calls(body).some((call) => callName(call) === protects);
        const guardedCalls = guarded.flatMap((statement) =>
          [statement, ...calls(statement)].flatMap((call) =>
            call.kind() === "call" ? (callName(call) ?? []) : [],
          ),
        );
        // `to_string(value) rescue _ -> inspect(value)`: the fallback renders the same input another way.
        const inspected = /^(?:Kernel\.)?inspect\(\s*(\w+)\s*\)$/.exec(returns)?.[1];
        const rendersInput =
          inspected !== undefined && (params.has(inspected) || protectedArgs.has(inspected));
        const conversion =
          (returns === "nil" || rendersInput) &&
          guardedCalls.length > 0 &&
          guardedCalls.every((name) => CONVERSION.test(name));
        // One statement, the broadcast itself (its arguments may call helpers: `topic(car)`).
        const notification = guarded.length === 1 && protects !== null && BROADCAST.test(protects);
        // `get_event!(id)` rescued to `nil`, or to the very value the function answers when there is no record.
        const fallback = (last?.text() ?? "nil").replace(/\s+/g, " ");
        const remote = protects !== null && REMOTE.test(protects) && EMPTY.test(returns);
        const lookup =
          protects !== null &&
          LOOKUP.test(protects) &&
          (/\bnil\b/.test(fallback) || outside.replace(/\s+/g, " ").includes(fallback));
        swallowing.push({
          line: lineOf(clause),
          protects,
          returns,
          kind: errorValue
            ? "error-value"
            : commented || namedFallback || givesInputBack || retries || sameAsNormalPath || loggerFilter
              ? "documented"
              : conversion
                ? "conversion"
                : notification
                  ? "notification"
                  : lookup
                    ? "lookup"
                    : remote
                      ? "remote"
                      : "silent",
        });
      });
    }
    if (swallowing.length === 0) return;
    const silent = swallowing.filter((clause) => clause.kind === "silent").length;
    const severity: Severity =
      silent > 0 && !isScriptPath(path) && !elixirOperatorPage(text) ? "medium" : "low";
    const lines = swallowing.map((clause) => clause.line);
    const describe = (clause: SwallowingClause) =>
      `line ${clause.line}: every error${clause.protects ? ` from ${clause.protects}` : ""} → ${clause.returns}${
        clause.kind === "error-value"
          ? " (an error value without the cause)"
          : clause.kind === "documented"
            ? " (a documented fallback)"
            : clause.kind === "conversion"
              ? clause.returns === "nil"
                ? " (a conversion answering nil for input it cannot read)"
                : " (a conversion falling back to another rendering of the same value)"
              : clause.kind === "notification"
                ? " (a broadcast to live subscribers: only that update is lost)"
                : clause.kind === "lookup"
                  ? " (a fallback for a missing record)"
                  : clause.kind === "remote"
                    ? " (a fallback when the other process or node is unreachable)"
                    : ""
      }`;
    report({
      line: lines[0],
      endLine: lines.at(-1),
      message: `${swallowing.length} catch-all rescue/catch clause${swallowing.length === 1 ? "" : "s"} discard${swallowing.length === 1 ? "s" : ""} the error: ${swallowing.slice(0, 3).map(describe).join("; ")}${swallowing.length > 3 ? `; and ${swallowing.length - 3} more` : ""}`,
      snippet: swallowing.map(describe).join("\n"),
      key: "rescue-catch-all",
      severity,
    });
  },
});

/** The first call the rescue or catch protects: the first call of the `try` body or of the function before `rescue`. */
function protectedCall(block: SgNode): string | null {
  const owner = block.parent();
  if (!owner) return null;
  for (const child of owner.children()) {
    if (/^(rescue_block|catch_block|else_block|after_block)$/.test(String(child.kind()))) break;
    if (child.kind() === "do" || !child.isNamed()) continue;
    const first = [child, ...calls(child)].find((call) => {
      const name = callName(call);
      return name !== null && /^[\w.:!?]+$/.test(name) && !/^(with|case|if|cond|unless|fn|for)$/.test(name);
    });
    if (first) return callName(first);
  }
  return null;
}

/** The statements the rescue or catch protects: the `try` body or the function body before `rescue`. */
function protectedStatements(block: SgNode): SgNode[] {
  const owner = block.parent();
  if (!owner) return [];
  const statements: SgNode[] = [];
  for (const child of owner.children()) {
    if (/^(rescue_block|catch_block|else_block|after_block)$/.test(String(child.kind()))) break;
    if (child.kind() === "do" || !child.isNamed() || child.kind() === "comment") continue;
    // The body of `def f do … rescue … end` or `try do … rescue … end` sits in a `body` node.
    if (child.kind() === "body")
      statements.push(...child.children().filter((c) => c.isNamed() && c.kind() !== "comment"));
    else statements.push(child);
  }
  return statements;
}

/** The anonymous function (`fn a, b -> … end`) a node sits in, as its parameter list, or null. */
function enclosingLambda(node: SgNode): SgNode | null {
  for (let current = node.parent(); current; current = current.parent()) {
    if (current.kind() === "call" && /^def[pm]?\b/.test(current.text())) return null;
    if (current.kind() === "anonymous_function") {
      const clause = current.children().find((child) => child.kind() === "stab_clause");
      return clause?.children().find((child) => child.kind() === "arguments") ?? null;
    }
  }
  return null;
}

/** A function's text with its rescue and catch blocks cut out: what it answers on its normal path. */
function textOutsideHandlers(fn: SgNode): string {
  const text = fn.text();
  const start = fn.range().start.index;
  let out = "";
  let at = 0;
  const handlers = fn
    .findAll({ rule: { any: [{ kind: "rescue_block" }, { kind: "catch_block" }] } })
    .map((block) => block.range())
    .sort((a, b) => a.start.index - b.start.index);
  for (const range of handlers) {
    const from = range.start.index - start;
    if (from < at) continue;
    out += text.slice(at, from);
    at = range.end.index - start;
  }
  return out + text.slice(at);
}
