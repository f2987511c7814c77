// go/server-without-timeouts: net/http servers started with no read/write/idle timeouts.
import { SERVER_TIMEOUT_FIELDS } from "../../facts/go/go-file.js";
import {
  compositeLiteralsOf,
  findKind,
  importMap,
  isExamplePath,
  isPackageCall,
  literalKeys,
} from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/server-without-timeouts",
  area: "web",
  severity: "medium",
  title: "HTTP server without read/write/idle timeouts",
  effortMinutes: 20,
  confidence: "certain",
  languages: ["go"],
  prefilter: /ListenAndServe|http\.Server/,
  notes: [
    "Flags http.ListenAndServe/ListenAndServeTLS (which cannot set timeouts) and http.Server literals with neither ReadTimeout nor ReadHeaderTimeout, unless the file later assigns `.ReadTimeout`/`.ReadHeaderTimeout`.",
    "Lowered to low in examples/, scripts/ and tools/ folders.",
  ],
  docs: {
    rationale:
      "Go's http.Server has no timeouts by default: a client can hold a connection open indefinitely while sending headers or body slowly.",
    impact:
      "Slowloris-style clients exhaust file descriptors and goroutines until the service stops accepting connections.",
    fix: "Start an explicit http.Server with ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout.",
    example: {
      language: "go",
      bad: 'log.Fatal(http.ListenAndServe(":8080", mux))',
      good: 'srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}\nlog.Fatal(srv.ListenAndServe())',
    },
  },
  checkFile({ tree, text, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isExamplePath(path) ? "low" : undefined;
    for (const call of findKind(tree, "call_expression")) {
      if (isPackageCall(call, imports, "net/http", ["ListenAndServe", "ListenAndServeTLS"])) {
        report({
          node: call,
          message: "http.ListenAndServe starts a server with no read, write or idle timeouts",
          key: "listen-and-serve",
          severity,
        });
      }
    }
    if (/\.(ReadTimeout|ReadHeaderTimeout)\s*=[^=]/.test(text)) return;
    for (const literal of compositeLiteralsOf(tree, imports, "net/http", "Server")) {
      const keys = literalKeys(literal);
      if (keys.has("ReadTimeout") || keys.has("ReadHeaderTimeout")) continue;
      const missing = SERVER_TIMEOUT_FIELDS.filter((field) => !keys.has(field));
      report({
        node: literal,
        message: `http.Server without ${missing.join(", ")}`,
        key: "server-literal",
        severity,
      });
    }
  },
});
