// Facts pack `tsweb`: the HTTP entry points of TypeScript web stacks — Next.js route handlers, API routes and server
// actions, Remix / React Router loaders and actions, Hono and NestJS routes, tRPC procedures — with the
// authentication each shows, so the web and security areas cover these stacks as they cover Phoenix or FastAPI.
import { defineAnalyzer, defineCollector, definePack } from "../define.js";
import { NODE_LANGUAGES } from "../node/imports.js";
import { nodeImportResolver } from "../symbols/index.js";
import type { AreaFactEntry } from "../repo-facts.js";
import { expressFacts, joinExpressFacts, type ExpressFacts, type ExpressFileFacts } from "./express.js";
import {
  routeFacts,
  type TsMiddlewareSite,
  type TsMountSite,
  type TsRouteFileFacts,
  type TsRouteSite,
} from "./routes.js";
import {
  trpcFacts,
  type TrpcBaseSite,
  type TrpcFileFacts,
  type TrpcMiddlewareSite,
  type TrpcProcedureSite,
  type TrpcUse,
} from "./trpc.js";

export type { TsRouteFramework, TsRouteSite } from "./routes.js";
export type { ExpressFacts, ExpressMount, ExpressRoute } from "./express.js";
export type { TrpcProcedureSite, TrpcUse } from "./trpc.js";

interface TsWebFileFacts {
  routes?: TsRouteFileFacts;
  trpc?: TrpcFileFacts;
}

/** Where a fact was found. */
interface At {
  path: string;
  isTest: boolean;
}

/** Whether a procedure or base refuses anonymous callers, and what in the code says so. */
export interface TrpcGuard {
  /**
   * guarded: refuses callers without a user or session; restricted: refuses every call with FORBIDDEN or UNAUTHORIZED
   * under a condition that is not about the caller (a first-run wizard's step); public: neither.
   */
  status: "guarded" | "restricted" | "public";
  /** `authenticatedMiddleware refuses callers without a session (packages/trpc/server/trpc.ts:73)`, or why public. */
  evidence: string;
}

export type TrpcProcedure = TrpcProcedureSite & At & { guard: TrpcGuard };
export type TrpcBase = TrpcBaseSite & At & { guard: TrpcGuard };
export type TsRoute = TsRouteSite & At;

export interface TsWebFacts {
  routes: TsRoute[];
  honoMiddlewares: Array<TsMiddlewareSite & At>;
  honoMounts: Array<TsMountSite & At>;
  /** Express / Koa-router routes with the auth their router gets in its file and through the mounts leading to it. */
  express: ExpressFacts;
  trpc: {
    procedures: TrpcProcedure[];
    bases: TrpcBase[];
    middlewares: Array<TrpcMiddlewareSite & At>;
  };
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    tsweb: TsWebFacts;
  }
}

