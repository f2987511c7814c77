// What the repository-level HTTP server rules share: which servers production code starts, whether the rules
// apply, and how the servers are cited as evidence.
import type { RepoFacts } from "../../facts/repo-facts.js";
import type { SecretFacts } from "../../facts/secrets/index.js";
import type { Location } from "../../model/finding.js";
import { isExamplePath } from "../../repo/path-kind.js";
import type { Applicability } from "../define-rule.js";

type Signal = SecretFacts["signals"][number];

/** Packages that are web frameworks themselves: their sources show how an application starts a server. */
const WEB_FRAMEWORK_PACKAGE =
  /^(flask|django|fastapi|starlette|quart|sanic|tornado|aiohttp|bottle|falcon|express|fastify|koa|hono|@nestjs\/core|phoenix|plug|bandit|github\.com\/(gin-gonic\/gin|labstack\/echo(\/v\d+)?|gofiber\/fiber(\/v\d+)?|go-chi\/chi(\/v\d+)?))$/i;

/**
 * Servers started by production code: not tests, examples, docs or prose files, and not the sources of a web
 * framework's own package (its docstrings and helpers start servers as examples for applications).
 */
export function productionServers(signals: readonly Signal[], apps: RepoFacts["apps"] = []): Signal[] {
  const frameworks = apps.filter((app) => WEB_FRAMEWORK_PACKAGE.test(app.name));
  return signals.filter(
    (s) =>
      s.signal === "http-server" &&
      !s.isTest &&
      !isExamplePath(s.path) &&
      !/\.(md|rst|txt|adoc)$/i.test(s.path) &&
      !frameworks.some((app) => app.path === "." || s.path.startsWith(`${app.path}/`)),
  );
}

export function httpServersApply(facts: RepoFacts): Applicability {
  if (!facts.secrets) return { status: "unknown", reason: "security signals were not collected" };
  return productionServers(facts.secrets.signals, facts.apps).length > 0
    ? true
    : { status: "not-applicable", reason: "no HTTP server start found in the code" };
}

/** The servers as a finding cites them: "N HTTP servers (a:1, b:2, …)", one snippet line each, related locations. */
export function citeServers(servers: readonly Signal[]): {
  summary: string;
  snippet: string;
  related: Location[];
} {
  const where = servers.map((s) => `${s.path}:${s.line}`);
  return {
    summary: `${servers.length} HTTP server${servers.length > 1 ? "s" : ""} (${where.slice(0, 3).join(", ")}${where.length > 3 ? ", …" : ""})`,
    snippet: servers.map((s) => `${s.path}:${s.line}: ${s.match}`).join("\n"),
    related: servers.slice(0, 5).map((s) => ({ path: s.path, startLine: s.line, endLine: s.line })),
  };
}
