// Ecto schemas as columns: each `schema "table"` block's fields with the column each one reads (`source:`,
// `belongs_to` foreign keys, `timestamps()` and its renames, the primary key from `@primary_key`), leaving out what
// has no column (virtual fields, has_many/has_one/many_to_many, `define_field: false`). Embedded schemas have no table.
import type { SgNode } from "@ast-grep/napi";
import {
  callArguments,
  callName,
  doBlock,
  keywordMap,
  lineOf,
  literal,
  moduleName,
} from "../elixir/syntax.js";

export interface EctoColumn {
  /** The column name (a field's `source:` when it has one). */
  name: string;
  /** The schema field it belongs to. */
  field: string;
  line: number;
}

export interface EctoSchema {
  module: string;
  table: string;
  line: number;
  /** `@schema_prefix`: the table lives in another PostgreSQL schema, which the migrations may create elsewhere. */
  prefix: string | null;
  columns: EctoColumn[];
  /** A field macro the reader does not know (a library's `field`-like macro, `unquote`): the list may be short. */
  incomplete: boolean;
}

const atom = (node: SgNode | undefined): string | null => {
  const value = literal(node);
  return typeof value === "string" && value.startsWith(":") ? value.slice(1).replace(/^"|"$/g, "") : null;
};

/** `@name value` attributes directly in a module body, by name. */
function attributes(block: SgNode): Map<string, SgNode | null> {
  const map = new Map<string, SgNode | null>();
  for (const child of block.children()) {
    if (child.kind() !== "unary_operator" || !child.text().startsWith("@")) continue;
    const call = child.children().find((node) => node.kind() === "call");
    const name = call ? callName(call) : null;
    if (call && name) map.set(name, callArguments(call)[0] ?? null);
  }
  return map;
}

/** A `use` of a module other than Ecto.Schema in the module body (the project's schema macro). */
function usesProjectSchemaMacro(body: SgNode): boolean {
  return body.children().some((child) => {
    if (child.kind() !== "call" || callName(child) !== "use") return false;
    const used = callArguments(child)[0]?.text() ?? "";
    return used !== "" && used !== "Ecto.Schema";
  });
}

const NO_COLUMN = new Set(["has_many", "has_one", "many_to_many", "embeds_many_through"]);
const KNOWN = new Set(["field", "belongs_to", "timestamps", "embeds_one", "embeds_many", ...NO_COLUMN]);

/** The table-backed schemas of one module body. */
export function ectoSchemaOf(module: SgNode): EctoSchema | null {
  const body = doBlock(module);
  const name = moduleName(module);
  if (!body || !name) return null;
  const schema = body.children().find((child) => child.kind() === "call" && callName(child) === "schema");
  const table = schema ? literal(callArguments(schema)[0]) : null;
  const block = schema ? doBlock(schema) : null;
  if (!schema || typeof table !== "string" || !block) return null;
  const attrs = attributes(body);
  const prefix = attrs.has("schema_prefix") ? String(literal(attrs.get("schema_prefix")) ?? "?") : null;
  const columns: EctoColumn[] = [];
  const primaryKey = attrs.get("primary_key");
  // `use MyApp.Schema, uuid: true`: a project's own schema macro may set `@primary_key` (keila's sets `:uuid`), so
  // the default `id` is only assumed when the module uses Ecto.Schema alone.
  if (!attrs.has("primary_key") && !usesProjectSchemaMacro(body))
    columns.push({ name: "id", field: "id", line: lineOf(schema) });
  else if (primaryKey?.kind() === "tuple") {
    const key = atom(primaryKey.children().find((child) => child.isNamed()));
    if (key) columns.push({ name: key, field: key, line: lineOf(primaryKey) });
  }
  let incomplete =
    primaryKey !== undefined &&
    primaryKey !== null &&
    primaryKey.kind() !== "tuple" &&
    primaryKey.text() !== "false";
  for (const call of block.children()) {
    if (call.kind() !== "call") {
      if (call.kind() !== "comment" && call.kind() !== "unary_operator") incomplete = true;
      continue;
    }
    const macro = callName(call) ?? "";
    const args = callArguments(call);
    const options = keywordMap(args.find((arg) => arg.kind() === "keywords"));
    if (!KNOWN.has(macro)) {
      incomplete = true;
      continue;
    }
    if (NO_COLUMN.has(macro)) continue;
    if (macro === "timestamps") {
      // `@timestamps_opts updated_at: false` sets the defaults the call's own options override.
      const defaults = keywordMap(attrs.get("timestamps_opts"));
      for (const [stamp, fallback] of [
        ["inserted_at", "inserted_at"],
        ["updated_at", "updated_at"],
      ] as const) {
        const renamed = options.get(stamp) ?? defaults.get(stamp);
        if (renamed?.text() === "false") continue;
        const column = renamed ? atom(renamed) : fallback;
        if (column) columns.push({ name: column, field: column, line: lineOf(call) });
        else incomplete = true;
      }
      continue;
    }
    const field = atom(args[0]);
    if (!field) {
      incomplete = true;
      continue;
    }
    if (options.get("virtual")?.text() === "true") continue;
    if (macro === "belongs_to") {
      if (options.get("define_field")?.text() === "false") continue;
      const key = options.has("foreign_key") ? atom(options.get("foreign_key")) : `${field}_id`;
      if (key) columns.push({ name: key, field: key, line: lineOf(call) });
      else incomplete = true;
      continue;
    }
    const source = options.has("source") ? atom(options.get("source")) : field;
    if (source) columns.push({ name: source, field, line: lineOf(call) });
    else incomplete = true;
  }
  return { module: name, table, line: lineOf(schema), prefix, columns, incomplete };
}

/** Every table-backed schema of a file (nested modules too). */
export function ectoSchemasOf(tree: SgNode): EctoSchema[] {
  return tree
    .findAll({ rule: { kind: "call" } })
    .filter((call) => callName(call) === "defmodule")
    .map(ectoSchemaOf)
    .filter((schema): schema is EctoSchema => schema !== null);
}
