// prisma/relation-without-index: a Prisma relation's foreign key field that no index of its model starts with, on a
// database that does not index foreign keys by itself.
import {
  datasourceOf,
  indexLeadsWith,
  leadingIndexedFields,
  type PrismaFacts,
  type PrismaField,
  type PrismaModel,
  type PrismaQueryUse,
} from "../../facts/prisma/index.js";
import { defineRule } from "../define-rule.js";
import { auditReferenceClause, deletesOnlyClause, isAuditReference } from "../shared/foreign-keys.js";

const accessorOf = (model: string): string => model.charAt(0).toLowerCase() + model.slice(1);

/** Where code queries through the foreign key: a `where` on it (or its relation) in the child, or a load from the parent. */
function queryThrough(
  facts: PrismaFacts,
  model: PrismaModel,
  relation: PrismaField,
  column: string,
): { use: PrismaQueryUse; how: string } | null {
  const child = accessorOf(model.name);
  // A filter that also names an indexed field (`where: { id, userId }`) is served by that index, not a scan.
  const indexed = leadingIndexedFields(model);
  const filter = facts.queries.where.find(
    (use) =>
      use.accessor === child &&
      (use.key === column || use.key === relation.name) &&
      !(use.siblings ?? []).some((sibling) => indexed.has(sibling)),
  );
  if (filter) return { use: filter, how: `filtered on in \`${child}\` queries` };
  const parent = facts.models.find((candidate) => candidate.name === relation.type);
  const backRelations = new Set(
    (parent?.fields ?? []).filter((field) => field.type === model.name).map((field) => field.name),
  );
  const parentAccessor = accessorOf(relation.type);
  // In a nested include the parent model is not known: only a relation name no other model uses can be matched.
  const owners = (name: string): number =>
    facts.models.filter((m) => m.fields.some((f) => f.name === name)).length;
  const load = facts.queries.loads.find(
    (use) =>
      backRelations.has(use.key) &&
      (use.accessor === parentAccessor || (use.accessor === null && owners(use.key) === 1)),
  );
  return load ? { use: load, how: `loaded as \`${relation.type}.${load.key}\`` } : null;
}

export default defineRule({
  id: "prisma/relation-without-index",
  area: "database",
  severity: "medium",
  title: "Prisma relation field without an index",
  effortMinutes: 15,
  confidence: "heuristic",
  docs: {
    rationale:
      'Prisma creates a foreign key for `@relation(fields: [...])` but no index on PostgreSQL (nor on MySQL with `relationMode = "prisma"`, where there is no foreign key at all); lookups by the field (`where: { authorId }`), `include` of the relation and deletes of the parent row then scan the whole child table.',
    impact:
      "Listing a parent's children, loading a relation or deleting a parent row gets slower as the table grows, and a cascading delete holds its locks for the length of the scan.",
    fix: "Add `@@index([field])` to the model (or make the field the first of an existing `@@index`/`@@unique`), then create the migration with `prisma migrate dev`.",
    example: {
      language: "prisma",
      bad: "model Post {\n  id       Int  @id @default(autoincrement())\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n}",
      good: "model Post {\n  id       Int  @id @default(autoincrement())\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n\n  @@index([authorId])\n}",
    },
  },
  notes: [
    "Reads the models of every `*.prisma` file (multi-file schemas included). A field is indexed when `@id` or `@unique` is on it or it is the first field of an `@@index`, `@@unique` or `@@id` (the one-field shorthand `@@index(orgId)` included); a relation over several fields is indexed when they lead an index in any order (`@@id([projectId, conversationId, seq])` for `fields: [conversationId, projectId]`).",
    'Judged on PostgreSQL and CockroachDB, and on MySQL only with `relationMode = "prisma"` (InnoDB indexes foreign keys itself); SQLite, SQL Server, MongoDB and datasources whose provider is not written are not judged.',
    "Medium when Prisma Client code queries through the field: a `where` on it or on its relation in the model's queries (`prisma.post.findMany({ where: { authorId } })`, also inside AND/OR/NOT) that names no indexed field beside it (`where: { id, authorId }` is served by the primary key), or an `include`/`select` of the back relation from the parent (`include: { posts: true }`; in a nested include only when no other model has a field of that name). Low when no such query is found: then mainly deleting a parent row scans the table.",
    "Audit references (`createdById`, `updatedById`, `invitedByUserId`: who did something) are low: code rarely queries by them, so the cost is mostly a scan when the referenced row is deleted.",
  ],
  applies(facts) {
    if (!facts.prisma) return { status: "unknown", reason: "Prisma facts were not collected" };
    return facts.prisma.models.length > 0 ? true : { status: "not-applicable", reason: "no Prisma models" };
  },
  check({ facts, report }) {
    for (const model of facts.prisma.models) {
      const source = datasourceOf(facts.prisma, model);
      const provider = source?.provider ?? null;
      const judged =
        provider === "postgresql" ||
        provider === "postgres" ||
        provider === "cockroachdb" ||
        (provider === "mysql" && source?.relationMode === "prisma");
      if (!judged) continue;
      const indexed = leadingIndexedFields(model);
      for (const field of model.fields) {
        const relation = field.relation;
        if (!relation || relation.fields.length === 0) continue;
        const [first] = relation.fields;
        // A composite relation whose fields lead an index in another order is covered: its lookups match all of them.
        if (!first || indexed.has(first) || indexLeadsWith(model, relation.fields)) continue;
        const audit = isAuditReference(first);
        const columns = relation.fields.join(", ");
        const queried = queryThrough(facts.prisma, model, field, first);
        report({
          path: model.path,
          line: field.line,
          message: `${model.name}.${columns} holds the ${field.type} relation \`${field.name}\` and no index of ${model.name} starts with it (${provider}${source?.relationMode === "prisma" ? ", relationMode prisma" : ""} does not create one)${
            audit
              ? auditReferenceClause(field.type, model.name)
              : queried
                ? `; it is ${queried.how} (${queried.use.path}:${queried.use.line}), each a scan of ${model.name}`
                : `; no query filters on it or loads it from ${field.type} in the code, so ${deletesOnlyClause(field.type, model.name)}`
          }`,
          key: `${model.name}.${columns}`,
          severity: audit || !queried ? "low" : "medium",
        });
      }
    }
  },
});
