// TypeORM entities and data sources from the syntax tree: `@Entity` classes with their `@Column`s, owning relations
// (`@ManyToOne`, `@OneToOne` + `@JoinColumn`: the side that holds the foreign key) and indexes (`@Index()` on a
// property, `@Index([...])`/`@Unique([...])` on the class, `unique: true`); and the `migrations` of a DataSource or
// `TypeOrmModule` options object, with its `type`.
import type { SgNode } from "@ast-grep/napi";
import { lineOf, objectProperties, stringValue } from "../node/ast.js";
import {
  dialectOf,
  type OrmColumn,
  type OrmIndex,
  type OrmMigrationSetting,
  type OrmTable,
} from "./types.js";

const COLUMN_DECORATOR =
  /^(Column|PrimaryColumn|PrimaryGeneratedColumn|CreateDateColumn|UpdateDateColumn|DeleteDateColumn|VersionColumn|ObjectIdColumn)$/;
const OWNING_RELATION = /^(ManyToOne|OneToOne)$/;

interface Decorator {
  name: string;
  args: SgNode[];
  node: SgNode;
}

function decoratorsOf(node: SgNode): Decorator[] {
  return node
    .children()
    .filter((child) => child.kind() === "decorator")
    .map((decorator) => {
      const expression = decorator.children().find((c) => c.isNamed());
      const call = expression?.kind() === "call_expression" ? expression : null;
      const name = (call ? call.field("function") : expression)?.text() ?? "";
      const args =
        call
          ?.field("arguments")
          ?.children()
          .filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
      return { name, args, node: decorator };
    });
}

/** Strings of an array literal (`["a", "b"]`). */
function stringList(node: SgNode | undefined): string[] {
  if (node?.kind() !== "array") return [];
  return node
    .children()
    .map((child) => stringValue(child))
    .filter((value): value is string => value !== null);
}

/** The entity class a relation points to: `() => RoleEntity` → `RoleEntity`. */
function relationTarget(arg: SgNode | undefined): string | null {
  const body = arg?.kind() === "arrow_function" ? arg.field("body") : null;
  return body?.kind() === "identifier" ? body.text() : null;
}

/** The inverse side a relation names: `(user) => user.posts` → `posts`. */
function inverseOf(arg: SgNode | undefined): string | null {
  const body = arg?.kind() === "arrow_function" ? arg.field("body") : null;
  return body?.kind() === "member_expression" ? (body.field("property")?.text() ?? null) : null;
}

function optionsOf(args: SgNode[]): Map<string, SgNode> {
  const object = args.find((arg) => arg.kind() === "object");
  return object ? objectProperties(object) : new Map();
}

