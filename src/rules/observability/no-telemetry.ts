// observability/no-telemetry: a network service with no structured logging, metrics, tracing or health endpoint.
import { defineRule } from "../define-rule.js";

function inFolder(path: string, folder: string): boolean {
  return folder === "." || path.startsWith(folder + "/");
}

export default defineRule({
  id: "observability/no-telemetry",
  area: "observability",
  severity: "low",
  title: "Service has no observability signals",
  effortMinutes: 240,
  confidence: "heuristic",
  notes: [
    "A service is an app with a web-framework dependency (Phoenix, Express, FastAPI, gin, …) or a server listener in code.",
    "Low: for many services (a self-hosted app behind a reverse proxy) plain logs are a reasonable choice; the finding is a prompt to add a health endpoint and metrics before running it at scale, not a defect.",
    "Signals: structured-logging libraries (pino, structlog, zap, zerolog, slog, LoggerJSON…), metrics (prometheus clients, PromEx, OpenTelemetry metrics, statsd), tracing (OpenTelemetry, dd-trace), and health routes (/health, /healthz, /heartbeat, /readyz, /livez…, as route strings, go-pkgz rest.Ping, or file-system API routes such as app/api/heartbeat/route.ts).",
  ],
  docs: {
    rationale:
      "A service that emits only free-text logs cannot be monitored: there is nothing to alert on, no latency or error rates, no request traces and no endpoint for the orchestrator to probe.",
    impact: "Outages are noticed by users first and take long to diagnose.",
    fix: "Add a health endpoint, structured (JSON) logging and a metrics exporter; add OpenTelemetry tracing for cross-service requests.",
    example: {
      language: "typescript",
      bad: "app.listen(3000); console.log('started');",
      good: "import pino from 'pino';\nconst log = pino();\napp.get('/healthz', (_req, res) => res.send('ok'));\napp.get('/metrics', metricsHandler);\napp.listen(3000);",
    },
    examples: [
      {
        language: "go",
        bad: 'http.ListenAndServe(":8080", mux)',
        good: 'logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))\nmux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })\nmux.Handle("/metrics", promhttp.Handler())',
      },
      {
        language: "python",
        bad: "app = FastAPI()",
        good: 'structlog.configure(processors=[structlog.processors.JSONRenderer()])\napp = FastAPI()\n\n@app.get("/healthz")\ndef healthz():\n    return {"status": "ok"}',
      },
      {
        language: "elixir",
        bad: "children = [MyAppWeb.Endpoint]",
        good: "children = [MyAppWeb.Telemetry, {TelemetryMetricsPrometheus, metrics: MyAppWeb.Telemetry.metrics()}, MyAppWeb.Endpoint]",
      },
    ],
  },
  applies: (facts) =>
    facts.observability?.services.length
      ? true
      : { status: "not-applicable", reason: "no network service detected" },
  check({ facts, report }) {
    for (const service of facts.observability.services) {
      const signals = facts.observability.signals.filter((s) => inFolder(s.path, service.path));
      if (signals.length > 0) continue;
      report({
        message: `Service ${service.name} (${service.ecosystem}, ${service.path}) has no structured logging, metrics, tracing or health endpoint`,
        key: `${service.ecosystem}:${service.path}`,
        snippet: `service evidence: ${service.evidence.via} at ${service.evidence.path}:${service.evidence.line}`,
        searched: `dependencies of ${service.path === "." ? "the root manifests" : service.path} and non-test code under ${service.path === "." ? "the repository" : service.path + "/"} for logging/metrics/tracing libraries and health routes`,
      });
    }
  },
});
