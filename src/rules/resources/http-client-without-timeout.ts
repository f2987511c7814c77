// go/http-client-without-timeout: outgoing HTTP through the default client or an http.Client with no Timeout.
import type { SgNode } from "@ast-grep/napi";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import {
  compositeLiteralsOf,
  enclosingFunction,
  findKind,
  importMap,
  isExamplePath,
  isPackageCall,
  cliCommandOf,
  literalKeys,
  parametersOf,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/http-client-without-timeout",
  area: "resources",
  severity: "medium",
  title: "HTTP client without a timeout",
  effortMinutes: 15,
  confidence: "certain",
  languages: ["go"],
  prefilter: /http\./,
  notes: [
    "Flags http.Get/Head/Post/PostForm, uses of http.DefaultClient, and http.Client literals without Timeout (unless the file assigns `.Timeout` later).",
    "Low in command-line commands other than a server (a hang stops one run, by hand) — a function taking `*cobra.Command`, a method of an `XCommand`/`XCmd` type, or `main` of a one-shot program (`package main` working on `os.Args[1]` or `flag.Args()` that serves, listens, loops and waits on nothing) — and for http.DefaultClient as the default of a configurable client (`client: http.DefaultClient` in a literal, `if c.HTTPClient == nil { c.HTTPClient = http.DefaultClient }`) or a zero client a wrapper falls back to (`if client == nil { client = &http.Client{} }`): callers can give their own.",
    "Low when the function sends a request its caller built (a `*http.Request` parameter it passes to `Do`) or a request on the caller's context (a `context.Context` parameter, or the received request's `.Context()`): the caller's deadline bounds it, as Go libraries expect.",
    "A client whose transport, built in the same function, dials through a function of the file that sets a deadline on each connection (`DialContext: TimeoutDialer(connect, readWrite)` calling `conn.SetDeadline`) is not reported: the connection's deadline bounds the request.",
    "A client whose transport sets `ResponseHeaderTimeout` (an `http.Transport` literal as its `Transport`, or a local of the same function holding one) is not reported: a server that stalls before answering is given up on.",
    "A client used in a function whose requests carry a deadline (context.WithTimeout or WithDeadline, passed through NewRequestWithContext or req.WithContext) is not reported: the context bounds each request. A client stored in a struct field, or returned by its function (a getter or constructor), is judged by the requests the methods of its file send.",
    "Low for a health-check probe (a function or file named for health checks requesting the service's own `/health…` endpoint: the container runtime or orchestrator that runs the probe bounds it) and for clients of a function that dials a unix socket (`DialContext(ctx, \"unix\", socket)`: a local daemon, or the same server's own API, reached without the network; a TCP fallback of that function reaches the same daemon).",
    "Lowered to low in examples/ and scripts/ folders, in programs under tools/ (`package main`), and in the packaging and CI folders at the root (`build/`, `ci/`, `.dagger/`: pipelines and the fixtures they start).",
  ],
  docs: {
    rationale: "http.DefaultClient and a zero http.Client never time out.",
    impact:
      "A slow or stuck upstream blocks the calling goroutine forever; under load, goroutines and connections pile up until the service fails.",
    fix: "Use an http.Client with Timeout (or per-request context deadlines) and reuse it.",
    example: {
      language: "go",
      bad: "resp, err := http.Get(url)",
      good: "var client = &http.Client{Timeout: 10 * time.Second}\n\nresp, err := client.Get(url)",
    },
  },
  checkFile({ tree, text, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isExamplePath(path, text) ? "low" : undefined;
    for (const call of findKind(tree, "call_expression")) {
      if (isPackageCall(call, imports, "net/http", ["Get", "Head", "Post", "PostForm"])) {
        const why = inCommand(call) ?? healthProbe(call, path);
        report({
          node: call,
          message: `${call.field("function")?.text()} uses http.DefaultClient, which has no timeout${why ? `; ${why}` : ""}`,
          key: "default-client-call",
          severity: why ? "low" : severity,
        });
      }
    }
    for (const selector of findKind(tree, "selector_expression")) {
      const operand = selector.field("operand");
      if (
        operand?.kind() !== "identifier" ||
        imports.get(operand.text()) !== "net/http" ||
        selector.field("field")?.text() !== "DefaultClient" ||
        requestsHaveDeadline(selector, imports)
      )
        continue;
      const why = callerContext(selector) ?? configurableDefault(selector) ?? inCommand(selector);
      report({
        node: selector,
        message: `http.DefaultClient has no timeout${why ? `; ${why}` : ""}`,
        key: "default-client",
        severity: why ? "low" : severity,
      });
    }
    if (/\.Timeout\s*=[^=]/.test(text)) return;
    for (const literal of compositeLiteralsOf(tree, imports, "net/http", "Client")) {
      if (
        literalKeys(literal).has("Timeout") ||
        requestsHaveDeadline(literal, imports) ||
        dialsWithDeadline(literal, tree) ||
        transportBoundsResponse(literal, imports)
      )
        continue;
      const why =
        callerContext(literal) ?? nilFallback(literal) ?? localSocket(literal) ?? inCommand(literal);
      report({
        node: literal,
        message: `http.Client without Timeout never gives up on a slow server${why ? `; ${why}` : ""}`,
        key: "client-literal",
        severity: why ? "low" : severity,
      });
    }
  },
});

