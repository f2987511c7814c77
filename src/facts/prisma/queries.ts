// File analyzer: the fields Prisma Client queries filter on (`prisma.passkey.findMany({ where: { userId } })`) and the
// relations they load (`include: { passkeys: true }`), per model accessor, so rules can tell a queried foreign key
// from one only the database's cascade ever reads.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import { firstArgument, lineOf, pairKey } from "../node/ast.js";
import { NODE_LANGUAGES } from "../node/imports.js";

/** A key used in a query: a `where` field of `accessor`'s model, or a relation `include`d/`select`ed from it. */
export interface PrismaQueryKey {
  /** The model accessor on the client (`passkey` in `prisma.passkey.findMany`), or null inside a nested include. */
  accessor: string | null;
  key: string;
  line: number;
  /** For a `where` key: the other keys of the same filter object (`id` beside `userId`), sorted. */
  siblings?: string[];
}

export interface PrismaQueryFacts {
  where: PrismaQueryKey[];
  loads: PrismaQueryKey[];
}

const METHODS = new Set([
  "findMany",
  "findFirst",
  "findFirstOrThrow",
  "findUnique",
  "findUniqueOrThrow",
  "count",
  "aggregate",
  "groupBy",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);
const LOGICAL = new Set(["AND", "OR", "NOT"]);

function objectPairs(object: SgNode): Array<{ key: string; value: SgNode | null; node: SgNode }> {
  const out: Array<{ key: string; value: SgNode | null; node: SgNode }> = [];
  for (const child of object.children()) {
    if (child.kind() === "shorthand_property_identifier")
      out.push({ key: child.text(), value: null, node: child });
    else if (child.kind() === "pair") {
      const key = pairKey(child);
      if (key) out.push({ key, value: child.field("value"), node: child });
    }
  }
  return out;
}

function whereKeys(object: SgNode, accessor: string, out: PrismaQueryKey[]): void {
  const pairs = objectPairs(object);
  const keys = pairs.map((pair) => pair.key).filter((key) => !LOGICAL.has(key));
  for (const { key, value, node } of pairs) {
    if (LOGICAL.has(key) && value) {
      const objects =
        value.kind() === "object"
          ? [value]
          : value.kind() === "array"
            ? value.children().filter((element) => element.kind() === "object")
            : [];
      for (const inner of objects) whereKeys(inner, accessor, out);
      continue;
    }
    const siblings = [...new Set(keys.filter((other) => other !== key))].sort();
    out.push({ accessor, key, line: lineOf(node), siblings });
  }
}

function loadKeys(object: SgNode, accessor: string | null, out: PrismaQueryKey[]): void {
  for (const { key, value, node } of objectPairs(object)) {
    if (value?.kind() === "false") continue;
    if (key !== "_count") out.push({ accessor, key, line: lineOf(node) });
    if (value?.kind() !== "object") continue;
    for (const nested of objectPairs(value))
      if ((nested.key === "include" || nested.key === "select") && nested.value?.kind() === "object")
        loadKeys(nested.value, null, out);
  }
}

export const prismaQueriesAnalyzer = defineAnalyzer<PrismaQueryFacts>({
  id: "prisma-queries",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) => /\b(?:where|include|select)\s*:/.test(text),
  analyze({ tree }) {
    if (!tree) return undefined;
    const facts: PrismaQueryFacts = { where: [], loads: [] };
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      if (callee?.kind() !== "member_expression") continue;
      const method = callee.field("property")?.text() ?? "";
      if (!METHODS.has(method)) continue;
      const model = callee.field("object");
      if (model?.kind() !== "member_expression") continue;
      const accessor = model.field("property")?.text() ?? "";
      const options = firstArgument(call);
      if (!accessor || options?.kind() !== "object") continue;
      for (const { key, value } of objectPairs(options)) {
        if (value?.kind() !== "object") continue;
        if (key === "where") whereKeys(value, accessor, facts.where);
        else if (key === "include" || key === "select") loadKeys(value, accessor, facts.loads);
      }
    }
    return facts.where.length + facts.loads.length > 0 ? facts : undefined;
  },
});
