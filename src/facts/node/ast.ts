// Small syntax-tree helpers shared by the node/ rules (ast-grep trees of the typescript, tsx and javascript grammars).
import type { SgNode } from "@ast-grep/napi";

/**
 * Code that does not serve production traffic: scripts, tools, examples, benchmarks, end-to-end and
 * integration suites, stories, mocks, the documentation site in a root docs/ folder; build and lint configuration (`vite.config.ts`, `.eslintrc.js`,
 * `gulpfile.js`); test set-up and helpers (`setupTests.ts`, `jest.setup.js`, `global-setup.ts`, `test-utils.ts`).
 */
export function isToolingPath(path: string): boolean {
  return (
    // A leading dot (`.scripts/`, `.tools/`) only hides the same developer tooling from listings.
    /(^|\/)\.?(scripts?|tools?|tooling|build[-_]?(?:tools?|scripts?)|bin|examples?|samples?|demo|benchmarks?|bench|e2e|(?:e2e|integration)[-_]tests?|cypress|playwright|integration|migrations?|seeds?|\.storybook|stories|__mocks__|mocks)\//.test(
      path,
    ) ||
    // A root docs/ folder holds the documentation site (Docusaurus, VitePress) and its build plugins.
    /^docs?\//.test(path) ||
    /\.stories\.[jt]sx?$/.test(path) ||
    CONFIG_FILE.test(path) ||
    TEST_SUPPORT_FILE.test(path)
  );
}

const CONFIG_FILE =
  /(^|\/)([^/]+\.config|\.[^/]+rc|gulpfile|gruntfile|webpack\.[^/]+)\.[cm]?[jt]s$|(^|\/)(\.[^/]+rc|gulpfile|gruntfile)\.js$/i;
const TEST_SUPPORT_FILE =
  /(^|\/)(setup[-_.]?tests?|tests?[-_.]?setup|setup[-_.]?(jest|vitest)|(jest|vitest)[-_.]setup|global[-_.]?(setup|teardown)|test[-_.]?utils?|testUtils)\.[cm]?[jt]sx?$/i;

/** The 1-based line of a node. */
export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/** First named argument of a call or `new` expression. */
export function firstArgument(call: SgNode): SgNode | null {
  const args = call.field("arguments");
  return args?.children().find((child) => child.isNamed() && child.kind() !== "comment") ?? null;
}

/** True for a string or a template string with no `${}`: text fixed in the source. */
export function isLiteralString(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "string") return true;
  if (node.kind() === "template_string")
    return !node.children().some((child) => child.kind() === "template_substitution");
  if (node.kind() === "binary_expression") {
    const left = node.field("left");
    const right = node.field("right");
    return isLiteralString(left) && isLiteralString(right);
  }
  if (node.kind() === "parenthesized_expression")
    return isLiteralString(node.children().find((c) => c.isNamed()) ?? null);
  return false;
}

/** True for text built at run time from pieces: a template with `${}` or a `+` concatenation that involves a non-literal. */
export function isInterpolated(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "template_string")
    return node.children().some((child) => child.kind() === "template_substitution");
  if (node.kind() === "binary_expression" && node.children().some((child) => child.text() === "+")) {
    const left = node.field("left");
    const right = node.field("right");
    const stringy = (n: SgNode | null): boolean =>
      !!n &&
      (n.kind() === "string" ||
        n.kind() === "template_string" ||
        (n.kind() === "binary_expression" && stringy(n.field("left"))));
    return (stringy(left) || stringy(right)) && !isLiteralString(node);
  }
  if (node.kind() === "parenthesized_expression")
    return isInterpolated(node.children().find((c) => c.isNamed()) ?? null);
  return false;
}

