// Reads Prisma schema files (`schema.prisma`, or the folder of `*.prisma` files of a multi-file schema) line-wise:
// the datasource provider, each model with its fields, relations and block attributes (@@index, @@unique, @@id).
// There is no Prisma grammar; the schema language is line-oriented (one field or attribute per line).

/** A field of a model: `authorId Int`, `author User @relation(fields: [authorId], references: [id])`. */
export interface PrismaField {
  name: string;
  /** The type as written without `?`/`[]` (`Int`, `User`, `Role`). */
  type: string;
  list: boolean;
  optional: boolean;
  line: number;
  /** Field attributes as written (`@id`, `@unique`, `@default(cuid())`, `@relation(...)`). */
  attributes: string[];
  /** For the side of a relation that holds the foreign key: the scalar fields and the referenced ones. */
  relation: { fields: string[]; references: string[] } | null;
}

/** A block attribute: `@@index([authorId])`, `@@unique([a, b])`, `@@id([a, b])`. */
export interface PrismaBlockIndex {
  kind: "index" | "unique" | "id";
  /** The fields in order, without sort or length arguments (`title(sort: Desc)` → `title`). */
  fields: string[];
  line: number;
}

export interface PrismaModel {
  name: string;
  path: string;
  line: number;
  endLine: number;
  fields: PrismaField[];
  indexes: PrismaBlockIndex[];
  /** `@@map("table")`, when the table is named otherwise. */
  table: string | null;
}

export interface PrismaDatasource {
  path: string;
  line: number;
  /** `postgresql`, `mysql`, `sqlite`, `sqlserver`, `mongodb`, `cockroachdb`, or null when read from env. */
  provider: string | null;
  /** `relationMode = "prisma"` (no foreign keys in the database). */
  relationMode: string | null;
}

export interface PrismaSchemaFile {
  path: string;
  datasources: PrismaDatasource[];
  models: PrismaModel[];
}

const BLOCK_START = /^\s*(model|datasource|generator|enum|view|type)\s+(\w+)\s*\{/;
const FIELD = /^\s*(\w+)\s+(\w+(?:\.\w+)?)(\[\])?(\?)?\s*(.*)$/;
// `@@index([a, b])`, `@@index(fields: [a])`, and the one-field shorthand Prisma accepts for a list, `@@index(orgId)`.
const BLOCK_INDEX =
  /^\s*@@(index|unique|id)\s*\(\s*(?:fields\s*:\s*)?(?:\[([^\]]*)\]|(\w+(?:\([^)]*\))?)\s*(?=[,)]))/;
const TABLE_MAP = /^\s*@@map\s*\(\s*"([^"]+)"/;

/** Splits `a, b(sort: Desc), c` into field names. */
function fieldList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim().replace(/\(.*$/, "").trim())
    .filter((part) => /^\w+$/.test(part));
}

/** Attributes of a field line (`@id @default(cuid()) @relation(fields: [a], references: [b])`), balanced on parentheses. */
function attributesOf(rest: string): string[] {
  const attributes: string[] = [];
  let index = 0;
  while (index < rest.length) {
    const at = rest.indexOf("@", index);
    if (at < 0) break;
    let end = at + 1;
    while (end < rest.length && /[\w.]/.test(rest[end] ?? "")) end++;
    if (rest[end] === "(") {
      let depth = 0;
      for (; end < rest.length; end++) {
        if (rest[end] === "(") depth++;
        else if (rest[end] === ")" && --depth === 0) {
          end++;
          break;
        }
      }
    }
    attributes.push(rest.slice(at, end));
    index = end;
  }
  return attributes;
}

function relationOf(attributes: readonly string[]): PrismaField["relation"] {
  const relation = attributes.find((attribute) => attribute.startsWith("@relation("));
  if (!relation) return null;
  const fields = /fields\s*:\s*\[([^\]]*)\]/.exec(relation);
  const references = /references\s*:\s*\[([^\]]*)\]/.exec(relation);
  if (!fields) return null;
  return { fields: fieldList(fields[1] ?? ""), references: fieldList(references?.[1] ?? "") };
}

/** Removes a `//` comment outside string literals. */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"' && line[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && char === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

/** Reads one `.prisma` file. */
export function parsePrismaSchema(path: string, text: string): PrismaSchemaFile {
  const file: PrismaSchemaFile = { path, datasources: [], models: [] };
  const lines = text.split(/\r?\n/);
  let block: { kind: string; name: string; line: number } | null = null;
  let model: PrismaModel | null = null;
  let datasource: PrismaDatasource | null = null;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = stripComment(raw);
    if (!block) {
      const start = BLOCK_START.exec(line);
      if (!start) return;
      block = { kind: start[1] ?? "", name: start[2] ?? "", line: lineNumber };
      if (block.kind === "model") {
        model = {
          name: block.name,
          path,
          line: lineNumber,
          endLine: lineNumber,
          fields: [],
          indexes: [],
          table: null,
        };
        file.models.push(model);
      } else if (block.kind === "datasource") {
        datasource = { path, line: lineNumber, provider: null, relationMode: null };
        file.datasources.push(datasource);
      }
      return;
    }
    if (/^\s*\}/.test(line)) {
      if (model) model.endLine = lineNumber;
      block = null;
      model = null;
      datasource = null;
      return;
    }
    if (datasource) {
      const setting = /^\s*(provider|relationMode)\s*=\s*"([^"]*)"/.exec(line);
      if (setting?.[1] === "provider") datasource.provider = setting[2] ?? null;
      if (setting?.[1] === "relationMode") datasource.relationMode = setting[2] ?? null;
      return;
    }
    if (!model) return;
    const current: PrismaModel = model;
    const blockIndex = BLOCK_INDEX.exec(line);
    if (blockIndex) {
      current.indexes.push({
        kind: blockIndex[1] as PrismaBlockIndex["kind"],
        fields: fieldList(blockIndex[2] ?? blockIndex[3] ?? ""),
        line: lineNumber,
      });
      return;
    }
    const table = TABLE_MAP.exec(line);
    if (table) {
      current.table = table[1] ?? null;
      return;
    }
    if (/^\s*@@/.test(line)) return;
    const field = FIELD.exec(line);
    if (!field) return;
    const attributes = attributesOf(field[5] ?? "");
    current.fields.push({
      name: field[1] ?? "",
      type: field[2] ?? "",
      list: field[3] === "[]",
      optional: field[4] === "?",
      line: lineNumber,
      attributes,
      relation: relationOf(attributes),
    });
  });
  return file;
}
