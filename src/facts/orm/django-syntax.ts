// Django model and migration files as data: model classes (fields with their database options, Meta indexes,
// constraints and *_together) and migration classes (dependencies, `replaces`, operations in order), read from the
// Python syntax tree. Field definitions are read by one function on both sides, so a model and the migration that
// created it are compared on the same terms.
import type { SgNode } from "@ast-grep/napi";
import { hasKwargsSplat, keywordArg, line, positionalArgs, stringValue } from "../python/syntax.js";
import {
  calleeName,
  valuedAssignments,
  elements,
  isSequence,
  optionOf,
  stringList,
  type OptionValue,
} from "./python-literals.js";

export type { OptionValue } from "./python-literals.js";

/** A field definition (`models.CharField(max_length=20, unique=True)`), on a model or in a migration. */
export interface DjangoField {
  name: string;
  line: number;
  /** The field class, last segment (`CharField`, `ForeignKey`, `TaggableManager`). */
  kind: string;
  /** The options that shape the table; absent when not written. */
  null?: OptionValue;
  unique?: OptionValue;
  dbIndex?: OptionValue;
  primaryKey?: OptionValue;
  dbColumn?: string;
  /** Options passed through `**kwargs`: any of them may be set there. */
  kwargs?: boolean;
}

/** An entry of `Meta.indexes` / `Meta.constraints` or of an AddIndex/AddConstraint operation. */
export interface DjangoIndex {
  /** Null when the model leaves the name to Django. */
  name: string | null;
  /** `Index` / `UniqueConstraint` / `CheckConstraint` / `GinIndex` … */
  kind: string;
  fields: string[];
  unique: boolean;
  line: number;
}

/** Table-shaping Meta options; a list is null when computed (not a literal the replay can follow). */
export interface DjangoMeta {
  abstract: boolean;
  proxy: boolean;
  managed: OptionValue;
  appLabel: string | null;
  dbTable: string | null;
  swappable: boolean;
  indexes: DjangoIndex[] | null;
  constraints: DjangoIndex[] | null;
  uniqueTogether: string[][] | null;
  indexTogether: string[][] | null;
  /** Meta extends a parent's (`class Meta(Base.Meta)`): what it inherits is not written here. */
  extendsParentMeta: boolean;
  line: number | null;
}

export interface DjangoModelClass {
  name: string;
  line: number;
  /** Base classes as written (`models.Model`, `TimeStampedModel`). */
  bases: string[];
  /** Class-level assignments whose value is a field definition. */
  fields: DjangoField[];
  /** Every name assigned at class level (fields, managers, `TaggableManager()` …). */
  assigned: string[];
  /** Methods and properties defined in the class body (`def secret(self)`, `@property def name`). */
  defined: string[];
  meta: DjangoMeta;
}

/** One operation of a migration's `operations` list, in order. */
export type DjangoOperation =
  | {
      op: "create-model";
      model: string;
      fields: DjangoField[];
      options: Partial<DjangoMeta>;
      bases: string[];
      line: number;
    }
  | { op: "delete-model"; model: string; line: number }
  | { op: "rename-model"; model: string; to: string; line: number }
  | { op: "add-field" | "alter-field"; model: string; field: DjangoField; line: number }
  | { op: "remove-field"; model: string; name: string; line: number }
  | { op: "rename-field"; model: string; name: string; to: string; line: number }
  | { op: "add-index" | "add-constraint"; model: string; index: DjangoIndex; line: number }
  | { op: "remove-index" | "remove-constraint"; model: string; name: string; line: number }
  | {
      op: "rename-index";
      model: string;
      to: string;
      from: string | null;
      fromFields: string[] | null;
      line: number;
    }
  | {
      op: "alter-unique-together" | "alter-index-together";
      model: string;
      sets: string[][] | null;
      line: number;
    }
  | { op: "alter-options"; model: string; options: Partial<DjangoMeta>; line: number }
  | { op: "alter-table"; model: string; table: string | null; line: number }
  /** RunSQL, a RunPython that alters the schema, or an operation class the replay does not know. */
  | {
      op: "unknown";
      model: string | null;
      what: string;
      line: number;
      /** RunSQL's forward SQL when it is literal: only the tables it names are lost track of. */
      sql?: string;
    };

export interface DjangoMigrationClass {
  line: number;
  /** `(app_label, migration_name)` pairs; swappable dependencies are left out. */
  dependencies: Array<[string, string]>;
  replaces: Array<[string, string]>;
  operations: DjangoOperation[];
}

