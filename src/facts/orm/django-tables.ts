// Django models paired with the state their app's migrations leave: abstract parents' fields inherited, Django's
// defaults applied (a ForeignKey is indexed, a OneToOneField unique), models without a table of their own (abstract,
// proxy, unmanaged, swappable) and apps without migrations in the repository (third-party or unmigrated) left out.
import { posix } from "node:path";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import type { DjangoField, DjangoIndex, DjangoMigrationClass, DjangoModelClass } from "./django-syntax.js";
import { replayDjangoApp, type DjangoAppState, type DjangoModelState, type Located } from "./django-state.js";
import { nearestClass } from "./nearest-class.js";
import type { OrmColumn, OrmIndex, OrmTable } from "./types.js";

const INDEXED_BY_DEFAULT = new Set(["ForeignKey", "OneToOneField", "ParentalKey", "SlugField"]);
const JOIN_TABLE = new Set(["ManyToManyField", "ParentalManyToManyField"]);

/** Django's own field classes, whose defaults are known (a subclass may set `null` or `unique` in `__init__`). */
const BUILTIN = new Set([
  "AutoField",
  "BigAutoField",
  "SmallAutoField",
  "BigIntegerField",
  "BinaryField",
  "BooleanField",
  "CharField",
  "DateField",
  "DateTimeField",
  "DecimalField",
  "DurationField",
  "EmailField",
  "FileField",
  "FilePathField",
  "FloatField",
  "GenericIPAddressField",
  "ImageField",
  "IntegerField",
  "JSONField",
  "PositiveBigIntegerField",
  "PositiveIntegerField",
  "PositiveSmallIntegerField",
  "SlugField",
  "SmallIntegerField",
  "TextField",
  "TimeField",
  "URLField",
  "UUIDField",
  "ForeignKey",
  "OneToOneField",
  "NullBooleanField",
  "IPAddressField",
  "ArrayField",
]);

/** A field's effective table options ("dynamic" where the class or a `**kwargs` may set them). */
export function columnOf(field: Located<DjangoField>): OrmColumn {
  const joinTable = JOIN_TABLE.has(field.kind);
  const column: OrmColumn = { name: field.name, kind: field.kind, path: field.path, line: field.line };
  if (joinTable) return { ...column, joinTable };
  const known = BUILTIN.has(field.kind) && !field.kwargs;
  const unset = <T>(fallback: T): T | "dynamic" => (known ? fallback : "dynamic");
  column.null = field.null ?? unset(false);
  column.unique = field.unique ?? unset(field.primaryKey === true || field.kind === "OneToOneField");
  column.index = field.dbIndex ?? unset(INDEXED_BY_DEFAULT.has(field.kind));
  if (field.primaryKey === true) column.unique = true;
  return column;
}

function indexesOf(
  list: Array<Located<DjangoIndex>> | null,
  constraints: Array<Located<DjangoIndex>> | null,
  unique: { sets: string[][]; path: string; line: number } | null,
  together: { sets: string[][]; path: string; line: number } | null,
): OrmIndex[] | null {
  if (!list || !constraints || !unique || !together) return null;
  return [
    ...list.map((index) => ({
      name: index.name,
      kind: "index" as const,
      fields: index.fields,
      path: index.path,
      line: index.line,
      via: "Meta.indexes",
    })),
    ...constraints.map((constraint) => ({
      name: constraint.name,
      kind: constraint.unique ? ("unique" as const) : ("constraint" as const),
      fields: constraint.fields,
      path: constraint.path,
      line: constraint.line,
      via: "Meta.constraints",
    })),
    ...unique.sets.map((fields) => ({
      name: null,
      kind: "unique" as const,
      fields,
      path: unique.path,
      line: unique.line,
      via: "unique_together",
    })),
    ...together.sets.map((fields) => ({
      name: null,
      kind: "index" as const,
      fields,
      path: together.path,
      line: together.line,
      via: "index_together",
    })),
  ];
}

type ModelClass = DjangoModelClass & { path: string };

/** Where a model class's fields come from: inherited abstract fields, parent links, and whether all bases are known. */
interface Resolved {
  fields: Array<Located<DjangoField>>;
  names: string[];
  parentLinks: string[];
  complete: boolean;
  /** Names the class and its ancestors bind to something other than a field (a plain value, a method, a property). */
  attributes: string[];
  /** Only models.Model and concrete parents above it: Meta is what the class itself says. */
  ownMeta: boolean;
  isModel: boolean;
}

const DJANGO_MODEL = /^(models\.)?Model$|^django\.db\.models\.Model$/;

