// Frameworks the repository uses that no check of this tool reads: named in "What was not analysed" with the areas
// they would feed, so an area that looks clean or NOT APPLICABLE is not mistaken for a checked one.
import type { RepoFacts } from "../facts/repo-facts.js";
import type { UncoveredFramework } from "../model/audit.js";
import type { AreaId } from "../model/areas.js";

interface KnownGap {
  name: string;
  /** Registry name (OSV spelling) and package names that bring it in. */
  ecosystem: "npm" | "PyPI" | "Go" | "Hex";
  packages: RegExp;
  areas: AreaId[];
  /** Files whose presence is what makes it uncovered (Next.js route handlers, not Next.js pages). */
  files?: RegExp;
}

/**
 * What the rules do not read. Route-auth rules read Express-style routers, FastAPI/Flask/Django views, Go routers
 * (net/http, chi, gin, echo, fiber, gorilla/mux, httprouter) and Phoenix routers; database rules read Ecto, SQLAlchemy
 * with Alembic, and database/sql.
 */
const GAPS: KnownGap[] = [
  { name: "Prisma", ecosystem: "npm", packages: /^(prisma|@prisma\/client)$/, areas: ["database"] },
  { name: "Drizzle ORM", ecosystem: "npm", packages: /^drizzle-orm$/, areas: ["database"] },
  { name: "TypeORM", ecosystem: "npm", packages: /^typeorm$/, areas: ["database"] },
  { name: "Sequelize", ecosystem: "npm", packages: /^sequelize$/, areas: ["database"] },
  { name: "Mongoose", ecosystem: "npm", packages: /^mongoose$/, areas: ["database"] },
  { name: "Knex", ecosystem: "npm", packages: /^knex$/, areas: ["database"] },
  { name: "tRPC procedures", ecosystem: "npm", packages: /^@trpc\/server$/, areas: ["web", "security"] },
  { name: "Hono routes and middleware", ecosystem: "npm", packages: /^hono$/, areas: ["web", "security"] },
  {
    name: "NestJS controllers and guards",
    ecosystem: "npm",
    packages: /^@nestjs\/core$/,
    areas: ["web", "security"],
  },
  {
    name: "Next.js route handlers",
    ecosystem: "npm",
    packages: /^next$/,
    areas: ["web", "security"],
    files: /(^|\/)(app\/(.+\/)?route\.[cm]?[jt]sx?|pages\/api\/.+\.[cm]?[jt]sx?)$/,
  },
  {
    name: "Remix loaders and actions",
    ecosystem: "npm",
    packages: /^(@remix-run\/(node|server-runtime|react)|@react-router\/node)$/,
    areas: ["web", "security"],
  },
  { name: "SvelteKit endpoints", ecosystem: "npm", packages: /^@sveltejs\/kit$/, areas: ["web", "security"] },
  { name: "Nuxt server routes", ecosystem: "npm", packages: /^nuxt$/, areas: ["web", "security"] },
  {
    name: "GraphQL resolvers",
    ecosystem: "npm",
    packages:
      /^(@apollo\/server|apollo-server(-[a-z]+)?|graphql-yoga|mercurius|type-graphql|@nestjs\/graphql)$/,
    areas: ["web", "security"],
  },
  { name: "Django ORM models and migrations", ecosystem: "PyPI", packages: /^django$/i, areas: ["database"] },
  {
    name: "Starlette, aiohttp, Tornado, Sanic or Litestar routes",
    ecosystem: "PyPI",
    packages: /^(starlette|aiohttp|tornado|sanic|litestar)$/i,
    areas: ["web", "security"],
  },
  {
    name: "Tortoise, Peewee or MongoEngine models",
    ecosystem: "PyPI",
    packages: /^(tortoise-orm|peewee|mongoengine|beanie|odmantic)$/i,
    areas: ["database"],
  },
  { name: "GORM", ecosystem: "Go", packages: /^gorm\.io\/gorm$/, areas: ["database"] },
  { name: "ent", ecosystem: "Go", packages: /^entgo\.io\/ent$/, areas: ["database"] },
  { name: "bun", ecosystem: "Go", packages: /^github\.com\/uptrace\/bun$/, areas: ["database"] },
  {
    name: "gRPC services and interceptors",
    ecosystem: "Go",
    packages: /^google\.golang\.org\/grpc$/,
    areas: ["web", "security"],
  },
  { name: "Absinthe GraphQL schema", ecosystem: "Hex", packages: /^absinthe$/, areas: ["web", "security"] },
  { name: "Ash resources", ecosystem: "Hex", packages: /^ash$/, areas: ["database", "web"] },
];

/** The uncovered frameworks among the production dependencies, each once, with its first declaration. */
export function uncoveredFrameworks(facts: RepoFacts, paths: readonly string[]): UncoveredFramework[] {
  const declared = (facts.dependencies?.declared ?? []).filter((dep) => !dep.dev);
  const out: UncoveredFramework[] = [];
  for (const gap of GAPS) {
    const dep = declared.find((d) => d.ecosystem === gap.ecosystem && gap.packages.test(d.name));
    if (!dep) continue;
    if (gap.files) {
      const file = paths.find((path) => gap.files?.test(path));
      if (!file) continue;
      out.push({ name: gap.name, evidence: { path: file, line: 1 }, areas: gap.areas });
      continue;
    }
    out.push({ name: gap.name, evidence: { path: dep.manifest, line: dep.line }, areas: gap.areas });
  }
  return out;
}
