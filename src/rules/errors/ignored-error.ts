// go/ignored-error: errors from calls that really return one, discarded with `_` or not checked at all.
import type { SgNode } from "@ast-grep/napi";
import {
  assignments,
  callArguments,
  calleeOf,
  constantNames,
  enclosingFunction,
  errorReturningFunctions,
  findKind,
  importMap,
  isExamplePath,
  parametersOf,
  returnsError,
  stringValue,
} from "../../facts/go/syntax.js";
import { defineRule, type ReportedFinding } from "../define-rule.js";
import { goTestHelper } from "../../facts/one-off-code.js";
import { formatVerbs } from "../../facts/go/format-verbs.js";
import { commentSaysWhy } from "../shared/why-comment.js";

/** Standard-library functions whose last result is an error, by import path. */
const STDLIB_ERROR_FUNCS: Record<string, readonly string[]> = {
  strconv: ["Atoi", "ParseInt", "ParseUint", "ParseFloat", "ParseBool", "Unquote"],
  "encoding/json": ["Marshal", "MarshalIndent", "Unmarshal"],
  "encoding/xml": ["Marshal", "MarshalIndent", "Unmarshal"],
  os: [
    "Open",
    "OpenFile",
    "Create",
    "ReadFile",
    "WriteFile",
    "ReadDir",
    "Remove",
    "RemoveAll",
    "Mkdir",
    "MkdirAll",
    "Rename",
    "Chdir",
    "Chmod",
    "Setenv",
    "MkdirTemp",
    "CreateTemp",
  ],
  io: ["ReadAll", "Copy", "CopyN", "ReadFull"],
  "io/ioutil": ["ReadAll", "ReadFile", "WriteFile", "ReadDir", "TempDir", "TempFile"],
  "net/http": ["NewRequest", "NewRequestWithContext"],
  "net/url": ["Parse", "ParseRequestURI", "ParseQuery", "QueryUnescape", "PathUnescape"],
  time: ["Parse", "ParseDuration", "ParseInLocation", "LoadLocation"],
  "database/sql": ["Open"],
  "path/filepath": ["Abs", "Rel", "Glob", "EvalSymlinks"],
  "encoding/hex": ["DecodeString"],
  "crypto/rand": ["Read", "Int"],
  "crypto/x509": ["ParseCertificate", "ParsePKCS1PrivateKey", "ParsePKCS8PrivateKey", "ParsePKIXPublicKey"],
  "crypto/tls": ["LoadX509KeyPair", "X509KeyPair"],
  "os/exec": ["LookPath"],
};
/** Methods whose name alone says they return an error worth checking (decoding and scanning input). */
const CHECKED_METHODS = ["Decode", "Scan", "Unmarshal"];

/**
 * Discarding these errors loses data or leaves a nil value that the next line dereferences, so even an explicit
 * `_` is a defect: writes and renames, random bytes, files, requests, connections and keys that failed to open.
 */
const COSTLY_DISCARDS: Record<string, readonly string[]> = {
  os: ["WriteFile", "Rename", "Open", "OpenFile", "Create", "CreateTemp", "MkdirTemp"],
  "io/ioutil": ["WriteFile", "TempFile", "TempDir"],
  "crypto/rand": ["Read", "Int"],
  "net/http": ["NewRequest", "NewRequestWithContext"],
  "database/sql": ["Open"],
  "crypto/tls": ["LoadX509KeyPair", "X509KeyPair"],
  "crypto/x509": ["ParseCertificate", "ParsePKCS1PrivateKey", "ParsePKCS8PrivateKey", "ParsePKIXPublicKey"],
};

const DISCARD_NOTE = "; an explicit discard, low unless the zero value does harm";

/** `https://host/path?`: a literal that fixes scheme, host and path up to the query. */
const FIXED_UP_TO_QUERY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#%\s]+[^?#%\s]*\?/i;
/** A scheme and host written out, then the path's first slash: what follows cannot move the host or port. */
const FIXED_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#%\s]+\//i;
/** fmt verbs that print an integer's digits (and sign), or hex digits: `%d`, `%05d`, `%x`. */
const DIGIT_VERB_LETTERS = "dboxX";