function resolve(
  cls: ModelClass,
  byName: Map<string, ModelClass[]>,
  seen: Set<ModelClass> = new Set(),
): Resolved {
  const own = [
    ...cls.assigned.filter((name) => !cls.fields.some((field) => field.name === name)),
    ...cls.defined,
  ];
  const resolved: Resolved = {
    fields: cls.fields.map((field) => ({ ...field, path: cls.path })),
    names: [...cls.assigned],
    parentLinks: [],
    complete: true,
    attributes: [...own],
    ownMeta: true,
    isModel: false,
  };
  seen.add(cls);
  // Django does not inherit an abstract parent's field whose name the class itself binds to something else
  // (`comment = ''`, a property), nor one a class earlier in the MRO binds that is not itself a model parent (a
  // plain mixin, or an ancestor reached through an earlier parent): ModelBase skips names in `inherited_attributes`.
  const shadowing = new Set(own);
  for (const base of cls.bases) {
    if (DJANGO_MODEL.test(base)) {
      resolved.isModel = true;
      continue;
    }
    const parent = nearestClass(base, cls.path, byName);
    if (!parent || seen.has(parent)) {
      resolved.complete = false;
      resolved.ownMeta = false;
      continue;
    }
    const inherited = resolve(parent, byName, seen);
    resolved.attributes.push(...inherited.attributes);
    if (!inherited.isModel && parent.fields.length === 0 && inherited.complete) {
      for (const name of inherited.attributes) shadowing.add(name); // a plain mixin
      continue;
    }
    resolved.isModel ||= inherited.isModel;
    resolved.complete &&= inherited.complete;
    if (parent.meta.abstract) {
      // Abstract parents give their fields and, unless the child writes its own Meta, their Meta.
      resolved.ownMeta = false;
      for (const field of inherited.fields)
        if (!resolved.fields.some((known) => known.name === field.name) && !shadowing.has(field.name))
          resolved.fields.push(field);
      resolved.names.push(...inherited.names);
      resolved.parentLinks.push(...inherited.parentLinks);
    } else {
      resolved.parentLinks.push(`${parent.name.toLowerCase()}_ptr`);
    }
    // What the parent's own ancestors bind precedes the next parent in the MRO.
    const parentOwn = new Set([...parent.assigned, ...parent.defined]);
    for (const name of inherited.attributes) if (!parentOwn.has(name)) shadowing.add(name);
  }
  return resolved;
}

/** The app directory a models file belongs to (`shop/models.py`, `shop/models/order.py` → `shop`). */
function appDirectoryOf(path: string): string {
  const directory = posix.dirname(path);
  return posix.basename(path) === "models.py" ? directory : directory.replace(/\/models(\/.*)?$/, "");
}

/** Every managed Django model with a migrations folder, paired with the folder's replayed state. */
export function djangoTables(
  models: readonly ModelClass[],
  migrations: ReadonlyArray<Located<DjangoMigrationClass>>,
): OrmTable[] {
  const byDirectory = new Map<string, Array<Located<DjangoMigrationClass>>>();
  for (const migration of migrations) {
    const directory = posix.dirname(migration.path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), migration]);
  }
  const apps = new Map<string, DjangoAppState>();
  for (const [directory, list] of [...byDirectory].sort(([a], [b]) => compareCodeUnits(a, b)))
    apps.set(directory, replayDjangoApp(directory, list));
  const byName = new Map<string, ModelClass[]>();
  for (const model of models) byName.set(model.name, [...(byName.get(model.name) ?? []), model]);

  const tables: OrmTable[] = [];
  for (const cls of models) {
    const { meta } = cls;
    if (meta.abstract || meta.proxy || meta.managed !== true || meta.swappable) continue;
    const resolved = resolve(cls, byName);
    if (!resolved.isModel && !(resolved.fields.length > 0 && !resolved.complete)) continue;
    const appDirectory = appDirectoryOf(cls.path);
    const app = meta.appLabel
      ? [...apps.values()].find((state) => state.label === meta.appLabel)
      : apps.get(`${appDirectory}/migrations`);
    if (!app) continue;
    const state: DjangoModelState | undefined = app.models.get(cls.name.toLowerCase());
    if (state && (state.options.proxy || state.options.managed !== true)) continue;
    // A Meta of its own that extends no parent's is complete; without one, an abstract parent's Meta applies.
    const ownMeta = meta.line !== null ? !meta.extendsParentMeta : resolved.ownMeta;
    // Names on abstract parents and models are templates: `%(app_label)s_%(class)s_unique` (Django fills them in).
    const named = (index: DjangoIndex): Located<DjangoIndex> => ({
      ...index,
      name:
        index.name
          ?.replace(/%\(app_label\)s/g, app.label.toLowerCase())
          .replace(/%\(class\)s/g, cls.name.toLowerCase()) ?? null,
      path: cls.path,
    });
    tables.push({
      stack: "django",
      model: `${app.label}.${cls.name}`,
      table: meta.dbTable ?? `${app.label}_${cls.name.toLowerCase()}`,
      place: { path: cls.path, line: cls.line },
      migrations: { directory: app.directory, count: app.migrations },
      created: state ? state.created : null,
      declared: {
        columns: resolved.fields.map(columnOf),
        otherNames: resolved.names.filter((name) => !resolved.fields.some((field) => field.name === name)),
        complete: resolved.complete,
        indexes: ownMeta
          ? indexesOf(
              meta.indexes?.map(named) ?? null,
              meta.constraints?.map(named) ?? null,
              meta.uniqueTogether && {
                sets: meta.uniqueTogether,
                path: cls.path,
                line: meta.line ?? cls.line,
              },
              meta.indexTogether && { sets: meta.indexTogether, path: cls.path, line: meta.line ?? cls.line },
            )
          : null,
      },
      migrated: {
        columns: state ? [...state.fields.values()].map(columnOf) : [],
        indexes: state
          ? indexesOf(state.indexes, state.constraints, state.uniqueTogether, state.indexTogether)
          : null,
      },
      implicitColumns: ["id", ...resolved.parentLinks],
      unknown: state?.unknown ?? null,
    });
  }
  return tables.sort((a, b) => compareCodeUnits(a.place.path, b.place.path) || a.place.line - b.place.line);
}
