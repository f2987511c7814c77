// go/ignored-error: errors from calls that really return one, discarded with `_` or not checked at all.
import type { SgNode } from "@ast-grep/napi";
import {
  calleeOf,
  errorReturningFunctions,
  findKind,
  importMap,
  assignments,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

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
    "Forms: `_ = f()`, `x, _ := f()` and a bare `v.Decode(&x)` statement. `_ = x.Close()` and `_, _ = w.Write(...)` are deliberate and not flagged. Tests are not checked.",
  ],
  docs: {
    rationale:
      "A discarded error turns a failure into a zero value that the code then uses as if it were valid.",
    impact:
      "Bad input or I/O failures are silently processed as empty data, corrupting results and hiding the cause in production.",
    fix: "Check the error and return or log it with context; if ignoring is really right, say why in a comment.",
    example: {
      language: "go",
      bad: 'limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))\njson.NewDecoder(r.Body).Decode(&req)',
      good: 'limit, err := strconv.Atoi(r.URL.Query().Get("limit"))\nif err != nil {\n\treturn fmt.Errorf("parse limit: %w", err)\n}\nif err := json.NewDecoder(r.Body).Decode(&req); err != nil { ... }',
    },
  },
  checkFile({ tree, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const local = errorReturningFunctions(tree);
    const describe = (call: SgNode): string | null => {
      const callee = calleeOf(call);
      if (!callee) return null;
      if (callee.receiver === null) return local.has(callee.name) ? callee.name : null;
      const path = callee.receiverNode?.kind() === "identifier" ? imports.get(callee.receiver) : undefined;
      if (path !== undefined)
        return STDLIB_ERROR_FUNCS[path]?.includes(callee.name) ? `${callee.receiver}.${callee.name}` : null;
      return CHECKED_METHODS.includes(callee.name) ? callee.name : null;
    };
    for (const { statement, left, right } of assignments(tree)) {
      if (
        right.length !== 1 ||
        right[0]?.kind() !== "call_expression" ||
        left[left.length - 1]?.text() !== "_"
      )
        continue;
      if (left.length === 1 && statement.kind() !== "assignment_statement") continue;
      if (left.length > 1 && left.every((node) => node.text() === "_")) continue;
      const name = describe(right[0]);
      if (!name) continue;
      report({ node: statement, message: `error from ${name} is discarded with _`, key: `ignored:${name}` });
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
      const name = describe(call);
      if (!name || statement.parent()?.kind() === "defer_statement") continue;
      report({ node: statement, message: `error from ${name} is not checked`, key: `unchecked:${name}` });
    }
  },
});
