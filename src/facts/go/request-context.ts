// Outgoing HTTP requests built with no context (http.NewRequest, http.Get/Post/Head/PostForm) in functions that have
// none to pass, and the handlers whose request path reaches them: a handler calls a helper of its package (or an
// exported function of another package) that sends the request, so the incoming request's cancellation and deadline
// never reach the outgoing call. The per-file part reads the file's syntax tree; the caller search parses the
// production files whose text names a helper and reads their top-level functions' calls from the tree.
import { posix } from "node:path";
import type { SgNode } from "@ast-grep/napi";
import { parseSource } from "../../parse/grammar-registry.js";
import {
  calleeOf,
  enclosingFunction,
  findKind,
  FUNCTION_KINDS,
  isPackageCall,
  lineOf,
  outerFunction,
  parametersOf,
} from "./syntax.js";

/** An outgoing request built without a context, in a function that has no context to give it. */
export interface GoContextlessRequest {
  line: number;
  /** `NewRequest`, `Get`, `Post`, `Head` or `PostForm` of net/http. */
  helper: string;
  /** The top-level function or method that builds it. */
  function: string;
  /** The method's receiver type without `*` (`Client`), or null for a function. */
  receiverType: string | null;
}

/** One step of a request path: the function, where it calls the next one. */
export interface GoCallStep {
  path: string;
  line: number;
  function: string;
}

/** A contextless request reached from a handler: the handler first, then each function that calls the next. */
export interface GoRequestPathWithoutContext extends GoContextlessRequest {
  path: string;
  /** handler → … → the caller of the function that builds the request; each step's line is its call. */
  chain: GoCallStep[];
  /** How the handler's request offers its context (`r.Context()`, `c.Request.Context()`). */
  contextExpression: string;
}

const HELPERS = ["NewRequest", "Get", "Post", "Head", "PostForm"] as const;

/** Parameter types that carry a context: context.Context, an incoming request, a framework's request context. */
const CONTEXT_TYPE =
  /^(context\.Context|\*\s*http\.Request|\*\s*gin\.Context|echo\.Context|\*\s*fiber\.Ctx)$/;