/** Local names a module is bound to in a file: namespaces (`import * as cp`, `const cp = require(..)`) and named imports (`{ exec as run }` → run ↦ exec). */
export function moduleBindings(
  tree: SgNode,
  modules: readonly string[],
): { namespaces: Set<string>; named: Map<string, string> } {
  const namespaces = new Set<string>();
  const named = new Map<string, string>();
  const isModule = (node: SgNode | null | undefined): boolean =>
    !!node && node.kind() === "string" && modules.includes(node.text().slice(1, -1));
  for (const statement of tree.findAll({ rule: { kind: "import_statement" } })) {
    if (!isModule(statement.field("source"))) continue;
    const clause = statement.children().find((child) => child.kind() === "import_clause");
    if (!clause) continue;
    for (const part of clause.children()) {
      if (part.kind() === "identifier") namespaces.add(part.text());
      else if (part.kind() === "namespace_import") {
        const id = part.children().find((c) => c.kind() === "identifier");
        if (id) namespaces.add(id.text());
      } else if (part.kind() === "named_imports") {
        for (const spec of part.children().filter((c) => c.kind() === "import_specifier")) {
          const name = spec.field("name")?.text();
          const alias = spec.field("alias")?.text();
          if (name) named.set(alias ?? name, name);
        }
      }
    }
  }
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const value = declarator.field("value");
    if (!value || value.kind() !== "call_expression" || value.field("function")?.text() !== "require")
      continue;
    if (!isModule(firstArgument(value))) continue;
    const target = declarator.field("name");
    if (!target) continue;
    if (target.kind() === "identifier") namespaces.add(target.text());
    else if (target.kind() === "object_pattern") {
      for (const child of target.children()) {
        if (child.kind() === "shorthand_property_identifier_pattern") named.set(child.text(), child.text());
        else if (child.kind() === "pair_pattern") {
          const key = child.field("key")?.text();
          const val = child.field("value")?.text();
          if (key && val) named.set(val, key);
        }
      }
    }
  }
  return { namespaces, named };
}

/** The function a call invokes, resolved against a module's bindings (`cp.exec` or imported `exec` → "exec"), or null. */
export function calledExport(
  call: SgNode,
  bindings: { namespaces: Set<string>; named: Map<string, string> },
): string | null {
  const callee = call.field("function");
  if (!callee) return null;
  if (callee.kind() === "identifier") return bindings.named.get(callee.text()) ?? null;
  if (callee.kind() === "member_expression") {
    const object = callee.field("object");
    const property = callee.field("property");
    if (object?.kind() === "identifier" && bindings.namespaces.has(object.text()) && property)
      return property.text();
  }
  return null;
}

/** The text of a string literal (or a template string without `${}`), or null. */
export function stringValue(node: SgNode | null | undefined): string | null {
  if (!node) return null;
  if (node.kind() === "string") return node.text().slice(1, -1);
  if (node.kind() === "template_string" && !node.text().includes("${")) return node.text().slice(1, -1);
  return null;
}

/** The name of an object pair's key (`origin`, `"origin"`, `100`), or null for computed keys (`[name]`). */
export function pairKey(pair: SgNode): string | null {
  const key = pair.field("key");
  if (!key || key.kind() === "computed_property_name") return null;
  return key.kind() === "string" ? key.text().slice(1, -1) : key.text();
}

/** An object literal's properties by key: `key: value` pairs, shorthand `{ key }` and methods `key() {}`. */
export function objectProperties(object: SgNode): Map<string, SgNode> {
  const out = new Map<string, SgNode>();
  for (const child of object.children()) {
    if (child.kind() === "pair") {
      const key = pairKey(child);
      const value = child.field("value");
      if (key && value) out.set(key, value);
    } else if (child.kind() === "shorthand_property_identifier") out.set(child.text(), child);
    else if (child.kind() === "method_definition") {
      const name = child.field("name")?.text();
      if (name) out.set(name, child);
    }
  }
  return out;
}

const FUNCTION_KINDS: ReadonlySet<string> = new Set([
  "arrow_function",
  "function_expression",
  "function",
  "function_declaration",
  "generator_function",
  "generator_function_declaration",
  "method_definition",
]);

/** The node when it is a function (arrow, expression, declaration or method), else null. */
export function asFunction(node: SgNode | null | undefined): SgNode | null {
  return node && FUNCTION_KINDS.has(String(node.kind())) ? node : null;
}

/** Names of a function's plain parameters, in order (`(req, cb)`, `(req: Request, cb)`); destructured ones are "". */
export function parameterNames(fn: SgNode): string[] {
  const single = fn.field("parameter");
  if (single) return [single.text()];
  const params = fn.field("parameters");
  if (!params) return [];
  return params.children().flatMap((param) => {
    if (param.kind() === "identifier") return [param.text()];
    if (param.kind() === "required_parameter" || param.kind() === "optional_parameter") {
      const pattern = param.field("pattern") ?? param.children().find((c) => c.isNamed());
      return [pattern?.kind() === "identifier" ? pattern.text() : ""];
    }
    if (
      param.kind() === "assignment_pattern" ||
      param.kind() === "object_pattern" ||
      param.kind() === "array_pattern"
    )
      return [""];
    return [];
  });
}

/**
 * What top-level names of a file are bound to: `function f() {}` and `const f = <value>` declarations
 * (first declaration wins). Lets a rule follow `verifyClient: verify` or `const options = {...}` within the file.
 */