const ROUTE_PATH = /(?:^|\/)(?:app\/(?:.*\/)?route|pages\/api\/.*|app\/routes\/.*)\.[cm]?[jt]sx?$/;
const CONTENT =
  /\.(?:query|mutation|subscription)\s*\(|[Pp]rocedure\b|[Mm]iddleware\b|\bnew\s+Hono\b|@(?:Controller|Resolver)\s*\(|["']use server["']/;

export const tsWebAnalyzer = defineAnalyzer<TsWebFileFacts>({
  id: "tsweb",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text, path) => ROUTE_PATH.test(path) || CONTENT.test(text),
  analyze({ path, text, tree }) {
    if (!tree) return undefined;
    const routes = routeFacts(path, text, tree);
    const trpc = /[Pp]rocedure|[Mm]iddleware/.test(text) ? trpcFacts(tree) : undefined;
    return routes || trpc ? { ...(routes ? { routes } : {}), ...(trpc ? { trpc } : {}) } : undefined;
  },
});

/** Middleware and base names that say they require a signed-in caller. */
const AUTH_NAME =
  /auth(?!or)|protect|private|admin|signedIn|loggedIn|requireUser|enforceUser|isUser|session|member|owner|permission|role|staff|superuser|user|team|org/i;
const PUBLIC_NAME = /public|maybe|optional|possibly|anon|guest/i;

function guardFromUses(
  uses: readonly TrpcUse[],
  path: string,
  middlewares: ReadonlyMap<string, TrpcMiddlewareSite & At>,
): TrpcGuard | null {
  let restricted: TrpcGuard | null = null;
  for (const use of uses) {
    if (use.name === null) {
      if (use.refusesAnonymous)
        return {
          status: "guarded",
          evidence: `an inline middleware refuses callers without a user (${path}:${use.line})`,
        };
      if (use.refusesWhen)
        restricted ??= {
          status: "restricted",
          evidence: `an inline middleware refuses every call when \`${use.refusesWhen.slice(0, 60)}\` (${path}:${use.line})`,
        };
      continue;
    }
    const defined = middlewares.get(use.name);
    if (defined?.refusesAnonymous)
      return {
        status: "guarded",
        evidence: `${use.name} refuses callers without a user (${defined.path}:${defined.line})`,
      };
    if (!defined && AUTH_NAME.test(use.name) && !PUBLIC_NAME.test(use.name))
      return { status: "guarded", evidence: `uses ${use.name} (${path}:${use.line})` };
    if (defined?.refusesWhen)
      restricted ??= {
        status: "restricted",
        evidence: `${use.name} refuses every call when \`${defined.refusesWhen.slice(0, 60)}\` (${defined.path}:${defined.line})`,
      };
  }
  return restricted;
}

/** The first guard that refuses anonymous callers, else the first that restricts every call, else the first public. */
function strongest(guards: ReadonlyArray<TrpcGuard | null>): TrpcGuard | null {
  const present = guards.filter((guard): guard is TrpcGuard => guard !== null);
  return (
    present.find((guard) => guard.status === "guarded") ??
    present.find((guard) => guard.status === "restricted") ??
    present[0] ??
    null
  );
}

/** Decides for each base and procedure whether it refuses anonymous callers, following bases across files. */
function classify(files: Array<At & { trpc: TrpcFileFacts }>): TsWebFacts["trpc"] {
  const middlewares = new Map<string, TrpcMiddlewareSite & At>();
  const baseSites = new Map<string, TrpcBaseSite & At>();
  for (const file of files) {
    for (const mw of file.trpc.middlewares)
      if (!middlewares.has(mw.name))
        middlewares.set(mw.name, { ...mw, path: file.path, isTest: file.isTest });
    for (const base of file.trpc.bases) {
      const existing = baseSites.get(base.name);
      if (!existing || (existing.isTest && !file.isTest))
        baseSites.set(base.name, { ...base, path: file.path, isTest: file.isTest });
    }
  }
  const decided = new Map<string, TrpcGuard>();
  const guardOfBase = (name: string, seen: Set<string>): TrpcGuard => {
    const known = decided.get(name);
    if (known) return known;
    const byName: TrpcGuard | null =
      AUTH_NAME.test(name.replace(/procedure$/i, "")) && !PUBLIC_NAME.test(name)
        ? { status: "guarded", evidence: `its name says so (${name})` }
        : null;
    const site = baseSites.get(name);
    let guard: TrpcGuard;
    if (!site || seen.has(name)) {
      guard = byName ?? {
        status: "public",
        evidence: `${name} adds no middleware that refuses anonymous callers`,
      };
    } else {
      seen.add(name);
      const rootGuard = site.root.includes(".") ? null : guardOfBase(site.root, seen);
      guard = strongest([
        guardFromUses(site.uses, site.path, middlewares),
        rootGuard?.status === "public" ? null : rootGuard,
        byName,
      ]) ?? {
        status: "public",
        evidence: `${name} (${site.path}:${site.line}) adds no middleware that refuses anonymous callers`,
      };
    }
    decided.set(name, guard);
    return guard;
  };
  const bases = [...baseSites.values()].map((base) => ({
    ...base,
    guard: guardOfBase(base.name, new Set()),
  }));
  const procedures: TrpcProcedure[] = [];
  for (const file of files)
    for (const procedure of file.trpc.procedures) {
      // Only chains rooted at a procedure base: `.query(fn)` on anything else is not tRPC.
      if (!baseSites.has(procedure.base) && !/(?:^|\.)procedure$|Procedure$/.test(procedure.base)) continue;
      // `onboardingProcedure.requiresStep("group")`: the base that factory method builds, when one was recorded.
      const factory = procedure.baseMethod ? `${procedure.base}.${procedure.baseMethod}` : null;
      const base = factory && baseSites.has(factory) ? factory : procedure.base;
      const baseGuard = guardOfBase(base, new Set());
      const guard =
        strongest([guardFromUses(procedure.uses, file.path, middlewares), baseGuard]) ?? baseGuard;
      procedures.push({ ...procedure, base, path: file.path, isTest: file.isTest, guard });
    }
  return { procedures, bases, middlewares: [...middlewares.values()] };
}

// Route registrations (`router.get('/x', …)`), router mounts (`app.use('/api', …)`) or Fastify request hooks.
const EXPRESS_CONTENT = /\.(?:get|post|put|patch|delete|all|use|addHook)\(/;

/** Express / Koa-router routers, routes and mounts of a file. */
export const expressAnalyzer = defineAnalyzer<ExpressFileFacts>({
  id: "tsweb-express",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) => EXPRESS_CONTENT.test(text),
  analyze({ tree }) {
    return tree ? expressFacts(tree) : undefined;
  },
});

export const tsWebCollector = defineCollector({
  id: "tsweb",
  // The node facts' tsconfig files and workspace packages: mounts resolve imports as the symbol index does.
  dependsOn: ["node"],
  collect(ctx) {
    const facts: TsWebFacts = {
      routes: [],
      honoMiddlewares: [],
      honoMounts: [],
      express: { routes: [], mounts: [] },
      trpc: { procedures: [], bases: [], middlewares: [] },
    };
    const trpcFiles: Array<At & { trpc: TrpcFileFacts }> = [];
    for (const { file, value } of ctx.fileFacts(tsWebAnalyzer)) {
      const at: At = { path: file.path, isTest: file.isTest };
      if (value.routes) {
        facts.routes.push(...value.routes.routes.map((route) => ({ ...route, ...at })));
        facts.honoMiddlewares.push(...value.routes.middlewares.map((mw) => ({ ...mw, ...at })));
        facts.honoMounts.push(...value.routes.mounts.map((mount) => ({ ...mount, ...at })));
      }
      if (value.trpc) trpcFiles.push({ ...at, trpc: value.trpc });
    }
    facts.trpc = classify(trpcFiles);
    facts.express = joinExpressFacts(
      ctx
        .fileFacts(expressAnalyzer)
        .map(({ file, value }) => ({ path: file.path, isTest: file.isTest, express: value })),
      nodeImportResolver(ctx),
    );
    return facts;
  },
});

const FRAMEWORK_LABEL: Record<TsRoute["framework"], string> = {
  "next-route-handler": "Next.js route handlers",
  "next-api-route": "Next.js API routes (pages/api)",
  "next-server-action": "Next.js server actions",
  remix: "Remix / React Router loaders and actions",
  hono: "Hono routes",
  nestjs: "NestJS controller routes",
  "nestjs-graphql": "NestJS GraphQL resolvers",
};
const LISTED = 30;

function listed(items: string[]): string {
  return items.length > LISTED
    ? `${items.slice(0, LISTED).join(", ")} … and ${items.length - LISTED} more`
    : items.join(", ");
}

function describeTsWeb(facts: TsWebFacts): AreaFactEntry[] {
  const entries: AreaFactEntry[] = [];
  const routes = facts.routes.filter((route) => !route.isTest);
  for (const framework of Object.keys(FRAMEWORK_LABEL) as Array<TsRoute["framework"]>) {
    const own = routes.filter((route) => route.framework === framework);
    if (own.length === 0) continue;
    const files = new Set(own.map((route) => route.path)).size;
    const withAuth = own.filter((route) => route.authCall !== null || route.middlewares.length > 0).length;
    const first = own[0];
    entries.push({
      area: "web",
      label: FRAMEWORK_LABEL[framework],
      value: `${own.length} in ${files} files: ${listed(own.map((route) => (route.urlPath ? `${route.method} ${route.urlPath}` : route.handler)))}`,
      location: first ? { path: first.path, startLine: first.line, endLine: first.line } : null,
    });
    entries.push({
      area: "security",
      label: `${FRAMEWORK_LABEL[framework]}: authentication`,
      value: `${withAuth} of ${own.length} read the session or name an auth middleware or guard in their own code`,
      location: null,
    });
  }
  const procedures = facts.trpc.procedures.filter((procedure) => !procedure.isTest);
  if (procedures.length > 0) {
    const count = (kind: TrpcProcedureSite["kind"]): number =>
      procedures.filter((p) => p.kind === kind).length;
    const first = procedures[0];
    entries.push({
      area: "web",
      label: "tRPC procedures",
      value: `${procedures.length} in ${new Set(procedures.map((p) => p.path)).size} files (${count("query")} queries, ${count("mutation")} mutations, ${count("subscription")} subscriptions); ${procedures.filter((p) => p.hasInput).length} declare an input schema`,
      location: first ? { path: first.path, startLine: first.line, endLine: first.line } : null,
    });
    const guarded = procedures.filter((p) => p.guard.status === "guarded").length;
    entries.push({
      area: "security",
      label: "tRPC procedures: authentication",
      value: `${guarded} of ${procedures.length} on a base or middleware that refuses anonymous callers; ${procedures.length - guarded} public`,
      location: null,
    });
  }
  for (const base of facts.trpc.bases.filter((b) => !b.isTest))
    entries.push({
      area: "security",
      label: `tRPC base ${base.name}`,
      value: `${base.guard.status}: ${base.guard.evidence}`,
      location: { path: base.path, startLine: base.line, endLine: base.line },
    });
  return entries;
}

export default definePack({
  name: "tsweb",
  analyzers: [tsWebAnalyzer, expressAnalyzer],
  collectors: [tsWebCollector],
  describe: (facts) => (facts.tsweb ? describeTsWeb(facts.tsweb) : []),
});
