// go/server-without-timeouts: net/http servers started with no read/write/idle timeouts.
import { goFileAnalyzer, SERVER_TIMEOUT_FIELDS } from "../../facts/go/go-file.js";
import { isExamplePath } from "../../facts/go/syntax.js";
import type { Severity } from "../../model/severity.js";
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
  checkFile({ path, fileFact, report }) {
    const go = fileFact(goFileAnalyzer);
    if (!go) return;
    const severity: Severity | undefined = isExamplePath(path) ? "low" : undefined;
    const assignedLater = go.serverTimeoutsAssigned.some(
      (f) => f === "ReadTimeout" || f === "ReadHeaderTimeout",
    );
    for (const server of go.servers) {
      const at = { path, line: server.line, endLine: server.endLine, severity };
      if (server.kind !== "http.Server") {
        report({
          ...at,
          message: `http.${server.kind} starts a server with no read, write or idle timeouts`,
          key: "listen-and-serve",
        });
        continue;
      }
      if (
        assignedLater ||
        server.timeouts.includes("ReadTimeout") ||
        server.timeouts.includes("ReadHeaderTimeout")
      )
        continue;
      const missing = SERVER_TIMEOUT_FIELDS.filter((field) => !server.timeouts.includes(field));
      report({ ...at, message: `http.Server without ${missing.join(", ")}`, key: "server-literal" });
    }
  },
});