/**
 * A request to a URL that cannot fail to parse: http.NewRequest only errors on a malformed URL or method, and methods
 * are the program's own tokens (`http.MethodGet`, a caller's "POST"). The URL is made of string literals and
 * constants of the file; of locals every assignment of which is such a URL; of parameters of an unexported function
 * every call of which in the file passes one; or it starts with a literal fixing scheme, host and path up to a `?`
 * (`"https://www.youtube.com/feeds/videos.xml?channel_id=" + id`, or the same as a fmt.Sprintf format): what follows
 * lands in the query, which url.Parse does not validate.
 */
function isConstantRequest(call: SgNode, constants: ReadonlySet<string>, tree: SgNode): boolean {
  const args = callArguments(call);
  const withContext = calleeOf(call)?.name === "NewRequestWithContext";
  return constantUrl(args[withContext ? 2 : 1], constants, tree, 0);
}

function constantUrl(
  node: SgNode | undefined,
  constants: ReadonlySet<string>,
  tree: SgNode,
  depth: number,
): boolean {
  if (!node || depth > 3) return false;
  const kind = node.kind();
  if (kind === "interpreted_string_literal" || kind === "raw_string_literal") return true;
  if (kind === "parenthesized_expression")
    return node.children().some((child) => child.isNamed() && constantUrl(child, constants, tree, depth));
  if (kind === "binary_expression") {
    const [left, operator, right] = node.children();
    if (operator?.text() !== "+") return false;
    return (
      fixedUpToQuery(left) ||
      (constantUrl(left, constants, tree, depth) && constantUrl(right, constants, tree, depth))
    );
  }
  if (kind === "call_expression") {
    const callee = calleeOf(node);
    if (callee?.receiver !== "fmt" || callee.name !== "Sprintf") return false;
    const [format, ...values] = callArguments(node);
    const text = format ? stringValue(format) : null;
    if (text === null) return false;
    if (FIXED_UP_TO_QUERY.test(text.replace(/%%/g, "").split("%")[0] ?? "")) return true;
    const verbs = formatVerbs(text);
    const printsDigitsOnly = (argument: number): boolean => {
      const using = verbs.filter((verb) => verb.argument === argument);
      return using.length > 0 && using.every((verb) => DIGIT_VERB_LETTERS.includes(verb.letter));
    };
    // A number printed after a fixed scheme and host (`…/item/%d.json`) is digits and a sign: it cannot make the URL
    // fail to parse, whatever its value.
    const afterFixedHost = FIXED_HOST.test(text.replace(/%%/g, "").split("%")[0] ?? "");
    const constantAt = values.map((value) => constantUrl(value, constants, tree, depth + 1));
    if (constantAt.every(Boolean)) return true;
    return (
      afterFixedHost &&
      !verbs.some((verb) => verb.starred) &&
      constantAt.every((constant, at) => constant || printsDigitsOnly(at))
    );
  }
  if (kind !== "identifier") return false;
  const name = node.text();
  if (constants.has(name)) return true;
  const scope = enclosingFunction(node);
  if (!scope) return false;
  const parameters = parametersOf(scope).map((p) => p.name);
  const index = parameters.indexOf(name);
  const assigned = assignments(scope).flatMap(({ left, right }) => {
    const at = left.findIndex((target) => target.text() === name);
    if (at < 0) return [];
    return [left.length === right.length ? right[at] : undefined];
  });
  if (index >= 0) {
    if (assigned.length > 0) return false;
    // A parameter of an unexported function, every call of which in the file passes a constant URL there.
    const fnName = scope.kind() === "function_declaration" ? (scope.field("name")?.text() ?? "") : "";
    if (!/^[a-z_]/.test(fnName) || scope.field("parameters")?.text().includes("...")) return false;
    const callers = findKind(tree, "call_expression").filter((site) => {
      const callee = calleeOf(site);
      return callee?.receiver === null && callee.name === fnName;
    });
    return (
      callers.length > 0 &&
      callers.every((site) => constantUrl(callArguments(site)[index], constants, tree, depth + 1))
    );
  }
  // A local every assignment of which is a constant URL (`var feedURL string` set in each branch); a `var` without a
  // value starts as "", which parses.
  const declared = findKind(scope, "var_spec").flatMap((spec) => {
    const names = spec.children().filter((child) => child.kind() === "identifier");
    const at = names.findIndex((id) => id.text() === name);
    if (at < 0) return [];
    const value = spec.field("value");
    if (!value) return [];
    const items = value.children().filter((child) => child.isNamed());
    return [items.length === names.length ? items[at] : undefined];
  });
  const values = [...assigned, ...declared];
  return (
    values.length > 0 &&
    values.every((value) => value !== undefined && constantUrl(value, constants, tree, depth + 1))
  );
}

