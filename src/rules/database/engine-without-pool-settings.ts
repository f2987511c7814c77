// python/engine-without-pool-settings: create_engine in a web service with no pool sizing and no pre-ping.
import { isAuxiliaryPath } from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

// Alembic env.py and revision folders: engines for one migration run, not the service pool.
const MIGRATIONS = /(^|\/)(migrations|alembic|revisions)\//;
const POOL_KEYWORDS = /^(pool_size|max_overflow|pool_pre_ping|pool_recycle|pool_timeout|poolclass|pool)$/;

export default defineRule({
  id: "python/engine-without-pool-settings",
  area: "database",
  severity: "low",
  title: "SQLAlchemy engine without pool settings or pre-ping",
  effortMinutes: 15,
  confidence: "heuristic",
  notes: [
    "Only in services: the repository has a FastAPI/Flask/Django app or declares one of them. Engines in tests, examples, scripts and migration folders (Alembic env.py), engines on SQLite URLs, calls that pass `**kwargs`, and engines made for one function's work (assigned to a local the function neither returns nor stores) are not reported.",
    "Any of pool_size, max_overflow, pool_pre_ping, pool_recycle, pool_timeout, poolclass or pool counts as configured.",
    "Low: the default pool serves a service until the database restarts or a proxy culls idle connections; setting pre-ping and sizes is tuning to do, not a defect that blocks a release.",
  ],
  docs: {
    rationale:
      "The default pool (5 connections + 10 overflow, no liveness check) is rarely what a service under load and behind a database proxy or failover needs.",
    impact:
      "After a database restart or idle-connection cull, requests fail with 'server closed the connection unexpectedly' until the pool recycles; bursts wait on the 30-second pool timeout.",
    fix: "Set pool_pre_ping=True and size the pool to the worker count (pool_size, max_overflow, pool_recycle) from configuration.",
    example: {
      language: "python",
      bad: "engine = create_engine(settings.database_url)",
      good: "engine = create_engine(settings.database_url, pool_pre_ping=True, pool_size=10, max_overflow=5, pool_recycle=1800)",
    },
  },
  applies(facts) {
    const py = facts.python;
    if (!py) return { status: "unknown", reason: "Python facts were not collected" };
    if (py.engines.length === 0)
      return { status: "not-applicable", reason: "no create_engine/create_async_engine call" };
    const service =
      py.frameworks.length > 0 ||
      py.dependencies.declared.some(
        (d) => ["fastapi", "flask", "django", "starlette", "litestar"].includes(d.name) && !d.dev,
      );
    return service
      ? true
      : { status: "not-applicable", reason: "no FastAPI/Flask/Django app or dependency: not a service" };
  },
  check({ facts, report }) {
    for (const engine of facts.python.engines) {
      if (
        engine.isTest ||
        isAuxiliaryPath(engine.path) ||
        MIGRATIONS.test(engine.path) ||
        engine.kwargsSplat ||
        engine.localToFunction
      )
        continue;
      if (engine.url?.startsWith("sqlite")) continue;
      if (engine.keywords.some((k) => POOL_KEYWORDS.test(k))) continue;
      report({
        path: engine.path,
        line: engine.line,
        message: `${engine.call}() uses the default pool with no pool_pre_ping or sizing`,
        key: `engine-pool:${engine.call}`,
      });
    }
  },
});