const RELATION_KINDS = new Set([
  "ForeignKey",
  "OneToOneField",
  "ManyToManyField",
  "ParentalKey",
  "ParentalManyToManyField",
]);

/** A call defines a field when its class is a Django field (`…Field`, `ForeignKey`). */
export function isFieldKind(kind: string): boolean {
  return /Field$/.test(kind) || RELATION_KINDS.has(kind);
}

/** A field definition call's options; null when the call does not define a field. */
export function fieldOf(name: string, call: SgNode): DjangoField | null {
  if (call.kind() !== "call") return null;
  const kind = calleeName(call);
  if (!kind) return null;
  const field: DjangoField = { name, line: line(call), kind };
  if (hasKwargsSplat(call)) field.kwargs = true;
  const nullable = optionOf(call, "null");
  const unique = optionOf(call, "unique");
  const dbIndex = optionOf(call, "db_index");
  const primaryKey = optionOf(call, "primary_key");
  if (nullable !== undefined) field.null = nullable;
  if (unique !== undefined) field.unique = unique;
  if (dbIndex !== undefined) field.dbIndex = dbIndex;
  if (primaryKey !== undefined) field.primaryKey = primaryKey;
  const column = keywordArg(call, "db_column");
  const columnName = column ? stringValue(column) : null;
  if (columnName) field.dbColumn = columnName;
  return field;
}

/** `unique_together = ("a", "b")` or `(("a", "b"), ("c",))` or `{("a", "b")}`; null when computed. */
export function togetherSets(node: SgNode | null | undefined): string[][] | null {
  if (!node) return null;
  if (node.kind() === "none") return [];
  if (!isSequence(node)) return null;
  const items = elements(node);
  if (items.length === 0) return [];
  if (items.every((item) => item.kind() === "string")) return [stringList(node) ?? []];
  const sets: string[][] = [];
  for (const item of items) {
    const set = stringList(item);
    if (!set) return null;
    sets.push(set);
  }
  return sets;
}

/** `models.Index(fields=[...], name=...)`, `models.UniqueConstraint(...)`; null when not such a call. */
export function indexOf(node: SgNode): DjangoIndex | null {
  if (node.kind() !== "call") return null;
  const kind = calleeName(node);
  if (!kind || !/(Index|Constraint)$/.test(kind)) return null;
  const nameNode = keywordArg(node, "name");
  const fields =
    stringList(keywordArg(node, "fields")) ??
    // Expression indexes (`Index(Lower("email"), name=...)`) name no fields; they are compared by name.
    [];
  return {
    name: nameNode ? stringValue(nameNode) : null,
    kind,
    fields: fields.map((field) => field.replace(/^-/, "")),
    unique: kind === "UniqueConstraint",
    line: line(node),
  };
}

/** A literal list of Index/Constraint calls, or null when computed (`[*Base.Meta.indexes, …]`). */
function indexList(node: SgNode | null | undefined): DjangoIndex[] | null {
  if (!node || !isSequence(node)) return null;
  const list: DjangoIndex[] = [];
  for (const element of elements(node)) {
    const index = indexOf(element);
    if (!index) return null;
    list.push(index);
  }
  return list;
}

const emptyMeta = (): DjangoMeta => ({
  abstract: false,
  proxy: false,
  managed: true,
  appLabel: null,
  dbTable: null,
  swappable: false,
  indexes: [],
  constraints: [],
  uniqueTogether: [],
  indexTogether: [],
  extendsParentMeta: false,
  line: null,
});

/** Applies one Meta option (`name = value`, or a `"name": value` pair of migration options) to a meta. */
function applyMetaOption(meta: Partial<DjangoMeta>, name: string, value: SgNode): void {
  const flag = value.kind() === "true" ? true : value.kind() === "false" ? false : "dynamic";
  switch (name) {
    case "abstract":
      meta.abstract = flag === true;
      return;
    case "proxy":
      meta.proxy = flag === true;
      return;
    case "managed":
      meta.managed = flag;
      return;
    case "app_label":
      meta.appLabel = stringValue(value);
      return;
    case "db_table":
      meta.dbTable = stringValue(value);
      return;
    case "swappable":
      meta.swappable = true;
      return;
    case "indexes":
      meta.indexes = indexList(value);
      return;
    case "constraints":
      meta.constraints = indexList(value);
      return;
    case "unique_together":
      meta.uniqueTogether = togetherSets(value);
      return;
    case "index_together":
      meta.indexTogether = togetherSets(value);
      return;
  }
}

