// The shared shape of "one table as the ORM model declares it and as the migrations leave it", for every stack.
import type { OptionValue } from "./python-literals.js";

export interface OrmPlace {
  path: string;
  line: number;
}

/** A column as one side states it; the options are the effective ones (framework defaults applied). */
export interface OrmColumn extends OrmPlace {
  name: string;
  /** Field class or macro (`CharField`, `ForeignKey`, `field`). */
  kind: string;
  /** Whether the column is a join table rather than a column (`ManyToManyField`). */
  joinTable?: boolean;
  null?: OptionValue;
  unique?: OptionValue;
  index?: OptionValue;
}

/** A table-level index or constraint as one side states it. */
export interface OrmIndex extends OrmPlace {
  /** Null when the name is left to the framework (`unique_together`, an unnamed `Index`). */
  name: string | null;
  kind: "index" | "unique" | "constraint";
  fields: string[];
  /** Where it is stated (`Meta.indexes`, `Meta.constraints`, `unique_together`, `index_together`). */
  via: string;
}

/** One model and the table its migrations leave behind. */
export interface OrmTable {
  stack: "django" | "ecto" | "sqlalchemy";
  /** `shop.Order` (Django app label and model) or the Ecto schema module. */
  model: string;
  table: string;
  place: OrmPlace;
  /** The migrations folder replayed and how many migrations it has. */
  migrations: { directory: string; count: number };
  /** Where a migration creates the table; null when no migration does. */
  created: OrmPlace | null;
  declared: {
    columns: OrmColumn[];
    /** Every other name the model assigns (managers, tag managers): a migration field by that name is accounted for. */
    otherNames: string[];
    /** False when a base class or macro the reader cannot see may declare more columns. */
    complete: boolean;
    /** Null when not comparable (inherited or computed Meta). */
    indexes: OrmIndex[] | null;
  };
  migrated: {
    columns: OrmColumn[];
    indexes: OrmIndex[] | null;
  };
  /** Columns the framework adds without a declaration (`id`, a parent link `<parent>_ptr`). */
  implicitColumns: string[];
  /** The application also creates tables at run time (`metadata.create_all()`): a table no revision creates may exist. */
  createdAtRuntime?: boolean;
  /** The replay lost track of this table (raw SQL, a schema-editing data migration): nothing is known. */
  unknown: (OrmPlace & { what: string }) | null;
}

export interface OrmFacts {
  tables: OrmTable[];
}
