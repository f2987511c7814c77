// Environment variables a Go program reads through a configuration struct rather than os.Getenv: fields tagged
// for an env-config library (`env:"NAME,required"` of caarlos0/env and sethvargo/go-envconfig, `env:"NAME"
// env-required:"true"` of cleanenv), and kelseyhightower/envconfig, whose names come from the field names and the
// prefix given to `envconfig.Process`.
import type { SgNode } from "@ast-grep/napi";
import { GoBindings } from "../go/bindings.js";
import {
  callArguments,
  calleeOf,
  enclosingFunction,
  findKind,
  importMap,
  lineOf,
  stringValue,
} from "../go/syntax.js";

export interface StructEnvRead {
  name: string;
  line: number;
  required: boolean;
  hasDefault: boolean;
  /** The field declaration as written. */
  call: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KELSEY_ENVCONFIG = "github.com/kelseyhightower/envconfig";
/** Nested configuration structs deeper than this are not followed (a type that contains itself would not end). */
const MAX_DEPTH = 4;

interface Field {
  node: SgNode;
  /** Empty for an embedded struct. */
  name: string;
  typeName: string | null;
  tag: Map<string, string>;
}

export function goStructEnvReads(root: SgNode): StructEnvRead[] {
  const structs = structTypes(root);
  return [...taggedReads(structs), ...envconfigReads(root, structs)];
}

/** `env:"NAME"` fields, with the prefixes of the nested structs that lead to them. */
function taggedReads(structs: Map<string, Field[]>): StructEnvRead[] {
  const nested = new Set<string>();
  for (const fields of structs.values())
    for (const field of fields)
      if (field.typeName && nestedPrefix(field) !== null) nested.add(field.typeName);
  const out: StructEnvRead[] = [];
  const walk = (fields: Field[], prefix: string, depth: number): void => {
    for (const field of fields) {
      const inner = nestedPrefix(field);
      const type = field.typeName ? structs.get(field.typeName) : undefined;
      if (inner !== null && type && depth < MAX_DEPTH) {
        walk(type, prefix + inner, depth + 1);
        continue;
      }
      const env = field.tag.get("env");
      if (env === undefined) continue;
      const [first = "", ...options] = env.split(",").map((part) => part.trim());
      const name = prefix + first;
      if (first === "" || !ENV_NAME.test(name)) continue;
      out.push({
        name,
        line: lineOf(field.node),
        required:
          options.includes("required") ||
          options.includes("notEmpty") ||
          field.tag.get("env-required") === "true",
        hasDefault:
          field.tag.has("envDefault") ||
          field.tag.has("env-default") ||
          options.some((option) => option.startsWith("default=")),
        call: field.node.text().slice(0, 120),
      });
    }
  };
  for (const [name, fields] of structs) if (!nested.has(name)) walk(fields, "", 0);
  return out;
}

/** The prefix a field puts before the names of the struct it holds: `envPrefix:"DB_"`, `env:",prefix=DB_"`. */
function nestedPrefix(field: Field): string | null {
  const envPrefix = field.tag.get("envPrefix");
  if (envPrefix !== undefined) return envPrefix;
  const env = field.tag.get("env");
  const option = env
    ?.split(",")
    .map((part) => part.trim())
    .find((part) => part.startsWith("prefix="));
  return option === undefined ? null : option.slice("prefix=".length);
}

/** `envconfig.Process("app", &cfg)`: every exported field of cfg's struct, named as the library names it. */
function envconfigReads(root: SgNode, structs: Map<string, Field[]>): StructEnvRead[] {
  const imports = importMap(root);
  const alias = [...imports].find(([, path]) => path === KELSEY_ENVCONFIG)?.[0];
  if (!alias) return [];
  const out: StructEnvRead[] = [];
  let bindings: GoBindings | undefined;
  for (const call of findKind(root, "call_expression")) {
    const callee = calleeOf(call);
    if (!callee || callee.receiver !== alias || !["Process", "MustProcess"].includes(callee.name)) continue;
    const [prefixArg, targetArg] = callArguments(call);
    if (!prefixArg || !targetArg) continue;
    const prefix = stringValue(prefixArg) ?? constantString(root, prefixArg.text());
    bindings ??= new GoBindings(root, imports);
    const typeName = targetTypeName(targetArg, bindings);
    const fields = typeName ? structs.get(typeName) : undefined;
    if (prefix === null || !fields) continue;
    const walk = (list: Field[], outer: string, depth: number): void => {
      for (const field of list) {
        if (field.tag.get("ignored") === "true") continue;
        const embedded = field.name === "";
        if (!embedded && !/^[A-Z]/.test(field.name)) continue;
        const alt = field.tag.get("envconfig") ?? "";
        const own =
          alt !== "" ? alt : field.tag.get("split_words") === "true" ? splitWords(field.name) : field.name;
        const key = (outer !== "" ? `${outer}_${own}` : own).toUpperCase();
        const type = field.typeName ? structs.get(field.typeName) : undefined;
        if (type) {
          // An embedded struct keeps the outer prefix unless it names its own.
          if (depth < MAX_DEPTH) walk(type, embedded && alt === "" ? outer : key, depth + 1);
          continue;
        }
        if (embedded || !ENV_NAME.test(key)) continue;
        out.push({
          name: key,
          line: lineOf(field.node),
          required: field.tag.get("required") === "true",
          hasDefault: field.tag.has("default"),
          call: field.node.text().slice(0, 120),
        });
      }
    };
    walk(fields, prefix, 0);
  }
  return out;
}

/** envconfig's `split_words`: `TurnExternalIP` → `Turn_External_IP`, `TLSCertFile` → `TLS_Cert_File`. */
export function splitWords(name: string): string {
  const words: string[] = [];
  for (const word of name.match(/[^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+/g) ?? []) {
    const acronym = /^([A-Z]+)([A-Z][^A-Z]+)$/.exec(word);
    if (acronym) words.push(acronym[1] as string, acronym[2] as string);
    else words.push(word);
  }
  return words.join("_");
}

/** Struct types declared in the file: name → fields with their parsed tags. */
function structTypes(root: SgNode): Map<string, Field[]> {
  const out = new Map<string, Field[]>();
  for (const spec of findKind(root, "type_spec")) {
    const name = spec.field("name")?.text();
    const type = spec.field("type");
    if (!name || type?.kind() !== "struct_type") continue;
    const list = type.children().find((child) => child.kind() === "field_declaration_list");
    if (!list) continue;
    const fields: Field[] = [];
    for (const declaration of list.children()) {
      if (declaration.kind() !== "field_declaration") continue;
      const tagNode = declaration.field("tag");
      const tag = parseStructTag(tagNode ? (stringValue(tagNode) ?? "") : "");
      const typeNode = declaration.field("type");
      const typeName = typeNode ? typeNode.text().replace(/^\*/, "") : null;
      const names = declaration.children().filter((child) => child.kind() === "field_identifier");
      if (names.length === 0) fields.push({ node: declaration, name: "", typeName, tag });
      for (const fieldName of names)
        fields.push({ node: declaration, name: fieldName.text(), typeName, tag });
    }
    out.set(name, fields);
  }
  return out;
}

/** A Go struct tag (`key:"value" key2:"value2"`) as a map, as reflect.StructTag reads it. */
export function parseStructTag(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of tag.matchAll(/([^\s:"]+):"((?:[^"\\]|\\.)*)"/g))
    if (!out.has(match[1] as string))
      out.set(match[1] as string, (match[2] as string).replace(/\\(.)/g, "$1"));
  return out;
}

/** The value of a string constant declared in the file (`const prefix = "app"`). */
function constantString(root: SgNode, name: string): string | null {
  for (const spec of findKind(root, "const_spec")) {
    if (spec.field("name")?.text() !== name) continue;
    const value = spec
      .field("value")
      ?.children()
      .find((child) => child.isNamed());
    return value ? stringValue(value) : null;
  }
  return null;
}

/**
 * The struct type behind `&cfg` or `&Config{}`: the composite literal the binding of `cfg` was given (`cfg :=
 * Config{}`, scope-aware), else the type it is declared with in the function around the call (`var cfg Config`,
 * a parameter or named result `(cfg Config)`).
 */
function targetTypeName(target: SgNode, bindings: GoBindings): string | null {
  const operand = target.kind() === "unary_expression" ? target.field("operand") : null;
  if (!operand) return null;
  if (operand.kind() === "composite_literal") return operand.field("type")?.text() ?? null;
  if (operand.kind() !== "identifier") return null;
  for (const value of bindings.definitionsOf(bindings.keyOf(operand)) ?? [])
    if (value.kind() === "composite_literal") return value.field("type")?.text() ?? null;
  const name = operand.text();
  const scope = enclosingFunction(operand);
  if (!scope) return null;
  for (const kind of ["var_spec", "parameter_declaration"]) {
    for (const spec of scope.findAll({ rule: { kind } })) {
      if (!spec.children().some((child) => child.kind() === "identifier" && child.text() === name)) continue;
      const type = spec.field("type")?.text().replace(/^\*/, "");
      if (type) return type;
    }
  }
  return null;
}