/**
 * Whether the function around a client sends requests under a context with a deadline; for a client stored in a
 * struct field (`svc.client = &http.Client{…}`, `Service{client: …}`), whether the file's methods do.
 */
function requestsHaveDeadline(at: SgNode, imports: Map<string, string>): boolean {
  const fn = enclosingFunction(at);
  if (!fn) return false;
  return (
    deadlineIn(fn, imports) ||
    ((storedInField(at) || returnedFrom(at, fn)) && deadlineIn(fn.getRoot().root(), imports))
  );
}

/** The value an expression stands for once `&`, parentheses and expression lists around it are passed. */
function outermostValue(at: SgNode): SgNode {
  let node = at;
  for (let parent = node.parent(); parent; parent = node.parent()) {
    if (!/^(unary_expression|expression_list|parenthesized_expression)$/.test(String(parent.kind()))) break;
    node = parent;
  }
  return node;
}

/**
 * A client the function hands back (`return &http.Client{…}`, or a local it returns): a getter or a constructor, so
 * the requests are sent where it is used, which in a file whose requests carry deadlines is under a deadline.
 */
function returnedFrom(at: SgNode, fn: SgNode): boolean {
  const parent = outermostValue(at).parent();
  if (parent?.kind() === "return_statement") return true;
  // `client := &http.Client{…}` … `return client`
  const declared = parent?.kind() === "short_var_declaration" ? parent.field("left")?.text() : undefined;
  if (!declared || !/^\w+$/.test(declared)) return false;
  return findKind(fn, "return_statement").some((ret) =>
    ret
      .children()
      .filter((child) => child.isNamed())
      .some((list) =>
        list
          .text()
          .split(/\s*,\s*/)
          .includes(declared),
      ),
  );
}

/** A client value assigned to a field or a composite literal's key: the methods of its owner send the requests. */
function storedInField(at: SgNode): boolean {
  const parent = outermostValue(at).parent();
  if (!parent) return false;
  if (parent.kind() === "keyed_element") return true;
  return (
    parent.kind() === "assignment_statement" &&
    parent.field("left")?.child(0)?.kind() === "selector_expression"
  );
}

function deadlineIn(scope: SgNode, imports: Map<string, string>): boolean {
  const calls = findKind(scope, "call_expression");
  return (
    calls.some((call) => isPackageCall(call, imports, "context", ["WithTimeout", "WithDeadline"])) &&
    calls.some(
      (call) =>
        isPackageCall(call, imports, "net/http", ["NewRequestWithContext"]) ||
        call.field("function")?.field("field")?.text() === "WithContext",
    )
  );
}

/**
 * Whether the function around a client builds its transport with a dialer of this file that puts a deadline on
 * each connection (`DialContext: TimeoutDialer(connect, readWrite)` whose connection gets `SetDeadline`): every read
 * and write of the request is bounded by it.
 */
