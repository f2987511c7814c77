// Equality comparisons of secret values (a computed HMAC, a secret read from the environment or configuration, a
// credential read from the request), read from the syntax tree of TS/JS, Go, Python and Elixir. Such a comparison
// returns at the first differing byte, so its time tells an attacker how much of a guessed value is right; the
// languages' constant-time functions (crypto.timingSafeEqual, hmac.Equal, hmac.compare_digest,
// Plug.Crypto.secure_compare) do not.
import { posix } from "node:path";
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../../model/language.js";

/** What makes one side of a comparison a secret. */
export type SecretSide =
  /**
   * `definedIn`: the qualified name of a function of another file of the project the side calls (`Glific.signature`,
   * `pkg.signing.hmac`, Go `internal/sign#sign`): a MAC only if that function computes one (`macFunctions`).
   */
  | { kind: "mac"; via: string; definedIn?: string }
  | { kind: "configured-secret"; name: string }
  | { kind: "request-credential"; name: string }
  /** A digest computed in the function (`createHash(…).digest()`): a secret only when a request credential is checked against it. */
  | { kind: "digest"; via: string };

export interface SecretComparison {
  /** The comparison (or the `bytes.Equal` call). */
  node: SgNode;
  operator: string;
  left: SgNode;
  right: SgNode;
  /** The side found to be a secret, and the other side. */
  secret: SecretSide;
  other: SecretSide | null;
  /** The side compared with the secret. */
  otherNode: SgNode;
  /**
   * The function calls out to another service and neither side is read from the incoming request: the comparison
   * checks what an upstream answered (a response signature), not who is calling this code.
   */
  upstream: boolean;
}

interface Syntax {
  functionKinds: ReadonlySet<string>;
  comparisons(root: SgNode): Comparison[];
  /** The expression with parentheses, casts and value-preserving transforms (`.toLowerCase()`, `string(x)`) removed. */
  unwrap(node: SgNode): SgNode;
  isLiteral(node: SgNode): boolean;
  /** The value last bound to `name` before `at` in the same function, or null. */
  assignedValue(name: string, at: SgNode): SgNode | null;
  /** The name of a function of this file a call expression calls (`f(…)`, `this.f(…)`, `self.f(…)`), or null. */
  localCallee(node: SgNode): string | null;
  /** Function definitions of the file by name. */
  functions(root: SgNode): Map<string, SgNode>;
  /**
   * The qualified name of a function of another file of the project a call calls (a Python from-import, an Elixir
   * `Module.fun` with the file's aliases expanded, a Go function of the same package defined in another file), or
   * null. `functions` are the file's own.
   */
  projectCallee?(node: SgNode, path: string, functions: Map<string, SgNode>): string | null;
  /** The qualified names of the functions a file defines, as projectCallee writes them, with their definitions. */
  qualifiedFunctions?(root: SgNode, path: string): Array<[string, SgNode]>;
  /** A length or emptiness test (`a.length`, `len(a)`, `byte_size(a)`): not a comparison of the secret's bytes. */
  isSizeOrType(node: SgNode): boolean;
  macCreate: RegExp;
  macValue: RegExp;
  configRead: RegExp;
  requestRead: RegExp;
  constantTime: RegExp;
  /** An outgoing HTTP call (`fetch(`, `http.Get(`, `requests.get(`, `Req.get(`). */
  outbound: RegExp;
}

/** Names of secrets held in configuration. */
const SECRET_NAME = /secret|token|api_?key|apikey|password|passwd|signing_?key|hmac|signature/i;
const NOT_SECRET_NAME =
  /public|publishable|_url$|url$|_id$|_host$|_path$|_file$|expir|_ttl$|_type$|count|length/i;
/** Names of request values that carry a credential (header names, parameters, variables). */
const CREDENTIAL_NAME = /signature|token|secret|api[-_]?key|authorization|hmac|password|\bsig\b|x-hub/i;

const firstNamed = (node: SgNode): SgNode | null => node.children().find((c) => c.isNamed()) ?? null;
const namedChildren = (node: SgNode | null | undefined): SgNode[] =>
  (node?.children() ?? []).filter((c) => c.isNamed() && c.kind() !== "comment");

function enclosing(node: SgNode, kinds: ReadonlySet<string>): SgNode | null {
  for (let at = node.parent(); at; at = at.parent()) if (kinds.has(String(at.kind()))) return at;
  return null;
}

function before(a: SgNode, b: SgNode): boolean {
  return a.range().start.index < b.range().start.index;
}

type Comparison = { node: SgNode; operator: string; left: SgNode; right: SgNode };

/** Binary nodes of `kind` whose `operator` field matches `operators`, with both operands (JS, Go, Elixir). */
function equalities(root: SgNode, kind: string, operators: RegExp): Comparison[] {
  return root.findAll({ rule: { kind } }).flatMap((node) => {
    const operator = node.field("operator")?.text() ?? "";
    const left = node.field("left");
    const right = node.field("right");
    return operators.test(operator) && left && right ? [{ node, operator, left, right }] : [];
  });
}