/** A migration's `options={...}` dictionary as Meta options (empty when absent or computed). */
function metaOptions(dict: SgNode | null | undefined): Partial<DjangoMeta> {
  const options: Partial<DjangoMeta> = {};
  for (const pair of dict?.kind() === "dictionary"
    ? dict.children().filter((c) => c.kind() === "pair")
    : []) {
    const key = pair.field("key");
    const value = pair.field("value");
    const option = key ? stringValue(key) : null;
    if (option && value) applyMetaOption(options, option, value);
  }
  return options;
}

/** Every class of a file that could be a model: its fields, other class-level names and Meta. */
export function modelClassesOf(tree: SgNode): DjangoModelClass[] {
  const classes: DjangoModelClass[] = [];
  for (const definition of tree.findAll({ rule: { kind: "class_definition" } })) {
    // Only module-level classes: a nested class is a Meta, a form's inner class, or similar.
    const parent = definition.parent();
    const top =
      parent?.kind() === "module" ||
      (parent?.kind() === "decorated_definition" && parent.parent()?.kind() === "module");
    if (!top) continue;
    const body = definition.field("body");
    const name = definition.field("name")?.text();
    if (!body || !name) continue;
    const bases = (definition.field("superclasses")?.children() ?? [])
      .filter((child) => child.isNamed() && child.kind() !== "keyword_argument" && child.kind() !== "comment")
      .map((child) => child.text().replace(/\s+/g, ""));
    const fields: DjangoField[] = [];
    const assigned: string[] = [];
    for (const { name: field, value } of valuedAssignments(body)) {
      assigned.push(field);
      const decl = fieldOf(field, value);
      if (decl && isFieldKind(decl.kind)) fields.push(decl);
    }
    const defined = body
      .children()
      .map((child) => (child.kind() === "decorated_definition" ? child.field("definition") : child))
      .filter((child) => child?.kind() === "function_definition")
      .map((child) => child!.field("name")?.text() ?? "")
      .filter((text) => text !== "");
    const meta = emptyMeta();
    const metaClass = body
      .children()
      .find((child) => child.kind() === "class_definition" && child.field("name")?.text() === "Meta");
    if (metaClass) {
      meta.line = line(metaClass);
      meta.extendsParentMeta = (metaClass.field("superclasses")?.children() ?? []).some((child) =>
        child.isNamed(),
      );
      const metaBody = metaClass.field("body");
      for (const { name: option, value } of metaBody ? valuedAssignments(metaBody) : [])
        applyMetaOption(meta, option, value);
    }
    classes.push({ name, line: line(definition), bases, fields, assigned, defined, meta });
  }
  return classes;
}

/** `("app", "0001_initial")` pairs of a literal list; other entries (swappable_dependency) are left out. */
function migrationPairs(node: SgNode | null | undefined): Array<[string, string]> {
  if (!node || !isSequence(node)) return [];
  const pairs: Array<[string, string]> = [];
  for (const element of elements(node)) {
    const pair = stringList(element);
    if (pair && pair.length === 2) pairs.push([pair[0]!, pair[1]!]);
  }
  return pairs;
}

const str = (call: SgNode, keyword: string, position: number): string | null => {
  const node = keywordArg(call, keyword) ?? positionalArgs(call)[position] ?? null;
  return node ? stringValue(node) : null;
};

/** Operation classes that change no table (extensions, collations, data copies) and need no replay. */
const SCHEMA_NEUTRAL =
  /^(AlterModelManagers|CreateExtension|\w+Extension|CreateCollation|RemoveCollation|AlterOrderWithRespectTo)$/;

