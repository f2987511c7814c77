// The eighteen report areas of SPEC §3 with their fixed ids, titles and default weights.

export const AREA_IDS = [
  "build",
  "dependencies",
  "lint",
  "security",
  "deadcode",
  "database",
  "web",
  "config",
  "tests",
  "ci",
  "containers",
  "concurrency",
  "resources",
  "errors",
  "performance",
  "observability",
  "docs",
  "quality",
] as const;

export type AreaId = (typeof AREA_IDS)[number];

export interface AreaDefinition {
  id: AreaId;
  title: string;
  /** Default weight in the overall score, in percent; the defaults add up to 100. */
  weight: number;
  /** One sentence on what the area looks at, shown when it has no applicable checks. */
  scope: string;
}

export const AREAS: readonly AreaDefinition[] = [
  {
    id: "build",
    title: "Format & compilation",
    weight: 5,
    scope: "formatter configuration, CI format check, warnings-as-errors, pinned language version",
  },
  {
    id: "dependencies",
    title: "Dependencies",
    weight: 7,
    scope:
      "inventory, duplicate-purpose libraries, unpinned and local dependencies, manifest/lockfile drift, known-vulnerable versions",
  },
  {
    id: "lint",
    title: "Lint & types",
    weight: 5,
    scope: "linter and type-checker configuration versus CI, TODO/FIXME/HACK inventory, type annotations",
  },
  {
    id: "security",
    title: "Security",
    weight: 15,
    scope:
      "secrets, permissive origins, TLS verification, injection, eval, authorisation stubs, rate and size limits",
  },
  {
    id: "deadcode",
    title: "Dead code & duplication",
    weight: 4,
    scope: "empty files, duplicate modules, competing implementations, deprecated-only-in-comment modules",
  },
  {
    id: "database",
    title: "Database",
    weight: 7,
    scope:
      "migrations and indexes, writes outside transactions, unindexed queries, raw driver calls, N+1 patterns",
  },
  {
    id: "web",
    title: "Web layer",
    weight: 5,
    scope:
      "controllers, handlers and views inventory, oversized modules, data access from the web layer, input validation",
  },
  {
    id: "config",
    title: "Configuration",
    weight: 5,
    scope: "environment variables read versus documented, start-up validation, per-environment files",
  },
  {
    id: "tests",
    title: "Tests",
    weight: 9,
    scope:
      "test inventory and ratio, frameworks, coverage thresholds and measured coverage, sleeps and skipped tests",
  },
  {
    id: "ci",
    title: "CI/CD",
    weight: 6,
    scope: "workflows, jobs and gates, caching, concurrency, pinned actions, permissions, timeouts",
  },
  {
    id: "containers",
    title: "Containers",
    weight: 3,
    scope:
      "Dockerfiles and compose files: user, healthcheck, base images, cache hygiene, secrets, privileges",
  },
  {
    id: "concurrency",
    title: "Concurrency",
    weight: 6,
    scope: "unsupervised processes, monitors, raw sends, infinite timeouts, locks and goroutines",
  },
  {
    id: "resources",
    title: "Resource management",
    weight: 5,
    scope: "unclosed bodies, rows and files; clients without timeouts; requests without cancellation",
  },
  {
    id: "errors",
    title: "Error handling",
    weight: 6,
    scope: "catch-all rescues and empty catches, ignored errors, unwrapped errors, raising variants",
  },
  {
    id: "performance",
    title: "Performance",
    weight: 4,
    scope: "quadratic hand-written sorts, work inside loops, blocking I/O in handlers",
  },
  {
    id: "observability",
    title: "Observability",
    weight: 3,
    scope: "structured logging, metrics export, tracing, health endpoints",
  },
  {
    id: "docs",
    title: "Documentation",
    weight: 3,
    scope: "README sections, CONTRIBUTING, SECURITY, CHANGELOG, LICENSE, doc comments",
  },
  {
    id: "quality",
    title: "Code quality",
    weight: 2,
    scope: "god modules, long and complex functions, deep nesting, stubs, TODO clusters",
  },
];

export function isAreaId(value: string): value is AreaId {
  return (AREA_IDS as readonly string[]).includes(value);
}

export function areaDefinition(id: AreaId): AreaDefinition {
  const found = AREAS.find((area) => area.id === id);
  if (!found) throw new Error(`unknown area ${id}`);
  return found;
}