/** The outgoing requests of a file built in functions with no context at hand. */
export function contextlessRequests(
  tree: SgNode,
  imports: Map<string, string>,
  text: string,
): GoContextlessRequest[] {
  if (!/\bNewRequest\(|\.(?:Get|Post|Head|PostForm)\(/.test(text)) return [];
  if (![...imports.values()].includes("net/http")) return [];
  const found: GoContextlessRequest[] = [];
  for (const call of findKind(tree, "call_expression")) {
    const callee = calleeOf(call);
    if (!callee || !(HELPERS as readonly string[]).includes(callee.name)) continue;
    const helper = HELPERS.find((name) => isPackageCall(call, imports, "net/http", [name]));
    if (!helper) continue;
    // A context in any enclosing function (a literal's or the declaration's) is go/request-without-context's case.
    let hasContext = false;
    for (let fn = enclosingFunction(call); fn && !hasContext; fn = enclosingFunction(fn))
      hasContext = parametersOf(fn).some((parameter) => CONTEXT_TYPE.test(parameter.type));
    if (hasContext) continue;
    const outer = outerFunction(call);
    if (!outer || (outer.kind() !== "function_declaration" && outer.kind() !== "method_declaration"))
      continue;
    const name = outer.field("name")?.text();
    if (!name || name === "main" || name === "init") continue;
    const body = outer.text();
    // The request gets a context later (`req.WithContext(ctx)`), or is handed back for the caller to send.
    if (/\.WithContext\(/.test(body) || /\*\s*http\.Request\b/.test(outer.field("result")?.text() ?? ""))
      continue;
    const receiverType =
      outer.kind() === "method_declaration"
        ? (outer
            .field("receiver")
            ?.text()
            .match(/(\w+)(?:\[[^\]]*\])?\s*\)\s*$/)?.[1] ?? null)
        : null;
    found.push({ line: lineOf(call), helper, function: name, receiverType });
  }
  return found;
}

/** Names too common to follow through a method call: another type's method of that name is likelier. */
const GENERIC_METHOD =
  /^(Get|Post|Put|Patch|Delete|Head|Do|Send|Run|Start|Stop|Close|Open|Read|Write|Fetch|Call|Execute|Exec|Handle|ServeHTTP|Request|String|Error|Update|Create|Process|Notify|Publish|New|Load|Save|Init)$/;

interface Target {
  name: string;
  dir: string;
  /** The package's name as other packages call it (the folder's last segment). */
  packageName: string;
  exported: boolean;
  /** A method: reached by `x.Name(…)`, never as `pkg.Name(…)`. */
  method: boolean;
  /** The request site this target leads to, and the steps between them (nearest caller last). */
  site: GoContextlessRequest & { path: string };
  chain: GoCallStep[];
}

interface TopFunction {
  name: string;
  method: boolean;
  node: SgNode;
}

const MAX_DEPTH = 3;

/**
 * The contextless requests that a handler reaches through at most three calls. `sites`: every file's contextless
 * requests; `productionFiles`: the Go files searched for callers (no tests, vendor or examples); `read`: a file's text.
 */
export function requestPathsWithoutContext(
  sites: ReadonlyArray<GoContextlessRequest & { path: string }>,
  productionFiles: readonly string[],
  read: (path: string) => string | null,
  /** False when a file's bytes are known not to hold any of the words (the file need not be read). */
  mayHold: (path: string, words: Iterable<string>) => boolean = () => true,
): GoRequestPathWithoutContext[] {
  if (sites.length === 0) return [];
  const functionsOf = new Map<string, TopFunction[]>();
  const functionsIn = (path: string): TopFunction[] => {
    let functions = functionsOf.get(path);
    if (!functions) {
      functions = topFunctions(read(path));
      functionsOf.set(path, functions);
    }
    return functions;
  };
  // How many top-level functions and methods of the repository carry each name: a method call is followed only to a
  // name declared once.
  // Counted from the text with comments and strings blanked: a named `func` is always a top-level declaration, so
  // no file needs parsing for it (names like `Get` appear in most files of a large tree).
  const declarations = new Map<string, number>();
  const countDeclarations = (names: ReadonlySet<string>): void => {
    const named = wordsPattern(names, "");
    const declared = new RegExp(`\\bfunc\\s+(?:\\([^)]*\\)\\s*)?(${[...names].join("|")})\\s*[[(]`, "g");
    for (const path of productionFiles) {
      if (!mayHold(path, names)) continue;
      const text = read(path) ?? "";
      if (!named.test(text)) continue;
      for (const match of blankCommentsAndStrings(text).matchAll(declared)) {
        const name = match[1] ?? "";
        declarations.set(name, (declarations.get(name) ?? 0) + 1);
      }
    }
  };
  let targets: Target[] = sites.map((site) =>
    targetOf(site.path, site.function, site.receiverType !== null, site, []),
  );
  countDeclarations(new Set(targets.map((target) => target.name)));
  const results = new Map<string, GoRequestPathWithoutContext>();
  const visited = new Set<string>(targets.map((target) => `${target.dir}\0${target.name}`));
  for (let depth = 0; depth < MAX_DEPTH && targets.length > 0; depth++) {
    const next: Target[] = [];
    const names = new Set(targets.map((target) => target.name));
    const mayCall = callerFilter(targets, declarations);
    for (const path of productionFiles) {
      // Every call `mayCall` accepts spells a target's name.
      if (!mayHold(path, names)) continue;
      const text = read(path);
      const dir = posix.dirname(path);
      // Only files whose text holds a call that could be followed are parsed.
      if (!text || !mayCall(dir, text)) continue;
      const functions = functionsIn(path);
      // One search per file for the calls of every target name, kept by function; then functions and targets in
      // their order, so the first caller found is the same whatever the search returns first.
      const calls = callsByFunction(functions, names);
      for (const fn of functions) {
        const fnCalls = calls.get(fn.node.id());
        if (!fnCalls) continue;
        for (const target of targets) {
          const site = callSite(fnCalls, fn, target, dir, declarations.get(target.name) ?? 0);
          if (site === null) continue;
          const step: GoCallStep = { path, line: site.line, function: fn.name };
          const context = site.context;
          const key = `${target.site.path}\0${target.site.line}`;
          if (context !== null) {
            if (!results.has(key))
              results.set(key, {
                ...target.site,
                chain: [step, ...target.chain],
                contextExpression: context,
              });
            continue;
          }
          const id = `${dir}\0${fn.name}`;
          if (visited.has(id) || fn.name === "main" || fn.name === "init") continue;
          visited.add(id);
          next.push(targetOf(path, fn.name, fn.method, target.site, [step, ...target.chain]));
        }
      }
    }
    const fresh = new Set(next.map((target) => target.name).filter((name) => !declarations.has(name)));
    if (fresh.size > 0) countDeclarations(fresh);
    targets = next;
  }
  return [...results.values()].sort((a, b) =>
    a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1,
  );
}

/**
 * A text test for the files worth parsing for callers, one pass per file: a plain or method call of a target
 * declared in the file's own package, `pkg.Name(` for an exported function of another package, `.Name(` for a method
 * name declared once and not a common one.
 */
function callerFilter(
  targets: readonly Target[],
  declarations: ReadonlyMap<string, number>,
): (dir: string, text: string) => boolean {
  const sameDir = new Map<string, Set<string>>();
  const elsewhere = new Set<string>();
  for (const target of targets) {
    sameDir.set(target.dir, (sameDir.get(target.dir) ?? new Set()).add(target.name));
    if (target.exported && !target.method) elsewhere.add(`\\b${target.packageName}\\.${target.name}\\(`);
    if (target.exported && declarations.get(target.name) === 1 && !GENERIC_METHOD.test(target.name))
      elsewhere.add(`\\.${target.name}\\(`);
  }
  const other = elsewhere.size > 0 ? new RegExp([...elsewhere].join("|")) : null;
  const own = new Map([...sameDir].map(([dir, names]) => [dir, wordsPattern(names, "\\(")]));
  return (dir, text) => (own.get(dir)?.test(text) ?? false) || (other?.test(text) ?? false);
}

/** A pattern matching any of the names as a whole word, followed by `after` (a regex fragment). */
function wordsPattern(names: ReadonlySet<string>, after: string): RegExp {
  return new RegExp(`\\b(?:${[...names].join("|")})${after}`);
}

function targetOf(
  path: string,
  name: string,
  method: boolean,
  site: GoContextlessRequest & { path: string },
  chain: GoCallStep[],
): Target {
  const dir = posix.dirname(path);
  return { name, dir, packageName: posix.basename(dir), exported: /^[A-Z]/.test(name), method, site, chain };
}

/**
 * Where `fn` calls the target, and the incoming request's context when the call is inside a handler (the function
 * itself, or a handler literal it defines around the call), or null when it does not call it on the request path.
 * Not followed: a call inside a goroutine (`go f()`, `go func() { … }()`) or inside another function literal (a
 * callback a cache, a worker or a library runs later, maybe for many requests) — but a literal the function returns
 * (`return func(w, r) { … }`, a handler factory) is the handler itself. A plain call needs the target's package;
 * `pkg.Name(…)` the package's name (a function, not a method); a method call `x.Name(…)` a name declared once in the
 * repository and not a common one. Calls on a chain (`a.b.Name(…)`) are not followed.
 */
function callSite(
  calls: readonly SgNode[],
  fn: TopFunction,
  target: Target,
  dir: string,
  declared: number,
): { line: number; context: string | null } | null {
  if (fn.name === target.name && dir === target.dir) return null;
  for (const call of calls) {
    const callee = calleeOf(call);
    if (!callee || callee.name !== target.name) continue;
    const qualifier = callee.receiverNode ? callee.receiver : null;
    const followed =
      qualifier === null
        ? dir === target.dir
        : (qualifier === target.packageName && target.exported && !target.method && dir !== target.dir) ||
          (declared === 1 && !GENERIC_METHOD.test(target.name) && (dir === target.dir || target.exported));
    if (!followed) continue;
    const reach = reachFromFunction(call, fn.node);
    if (reach === null) continue;
    return { line: lineOf(call), context: reach.context ?? handlerContext(parametersText(fn.node)) };
  }
  return null;
}

/**
 * The calls of a file's top-level functions to any of the names, plain (`name(…)`) or on an identifier
 * (`x.name(…)`; never on a chain), in document order, by the function's node id: one search for the whole file.
 */
function callsByFunction(
  functions: readonly TopFunction[],
  names: ReadonlySet<string>,
): Map<number, SgNode[]> {
  const byFunction = new Map<number, SgNode[]>();
  const root = functions[0]?.node.parent();
  if (!root) return byFunction;
  const name = `^(?:${[...names].join("|")})$`;
  const calls = root.findAll({
    rule: {
      kind: "call_expression",
      has: {
        field: "function",
        any: [
          { kind: "identifier", regex: name },
          {
            kind: "selector_expression",
            all: [
              { has: { field: "operand", kind: "identifier" } },
              { has: { field: "field", regex: name } },
            ],
          },
        ],
      },
    },
  });
  const tops = new Set(functions.map((fn) => fn.node.id()));
  for (const call of calls) {
    let top: SgNode | null = call.parent();
    while (top && !tops.has(top.id())) top = top.parent();
    if (!top) continue;
    const list = byFunction.get(top.id()) ?? [];
    list.push(call);
    byFunction.set(top.id(), list);
  }
  return byFunction;
}

/**
 * Whether a call inside `fn` runs on the function's own path, and the context of the innermost handler literal around
 * it: null when a goroutine or a detached function literal (not a handler, not returned) stands between them.
 */
function reachFromFunction(call: SgNode, fn: SgNode): { context: string | null } | null {
  let context: string | null = null;
  for (let node = call.parent(); node && node.id() !== fn.id(); node = node.parent()) {
    const kind = node.kind();
    if (kind === "go_statement") return null;
    if (!FUNCTION_KINDS.has(String(kind))) continue;
    const literalContext = handlerContext(parametersText(node));
    if (literalContext !== null) {
      context ??= literalContext;
      continue;
    }
    if (!isReturned(node)) return null;
  }
  return { context };
}

/** A function literal that is the value of a return statement (`return func(w, r) { … }`). */
function isReturned(literal: SgNode): boolean {
  const parent = literal.parent();
  return parent?.kind() === "return_statement" || parent?.parent()?.kind() === "return_statement";
}

function parametersText(fn: SgNode): string {
  return fn.field("parameters")?.text() ?? "";
}

/**
 * How a handler's signature offers its incoming request's context (it takes a response writer and the request, or a
 * gin/echo/fiber context), else null. A function that takes only the request is a helper: its callers decide.
 */
function handlerContext(signature: string): string | null {
  if (/\bhttp\.ResponseWriter\b/.test(signature)) {
    const request = signature.match(/\b(\w+)\s+\*\s*http\.Request\b/)?.[1];
    if (request) return `${request}.Context()`;
  }
  const gin = signature.match(/\b(\w+)\s+\*\s*gin\.Context\b/)?.[1];
  if (gin) return `${gin}.Request.Context()`;
  const echo = signature.match(/\b(\w+)\s+echo\.Context\b/)?.[1];
  if (echo) return `${echo}.Request().Context()`;
  const fiber = signature.match(/\b(\w+)\s+\*\s*fiber\.Ctx\b/)?.[1];
  if (fiber) return `${fiber}.Context()`;
  return null;
}

/** The top-level functions and methods of a Go file, from its syntax tree (none when it does not parse). */
function topFunctions(text: string | null): TopFunction[] {
  const root = text === null ? null : parseSource("go", text)?.root();
  if (!root) return [];
  const functions: TopFunction[] = [];
  for (const node of root.children()) {
    const kind = node.kind();
    if (kind !== "function_declaration" && kind !== "method_declaration") continue;
    const name = node.field("name")?.text();
    if (name) functions.push({ name, method: kind === "method_declaration", node });
  }
  return functions;
}

/** Go text with comments removed and string/rune contents emptied, line breaks kept. */
function blankCommentsAndStrings(text: string): string {
  return text.replace(
    /"(?:\\.|[^"\\\n])*"|`[^`]*`|'(?:\\.|[^'\\\n])*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (token) => {
      if (token.startsWith("//")) return "";
      if (token.startsWith("/*") || token.startsWith("`")) {
        const breaks = token.split("\n").length - 1;
        return (token.startsWith("`") ? "``" : "") + "\n".repeat(breaks);
      }
      return token[0] === "'" ? "''" : '""';
    },
  );
}
