// Facts pack: observability signals — structured logging, metrics exporters, tracing, health endpoints — from
// declared dependencies and from code (imports, route strings), and which apps look like network services.
import { isExamplePath, isTestPath } from "../../repo/path-kind.js";
import { defineAnalyzer, defineCollector, definePack } from "../define.js";
import {
  ECOSYSTEM_FACT_KEYS,
  isEcosystemDependencies,
  type DeclaredDependency,
} from "../dependencies/types.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export type SignalKind = "structured-logging" | "metrics" | "tracing" | "health-endpoint";

export interface ObservabilitySignal {
  kind: SignalKind;
  /** Library or construct: "pino", "prometheus_client", "log/slog", "/healthz route". */
  via: string;
  path: string;
  line: number;
}

export interface ServiceApp {
  name: string;
  ecosystem: string;
  path: string;
  /** What makes it a service: a web framework dependency or a listening call. */
  evidence: { via: string; path: string; line: number };
}

export interface ObservabilityFacts {
  signals: ObservabilitySignal[];
  services: ServiceApp[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    observability: ObservabilityFacts;
  }
}

const DEPENDENCY_SIGNALS: Array<{ re: RegExp; kind: SignalKind }> = [
  {
    re: /^(pino|winston|bunyan|structlog|python-json-logger|loguru|go\.uber\.org\/zap|github\.com\/rs\/zerolog|github\.com\/sirupsen\/logrus|logger_json|logfmt_ex|ecs_logger|tracing-subscriber|slog|log4js)$/i,
    kind: "structured-logging",
  },
  {
    re: /^(prom-client|prometheus[_-]client|prometheus[_-]fastapi[_-]instrumentator|django-prometheus|github\.com\/prometheus\/client_golang|prom_ex|telemetry_metrics_prometheus(_core)?|peep|hot-shots|statsd|datadog|dogstatsd-ruby|@opentelemetry\/sdk-metrics|opentelemetry-exporter-prometheus|go\.opentelemetry\.io\/otel\/sdk\/metric|metrics-exporter-prometheus)$/i,
    kind: "metrics",
  },
  {
    re: /^(@opentelemetry\/(api|sdk-node|sdk-trace-\w+)|opentelemetry[_-](api|sdk|exporter[_-]otlp.*)|go\.opentelemetry\.io\/otel(\/trace|\/sdk)?|opentelemetry(_api|_exporter|_phoenix|_ecto)?|dd-trace|ddtrace|spandex|jaeger-client|@sentry\/tracing|tracing-opentelemetry)$/i,
    kind: "tracing",
  },
];

const WEB_FRAMEWORKS: Partial<Record<string, RegExp>> = {
  Hex: /^(phoenix|plug_cowboy|bandit)$/,
  npm: /^(express|fastify|koa|@nestjs\/core|@hapi\/hapi|hono|next)$/,
  PyPI: /^(flask|django|fastapi|starlette|aiohttp|tornado|sanic)$/i,
  Go: /^(github\.com\/gin-gonic\/gin|github\.com\/labstack\/echo(\/v4)?|github\.com\/go-chi\/chi(\/v5)?|github\.com\/gofiber\/fiber(\/v2)?|github\.com\/gorilla\/mux)$/,
  "crates.io": /^(actix-web|axum|rocket)$/,
  RubyGems: /^(rails|sinatra)$/,
};

function isWebFramework(dep: { ecosystem: string; name: string }): boolean {
  return WEB_FRAMEWORKS[dep.ecosystem]?.test(dep.name) ?? false;
}

interface CodeSignal {
  kind: SignalKind | "listener";
  via: string;
  line: number;
}

