// What the repository-level HTTP server rules share: which servers production code starts, whether the rules
// apply, and how the servers are cited as evidence.
import type { RepoFacts } from "../../facts/repo-facts.js";
import type { SecretFacts } from "../../facts/secrets/index.js";
import type { Location } from "../../model/finding.js";
import { isExamplePath } from "../../repo/path-kind.js";
import type { Applicability } from "../define-rule.js";

type Signal = SecretFacts["signals"][number];

/** Servers started by production code: not tests, examples, docs or prose files. */
export function productionServers(signals: readonly Signal[]): Signal[] {
  return signals.filter(
    (s) =>
      s.signal === "http-server" &&
      !s.isTest &&
      !isExamplePath(s.path) &&
      !/\.(md|rst|txt|adoc)$/i.test(s.path),
  );
}

export function httpServersApply(facts: RepoFacts): Applicability {
  if (!facts.secrets) return { status: "unknown", reason: "security signals were not collected" };
  return productionServers(facts.secrets.signals).length > 0
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