export function localDeclarations(tree: SgNode): Map<string, SgNode> {
  const out = new Map<string, SgNode>();
  for (const fn of tree.findAll({ rule: { kind: "function_declaration" } })) {
    const name = fn.field("name")?.text();
    if (name && !out.has(name)) out.set(name, fn);
  }
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const name = declarator.field("name");
    const value = declarator.field("value");
    if (name?.kind() === "identifier" && value && !out.has(name.text())) out.set(name.text(), value);
  }
  return out;
}

/** A node with identifiers resolved through the file's declarations (at most a few hops), and parentheses and `as` casts removed. */
export function resolveLocal(
  node: SgNode | null | undefined,
  declarations: Map<string, SgNode>,
): SgNode | null {
  let current: SgNode | null = node ?? null;
  for (let hops = 0; current && hops < 4; hops++) {
    const kind = current.kind();
    if (kind === "parenthesized_expression" || kind === "as_expression" || kind === "satisfies_expression")
      current = current.children().find((c) => c.isNamed()) ?? null;
    else if (kind === "identifier" && declarations.has(current.text()))
      current = declarations.get(current.text()) ?? null;
    else return current;
  }
  return current;
}

const SERVER_MODULE =
  /(?:from\s+|require\s*\(\s*|import\s*\(\s*)["'](?:node:[\w/]+|fs|fs\/promises|http|https|http2|net|tls|dgram|child_process|cluster|worker_threads|express|fastify|koa|hono|@hapi\/hapi|@nestjs\/[\w-]+|next\/server|@prisma\/client|pg|mysql2?|mongoose|mongodb|ioredis|redis|bullmq|kafkajs|commander|yargs|@oclif\/[\w-]+|cac|meow)["']/;
const SERVER_PATH =
  /(^|\/)(server|api|backend|routes|controllers?|middlewares?|handlers|jobs|workers?|cli|bin)\/|(^|\/)(app|pages)\/(.*\/)?(route|middleware)\.[cm]?[jt]s$|(^|\/)pages\/api\//;

/**
 * Whether a JS/TS file runs in Node (a server, a job, a CLI) rather than in the browser: it imports a
 * Node built-in, a server framework or database driver, or a CLI library; it lives under server/, api/,
 * routes/, handlers/ …, or is a Next.js route handler; or it is a server action (`"use server"`). Angular code
 * (it imports @angular/core, common, router …) is browser code.
 */
export function runsOnServer(path: string, text: string): boolean {
  if (CLIENT_ONLY_PATH.test(path)) return false;
  // `import type { User } from "@prisma/client"` only borrows types: browser code does it too.
  const valueImports = text.replace(TYPE_IMPORT, "");
  // An Angular component, service or pipe runs in the browser (enums it imports from @prisma/client come from
  // its browser build), whatever folder it sits in; a server-rendering entry names @angular/ssr or platform-server.
  if (ANGULAR_BROWSER.test(valueImports) && !ANGULAR_SERVER.test(valueImports)) return false;
  // A module that drives the page's DOM through a browser-only library (Bootstrap's Modal, jQuery, react-dom's client
  // root) runs in the browser, whatever folder it sits in (a UI source tree under `server/ui-src/`).
  if (DOM_MODULE.test(valueImports) && !SERVER_MODULE.test(valueImports)) return false;
  return SERVER_PATH.test(path) || SERVER_MODULE.test(valueImports) || /^\s*["']use server["']/m.test(text);
}

/** Libraries that work only on a browser's DOM: importing one says the module runs in a page. */
const DOM_MODULE =
  /(?:from\s+|require\s*\(\s*|import\s*\(\s*)["'](?:bootstrap|jquery|react-dom\/client|@popperjs\/core)["']/;
const ANGULAR_BROWSER =
  /\bfrom\s+["']@angular\/(?:core|common|forms|router|material|cdk|animations|platform-browser)(?:\/[\w-]+)*["']/;
const ANGULAR_SERVER = /["']@angular\/(?:ssr|platform-server)(?:\/[\w-]+)*["']/;
const TYPE_IMPORT = /^\s*import\s+type\s[^;]*?\sfrom\s+["'][^"']+["'];?/gm;
/** Folders and file names that say "browser only": `client-only/`, `*.client.ts` (Remix, Nuxt). */
const CLIENT_ONLY_PATH = /(^|\/)client-only\/|\.client\.[cm]?[jt]sx?$/;

const LICENSE_BANNER = /^\s*\/\*[!*][\s\S]{0,400}?\bv?\d+\.\d+\.\d+\b[\s\S]{0,300}?\blicen[sc]/i;

/**
 * Whether a file is a copy of someone else's code: it opens with a versioned library banner (`/*! Vue.js
 * v2.6.8 … Released under the MIT License`), or opts out of both lint and type checking as a whole
 * (`/* eslint-disable *\/` with `// @ts-nocheck` in its first lines), as pasted or generated glue is.
 */
export function isThirdPartyCode(text: string): boolean {
  const head = text.slice(0, 2000);
  if (LICENSE_BANNER.test(head)) return true;
  return /^\s*\/\*\s*eslint-disable\s*\*\//m.test(head) && /^\s*\/\/\s*@ts-nocheck\b/m.test(head);
}

/**
 * The enclosing function of `node`: its nearest ancestor that is a function (arrow, expression, declaration or
 * method), else null.
 */
function enclosingFunction(node: SgNode): SgNode | null {
  for (let at = node.parent(); at; at = at.parent()) if (asFunction(at)) return at;
  return null;
}

/** The value last given to `name` before `at` by an assignment or declaration in a block enclosing `at`. */
export function lastLocalValue(name: string, at: SgNode): SgNode | null {
  const scope = enclosingFunction(at) ?? at.getRoot().root();
  const before = at.range().start.index;
  let last: { index: number; value: SgNode | null } | null = null;
  const encloses = (statement: SgNode): boolean => {
    const block = statement.parent();
    if (!block) return false;
    const range = block.range();
    return range.start.index <= before && before <= range.end.index;
  };
  for (const node of scope.findAll({
    rule: { any: [{ kind: "assignment_expression" }, { kind: "variable_declarator" }] },
  })) {
    const target = node.kind() === "assignment_expression" ? node.field("left") : node.field("name");
    if (target?.kind() !== "identifier" || target.text() !== name) continue;
    const index = node.range().start.index;
    if (index >= before || (last && index < last.index)) continue;
    const statement = node.kind() === "assignment_expression" ? node.parent() : node.parent();
    if (!statement || !encloses(statement)) continue;
    last = { index, value: node.field(node.kind() === "assignment_expression" ? "right" : "value") };
  }
  return last?.value ?? null;
}

/**
 * The type annotation (`number`, `string | null`) of the parameter `name` of the nearest function enclosing `at` that
 * declares it, or null when it is not a parameter or has no annotation.
 */
export function parameterType(name: string, at: SgNode): string | null {
  for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
    const index = parameterNames(fn).indexOf(name);
    if (index < 0) continue;
    const params = (fn.field("parameters")?.children() ?? []).filter(
      (param) =>
        param.kind() === "identifier" ||
        param.kind() === "required_parameter" ||
        param.kind() === "optional_parameter" ||
        param.kind() === "assignment_pattern" ||
        param.kind() === "object_pattern" ||
        param.kind() === "array_pattern",
    );
    const annotation = params[index]?.children().find((c) => c.kind() === "type_annotation");
    return annotation ? annotation.text().replace(/^:\s*/, "").trim() : null;
  }
  return null;
}

/**
 * True when `name` is a parameter of the module-private function declaration enclosing `at` (through the callbacks
 * between them), and every call of that
 * function in the file passes, in its place, text fixed in the source: a literal string, or a local last set to one
 * before the call (`executablePath = "/usr/bin/chromium"; await install(executablePath)`). The function must be
 * called at least once and not exported (other modules could pass anything).
 */
export function parameterOnlyGivenLiterals(name: string, at: SgNode, tree: SgNode): boolean {
  // The function that declares `name` (the call may sit in a callback inside it: `child.on("exit", () => …)`).
  let fn = enclosingFunction(at);
  while (fn && !parameterNames(fn).includes(name)) fn = enclosingFunction(fn);
  if (fn?.kind() !== "function_declaration") return false;
  const fnName = fn.field("name")?.text();
  if (!fnName) return false;
  if (fn.parent()?.kind() === "export_statement") return false;
  const word = fnName.replace(/[$]/g, "\\$");
  const exported = new RegExp(
    `\\bexports\\.${word}\\b|\\bmodule\\.exports\\b[^;]*\\b${word}\\b|\\bexport\\s*\\{[^}]*\\b${word}\\b`,
  );
  if (exported.test(tree.text())) return false;
  const position = parameterNames(fn).indexOf(name);
  if (position < 0) return false;
  const calls = tree
    .findAll({ rule: { kind: "call_expression" } })
    .filter((call) => call.field("function")?.text() === fnName);
  if (calls.length === 0) return false;
  return calls.every((call) => {
    const args =
      call
        .field("arguments")
        ?.children()
        .filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
    const arg = args[position] ?? null;
    if (isLiteralString(arg)) return true;
    return arg?.kind() === "identifier" && isLiteralString(lastLocalValue(arg.text(), call));
  });
}