const CODE_SIGNALS: Array<{ re: RegExp; kind: SignalKind | "listener"; via: string }> = [
  {
    re: /["'`](\/(api\/)?(health|healthz|healthcheck|health-check|heartbeat|livez|readyz|readiness|liveness|ready|live|status|ping)\/?)["'`]/,
    kind: "health-endpoint",
    via: "health route",
  },
  {
    re: /\bHealthCheck\b|grpc_health_v1|\bhealth\.NewServer\(|\brest\.Ping\b/,
    kind: "health-endpoint",
    via: "health check handler",
  },
  { re: /"log\/slog"/, kind: "structured-logging", via: "log/slog" },
  {
    re: /\bLoggerJSON\b|\bformatter:\s*\{?\s*LoggerJSON|:json\s*(formatter|format)\b/i,
    kind: "structured-logging",
    via: "JSON log formatter",
  },
  {
    re: /\bjsonlogger\.JsonFormatter\b|\bJSONRenderer\(\)/,
    kind: "structured-logging",
    via: "JSON log formatter",
  },
  {
    re: /"\/metrics"|\bpromhttp\.Handler\(\)|\bprometheus\.(MustRegister|NewCounter|NewHistogram)\b|\bTelemetry\.Metrics\b/,
    kind: "metrics",
    via: "metrics endpoint/instruments",
  },
  {
    re: /\b(trace\.get_tracer|otel\.Tracer|tracer\.start_as_current_span|OpenTelemetry\.Tracer|trace\.getTracer)\b/,
    kind: "tracing",
    via: "tracer",
  },
  {
    re: /\bhttp\.ListenAndServe(TLS)?\(|\.listen\(\s*(process\.env\.PORT|\d{2,5}|port|PORT)\b|\buvicorn\.run\(|\bapp\.run\(|\bPlug\.Cowboy\b|\bPhoenix\.Endpoint\b|\bgrpc\.NewServer\(/,
    kind: "listener",
    via: "server listener",
  },
];

export const observabilityAnalyzer = defineAnalyzer<CodeSignal[]>({
  id: "observability.signals",
  languages: ["go", "python", "typescript", "tsx", "javascript", "elixir", "rust", "ruby", "java"],
  needsTree: false,
  prefilter: (text) =>
    /health|healthz|heartbeat|Ping|livez|readyz|slog|LoggerJSON|JsonFormatter|JSONRenderer|metrics|prometheus|Tracer|tracer|listen|ListenAndServe|uvicorn|app\.run|Cowboy|Endpoint|grpc|ping|status/.test(
      text,
    ),
  analyze({ lines, isTest }) {
    if (isTest) return undefined;
    const out: CodeSignal[] = [];
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|#)/.test(line)) return;
      for (const s of CODE_SIGNALS) {
        const key = `${s.kind}:${s.via}`;
        if (seen.has(key) || !s.re.test(line)) continue;
        seen.add(key);
        out.push({ kind: s.kind, via: s.via, line: i + 1 });
      }
    });
    return out.length > 0 ? out : undefined;
  },
});

function inFolder(path: string, folder: string): boolean {
  return folder === "." || path === folder || path.startsWith(folder + "/");
}

export const observabilityCollector = defineCollector({
  id: "observability",
  dependsOn: ["apps", ...ECOSYSTEM_FACT_KEYS] as Array<"apps">,
  collect(ctx): ObservabilityFacts {
    const signals: ObservabilitySignal[] = [];
    const declared: DeclaredDependency[] = [];
    const facts = ctx.facts as unknown as Record<string, unknown>;
    for (const key of ECOSYSTEM_FACT_KEYS) {
      const deps = (facts[key] as { dependencies?: unknown } | undefined)?.dependencies;
      if (isEcosystemDependencies(deps)) declared.push(...deps.declared.filter((d) => !d.dev));
    }
    for (const dep of declared) {
      for (const s of DEPENDENCY_SIGNALS)
        if (s.re.test(dep.name))
          signals.push({ kind: s.kind, via: dep.name, path: dep.manifest, line: dep.line });
    }
    const listeners: Array<{ via: string; path: string; line: number }> = [];
    for (const { file, value } of ctx.fileFacts(observabilityAnalyzer)) {
      for (const s of value) {
        if (s.kind === "listener") listeners.push({ via: s.via, path: file.path, line: s.line });
        else signals.push({ kind: s.kind, via: s.via, path: file.path, line: s.line });
      }
    }
    // File-system routes (Next.js app/pages API routes, SvelteKit, Nuxt server routes) named like a health probe.
    for (const file of ctx.index.files) {
      if (file.isTest) continue;
      const route =
        /(^|\/)(app|pages|routes|server)\/(api\/)?(health|healthz|heartbeat|livez|readyz|ping)(\/(route|index|\+server))?\.[cm]?[jt]sx?$/.exec(
          file.path,
        );
      if (route)
        signals.push({ kind: "health-endpoint", via: "health route file", path: file.path, line: 1 });
    }
    const services: ServiceApp[] = [];
    for (const app of ctx.facts.apps ?? []) {
      // Example, documentation and test apps are not services; neither is a web framework's own package.
      if (
        isExamplePath(`${app.path}/`) ||
        isTestPath(`${app.path}/x`) ||
        Object.values(WEB_FRAMEWORKS).some((re) => re?.test(app.name))
      )
        continue;
      const framework = declared.find(
        (d) =>
          isWebFramework(d) &&
          inFolder(d.manifest, app.path) &&
          d.manifest.split("/").length === app.manifest.split("/").length,
      );
      const listener = listeners.find((l) => inFolder(l.path, app.path));
      const evidence = framework
        ? { via: framework.name, path: framework.manifest, line: framework.line }
        : listener;
      if (evidence) services.push({ name: app.name, ecosystem: app.ecosystem, path: app.path, evidence });
    }
    signals.sort(
      (a, b) => compareCodeUnits(a.kind, b.kind) || compareCodeUnits(a.path, b.path) || a.line - b.line,
    );
    return { signals, services };
  },
});

export default definePack({
  name: "observability",
  analyzers: [observabilityAnalyzer],
  collectors: [observabilityCollector],
  describe(facts) {
    const obs = facts.observability;
    if (!obs) return [];
    const out = [];
    const kinds: SignalKind[] = ["structured-logging", "metrics", "tracing", "health-endpoint"];
    for (const kind of kinds) {
      const found = obs.signals.filter((s) => s.kind === kind);
      const first = found[0];
      out.push({
        area: "observability" as const,
        label: kind.replace("-", " "),
        value: found.length === 0 ? "none found" : [...new Set(found.map((s) => s.via))].join(", "),
        ...(first ? { location: { path: first.path, startLine: first.line, endLine: first.line } } : {}),
      });
    }
    for (const s of obs.services)
      out.push({
        area: "observability" as const,
        label: `Service ${s.name}`,
        value: `${s.ecosystem} at ${s.path} (${s.evidence.via})`,
        location: { path: s.evidence.path, startLine: s.evidence.line, endLine: s.evidence.line },
      });
    return out;
  },
});