/** The `@Entity` classes of a file. */
export function typeormEntities(tree: SgNode, path: string): OrmTable[] {
  const tables: OrmTable[] = [];
  for (const declaration of tree.findAll({ rule: { kind: "class_declaration" } })) {
    const holder = declaration.parent()?.kind() === "export_statement" ? declaration.parent()! : declaration;
    const classDecorators = [
      ...decoratorsOf(holder),
      ...(holder === declaration ? [] : decoratorsOf(declaration)),
    ];
    const entity = classDecorators.find((d) => d.name === "Entity");
    if (!entity) continue;
    const name = declaration.field("name")?.text() ?? "";
    const firstArg = entity.args[0];
    const table = stringValue(firstArg) ?? stringValue(optionsOf(entity.args).get("name")) ?? null;
    const columns: OrmColumn[] = [];
    const indexes: OrmIndex[] = [];
    /** Names a relation's foreign key goes by besides the property: `roleId`, the `@JoinColumn({ name })`. */
    const aliases = new Map<string, string>();
    for (const member of declaration.field("body")?.children() ?? []) {
      if (member.kind() !== "public_field_definition") continue;
      const property = member.field("name")?.text() ?? "";
      const decorators = decoratorsOf(member);
      const column = decorators.find((d) => COLUMN_DECORATOR.test(d.name));
      const relation = decorators.find((d) => OWNING_RELATION.test(d.name));
      const joinColumn = decorators.find((d) => d.name === "JoinColumn");
      const owning = relation && (relation.name === "ManyToOne" || joinColumn);
      if (!column && !owning) continue;
      const options = optionsOf(column?.args ?? []);
      const joinName = stringValue(optionsOf(joinColumn?.args ?? []).get("name"));
      columns.push({
        name: property,
        column: stringValue(options.get("name")) ?? joinName,
        line: lineOf(member),
        primary: column !== undefined && /^Primary/.test(column.name),
        unique: options.get("unique")?.text() === "true",
        references: owning ? relationTarget(relation.args[0]) : null,
        inverse: owning ? inverseOf(relation.args[1]) : null,
        onDelete: owning
          ? (stringValue(optionsOf(relation.args).get("onDelete"))?.toLowerCase() ?? null)
          : null,
      });
      if (owning) {
        aliases.set(`${property}Id`, property);
        if (joinName) aliases.set(joinName, property);
      }
      const index = decorators.find((d) => d.name === "Index" || d.name === "Unique");
      if (index)
        indexes.push({
          kind:
            index.name === "Unique" || optionsOf(index.args).get("unique")?.text() === "true"
              ? "unique"
              : "index",
          columns: [property],
          line: lineOf(index.node),
        });
    }
    for (const decorator of classDecorators) {
      if (decorator.name !== "Index" && decorator.name !== "Unique") continue;
      const list = decorator.args.find((arg) => arg.kind() === "array");
      const names = stringList(list);
      if (names.length === 0) continue;
      indexes.push({
        kind:
          decorator.name === "Unique" || optionsOf(decorator.args).get("unique")?.text() === "true"
            ? "unique"
            : "index",
        columns: names,
        line: lineOf(decorator.node),
      });
    }
    // An index on `roleId` (or on the join column's name) serves the `role` relation's foreign key.
    for (const index of indexes) index.columns = index.columns.map((c) => aliases.get(c) ?? c);
    tables.push({
      orm: "typeorm",
      name,
      table,
      dialect: null,
      path,
      line: lineOf(declaration),
      columns,
      indexes,
    });
  }
  return tables;
}

/** A folder from a migrations glob: `__dirname + '/migrations/**\/*{.ts,.js}'` → `<dir of path>/migrations`. */
export function folderOfGlob(node: SgNode, path: string): string | null {
  const strings = node.kind() === "string" ? [node] : node.findAll({ rule: { kind: "string" } });
  const templates =
    node.kind() === "template_string" ? [node] : node.findAll({ rule: { kind: "template_string" } });
  const literal = [...strings, ...templates]
    .map((s) =>
      s
        .text()
        .slice(1, -1)
        .replace(/\$\{[^}]*\}/g, ""),
    )
    .find((s) => /\w/.test(s));
  if (!literal) return null;
  const folder = literal.replace(/[*{].*$/, "").replace(/\/+$/, "");
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
  const relative = /__dirname|import\.meta/.test(node.text());
  const joined = relative ? `${dir}/${folder.replace(/^\.?\//, "")}` : folder.replace(/^\.\//, "");
  return joined.replace(/^\/+/, "") || ".";
}

/** DataSource / TypeOrmModule options with `migrations: [...]`. */
export function typeormMigrations(tree: SgNode, path: string): OrmMigrationSetting[] {
  const out: OrmMigrationSetting[] = [];
  for (const object of tree.findAll({ rule: { kind: "object" } })) {
    const props = objectProperties(object);
    const migrations = props.get("migrations");
    if (!migrations || !(props.has("type") || props.has("entities"))) continue;
    const first = migrations.kind() === "array" ? migrations.children().find((c) => c.isNamed()) : migrations;
    const folder = first ? folderOfGlob(first, path) : null;
    if (!folder) continue;
    out.push({
      orm: "typeorm",
      path,
      line: lineOf(object),
      folder,
      dialect: dialectOf(stringValue(props.get("type")) ?? ""),
    });
  }
  return out;
}
