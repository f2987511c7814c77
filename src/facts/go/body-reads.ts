// Where a Go file reads an HTTP request body whole (json.NewDecoder, io.ReadAll on `<req>.Body`), which function
// does it and what guards that function shows, and where the file caps request bodies for a whole server.
import type { SgNode } from "@ast-grep/napi";
import { isAuthMiddlewareName, isAuthWrapperName } from "./middleware-names.js";
import {
  callArguments,
  calleeOf,
  enclosingFunction,
  endLineOf,
  findKind,
  isPackageCall,
  lineOf,
  parametersOf,
} from "./syntax.js";

export interface GoBodyRead {
  line: number;
  endLine: number;
  /** `json.NewDecoder` or `io.ReadAll`. */
  reader: string;
  /** The request variable (`r`). */
  request: string;
  /**
   * The function that reads it: a declared function or method's name, or the variable a function literal is
   * assigned to (`var settingsPut = withAdmin(func(…) …)`); null for an anonymous literal.
   */
  function: string | null;
  /** That function takes a response writer or a framework context: it is a handler, not a helper of one. */
  handler: boolean;
  /** The function literal is an argument of an auth wrapper (`withAdmin(func…)`), or calls an auth check with the request (`h.validateSession(r)`). */
  guarded: boolean;
  /** The function, or the file, wraps a body in http.MaxBytesReader / io.LimitReader (the file: in a shared helper). */
  limited: boolean;
}

export interface GoBodyLimit {
  line: number;
  /** `http.MaxBytesHandler`, or `http.MaxBytesReader in middleware` (a function taking or returning an http.Handler). */
  via: string;
}

const WRITER_PARAMETER = /^(http\.ResponseWriter|\*\s*gin\.Context|echo\.Context|\*\s*fiber\.Ctx)$/;

/** The request-body reads of a file. */
/**
 * The request-body reads of a file. `calls`: the calls to search (default every call; the Go file facts pass the
 * ones whose selected name they watch, a superset of the readers); `text`: the file's text, when already read.
 */
export function bodyReads(
  tree: SgNode,
  imports: Map<string, string>,
  calls: readonly SgNode[] = findKind(tree, "call_expression"),
  text?: string,
): GoBodyRead[] {
  const reads: GoBodyRead[] = [];
  const readers = new Set(imports.values());
  if (!readers.has("encoding/json") && !readers.has("io") && !readers.has("io/ioutil")) return reads;
  let limitedInFile: boolean | undefined;
  for (const call of calls) {
    const reader = isPackageCall(call, imports, "encoding/json", ["NewDecoder"])
      ? "json.NewDecoder"
      : isPackageCall(call, imports, "io", ["ReadAll"]) ||
          isPackageCall(call, imports, "io/ioutil", ["ReadAll"])
        ? "io.ReadAll"
        : null;
    if (!reader) continue;
    const arg = callArguments(call)[0];
    if (arg?.kind() !== "selector_expression" || arg.field("field")?.text() !== "Body") continue;
    const request = arg.field("operand")?.text() ?? "";
    let fn = enclosingFunction(call);
    while (fn && !parametersOf(fn).some((p) => p.name === request && /^\*\s*http\.Request$/.test(p.type)))
      fn = enclosingFunction(fn);
    if (!fn) continue;
    reads.push({
      line: lineOf(call),
      endLine: endLineOf(call),
      reader,
      request,
      function: functionName(fn),
      handler: parametersOf(fn).some((p) => WRITER_PARAMETER.test(p.type)),
      guarded: guardedFunction(fn, request) || calledOnlyWhenGuarded(tree, functionName(fn)),
      limited:
        (limitedInFile ??= /MaxBytesReader|LimitReader|MaxBytesHandler/.test(text ?? tree.text())) ||
        /MaxBytesReader|LimitReader/.test(fn.text()),
    });
  }
  return reads;
}

/** Server-wide caps: http.MaxBytesHandler, or MaxBytesReader applied by a middleware. */
export function bodyLimits(
  tree: SgNode,
  imports: Map<string, string>,
  calls: readonly SgNode[] = findKind(tree, "call_expression"),
): GoBodyLimit[] {
  const limits: GoBodyLimit[] = [];
  if (![...imports.values()].includes("net/http")) return limits;
  for (const call of calls) {
    if (isPackageCall(call, imports, "net/http", ["MaxBytesHandler"]))
      limits.push({ line: lineOf(call), via: "http.MaxBytesHandler" });
    else if (isPackageCall(call, imports, "net/http", ["MaxBytesReader"])) {
      for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
        const result = fn.field("result")?.text() ?? "";
        if (
          parametersOf(fn).some((p) => /^http\.Handler(Func)?$/.test(p.type)) ||
          /^http\.Handler/.test(result)
        ) {
          limits.push({ line: lineOf(call), via: "http.MaxBytesReader in middleware" });
          break;
        }
      }
    }
  }
  return limits;
}

function functionName(fn: SgNode): string | null {
  if (fn.kind() !== "func_literal") return fn.field("name")?.text() ?? null;
  // `var h = wrap(func(…) {…})`, `h := func(…) {…}`: the variable names the handler.
  for (let at = fn.parent(); at; at = at.parent()) {
    const kind = at.kind();
    if (kind === "var_spec" || kind === "short_var_declaration" || kind === "assignment_statement") {
      const left =
        kind === "var_spec"
          ? at.field("name")
          : at
              .field("left")
              ?.children()
              .find((c) => c.isNamed());
      return left?.text() ?? null;
    }
    if (kind === "function_declaration" || kind === "method_declaration" || kind === "block") return null;
  }
  return null;
}

function guardedFunction(fn: SgNode, request: string): boolean {
  return authWrapped(fn) || checksAuth(fn, request);
}

/**
 * A helper such as `getUser(w, r)` that reads the body for handlers: guarded when the file calls it, and every call
 * sits in a guarded function (`var userPut = withSelfOrAdmin(func(w, r, d) { req, err := getUser(w, r) … })`).
 */
function calledOnlyWhenGuarded(tree: SgNode, name: string | null): boolean {
  if (name === null) return false;
  const calls = findKind(tree, "call_expression").filter((call) => calleeOf(call)?.name === name);
  return (
    calls.length > 0 &&
    calls.every((call) => {
      for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn))
        if (guardedFunction(fn, callArguments(call)[1]?.text() ?? "r")) return true;
      return false;
    })
  );
}

function authWrapped(fn: SgNode): boolean {
  const list = fn.parent();
  const call = list?.kind() === "argument_list" ? list.parent() : null;
  const name = call?.kind() === "call_expression" ? call.field("function")?.text() : undefined;
  return name !== undefined && isAuthWrapperName(name);
}

/** `if err := h.validateSession(r); err != nil`: the handler authenticates the request itself. */
function checksAuth(fn: SgNode, request: string): boolean {
  return findKind(fn, "call_expression").some((call) => {
    const callee = calleeOf(call);
    return (
      callee !== null &&
      isAuthMiddlewareName(callee.name) &&
      callArguments(call).some((arg) => arg.text() === request)
    );
  });
}