/**
 * The value last bound to `name` before `at` in `scope`: nodes of `kind` whose `left` field is the name, their `right`
 * field the value (`const x = …`, Python `x = …`, Elixir `x = …` when `accept` holds).
 */
function lastBinding(
  scope: SgNode,
  at: SgNode,
  name: string,
  shape: { kind: string; left: string; right: string; accept?: (node: SgNode) => boolean },
): SgNode | null {
  let found: SgNode | null = null;
  for (const node of scope.findAll({ rule: { kind: shape.kind } })) {
    if (!before(node, at)) break;
    const value = node.field(shape.right);
    if (node.field(shape.left)?.text() === name && value && (shape.accept?.(node) ?? true)) found = value;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------- TS / JS
const JS_FUNCTIONS = new Set([
  "function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
]);
const JS_TRANSFORMS = /^(?:replace|replaceAll|toLowerCase|toUpperCase|trim|toString|normalize)$/;

const js: Syntax = {
  functionKinds: JS_FUNCTIONS,
  comparisons(root) {
    return equalities(root, "binary_expression", /^[!=]==?$/);
  },
  unwrap(node) {
    let at: SgNode = node;
    for (let hops = 0; hops < 6; hops++) {
      const kind = String(at.kind());
      if (
        /^(parenthesized_expression|as_expression|satisfies_expression|non_null_expression|await_expression)$/.test(
          kind,
        )
      )
        at = firstNamed(at) ?? at;
      else if (kind === "call_expression") {
        const fn = at.field("function");
        const args = namedChildren(at.field("arguments"));
        if (fn?.kind() === "member_expression" && JS_TRANSFORMS.test(fn.field("property")?.text() ?? ""))
          at = fn.field("object") ?? at;
        else if (/^(?:Buffer\.from|String)$/.test(fn?.text() ?? "") && args[0]) at = args[0];
        else return at;
      } else return at;
    }
    return at;
  },
  isLiteral(node) {
    const kind = String(node.kind());
    if (kind === "template_string") return !node.children().some((c) => c.kind() === "template_substitution");
    return /^(string|number|null|undefined|true|false|regex)$/.test(kind) || node.text() === "undefined";
  },
  assignedValue(name, at) {
    const scope = enclosing(at, JS_FUNCTIONS) ?? at.getRoot().root();
    return lastBinding(scope, at, name, { kind: "variable_declarator", left: "name", right: "value" });
  },
  localCallee(node) {
    if (node.kind() !== "call_expression") return null;
    const fn = node.field("function");
    if (fn?.kind() === "identifier") return fn.text();
    if (fn?.kind() === "member_expression" && fn.field("object")?.kind() === "this")
      return fn.field("property")?.text() ?? null;
    return null;
  },
  functions(root) {
    const out = new Map<string, SgNode>();
    for (const fn of root.findAll({
      rule: { any: [{ kind: "function_declaration" }, { kind: "method_definition" }] },
    })) {
      const name = fn.field("name")?.text();
      if (name && !out.has(name)) out.set(name, fn);
    }
    for (const declarator of root.findAll({ rule: { kind: "variable_declarator" } })) {
      const value = declarator.field("value");
      const name = declarator.field("name")?.text();
      if (
        name &&
        value &&
        /^(arrow_function|function_expression|function)$/.test(String(value.kind())) &&
        !out.has(name)
      )
        out.set(name, value);
    }
    return out;
  },
  isSizeOrType(node) {
    return /\.(?:length|byteLength|size)$|^typeof\b/.test(node.text());
  },
  // Node's createHmac, or Web Crypto's HMAC (`crypto.subtle.sign("HMAC", key, data)` of an HMAC key, edge runtimes).
  macCreate: /\bcreateHmac\s*\(|\bsubtle\.(?:sign|importKey)\s*\([^)]*["'`]HMAC["'`]/,
  macValue: /\.digest\s*\(|\bsubtle\.sign\s*\(/,
  configRead: /\b(?:process\.)?env(?:\.([A-Z][A-Z0-9_]*)|\[\s*["'`]([A-Za-z_]\w*)["'`]\s*\])/,
  requestRead:
    /\b(?:req|request|c\.req|ctx\.req|ctx\.request|event|context\.request)\b[\w.?]*\.(?:headers|header|cookies|query|params|get)\b|\bheaders\(\)\.get\(|\bheaders\s*\[|\bheaders\.get\(|\bcookies\(\)\.get\(|\bsearchParams\.get\(/,
  constantTime: /\btimingSafeEqual\s*\(|\bsafeCompare\s*\(|\bsecureCompare\s*\(|\bconstantTimeEqual\s*\(/,
  outbound: /\bfetch\s*\(|\baxios(?:\.\w+)?\s*\(|\bgot(?:\.\w+)?\s*\(|\bundici\.request\s*\(/,
};

// ---------------------------------------------------------------------------------------------- Go
const GO_FUNCTIONS = new Set(["function_declaration", "method_declaration", "func_literal"]);
const GO_TRANSFORMS =
  /^(?:strings\.(?:ToLower|ToUpper|TrimSpace|TrimPrefix|TrimSuffix|Trim)|string|\[\]byte)$/;

const go: Syntax = {
  functionKinds: GO_FUNCTIONS,
  comparisons(root) {
    const out = equalities(root, "binary_expression", /^[!=]=$/);
    for (const node of root.findAll({ rule: { kind: "call_expression" } })) {
      const fn = node.field("function")?.text();
      if (fn !== "bytes.Equal" && fn !== "reflect.DeepEqual") continue;
      const [left, right] = namedChildren(node.field("arguments"));
      if (left && right) out.push({ node, operator: fn, left, right });
    }
    return out;
  },
  unwrap(node) {
    let at: SgNode = node;
    for (let hops = 0; hops < 6; hops++) {
      if (at.kind() === "parenthesized_expression") at = firstNamed(at) ?? at;
      else if (at.kind() === "call_expression" && GO_TRANSFORMS.test(at.field("function")?.text() ?? "")) {
        const first = namedChildren(at.field("arguments"))[0];
        if (!first) return at;
        at = first;
      } else if (at.kind() === "type_conversion_expression") at = at.field("operand") ?? at;
      else return at;
    }
    return at;
  },
  isLiteral(node) {
    return /^(interpreted_string_literal|raw_string_literal|int_literal|nil|true|false|rune_literal)$/.test(
      String(node.kind()),
    );
  },
  assignedValue(name, at) {
    const scope = enclosing(at, GO_FUNCTIONS) ?? at.getRoot().root();
    let found: SgNode | null = null;
    const statements = scope.findAll({
      rule: {
        any: [{ kind: "short_var_declaration" }, { kind: "assignment_statement" }, { kind: "var_spec" }],
      },
    });
    for (const statement of statements) {
      if (!before(statement, at)) break;
      const kind = String(statement.kind());
      const left =
        kind === "var_spec"
          ? statement.children().filter((c) => c.kind() === "identifier")
          : namedChildren(statement.field("left"));
      const right = namedChildren(kind === "var_spec" ? statement.field("value") : statement.field("right"));
      const index = left.findIndex((l) => l.text() === name);
      if (index >= 0 && right.length === left.length && right[index]) found = right[index];
      else if (index >= 0 && right.length === 1 && right[0]) found = right[0];
    }
    return found;
  },
  localCallee(node) {
    if (node.kind() !== "call_expression") return null;
    const fn = node.field("function");
    if (fn?.kind() === "identifier") return fn.text();
    if (fn?.kind() === "selector_expression") return fn.field("field")?.text() ?? null;
    return null;
  },
  functions(root) {
    const out = new Map<string, SgNode>();
    for (const fn of root.findAll({
      rule: { any: [{ kind: "function_declaration" }, { kind: "method_declaration" }] },
    })) {
      const name = fn.field("name")?.text();
      if (name && !out.has(name)) out.set(name, fn);
    }
    return out;
  },
  isSizeOrType(node) {
    return /^len\(/.test(node.text());
  },
  projectCallee(node, path, functions) {
    const fn = node.kind() === "call_expression" ? node.field("function") : null;
    if (fn?.kind() !== "identifier" || functions.has(fn.text())) return null;
    return `${posix.dirname(path)}#${fn.text()}`;
  },
  qualifiedFunctions(root, path) {
    return root.findAll({ rule: { kind: "function_declaration" } }).flatMap((fn) => {
      const name = fn.field("name")?.text();
      return name ? [[`${posix.dirname(path)}#${name}`, fn] as [string, SgNode]] : [];
    });
  },
  macCreate: /\bhmac\.New\(/,
  macValue: /\.Sum\(/,
  configRead: /\bos\.(?:Getenv|LookupEnv)\(\s*"(\w+)"|\bviper\.GetString\(\s*"([\w.]+)"/,
  requestRead:
    /\.Header\.Get\(|\.Header\[|\.Cookie\(|\.FormValue\(|\.URL\.Query\(\)|\.GetHeader\(|\.Query\(|\.Param\(|\.Get\(\s*"[\w-]*(?:[Ss]ignature|[Tt]oken|[Ss]ecret)/,
  constantTime: /\bhmac\.Equal\(|\bsubtle\.ConstantTimeCompare\(/,
  outbound: /\bhttp\.(?:Get|Post|PostForm|Head)\(|\bhttp\.NewRequest(?:WithContext)?\(|\.Do\(\s*req\b/,
};

// ---------------------------------------------------------------------------------------------- Python
const PY_FUNCTIONS = new Set(["function_definition", "lambda"]);
const PY_TRANSFORMS = /^(?:lower|upper|strip|encode|decode|rstrip|lstrip)$/;

/**
 * A mapped column of an ORM model (`UserSession.token`: a class's lowercase attribute). `Model.column == value`
 * builds a SQL condition for the database to evaluate, as a lookup of a stored token hash does; no bytes are compared
 * in Python.
 */
function isOrmColumn(node: SgNode): boolean {
  if (node.kind() !== "attribute") return false;
  const object = node.field("object");
  return (
    object?.kind() === "identifier" &&
    /^[A-Z]/.test(object.text()) &&
    /^[a-z_]/.test(node.field("attribute")?.text() ?? "")
  );
}

/** A comparison written as a query filter's argument (`.where(…)`, `.filter(…)`, `.having(…)`): a SQL condition. */
function inQueryFilter(node: SgNode): boolean {
  for (let at = node.parent(); at; at = at.parent()) {
    if (PY_FUNCTIONS.has(String(at.kind()))) return false;
    if (at.kind() !== "call") continue;
    const fn = at.field("function");
    if (
      fn?.kind() === "attribute" &&
      /^(?:where|filter|having|and_|or_|join|outerjoin)$/.test(fn.field("attribute")?.text() ?? "")
    )
      return true;
    if (/^(?:and_|or_|not_)$/.test(fn?.text() ?? "")) continue;
  }
  return false;
}

const python: Syntax = {
  functionKinds: PY_FUNCTIONS,
  comparisons(root) {
    return root.findAll({ rule: { kind: "comparison_operator" } }).flatMap((node) => {
      const operands = namedChildren(node);
      const operators = node.children().filter((c) => !c.isNamed());
      const operator = operators.map((o) => o.text()).join(" ");
      const [left, right] = operands;
      return operands.length === 2 &&
        (operator === "==" || operator === "!=") &&
        left &&
        right &&
        !isOrmColumn(left) &&
        !isOrmColumn(right) &&
        !inQueryFilter(node)
        ? [{ node, operator, left, right }]
        : [];
    });
  },
  unwrap(node) {
    let at: SgNode = node;
    for (let hops = 0; hops < 6; hops++) {
      if (at.kind() === "parenthesized_expression") at = firstNamed(at) ?? at;
      else if (at.kind() === "call") {
        const fn = at.field("function");
        const first = namedChildren(at.field("arguments"))[0];
        if (fn?.kind() === "attribute" && PY_TRANSFORMS.test(fn.field("attribute")?.text() ?? ""))
          at = fn.field("object") ?? at;
        else if (/^(?:str|bytes)$/.test(fn?.text() ?? "") && first) at = first;
        else return at;
      } else return at;
    }
    return at;
  },
  isLiteral(node) {
    if (node.kind() === "string") return !node.children().some((c) => c.kind() === "interpolation");
    return /^(integer|float|none|true|false|concatenated_string)$/.test(String(node.kind()));
  },
  assignedValue(name, at) {
    const scope = enclosing(at, PY_FUNCTIONS) ?? at.getRoot().root();
    return lastBinding(scope, at, name, { kind: "assignment", left: "left", right: "right" });
  },
  localCallee(node) {
    if (node.kind() !== "call") return null;
    const fn = node.field("function");
    if (fn?.kind() === "identifier") return fn.text();
    if (fn?.kind() === "attribute" && /^(?:self|cls)$/.test(fn.field("object")?.text() ?? ""))
      return fn.field("attribute")?.text() ?? null;
    return null;
  },
  functions(root) {
    const out = new Map<string, SgNode>();
    for (const fn of root.findAll({ rule: { kind: "function_definition" } })) {
      const name = fn.field("name")?.text();
      if (name && !out.has(name)) out.set(name, fn);
    }
    return out;
  },
  isSizeOrType(node) {
    return /^(?:len|type|isinstance)\(/.test(node.text());
  },
  projectCallee(node, path) {
    const fn = node.kind() === "call" ? node.field("function") : null;
    if (fn?.kind() !== "identifier") return null;
    const root = node.getRoot().root();
    for (const statement of root.findAll({ rule: { kind: "import_from_statement" } })) {
      const module = statement.field("module_name");
      const names = statement.children().filter((c) => c.kind() === "dotted_name" && c !== module);
      if (!module || !names.some((name) => name.text() === fn.text())) continue;
      return `${pythonModule(module.text(), path)}.${fn.text()}`;
    }
    return null;
  },
  qualifiedFunctions(root, path) {
    const module = pythonModule(null, path);
    return root.findAll({ rule: { kind: "function_definition" } }).flatMap((fn) => {
      const name = fn.field("name")?.text();
      return name ? [[`${module}.${name}`, fn] as [string, SgNode]] : [];
    });
  },
  macCreate: /(?:\b|_)hmac\.(?:new|HMAC|digest)\(|\bHMAC\(|\bsalted_hmac\(/,
  macValue: /\.(?:hex)?digest\(\)|\bhmac\.digest\(/,
  configRead:
    /\bos\.(?:environ(?:\.get\(|\[)\s*["'](\w+)["']|getenv\(\s*["'](\w+)["'])|\bsettings\.([A-Z][A-Z0-9_]*)\b/,
  requestRead: /\brequest\.(?:headers|META|GET|POST|args|cookies|COOKIES|query_params|form)\b|\bHeader\(/,
  constantTime: /\bcompare_digest\(|\bconstant_time_compare\(/,
  outbound:
    /\brequests\.(?:get|post|put|request)\(|\bhttpx\.(?:get|post|request)\(|\b(?:client|session)\.(?:get|post)\(|\burlopen\(/,
};

// ---------------------------------------------------------------------------------------------- Elixir
const EX_FUNCTIONS = new Set(["call", "anonymous_function"]);
const EX_DEF = /^(?:def|defp)$/;

function elixirDef(node: SgNode): SgNode | null {
  for (let at = node.parent(); at; at = at.parent()) {
    if (at.kind() === "anonymous_function") return at;
    if (at.kind() === "call" && EX_DEF.test(at.field("target")?.text() ?? "")) return at;
  }
  return null;
}

/**
 * The subject of the `case` whose clause binds the whole value to `name` around `at`
 * (`case Application.get_env(:app, :api_key) do key when is_binary(key) -> token == key end`), or null.
 */
function caseSubjectBoundTo(name: string, at: SgNode): SgNode | null {
  for (let clause = at.parent(); clause; clause = clause.parent()) {
    if (clause.kind() !== "stab_clause") continue;
    const head = firstNamed(clause);
    const pattern = head?.kind() === "binary_operator" ? head.field("left") : head;
    if (pattern?.kind() !== "arguments" || pattern.text() !== name) continue;
    const kase = clause.parent()?.parent();
    if (kase?.kind() !== "call" || kase.field("target")?.text() !== "case") return null;
    return namedChildren(kase.children().find((c) => c.kind() === "arguments"))[0] ?? null;
  }
  return null;
}

/**
 * `case subject do ^expected -> … end`: a clause that matches only when the subject equals the pinned value, the
 * same byte-by-byte comparison as `==` (bors-ng's `case hmac do ^signature ->`).
 */
function pinnedClauses(root: SgNode): Comparison[] {
  return root.findAll({ rule: { kind: "unary_operator" } }).flatMap((pin) => {
    const operand = pin.field("operand");
    const args = pin.parent();
    const clause = args?.parent();
    if (pin.field("operator")?.text() !== "^" || !operand || args?.kind() !== "arguments") return [];
    if (clause?.kind() !== "stab_clause" || namedChildren(args).length !== 1) return [];
    const kase = clause.parent()?.parent();
    if (kase?.kind() !== "call" || kase.field("target")?.text() !== "case") return [];
    const subject = namedChildren(kase.children().find((c) => c.kind() === "arguments"))[0];
    return subject ? [{ node: pin, operator: "^ (case match)", left: subject, right: operand }] : [];
  });
}

const elixir: Syntax = {
  functionKinds: EX_FUNCTIONS,
  comparisons(root) {
    // An operand pinned with `^` is an Ecto query's parameter (`where: s.token == ^hash`): the database compares.
    return [
      ...equalities(root, "binary_operator", /^[!=]==?$/).filter(
        ({ left, right }) => !left.text().startsWith("^") && !right.text().startsWith("^"),
      ),
      ...pinnedClauses(root),
    ];
  },
  unwrap(node) {
    let at: SgNode = node;
    for (let hops = 0; hops < 6; hops++) {
      if (at.kind() === "block") at = firstNamed(at) ?? at;
      else if (
        at.kind() === "call" &&
        /^String\.(?:downcase|upcase|trim)$/.test(at.field("target")?.text() ?? "")
      ) {
        const first = namedChildren(at.children().find((c) => c.kind() === "arguments"))[0];
        if (!first) return at;
        at = first;
      } else return at;
    }
    return at;
  },
  isLiteral(node) {
    if (node.kind() === "string") return !node.children().some((c) => c.kind() === "interpolation");
    return /^(integer|float|nil|boolean|atom|charlist)$/.test(String(node.kind()));
  },
  assignedValue(name, at) {
    const scope = elixirDef(at) ?? at.getRoot().root();
    const bound = lastBinding(scope, at, name, {
      kind: "binary_operator",
      left: "left",
      right: "right",
      accept: (match) => match.field("operator")?.text() === "=",
    });
    return bound ?? caseSubjectBoundTo(name, at);
  },
  localCallee(node) {
    if (node.kind() !== "call") return null;
    const target = node.field("target");
    return target?.kind() === "identifier" ? target.text() : null;
  },
  functions(root) {
    const out = new Map<string, SgNode>();
    for (const call of root.findAll({ rule: { kind: "call" } })) {
      const name = elixirDefName(call);
      if (name && !out.has(name)) out.set(name, call);
    }
    return out;
  },
  isSizeOrType(node) {
    return /^(?:byte_size|String\.length|length)\(/.test(node.text());
  },
  projectCallee(node) {
    const target = node.kind() === "call" ? node.field("target") : null;
    const module = target?.kind() === "dot" ? target.field("left") : null;
    const fun = target?.field("right")?.text();
    if (module?.kind() !== "alias" || !fun) return null;
    const [head = "", ...rest] = module.text().split(".");
    const full = elixirAliases(node.getRoot().root()).get(head);
    return `${full ? [full, ...rest].join(".") : module.text()}.${fun}`;
  },
  qualifiedFunctions(root) {
    const out: Array<[string, SgNode]> = [];
    for (const call of root.findAll({ rule: { kind: "call" } })) {
      const name = elixirDefName(call);
      const module = enclosingModule(call);
      if (name && module) out.push([`${module}.${name}`, call]);
    }
    return out;
  },
  macCreate: /:crypto\.(?:mac|hmac)\(/,
  macValue: /:crypto\.(?:mac|hmac)\(/,
  configRead:
    /\bSystem\.(?:get_env|fetch_env!?)\(\s*"(\w+)"|\bApplication\.(?:get_env|fetch_env!?)\(\s*:\w+\s*,\s*:(\w+)/,
  requestRead: /\bget_req_header\(|\bconn\.(?:params|req_headers|cookies|query_params|body_params)\b/,
  constantTime: /\bsecure_compare\(|:crypto\.hash_equals\(/,
  outbound: /\b(?:HTTPoison|Req|Tesla|Finch|:httpc)\.(?:get|post|request)!?\(/,
};

/** The dotted module a Python import names (relative ones resolved from the importing file), or the file's own. */
function pythonModule(imported: string | null, path: string): string {
  const own = path
    .replace(/\.py$/, "")
    .replace(/\/__init__$/, "")
    .split("/");
  if (imported === null) return own.join(".");
  const dots = /^\.+/.exec(imported)?.[0].length ?? 0;
  if (dots === 0) return imported;
  const base = path.split("/").slice(0, -dots);
  const rest = imported.slice(dots);
  return [...base, ...(rest ? rest.split(".") : [])].join(".");
}

/** The file's `alias A.B.C` (and `alias A.B.C, as: D`) by the name they are used under. */
function elixirAliases(root: SgNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const call of root.findAll({ rule: { kind: "call" } })) {
    if (call.field("target")?.text() !== "alias") continue;
    const [target, options] = namedChildren(call.children().find((c) => c.kind() === "arguments"));
    if (target?.kind() !== "alias") continue;
    const as = options ? /\bas:\s*([A-Z]\w*)/.exec(options.text())?.[1] : undefined;
    out.set(as ?? target.text().split(".").pop() ?? "", target.text());
  }
  return out;
}

/** The name of the `defmodule` around a node. */
function enclosingModule(node: SgNode): string | null {
  for (let at = node.parent(); at; at = at.parent()) {
    if (at.kind() === "call" && at.field("target")?.text() === "defmodule")
      return namedChildren(at.children().find((c) => c.kind() === "arguments"))[0]?.text() ?? null;
  }
  return null;
}

/**
 * The qualified names of the functions of a file that compute and return a MAC (their body creates one and takes
 * its digest), as secretComparisons names the calls of other files to them: the project's signing helpers.
 */
export function macFunctions(root: SgNode, language: Language, path: string): string[] {
  const syntax = SYNTAX[language];
  if (!syntax?.qualifiedFunctions) return [];
  return syntax
    .qualifiedFunctions(root, path)
    .filter(([, fn]) => {
      const body = fn.text();
      return syntax.macCreate.test(body) && syntax.macValue.test(body);
    })
    .map(([name]) => name);
}

/** Whether a MAC function name of `macFunctions` is the one a call names (a Python module may sit under `src/`). */
export function namesMacFunction(defined: readonly string[], callee: string): boolean {
  return defined.some(
    (name) => name === callee || name.endsWith(`.${callee}`) || name.endsWith(`/${callee}`),
  );
}

const SYNTAX: Partial<Record<Language, Syntax>> = {
  javascript: js,
  typescript: js,
  tsx: js,
  go,
  python,
  elixir,
};

/** Whether comparisons of secrets are read for the language. */
export function readsSecretComparisons(language: Language): boolean {
  return language in SYNTAX;
}

/** The name a side is known by: the identifier, or a member's last segment. */
function lastName(node: SgNode): string {
  const match = /([A-Za-z_][\w]*)\??\s*$/.exec(node.text().replace(/\(.*\)\s*$/s, ""));
  return match?.[1] ?? "";
}

/** How many brackets are open at the end of the text. */
function nesting(text: string): number {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "[") depth++;
    else if ((ch === ")" || ch === "]") && depth > 0) depth--;
  }
  return depth;
}

function configName(match: RegExpExecArray): string | null {
  return match.slice(1).find((group) => group !== undefined) ?? null;
}

const MEMBER_KINDS: ReadonlySet<string> = new Set(["member_expression", "selector_expression", "attribute"]);
/** A field or an element of a value (`invite["v"]`, `fields["signature"]`): read where the value came from. */
const PART_KINDS: ReadonlySet<string> = new Set([
  ...MEMBER_KINDS,
  "subscript",
  "subscript_expression",
  "index_expression",
]);

/**
 * A side as the function computed it: unwrapped, a name followed to the value bound to it (twice), and the text to
 * read it by (with the value of the object a field is read from: `cookie.Value` after `cookie, err := r.Cookie(…)`).
 */
function resolve(syntax: Syntax, side: SgNode, at: SgNode): { outer: SgNode; value: SgNode; text: string } {
  const outer = syntax.unwrap(side);
  let value = outer;
  // A name bound earlier in the function (`const expected = createHmac(…).digest("hex")`), followed twice.
  for (let hops = 0; hops < 2 && /^(identifier)$/.test(String(value.kind())); hops++) {
    const bound = syntax.assignedValue(value.text(), at);
    if (!bound) break;
    value = syntax.unwrap(bound);
  }
  // A field of a name bound earlier (`cookie, err := r.Cookie("token")` … `cookie.Value`): read where it came from.
  const object = PART_KINDS.has(String(value.kind())) ? firstNamed(value) : null;
  const objectValue =
    object && object.kind() === "identifier" ? syntax.assignedValue(object.text(), at) : null;
  const text = (objectValue ? `${objectValue.text()} ${value.text()}` : value.text()).slice(0, 2000);
  return { outer, value, text };
}

/** Whether `node` is a MAC computed in the function around `at` (its digest, with the MAC created there). */
function isMacValue(syntax: Syntax, node: SgNode, fnText: string): boolean {
  const text = node.text();
  return syntax.macValue.test(text) && (syntax.macCreate.test(text) || syntax.macCreate.test(fnText));
}

function classify(
  syntax: Syntax,
  side: SgNode,
  at: SgNode,
  functions: Map<string, SgNode>,
  path?: string,
): SecretSide | null {
  const { outer, value, text } = resolve(syntax, side, at);
  const fn = enclosingFunction(syntax, at);
  const fnText = fn?.text() ?? "";
  // A computed HMAC: the digest of a MAC the expression (or its function) creates.
  if (syntax.macValue.test(text) && (syntax.macCreate.test(text) || syntax.macCreate.test(fnText)))
    return { kind: "mac", via: compact(text) };
  // A call of a function of this file that computes and returns one (`this.computeDigest(…)`).
  const callee = syntax.localCallee(value);
  const definition = callee ? functions.get(callee) : undefined;
  if (definition && definition !== fn) {
    const body = definition.text();
    if (syntax.macCreate.test(body) && syntax.macValue.test(body))
      return { kind: "mac", via: `${callee}(…)` };
  }
  // An encoding of a MAC bound earlier (`Array.from(new Uint8Array(sig))…join("")` after `sig = await
  // crypto.subtle.sign("HMAC", …)`, `base64.b64encode(digest)`).
  if (value.kind() !== "identifier") {
    for (const name of value.findAll({ rule: { kind: "identifier" } }).slice(0, 8)) {
      const bound = syntax.assignedValue(name.text(), at);
      if (bound && isMacValue(syntax, syntax.unwrap(bound), fnText))
        return { kind: "mac", via: compact(`${name.text()} = ${bound.text()}`) };
    }
  }
  const digest = syntax.macValue.test(text) ? ({ kind: "digest", via: compact(text) } as const) : null;
  // The secret itself, or text built around it (`Bearer ${process.env.TOKEN}`); not an argument of a call that
  // derives something else from it (`get_token_hash(token, secret=settings.SECRET)`).
  const config = syntax.configRead.exec(text);
  const name = config && nesting(text.slice(0, config.index)) === 0 ? configName(config) : null;
  if (name && SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name))
    return { kind: "configured-secret", name };
  if (syntax.requestRead.test(text)) {
    const keys = [...text.matchAll(/["'`]([\w-]+)["'`]/g)].map((m) => m[1] ?? "");
    const credential =
      keys.find((key) => CREDENTIAL_NAME.test(key)) ??
      [lastName(outer), lastName(value)].find((n) => CREDENTIAL_NAME.test(n));
    if (credential) return { kind: "request-credential", name: credential };
  }
  if (digest) return digest;
  const elsewhere = path ? syntax.projectCallee?.(value, path, functions) : null;
  return elsewhere ? { kind: "mac", via: `${lastName(value)}(…)`, definedIn: elsewhere } : null;
}

function enclosingFunction(syntax: Syntax, node: SgNode): SgNode | null {
  return syntax === elixir ? elixirDef(node) : enclosing(node, syntax.functionKinds);
}

function compact(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 70 ? `${flat.slice(0, 67)}…` : flat;
}

/**
 * Whether `member` is a field of a record fetched by the other side's value (`runner, err :=
 * store.GetRunnerByToken(token)` … `runner.Token != token`): the lookup already matched on that value, so the
 * comparison repeats it and its timing tells nothing more.
 */
function lookedUpBy(syntax: Syntax, member: SgNode, other: SgNode, at: SgNode): boolean {
  if (!MEMBER_KINDS.has(String(member.kind())) || other.kind() !== "identifier") return false;
  const object = firstNamed(member);
  if (object?.kind() !== "identifier") return false;
  const fetched = syntax.assignedValue(object.text(), at);
  const call = fetched ? syntax.unwrap(fetched) : null;
  if (!call || !/call/.test(String(call.kind()))) return false;
  const args = call.field("arguments");
  return (args ? namedChildren(args) : []).some((arg) => arg.text() === other.text());
}

/** Whether a side names a secret (`webhookSecret`, `s.Token`, `expected_signature`). */
function namesSecret(syntax: Syntax, side: SgNode): boolean {
  const name = lastName(syntax.unwrap(side));
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/**
 * Equality comparisons in a file where one side is a computed HMAC, a secret read from the environment or
 * configuration (compared with anything that is not a literal), or a credential read from the request compared
 * with a value that names a secret. Comparisons in a function that also calls the constant-time function are left
 * out (a length check or a fallback beside the real comparison), and so are size, type and literal checks.
 */
export function secretComparisons(root: SgNode, language: Language, path?: string): SecretComparison[] {
  const syntax = SYNTAX[language];
  if (!syntax) return [];
  const functions = syntax.functions(root);
  const out: SecretComparison[] = [];
  for (const { node, operator, left, right } of syntax.comparisons(root)) {
    const l = syntax.unwrap(left);
    const r = syntax.unwrap(right);
    if (syntax.isLiteral(l) || syntax.isLiteral(r)) continue;
    if (syntax.isSizeOrType(l) || syntax.isSizeOrType(r)) continue;
    const fn = enclosingFunction(syntax, node);
    if (syntax.constantTime.test(fn?.text() ?? "")) continue;
    const a = classify(syntax, left, node, functions, path);
    const b = classify(syntax, right, node, functions, path);
    // A call of another file's function is a MAC only if the repository's facts say so (the rule checks): it counts
    // only when neither side is a secret by itself, so a dropped candidate hides no other finding.
    const candidate = (side: SecretSide | null) => side?.kind === "mac" && side.definedIn !== undefined;
    let [secret, other] = strongest(candidate(a) ? null : a, candidate(b) ? null : b);
    if ((!secret || secret.kind === "digest") && (candidate(a) || candidate(b)))
      [secret, other] = candidate(a) ? [a, candidate(b) ? null : b] : [b, a];
    if (!secret || secret.kind === "digest") continue;
    const otherNode = secret === a ? right : left;
    // A request value compared with another value is a secret check only when that value names a secret.
    if (secret.kind === "request-credential" && !other && !namesSecret(syntax, otherNode)) continue;
    if (lookedUpBy(syntax, l, r, node) || lookedUpBy(syntax, r, l, node)) continue;
    // A MAC checked against a value the server itself holds or signed (its session, a signed serializer's payload):
    // whoever could time the comparison cannot choose that value.
    if (secret.kind === "mac" && SERVER_HELD.test(resolve(syntax, otherNode, node).text)) continue;
    const upstream =
      syntax.outbound.test(fn?.text() ?? "") &&
      ![left, right].some((side) => syntax.requestRead.test(resolve(syntax, side, node).text));
    out.push({ node, operator, left, right, secret, other, otherNode, upstream });
  }
  return out;
}

/** A value read from the server's own session or a payload its signed serializer verified. */
const SERVER_HELD =
  /\bsession\s*(?:\[|\.get\()|\b(?:req|request)\.session\b|\bget_session\(|\bunserialize\(|\bunsign\(|\bsigning\.loads\(|\bPhoenix\.Token\.verify\(/;

const RANK: Record<SecretSide["kind"], number> = {
  mac: 3,
  "configured-secret": 2,
  "request-credential": 1,
  digest: 0,
};

function strongest(a: SecretSide | null, b: SecretSide | null): [SecretSide | null, SecretSide | null] {
  if (!a) return [b, null];
  if (!b) return [a, null];
  return RANK[a.kind] >= RANK[b.kind] ? [a, b] : [b, a];
}

/** The name a `def`/`defp` call defines (`def verify(conn, sig)`, `def verify(conn) when …`), or undefined. */
function elixirDefName(call: SgNode): string | undefined {
  if (!EX_DEF.test(call.field("target")?.text() ?? "")) return undefined;
  const head = namedChildren(call.children().find((c) => c.kind() === "arguments"))[0];
  return (head?.kind() === "call" ? head.field("target")?.text() : head?.text())?.replace(/\(.*$/s, "");
}