function dialsWithDeadline(at: SgNode, tree: SgNode): boolean {
  const fn = enclosingFunction(at);
  const dialer = fn ? /\b(?:DialContext|Dial)\s*[:=]\s*(\w+)\(/.exec(fn.text())?.[1] : undefined;
  if (!dialer) return false;
  const definition = findKind(tree, "function_declaration").find(
    (decl) => decl.field("name")?.text() === dialer,
  );
  return definition !== undefined && /\.Set(?:Read|Write)?Deadline\(/.test(definition.text());
}

/**
 * A client whose transport sets `ResponseHeaderTimeout` — an `http.Transport` literal as its `Transport`, or a local
 * of its function holding one: a server that accepts the request and then stalls is given up on, which is what the
 * finding says does not happen.
 */
function transportBoundsResponse(literal: SgNode, imports: Map<string, string>): boolean {
  const value = literalKeys(literal).get("Transport");
  if (!value) return false;
  const bounds = (transport: SgNode): boolean => literalKeys(transport).has("ResponseHeaderTimeout");
  const inline = compositeLiteralsOf(value, imports, "net/http", "Transport");
  if (inline.length > 0) return inline.some(bounds);
  if (value.kind() !== "identifier") return false;
  const fn = enclosingFunction(literal);
  if (!fn) return false;
  return compositeLiteralsOf(fn, imports, "net/http", "Transport").some((transport) => {
    const parent = outermostValue(transport).parent();
    const holder = parent?.kind() === "expression_list" ? parent.parent() : parent;
    const target = holder?.field("left")?.text();
    return target === value.text() && bounds(transport);
  });
}

/** What bounds the requests when the caller does: a context or a request received as a parameter. */
function callerContext(at: SgNode): string | null {
  const fn = enclosingFunction(at);
  if (!fn) return null;
  const params = parametersOf(fn);
  // The request received must be the one sent (`client.Do(req)`) or lend its context: a handler-like function
  // taking the incoming request `r` that sends a new request built without a context is not bounded by anyone.
  const request = params.find(
    (p) =>
      /^\*\s*http\.Request$/.test(p.type) &&
      new RegExp(
        `\\.(?:Do|RoundTrip)\\(\\s*${escapeRegExp(p.name)}\\s*\\)|\\b${escapeRegExp(p.name)}\\.Context\\(\\)`,
      ).test(fn.text()),
  );
  if (request) return `it sends the request \`${request.name}\` its caller built, under the caller's context`;
  const ctx = params.find((p) => /^context\.Context$/.test(p.type));
  if (ctx && new RegExp(`NewRequestWithContext\\(\\s*${ctx.name}\\b`).test(fn.text()))
    return `the request carries the caller's context \`${ctx.name}\``;
  return null;
}

/** `http.DefaultClient` stored as a client field's default, which callers can replace. */
function configurableDefault(selector: SgNode): string | null {
  const parent = selector.parent();
  if (parent?.kind() === "keyed_element" || parent?.kind() === "literal_element")
    return "it is the default of a client field that callers can set";
  const assignment = parent?.kind() === "expression_list" ? parent.parent() : null;
  const target = assignment?.kind() === "assignment_statement" ? assignment.field("left")?.text() : undefined;
  if (target && /\.\w+$/.test(target)) return `it is the default of \`${target}\`, which callers can set`;
  if (target) {
    // `client := s.Client; if client == nil { client = http.DefaultClient }` (the `if` is above the block and,
    // in the grammar's newer trees, above a statement_list too).
    let branch = assignment?.parent() ?? null;
    while (branch && /^(block|statement_list)$/.test(String(branch.kind()))) branch = branch.parent();
    if (
      branch?.kind() === "if_statement" &&
      new RegExp(`\\b${escapeRegExp(target)}\\s*==\\s*nil`).test(branch.field("condition")?.text() ?? "")
    )
      return "it only replaces a client the caller left unset";
  }
  return null;
}

/**
 * `if client == nil { client = &http.Client{} }`: the literal only replaces a client its caller left unset (a
 * wrapper's fallback); the caller's own client, with the caller's timeout, is the one normally used.
 */
function nilFallback(literal: SgNode): string | null {
  const value = literal.parent()?.kind() === "unary_expression" ? literal.parent()! : literal;
  const list = value.parent();
  const assignment = list?.kind() === "expression_list" ? list.parent() : null;
  const target = assignment?.kind() === "assignment_statement" ? assignment.field("left")?.text() : undefined;
  if (!assignment || !target) return null;
  for (let up = assignment.parent(); up; up = up.parent()) {
    if (up.kind() === "if_statement") {
      const condition = up.field("condition")?.text() ?? "";
      return new RegExp(`^${escapeRegExp(target)}\\s*==\\s*nil$`).test(condition.trim())
        ? "it only replaces a client the caller left unset"
        : null;
    }
    if (!/^(block|statement_list)$/.test(String(up.kind()))) return null;
  }
  return null;
}

function inCommand(node: SgNode): string | null {
  const command = cliCommandOf(node);
  return command ? `it runs in the command-line command ${command}, where a hang stops one run` : null;
}

/** A health endpoint's path in a URL literal: `/health`, `/healthz`, `/healthcheck`, `/readyz`, `/livez`. */
const HEALTH_PATH = /\/(?:healthz?|health[-_]?check|readyz|livez)\b/;
/** A function or file named for health checks. */
const HEALTH_NAME = /health[-_]?check|^health(?:z)?$/i;

/**
 * A health-check probe: the request's function (or its file) is named for health checks and the URL it builds names a
 * health endpoint (`fmt.Sprintf("http://%s:%d/healthcheck", …)`): a one-shot probe the container runtime or the
 * orchestrator runs with its own timeout.
 */
function healthProbe(call: SgNode, path: string): string | null {
  const fn = enclosingFunction(call);
  if (!fn) return null;
  const name = fn.field("name")?.text() ?? "";
  const file = path.split("/").slice(-2).join("/");
  if (!HEALTH_NAME.test(name) && !/health[-_]?check/i.test(file)) return null;
  const literals = findKind(fn, "interpreted_string_literal").map((literal) => literal.text());
  return literals.some((text) => HEALTH_PATH.test(text))
    ? "it is a health-check probe of a health endpoint, which the runtime that runs it bounds with its own timeout"
    : null;
}

/**
 * A client of a function that dials a unix socket (`(&net.Dialer{}).DialContext(ctx, "unix", socket)`): it talks to
 * a local daemon, or to the same server's own API, without the network; a TCP fallback of the same function reaches
 * the same daemon.
 */
function localSocket(literal: SgNode): string | null {
  const fn = enclosingFunction(literal);
  const outer = fn?.kind() === "func_literal" ? enclosingFunction(fn) : fn;
  const scope = outer ?? fn;
  if (!scope) return null;
  return /\bDial(?:Context)?\(\s*(?:\w+\s*,\s*)?"unix"/.test(scope.text())
    ? "its function dials a unix socket: a local daemon or the server's own API, reached without the network"
    : null;
}
