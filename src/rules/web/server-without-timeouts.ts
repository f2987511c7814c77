// go/server-without-timeouts: net/http servers started with no read/write/idle timeouts.
import { SERVER_TIMEOUT_FIELDS } from "../../facts/go/go-file.js";
import { isExamplePath } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

/** A listen address on the loopback interface: only processes on the same host can connect (a pprof or admin port). */
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]):\d*$/;

export default defineRule({
  id: "go/server-without-timeouts",
  area: "web",
  severity: "medium",
  title: "HTTP server without read/write/idle timeouts",
  effortMinutes: 20,
  confidence: "certain",
  notes: [
    "Flags http.ListenAndServe/ListenAndServeTLS (which cannot set timeouts) and http.Server literals with neither ReadTimeout nor ReadHeaderTimeout, unless the file later assigns `.ReadTimeout`/`.ReadHeaderTimeout`.",
    "Lowered to low in examples/, scripts/ and tools/ folders, in demo packages (`demo_api/`, `kitchensink/`), programs under tools/ (`package main`) and test harnesses outside `_test.go` (a file taking `*testing.T` or importing testify), and in the packaging and CI folders at the root (`build/`, `ci/`, `.dagger/`: pipelines and the fixtures they start, such as a mock identity provider), and in a program (a module with a main package) when the package function that builds or starts the server is named nowhere else in its production code: no code path starts that server.",
    'Low when the address is a loopback literal (`127.0.0.1:6060`, `localhost:…`, `[::1]:…`) or a loopback host with a computed port (`fmt.Sprintf("127.0.0.1:%d", port)`, `net.JoinHostPort("localhost", port)`), a profiling or admin port only the host itself can reach.',
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
  applies: (facts) =>
    facts.go && facts.go.servers.length > 0
      ? true
      : {
          status: "not-applicable",
          reason: facts.go && facts.go.sourceFiles > 0 ? "no Go HTTP server is started" : "no go files",
        },
  check({ facts, report, readText }) {
    for (const server of facts.go.servers) {
      const uncalled = server.builderUncalled
        ? `; nothing in the repository calls ${server.builtBy}, which builds it`
        : "";
      const loopback =
        server.address !== undefined && server.address !== null && LOOPBACK.test(server.address);
      const where = loopback ? ` (it listens on ${server.address}, reachable from this host only)` : "";
      const at = {
        path: server.path,
        line: server.line,
        endLine: server.endLine,
        severity:
          isExamplePath(server.path, readText(server.path) ?? undefined) || server.builderUncalled || loopback
            ? ("low" as const)
            : undefined,
      };
      if (server.kind !== "http.Server") {
        report({
          ...at,
          message: `http.${server.kind} starts a server with no read, write or idle timeouts${where}${uncalled}`,
          key: "listen-and-serve",
        });
        continue;
      }
      const set = [...server.timeouts, ...server.timeoutsAssignedInFile];
      if (set.includes("ReadTimeout") || set.includes("ReadHeaderTimeout")) continue;
      const missing = SERVER_TIMEOUT_FIELDS.filter((field) => !server.timeouts.includes(field));
      report({
        ...at,
        message: `http.Server without ${missing.join(", ")}${where}${uncalled}`,
        key: "server-literal",
      });
    }
  },
});