/** One operation call of a migration's `operations` list. */
function operationOf(call: SgNode, schemaEditingFunctions: ReadonlySet<string>): DjangoOperation | null {
  const kind = calleeName(call);
  const at = line(call);
  if (!kind) return { op: "unknown", model: null, what: call.text().slice(0, 40), line: at };
  const model = str(call, "model_name", 0);
  switch (kind) {
    case "CreateModel": {
      const name = str(call, "name", 0);
      if (!name) return { op: "unknown", model: null, what: kind, line: at };
      const fields: DjangoField[] = [];
      const list = keywordArg(call, "fields") ?? positionalArgs(call)[1];
      for (const entry of list && isSequence(list) ? elements(list) : []) {
        const parts = isSequence(entry) ? elements(entry) : [];
        const fieldName = parts[0] ? stringValue(parts[0]) : null;
        const decl = fieldName && parts[1] ? fieldOf(fieldName, parts[1]) : null;
        if (decl) fields.push(decl);
      }
      const options = metaOptions(keywordArg(call, "options"));
      const basesNode = keywordArg(call, "bases");
      const bases = basesNode && isSequence(basesNode) ? elements(basesNode).map((b) => b.text()) : [];
      return { op: "create-model", model: name, fields, options, bases, line: at };
    }
    case "DeleteModel": {
      const name = str(call, "name", 0);
      return name
        ? { op: "delete-model", model: name, line: at }
        : { op: "unknown", model: null, what: kind, line: at };
    }
    case "RenameModel": {
      const from = str(call, "old_name", 0);
      const to = str(call, "new_name", 1);
      return from && to
        ? { op: "rename-model", model: from, to, line: at }
        : { op: "unknown", model: from, what: kind, line: at };
    }
    case "AddField":
    case "AlterField": {
      const name = str(call, "name", 1);
      const value = keywordArg(call, "field") ?? positionalArgs(call)[2];
      const field = name && value ? fieldOf(name, value) : null;
      if (!model || !field) return { op: "unknown", model, what: kind, line: at };
      return { op: kind === "AddField" ? "add-field" : "alter-field", model, field, line: at };
    }
    case "RemoveField": {
      const name = str(call, "name", 1);
      return model && name
        ? { op: "remove-field", model, name, line: at }
        : { op: "unknown", model, what: kind, line: at };
    }
    case "RenameField": {
      const from = str(call, "old_name", 1);
      const to = str(call, "new_name", 2);
      return model && from && to
        ? { op: "rename-field", model, name: from, to, line: at }
        : { op: "unknown", model, what: kind, line: at };
    }
    case "AddIndex":
    case "AddIndexConcurrently":
    case "AddConstraint":
    case "AddConstraintNotValid": {
      const node =
        keywordArg(call, kind.startsWith("AddIndex") ? "index" : "constraint") ?? positionalArgs(call)[1];
      const index = node ? indexOf(node) : null;
      if (!model || !index) return { op: "unknown", model, what: kind, line: at };
      return { op: kind.startsWith("AddIndex") ? "add-index" : "add-constraint", model, index, line: at };
    }
    case "RemoveIndex":
    case "RemoveIndexConcurrently":
    case "RemoveConstraint": {
      const name = str(call, "name", 1);
      if (!model || !name) return { op: "unknown", model, what: kind, line: at };
      return {
        op: kind === "RemoveConstraint" ? "remove-constraint" : "remove-index",
        model,
        name,
        line: at,
      };
    }
    case "RenameIndex": {
      const to = str(call, "new_name", 1);
      const from = str(call, "old_name", 2);
      const fromFields = stringList(keywordArg(call, "old_fields"));
      if (!model || !to) return { op: "unknown", model, what: kind, line: at };
      return { op: "rename-index", model, to, from, fromFields, line: at };
    }
    case "AlterUniqueTogether":
    case "AlterIndexTogether": {
      const name = str(call, "name", 0);
      const value =
        keywordArg(call, kind === "AlterUniqueTogether" ? "unique_together" : "index_together") ??
        positionalArgs(call)[1];
      if (!name) return { op: "unknown", model: null, what: kind, line: at };
      return {
        op: kind === "AlterUniqueTogether" ? "alter-unique-together" : "alter-index-together",
        model: name,
        sets: togetherSets(value),
        line: at,
      };
    }
    case "AlterModelOptions": {
      const name = str(call, "name", 0);
      const options = metaOptions(keywordArg(call, "options") ?? positionalArgs(call)[1]);
      return name ? { op: "alter-options", model: name, options, line: at } : null;
    }
    case "AlterModelTable": {
      const name = str(call, "name", 0);
      const table = keywordArg(call, "table") ?? positionalArgs(call)[1];
      return name
        ? { op: "alter-table", model: name, table: table ? stringValue(table) : null, line: at }
        : null;
    }
    case "RunSQL": {
      // The SQL may create, alter or drop anything: the replay cannot follow it.
      const sqlNode = keywordArg(call, "sql") ?? positionalArgs(call)[0];
      const statements = sqlNode ? (stringValue(sqlNode) ?? stringList(sqlNode)?.join(";\n")) : null;
      return {
        op: "unknown",
        model: null,
        what: "RunSQL",
        line: at,
        ...(statements ? { sql: statements } : {}),
      };
    }
    case "RunPython": {
      // A data migration leaves the schema alone; one that calls the schema editor does not.
      const code = positionalArgs(call)[0] ?? keywordArg(call, "code");
      const fn = code?.kind() === "identifier" ? code.text() : null;
      return fn && schemaEditingFunctions.has(fn)
        ? { op: "unknown", model: null, what: `RunPython(${fn})`, line: at }
        : null;
    }
    default:
      if (SCHEMA_NEUTRAL.test(kind)) return null;
      return { op: "unknown", model, what: kind, line: at };
  }
}

