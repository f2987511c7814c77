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
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";
import { goTestHelper } from "../../facts/one-off-code.js";
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

/**
 * A request to a constant URL (string literals and constants of the file) cannot fail: http.NewRequest only errors on
 * a malformed URL or method, and methods are the program's own tokens (`http.MethodGet`, a caller's "POST").
 */
function isConstantRequest(call: SgNode, constants: ReadonlySet<string>): boolean {
  const args = callArguments(call);
  const withContext = calleeOf(call)?.name === "NewRequestWithContext";
  const url = args[withContext ? 2 : 1];
  const constant = (node: SgNode | undefined): boolean => {
    if (!node) return false;
    const kind = node.kind();
    if (kind === "interpreted_string_literal" || kind === "raw_string_literal") return true;
    if (kind === "identifier") return constants.has(node.text());
    if (kind === "parenthesized_expression") return node.children().some((child) => constant(child));
    if (kind === "binary_expression") {
      const [left, operator, right] = node.children();
      return operator?.text() === "+" && constant(left) && constant(right);
    }
    return false;
  };
  return constant(url);
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
    "An explicit `_` is a deliberate discard (errcheck's default accepts it): low, except for errors whose loss costs data or leaves a nil value behind — os.WriteFile/Rename/Open/Create, crypto/rand.Read, http.NewRequest, sql.Open, key and certificate loading — which stay medium. A request to a constant URL (literals and constants of the file) or to the `String()` of a url.URL the function already holds (a `*url.URL` parameter, a url.Parse result) cannot fail and is low; so is crypto/rand.Int on the system reader, which does not fail on a working system and would leave a nil that panics at once (rand.Read stays medium: its failure leaves zeroed bytes that look random).",
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
        (isConstantRequest(right[0], constants) || isParsedUrlRequest(right[0]))
      )
        called.costly = false;
      if (called.costly && isSystemRandomInt(right[0], called.name)) called.costly = false;
      const why = called.costly
        ? explained(statement)
          ? "; the comment beside it says why"
          : ""
        : "; an explicit discard, low unless the zero value does harm";
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
