// prisma/relation-without-index: a Prisma relation's foreign key field that no index of its model starts with, on a
// database that does not index foreign keys by itself.
import { datasourceOf, leadingIndexedFields } from "../../facts/prisma/index.js";
import { defineRule } from "../define-rule.js";

/** Who did something (`createdById`, `invitedByUserId`): rarely queried by, so the cost is mostly on deletes. */
const AUDIT_REFERENCE = /(?:^|[a-z])(?:By|_by)(?:User)?(?:Id|_id)?$/;

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
    "Reads the models of every `*.prisma` file (multi-file schemas included). A field is indexed when `@id` or `@unique` is on it or it is the first field of an `@@index`, `@@unique` or `@@id`.",
    'Judged on PostgreSQL and CockroachDB, and on MySQL only with `relationMode = "prisma"` (InnoDB indexes foreign keys itself); SQLite, SQL Server, MongoDB and datasources whose provider is not written are not judged.',
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
        if (!first || indexed.has(first)) continue;
        const audit = AUDIT_REFERENCE.test(first);
        const columns = relation.fields.join(", ");
        report({
          path: model.path,
          line: field.line,
          message: `${model.name}.${columns} holds the ${field.type} relation \`${field.name}\` and no index of ${model.name} starts with it (${provider}${source?.relationMode === "prisma" ? ", relationMode prisma" : ""} does not create one)${
            audit
              ? `; as an audit reference it is rarely queried by, so mainly deleting a ${field.type} row scans ${model.name}`
              : ""
          }`,
          key: `${model.name}.${columns}`,
          severity: audit ? "low" : "medium",
        });
      }
    }
  },
});