/** Module-level functions whose body calls the schema editor (`schema_editor.add_field`, `.execute`) or runs DDL. */
function schemaEditingFunctions(tree: SgNode): Set<string> {
  const names = new Set<string>();
  for (const fn of tree.findAll({ rule: { kind: "function_definition" } })) {
    const parameters =
      fn
        .field("parameters")
        ?.children()
        .filter((child) => child.isNamed()) ?? [];
    const editor = parameters[1]?.text().split(/[:=]/)[0]?.trim();
    const body = fn.field("body");
    const name = fn.field("name")?.text();
    // `def f(apps, schema_editor)`; `*args`/`**kwargs` or an unused `_editor` name no schema editor to follow.
    if (!editor || !body || !name || !/^[A-Za-z]\w*$/.test(editor)) continue;
    const uses = body
      .findAll({ rule: { kind: "attribute" } })
      .some(
        (attribute) =>
          attribute.field("object")?.text() === editor &&
          attribute.field("attribute")?.text() !== "connection",
      );
    const viaConnection = new RegExp(`\\b${editor}\\.connection\\.cursor\\b`).test(body.text());
    // Or DDL run through any cursor (`connection.cursor().execute("CREATE TABLE …")`): the schema changes all the same.
    const ddl = /\b(create|alter|drop)\s+table\b/i.test(body.text());
    if (uses || viaConnection || ddl) names.add(name);
  }
  return names;
}

/** `class Migration(migrations.Migration)` of a migration file, or null when the file has none. */
export function migrationClassOf(tree: SgNode): DjangoMigrationClass | null {
  const definition = tree
    .findAll({ rule: { kind: "class_definition" } })
    .find((node) => node.field("name")?.text() === "Migration" && node.parent()?.kind() === "module");
  const body = definition?.field("body");
  if (!definition || !body) return null;
  const editing = schemaEditingFunctions(tree);
  const migration: DjangoMigrationClass = {
    line: line(definition),
    dependencies: [],
    replaces: [],
    operations: [],
  };
  for (const { name, value } of valuedAssignments(body)) {
    if (name === "dependencies") migration.dependencies = migrationPairs(value);
    else if (name === "replaces") migration.replaces = migrationPairs(value);
    else if (name === "operations") {
      if (!isSequence(value)) {
        migration.operations.push({
          op: "unknown",
          model: null,
          what: "computed operations",
          line: line(value),
        });
        continue;
      }
      for (const element of elements(value)) {
        if (element.kind() !== "call") {
          migration.operations.push({
            op: "unknown",
            model: null,
            what: element.text().slice(0, 40),
            line: line(element),
          });
          continue;
        }
        if (calleeName(element) === "SeparateDatabaseAndState") {
          // Django compares models with the migration state: the state operations are what it replays.
          const state = keywordArg(element, "state_operations");
          for (const inner of state && isSequence(state) ? elements(state) : []) {
            const operation = inner.kind() === "call" ? operationOf(inner, editing) : null;
            if (operation) migration.operations.push(operation);
          }
          // Raw SQL or a schema-editing RunPython among the database operations changes what the database holds in
          // ways the state does not say: the tables they may touch are not compared from here on.
          const database = keywordArg(element, "database_operations");
          for (const inner of database && isSequence(database) ? elements(database) : []) {
            const operation = inner.kind() === "call" ? operationOf(inner, editing) : null;
            if (operation?.op === "unknown") migration.operations.push(operation);
          }
          continue;
        }
        const operation = operationOf(element, editing);
        if (operation) migration.operations.push(operation);
      }
    }
  }
  return migration;
}