/** The leftmost part of a `+` chain is a literal fixing scheme, host and path up to the query. */
function fixedUpToQuery(node: SgNode | undefined): boolean {
  if (!node) return false;
  if (node.kind() === "binary_expression") return fixedUpToQuery(node.children()[0]);
  const text = stringValue(node);
  return text !== null && FIXED_UP_TO_QUERY.test(text);
}

/**
 * The request's URL is a `url.URL` the program already holds (`u.String()` of a `*url.URL` parameter, or of a value
 * from url.Parse or a `url.URL{…}` literal in the same function): it re-parses what url.URL printed, which does
 * not fail.
 */
function isParsedUrlRequest(call: SgNode): boolean {
  const args = callArguments(call);
  const url = args[calleeOf(call)?.name === "NewRequestWithContext" ? 2 : 1];
  if (url?.kind() !== "call_expression" || (url.field("arguments")?.children().length ?? 0) > 2) return false;
  const fn = url.field("function");
  const receiver = fn?.kind() === "selector_expression" ? fn.field("operand") : null;
  if (fn?.field("field")?.text() !== "String" || receiver?.kind() !== "identifier") return false;
  const name = receiver.text();
  const scope = enclosingFunction(call);
  if (!scope) return false;
  if (parametersOf(scope).some((p) => p.name === name && /^\*?url\.URL$/.test(p.type.replace(/\s+/g, ""))))
    return true;
  return assignments(scope).some(
    ({ left, right }) =>
      left[0]?.text() === name &&
      /^(?:url\.Parse(?:RequestURI)?\(|&?url\.URL\{)/.test(right[0]?.text() ?? ""),
  );
}

/**
 * `rand.Int(rand.Reader, max)` from crypto/rand: the system generator does not fail on a working system (Go 1.24
 * makes it crash the program instead), and a failure would leave a nil *big.Int that panics at its first use, not
 * a predictable number. rand.Read stays costly: its failure leaves zeroed bytes that still look random to the code.
 */
function isSystemRandomInt(call: SgNode, name: string): boolean {
  return /\.Int$/.test(name) && /^\w+\.Reader$/.test(callArguments(call)[0]?.text() ?? "");
}

// Framework handler contexts: a handler taking one has no error result, yet must answer a bad body with an error.
const HANDLER_PARAMETER =
  /^\*?\s*(http\.ResponseWriter|gin\.Context|echo\.Context|fiber\.Ctx|core\.RequestEvent)$/;

export default defineRule({
  id: "go/ignored-error",
  area: "errors",
  severity: "medium",
  title: "Error return value ignored",
  effortMinutes: 10,
  confidence: "certain",
  languages: ["go"],
  notes: [
    "Only calls known to return an error: a list of standard-library functions, functions of the same file whose results end in `error`, and Decode/Scan/Unmarshal methods.",
    "An unchecked Decode/Scan/Unmarshal statement is medium where the error had somewhere to go: in a function that returns an error, or an HTTP handler. Elsewhere (a `func … bool` existence probe, a String method) it is low.",
    'An explicit `_` is a deliberate discard (errcheck\'s default accepts it): low, except for errors whose loss costs data or leaves a nil value behind — os.WriteFile/Rename/Open/Create, crypto/rand.Read, http.NewRequest, sql.Open, key and certificate loading — which stay medium. A request to a URL that cannot fail to parse is low: made of literals and constants (of the file or of another file of its package), of locals every assignment of which is such a URL, or of parameters of an unexported function every call of which in the file passes one, or starting with a literal that fixes scheme, host and path up to a `?` (`"https://host/feed?id=" + id`, or the same fmt.Sprintf format: the rest lands in the query, which url.Parse does not validate), or a fmt.Sprintf format that writes out scheme and host and fills the rest only with constants and integers (`"https://host/v0/item/%d.json"`: digits cannot make a URL fail to parse); so is a request to the `String()` of a url.URL the function already holds (a `*url.URL` parameter, a url.Parse result) ; so is crypto/rand.Int on the system reader, which does not fail on a working system and would leave a nil that panics at once (rand.Read stays medium: its failure leaves zeroed bytes that look random).',
    "Low in examples, scripts and tools (a sample plugin, a maintainer's command), which no release serves.",
    "A comment on the line or the line above saying why makes any of them low. `_ = x.Close()` and `_, _ = w.Write(...)` are not flagged. Tests are not checked, nor test-harness files outside `_test.go` (they take a `*testing.T` or import testify, gomega or gomock).",
  ],
  docs: {
    rationale:
      "A discarded error turns a failure into a zero value that the code then uses as if it were valid.",
    impact:
      "Bad input or I/O failures are silently processed as empty data, corrupting results and hiding the cause in production.",
    fix: "Check the error and return or log it with context; if ignoring is really right, say why in a comment.",
    example: {
      language: "go",
      bad: "func load(data []byte, cfg *Config) error {\n\tjson.Unmarshal(data, cfg)\n\treturn nil\n}\n\nfunc save(path string, data []byte) {\n\t_ = os.WriteFile(path, data, 0o600)\n}",
      good: 'func load(data []byte, cfg *Config) error {\n\treturn json.Unmarshal(data, cfg)\n}\n\nfunc save(path string, data []byte) error {\n\tif err := os.WriteFile(path, data, 0o600); err != nil {\n\t\treturn fmt.Errorf("save %s: %w", path, err)\n\t}\n\treturn nil\n}',
    },
  },
  reviseWithFacts(findings, facts) {
    return lowerPackageConstantRequests(findings, facts.go?.packageConstants ?? []);
  },
  checkFile({ tree, lines, text, path, report }) {
    // Examples, scripts and tools show or run by hand what the service does: a lost error there is seen at once.
    const example = isExamplePath(path, text);
    // A test-harness file outside `_test.go` (it takes a *testing.T or imports testify): test code, which is not checked.
    if (!tree || goTestHelper(text)) return;
    const imports = importMap(tree);
    const local = errorReturningFunctions(tree);
    const constants = constantNames(tree);
    const describe = (call: SgNode): { name: string; costly: boolean } | null => {
      const callee = calleeOf(call);
      if (!callee) return null;
      if (callee.receiver === null)
        return local.has(callee.name) ? { name: callee.name, costly: false } : null;
      const path = callee.receiverNode?.kind() === "identifier" ? imports.get(callee.receiver) : undefined;
      if (path !== undefined)
        return STDLIB_ERROR_FUNCS[path]?.includes(callee.name)
          ? {
              name: `${callee.receiver}.${callee.name}`,
              costly: COSTLY_DISCARDS[path]?.includes(callee.name) ?? false,
            }
          : null;
      return CHECKED_METHODS.includes(callee.name) ? { name: callee.name, costly: false } : null;
    };
    const explained = (node: SgNode): boolean => commentSaysWhy(lines, node.range().start.line);
    for (const { statement, left, right } of assignments(tree)) {
      if (
        right.length !== 1 ||
        right[0]?.kind() !== "call_expression" ||
        left[left.length - 1]?.text() !== "_"
      )
        continue;
      if (left.length === 1 && statement.kind() !== "assignment_statement") continue;
      if (left.length > 1 && left.every((node) => node.text() === "_")) continue;
      const called = describe(right[0]);
      if (!called) continue;
      if (
        called.costly &&
        /\.NewRequest(?:WithContext)?$/.test(called.name) &&
        (isConstantRequest(right[0], constants, tree) || isParsedUrlRequest(right[0]))
      )
        called.costly = false;
      if (called.costly && isSystemRandomInt(right[0], called.name)) called.costly = false;
      const why = called.costly
        ? explained(statement)
          ? "; the comment beside it says why"
          : ""
        : DISCARD_NOTE;
      report({
        node: statement,
        message: `error from ${called.name} is discarded with _${why}`,
        key: `ignored:${called.name}`,
        severity: called.costly && !explained(statement) && !example ? undefined : "low",
      });
    }
    for (const statement of findKind(tree, "expression_statement")) {
      const call = statement.child(0);
      if (call?.kind() !== "call_expression") continue;
      const callee = calleeOf(call);
      if (
        !callee ||
        (!CHECKED_METHODS.includes(callee.name) && !(callee.name === "Unmarshal" && callee.receiver !== null))
      )
        continue;
      const called = describe(call);
      if (!called || statement.parent()?.kind() === "defer_statement") continue;
      const fn = enclosingFunction(statement);
      const hasOutlet =
        fn !== null && (returnsError(fn) || parametersOf(fn).some((p) => HANDLER_PARAMETER.test(p.type)));
      report({
        node: statement,
        message: `error from ${called.name} is not checked${hasOutlet ? "" : " (the function has no error result to pass it on)"}`,
        key: `unchecked:${called.name}`,
        severity: hasOutlet && !explained(statement) && !example ? undefined : "low",
      });
    }
  },
});

/**
 * A discarded http.NewRequest error whose URL is made of literals and constants another file of the package declares
 * (`twitchGqlEndpoint`): the request cannot fail, as with the file's own constants. Read from the statement's text,
 * since one file cannot see its package's other files.
 */
function lowerPackageConstantRequests(
  findings: readonly ReportedFinding[],
  packages: ReadonlyArray<{ dir: string; names: string[] }>,
): ReportedFinding[] {
  if (packages.length === 0) return [...findings];
  const byDir = new Map(packages.map((pkg) => [pkg.dir, new Set(pkg.names)]));
  return findings.map((finding) => {
    const path = finding.location?.path;
    if (!path || finding.severity === "low" || !/^ignored:\w+\.NewRequest(WithContext)?$/.test(finding.key))
      return finding;
    const names = byDir.get(path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".");
    const url = requestUrlText(finding.evidence.snippet, finding.key.endsWith("WithContext"));
    if (!names || url === null) return finding;
    const parts = splitTopLevel(url, "+").map((part) => part.trim());
    const constant = parts.every(
      (part) => /^("([^"\\]|\\.)*"|`[^`]*`)$/.test(part) || (/^[A-Za-z_]\w*$/.test(part) && names.has(part)),
    );
    return constant ? { ...finding, severity: "low", message: `${finding.message}${DISCARD_NOTE}` } : finding;
  });
}

/** The URL argument's text in a `http.NewRequest(method, url, body)` statement, or null. */
function requestUrlText(statement: string, withContext: boolean): string | null {
  const match = /\bNewRequest(?:WithContext)?\(/.exec(statement);
  if (!match) return null;
  const open = match.index + match[0].length;
  let depth = 0;
  let end = open;
  for (; end < statement.length; end++) {
    const char = statement[end];
    if (char === '"' || char === "`") {
      const close = char === "`" ? statement.indexOf("`", end + 1) : closingQuote(statement, end);
      if (close < 0) return null;
      end = close;
    } else if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") {
      if (depth === 0) break;
      depth--;
    }
  }
  return splitTopLevel(statement.slice(open, end), ",")[withContext ? 2 : 1]?.trim() ?? null;
}

function closingQuote(text: string, from: number): number {
  for (let at = from + 1; at < text.length; at++) {
    if (text[at] === "\\") at++;
    else if (text[at] === '"') return at;
  }
  return -1;
}

/** Splits at a separator outside brackets and string literals. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') at = Math.max(at, closingQuote(text, at));
    else if (char === "`") at = Math.max(at, text.indexOf("`", at + 1));
    else if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, at));
      start = at + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
