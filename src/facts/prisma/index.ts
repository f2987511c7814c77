// Facts pack `prisma`: the Prisma schema of the repository (datasource provider, models, fields, relations and
// indexes), read from every `*.prisma` file, so the database area covers Prisma projects as it covers Ecto ones.
import { defineCollector, definePack } from "../define.js";
import type { AreaFactEntry } from "../repo-facts.js";
import { prismaQueriesAnalyzer, type PrismaQueryKey } from "./queries.js";
import { parsePrismaSchema, type PrismaDatasource, type PrismaModel } from "./schema.js";

export type { PrismaBlockIndex, PrismaDatasource, PrismaField, PrismaModel } from "./schema.js";

export interface PrismaFacts {
  /** The `.prisma` files read, sorted by path. */
  schemaFiles: string[];
  datasources: PrismaDatasource[];
  models: PrismaModel[];
  /**
   * What Prisma Client code queries, one entry per model accessor, key and sibling keys (first place seen): fields
   * filtered on in `where` (`{ accessor: "passkey", key: "userId", siblings: [] }`) and relations loaded with
   * `include`/`select`.
   */
  queries: { where: PrismaQueryUse[]; loads: PrismaQueryUse[] };
}

export type PrismaQueryUse = PrismaQueryKey & { path: string };

declare module "../repo-facts.js" {
  interface RepoFacts {
    prisma: PrismaFacts;
  }
}

/**
 * The fields a model's indexes can serve as their leading column: `@id`, `@unique`, and the first field of each
 * `@@id`, `@@unique` and `@@index`. (A multi-column index serves lookups on its first column only.)
 */
export function leadingIndexedFields(model: PrismaModel): Set<string> {
  const fields = new Set<string>();
  for (const field of model.fields)
    if (field.attributes.some((attribute) => /^@(id|unique)\b/.test(attribute))) fields.add(field.name);
  for (const index of model.indexes) if (index.fields[0]) fields.add(index.fields[0]);
  return fields;
}

/**
 * Whether an index of the model starts with exactly these fields in some order (`@@id([projectId, conversationId,
 * seq])` for the relation fields `[conversationId, projectId]`): equality lookups on all of them use it.
 */
export function indexLeadsWith(model: PrismaModel, fields: readonly string[]): boolean {
  if (fields.length === 0) return false;
  const wanted = new Set(fields);
  return model.indexes.some(
    (index) =>
      index.fields.length >= fields.length &&
      index.fields.slice(0, fields.length).every((f) => wanted.has(f)),
  );
}

/** The datasource that governs a model: the one in its file, else the only one of the repository. */
export function datasourceOf(facts: PrismaFacts, model: PrismaModel): PrismaDatasource | null {
  const sameFile = facts.datasources.find((source) => source.path === model.path);
  if (sameFile) return sameFile;
  // A multi-file schema keeps its models in a folder below the file with the datasource.
  const dirOf = (path: string): string => path.slice(0, path.lastIndexOf("/") + 1);
  const enclosing = facts.datasources
    .filter((source) => model.path.startsWith(dirOf(source.path)))
    .sort((a, b) => dirOf(b.path).length - dirOf(a.path).length);
  if (enclosing[0]) return enclosing[0];
  return facts.datasources.length === 1 ? (facts.datasources[0] ?? null) : null;
}

export const prismaCollector = defineCollector({
  id: "prisma",
  collect(ctx) {
    const facts: PrismaFacts = {
      schemaFiles: [],
      datasources: [],
      models: [],
      queries: { where: [], loads: [] },
    };
    for (const file of ctx.index.files) {
      if (!file.path.endsWith(".prisma") || /(^|\/)node_modules\//.test(file.path)) continue;
      const text = ctx.index.read(file.path);
      if (text === null) continue;
      const schema = parsePrismaSchema(file.path, text);
      facts.schemaFiles.push(file.path);
      facts.datasources.push(...schema.datasources);
      facts.models.push(...schema.models);
    }
    if (facts.models.length === 0) return facts;
    const seen = new Set<string>();
    for (const { file, value } of ctx.fileFacts(prismaQueriesAnalyzer)) {
      if (file.isTest) continue;
      for (const [kind, keys] of [
        ["where", value.where],
        ["loads", value.loads],
      ] as const)
        for (const use of keys) {
          const id = `${kind} ${use.accessor ?? ""}.${use.key} ${use.siblings?.join(",") ?? ""}`;
          if (seen.has(id)) continue;
          seen.add(id);
          facts.queries[kind].push({ ...use, path: file.path });
        }
    }
    return facts;
  },
});

function describePrisma(facts: PrismaFacts): AreaFactEntry[] {
  if (facts.models.length === 0 && facts.datasources.length === 0) return [];
  const relations = facts.models.flatMap((model) => model.fields.filter((field) => field.relation !== null));
  const indexes = facts.models.flatMap((model) => model.indexes.filter((index) => index.kind === "index"));
  const unique = facts.models.reduce(
    (count, model) =>
      count +
      model.indexes.filter((index) => index.kind === "unique").length +
      model.fields.filter((field) => field.attributes.some((a) => a.startsWith("@unique"))).length,
    0,
  );
  const providers = [...new Set(facts.datasources.map((source) => source.provider ?? "from env"))];
  const first = facts.datasources[0] ?? facts.models[0];
  const entries: AreaFactEntry[] = [
    {
      area: "database",
      label: "Prisma schema",
      value: `${providers.join(", ") || "no datasource"}; ${facts.models.length} models, ${relations.length} relations holding a foreign key, ${indexes.length} @@index, ${unique} unique constraints (${facts.schemaFiles.join(", ")})`,
      location: first ? { path: first.path, startLine: first.line, endLine: first.line } : null,
    },
  ];
  if (facts.models.length > 0)
    entries.push({
      area: "database",
      label: "Prisma models",
      value: facts.models.map((model) => model.name).join(", "),
      location: null,
    });
  return entries;
}

export default definePack({
  name: "prisma",
  analyzers: [prismaQueriesAnalyzer],
  collectors: [prismaCollector],
  describe: (facts) => (facts.prisma ? describePrisma(facts.prisma) : []),
});
