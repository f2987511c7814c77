// What a call expression is, as a database read of a TypeScript ORM: Prisma Client (`prisma.post.findMany`),
// Drizzle (`db.select().from(t)`, `db.query.posts.findFirst`), TypeORM (`repository.findOneBy`, a query builder's
// `getMany`) or Kysely (`db.selectFrom("t")...execute()`). Shared by the rules that judge where reads happen.
import type { SgNode } from "@ast-grep/napi";

export interface OrmRead {
  orm: "prisma" | "drizzle" | "typeorm" | "kysely";
  /** The call as a short label: `prisma.post.findUnique`, `db.select().from(users)`, `userRepository.findOneBy`. */
  label: string;
  /** It returns a list of rows (`findMany`, `find`, `select().from`, `getMany`, `execute`), not one row or a count. */
  many: boolean;
}

const MANY = /^(findMany|find|findBy|findAndCount\w*|getMany\w*|getRawMany|execute|select\w*)$/;

const PRISMA_READS =
  /^(findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|count|aggregate|groupBy)$/;
/** Receivers that hold a Prisma client or transaction (`prisma`, `db`, `tx`, `ctx.prisma`, `this.prisma`). */
const PRISMA_CLIENT = /(?:^|\.)(?:prisma\w*|db|tx|client|database|trx)$/i;
const DRIZZLE_TERMINALS = /^(select|selectDistinct|selectDistinctOn)$/;
const DRIZZLE_DB = /(?:^|\.)(?:db|tx|trx|database|drizzle\w*)$/i;
const TYPEORM_READS =
  /^(findOne|findOneBy|findOneOrFail|findOneByOrFail|find|findBy|findAndCount|findAndCountBy|count|countBy|exist|exists|existsBy)$/;
/** Receivers that hold a TypeORM repository, manager or data source (`this.postRepository`, `manager`). */
export const TYPEORM_RECEIVER = /(?:Repository|Repo|repository|repo|manager|Manager|dataSource|DataSource)$/;
const QUERY_BUILDER_READS =
  /^(getOne|getOneOrFail|getMany|getManyAndCount|getRawOne|getRawMany|getCount|getExists)$/;
const KYSELY_EXECUTE = /^(execute|executeTakeFirst|executeTakeFirstOrThrow)$/;

/** The method names of a chain from the outermost call in, with the base receiver's text. */
function chainOf(call: SgNode): { methods: string[]; base: string } {
  const methods: string[] = [];
  let at: SgNode | null = call;
  for (;;) {
    if (at?.kind() === "call_expression") {
      at = at.field("function");
      continue;
    }
    if (at?.kind() === "member_expression") {
      const object: SgNode | null = at.field("object");
      // A member whose object is a call continues the chain; otherwise the member path is the receiver (`this.db`).
      if (object?.kind() === "call_expression") {
        methods.push(at.field("property")?.text() ?? "");
        at = object;
        continue;
      }
      methods.push(at.field("property")?.text() ?? "");
      return { methods, base: object?.text() ?? "" };
    }
    return { methods, base: at?.text() ?? "" };
  }
}

/** The ORM read a call performs, or null. Only the outermost call of a chain is recognised (the one awaited). */
export function ormReadOf(call: SgNode): OrmRead | null {
  const callee = call.field("function");
  if (callee?.kind() !== "member_expression") return null;
  const method = callee.field("property")?.text() ?? "";
  const receiver = callee.field("object");
  const receiverText = receiver?.text() ?? "";
  const { methods, base } = chainOf(call);
  // Prisma: `<client>.<model>.<read>(...)`.
  if (PRISMA_READS.test(method) && receiver?.kind() === "member_expression") {
    const client = receiver.field("object")?.text() ?? "";
    if (PRISMA_CLIENT.test(client) && !/\bquery$/.test(client))
      return {
        orm: "prisma",
        label: `${client}.${receiver.field("property")?.text() ?? ""}.${method}`,
        many: MANY.test(method),
      };
    // Drizzle relational queries: `db.query.posts.findFirst(...)`.
    if (/(?:^|\.)query$/.test(client) && /^(findFirst|findMany)$/.test(method))
      return {
        orm: "drizzle",
        label: `${client}.${receiver.field("property")?.text() ?? ""}.${method}`,
        many: MANY.test(method),
      };
  }
  // Drizzle core: `db.select(...).from(t)...` (a chain that starts at select on the db and reads `from`).
  const first = methods.at(-1) ?? "";
  if (DRIZZLE_TERMINALS.test(first) && methods.includes("from") && DRIZZLE_DB.test(base))
    return { orm: "drizzle", label: `${base}.${first}().from(...)`, many: true };
  // Kysely: `db.selectFrom("t")...execute()`.
  if (KYSELY_EXECUTE.test(method) && methods.includes("selectFrom"))
    return { orm: "kysely", label: `${base}.selectFrom(...).${method}`, many: MANY.test(method) };
  // TypeORM repositories and managers, and query builders.
  if (TYPEORM_READS.test(method) && TYPEORM_RECEIVER.test(receiverText))
    return { orm: "typeorm", label: `${receiverText}.${method}`, many: MANY.test(method) };
  if (QUERY_BUILDER_READS.test(method) && methods.includes("createQueryBuilder"))
    return { orm: "typeorm", label: `${base}.createQueryBuilder(...).${method}`, many: MANY.test(method) };
  return null;
}
