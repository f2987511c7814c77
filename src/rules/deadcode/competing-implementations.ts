// elixir/competing-implementations: several modules in different namespaces implementing one concern (Cache, Search …).
import { hasMixProject } from "../../facts/elixir/applies.js";
import { HEX_LIBRARY_PURPOSES } from "../../facts/elixir/purposes.js";
import { defineRule } from "../define-rule.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

// The module's last name segment must end with the concern's noun (`StockCache`, not `CacheControl`).
// `purpose` names the libraries (facts/elixir/purposes.ts) a module may delegate the concern to.
const CONCERNS: Array<{ concern: string; pattern: RegExp; purpose?: string }> = [
  { concern: "cache", pattern: /^\w*Cache$/, purpose: "caching" },
  { concern: "search", pattern: /^\w*(Search|Searcher)$/ },
  { concern: "orchestrator", pattern: /^\w*Orchestrator$/ },
  { concern: "rate limiter", pattern: /^\w*RateLimiter$/, purpose: "rate limiting" },
  { concern: "circuit breaker", pattern: /^\w*CircuitBreaker$/ },
  { concern: "retry", pattern: /^\w*(Retry|Retrier|RetryStrategy)$/ },
];

/** `con_cache` → `ConCache`: the module namespace a Hex package is called by. */
const camelize = (name: string) =>
  name
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");

/**
 * Modules that serve a concern rather than implement it: web entry points (the endpoints of a web namespace's API,
 * `AppWeb.Api.People.Search`, as controllers), jobs, plugs, tests, mocks.
 */
const NOT_AN_IMPLEMENTATION =
  /(^|\.)(Workers?|Jobs?|Plugs?|Views?|Controllers?|Components?|Live|Channels?|Polic(?:y|ies)|Migrations|Test|Tests|Mocks?|Stubs?|Fakes?)(\.|$)|^\w+Web\.(Api|API)\./;
const WEB_ROLES = new Set([
  "controller",
  "liveview",
  "live-component",
  "router",
  "endpoint",
  "test",
  "migration",
  "schema",
]);

/** Where a cache module keeps its entries, by the modules it calls: memory, a store, or not told (null). */
function cacheTier(calls: readonly string[]): "memory" | "store" | null {
  const memory = calls.some((called) => /^(:ets|:persistent_term|:dets|Agent)$/.test(called));
  const store = calls.some((called) =>
    /(^|\.)(Repo|Store|Storage|Bucket|S3|ExAws|Redix|Redis)$/.test(called),
  );
  return memory === store ? null : memory ? "memory" : "store";
}

/**
 * A "cache" module that works on the HTTP connection (calls or imports Plug.Conn) and keeps nothing itself sets
 * cache headers (Cache-Control, ETag): HTTP caching of responses, not a store of entries.
 */
function cacheHeaders(mod: { calls: string[]; imports: string[] }): boolean {
  return cacheTier(mod.calls) === null && [...mod.calls, ...mod.imports].some((m) => m === "Plug.Conn");
}

/** The cache modules of the tier most of them share; modules whose tier is not told count with every tier. */
function largestTier<T extends { calls: string[] }>(modules: T[]): T[] {
  const untold = modules.filter((mod) => cacheTier(mod.calls) === null);
  const memory = modules.filter((mod) => cacheTier(mod.calls) === "memory");
  const store = modules.filter((mod) => cacheTier(mod.calls) === "store");
  return memory.length >= store.length ? [...memory, ...untold] : [...store, ...untold];
}

export default defineRule({
  id: "elixir/competing-implementations",
  area: "deadcode",
  severity: "medium",
  title: "Competing implementations of one concern",
  effortMinutes: 240,
  confidence: "heuristic",
  options: { minModules: 2 },
  docs: {
    rationale:
      "Several modules named for the same concern (a cache, a search, an orchestrator) in different parts of the tree usually mean each team wrote its own instead of sharing one.",
    impact:
      "Bugs fixed in one copy stay in the others; behaviour (expiry, ranking, retries) differs by caller.",
    fix: "Choose one implementation, give it the union of needed features, migrate callers and delete the rest.",
    example: {
      bad: "Shop.Catalog.Cache, Shop.Inventory.StockCache, ShopWeb.PageCache — three ETS caches",
      good: "Shop.Cache (one module, namespaced keys) used by catalog, inventory and web",
      language: "elixir",
    },
  },
  notes: [
    "Modules are grouped by the last segment of their name; sub-modules of one implementation (Foo.Cache.Server under Foo.Cache) count once.",
    "Web modules, workers, plugs, views, tests and mocks are not counted; adapters of one behaviour are not distinguished from competing implementations, hence heuristic.",
    "Caches of different tiers do not compete: one that keeps entries in memory (`:ets`, `:persistent_term`, an Agent) and one that keeps them in a store (the Repo, an object store, S3, Redis) are counted apart; a cache whose tier its calls do not tell counts with either.",
    "A cache module that works on the HTTP connection (calls or imports Plug.Conn) and keeps nothing in memory or a store sets cache headers (Cache-Control, ETag): it is not counted.",
    "A module that delegates the concern to a library (a cache calling Cachex, ConCache or Nebulex; a rate limiter calling Hammer) or to another module named for the concern is a user of that implementation, not a competing one, and is not counted.",
  ],
  applies: hasMixProject,
  check({ facts, options, report }) {
    const modules = facts.elixir.modules.filter(
      (mod) => !mod.isTest && !WEB_ROLES.has(mod.role) && !NOT_AN_IMPLEMENTATION.test(mod.name),
    );
    for (const { concern, pattern, purpose } of CONCERNS) {
      const libraries = new Set(
        (HEX_LIBRARY_PURPOSES.find((entry) => entry.purpose === purpose)?.libraries ?? []).map(camelize),
      );
      const delegates = (mod: (typeof modules)[number]) =>
        mod.calls.some(
          (called) =>
            libraries.has(called.split(".")[0]!) ||
            (!called.startsWith(":") && pattern.test(called.split(".").at(-1) ?? "") && called !== mod.name),
        );
      const matching = modules.filter(
        (mod) =>
          pattern.test(mod.name.split(".").at(-1) ?? "") &&
          !delegates(mod) &&
          !(concern === "cache" && cacheHeaders(mod)),
      );
      // Keep roots only: drop modules nested under another matching module.
      const allRoots = matching.filter(
        (mod) => !matching.some((other) => other !== mod && mod.name.startsWith(`${other.name}.`)),
      );
      // Caches kept in memory (ETS, an Agent) and caches kept in a store (the database, an object store) are two
      // tiers, not two answers to one question: only caches of one tier (or of a tier not told) compete.
      const roots = concern === "cache" ? largestTier(allRoots) : allRoots;
      if (roots.length < Number(options.minModules)) continue;
      const sorted = [...roots].sort((a, b) => compareCodeUnits(a.path, b.path));
      const first = sorted[0]!;
      report({
        path: first.path,
        line: first.line,
        message: `${sorted.length} ${concern} modules: ${sorted.map((mod) => mod.name).join(", ")}`,
        snippet: sorted.map((mod) => `${mod.path}:${mod.line} ${mod.name}`).join("\n"),
        key: `${concern}:${sorted.map((mod) => mod.name).join(",")}`,
        related: sorted.slice(1).map((mod) => ({ path: mod.path, startLine: mod.line, endLine: mod.line })),
      });
    }
  },
});
