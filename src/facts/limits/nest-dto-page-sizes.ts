// NestJS page sizes: a DTO field named like a page size (`limit`, `take`, `pageSize`, `perPage`) validated as a
// number by class-validator with or without `@Max(...)`, the controller methods that take the DTO as `@Query()`
// (and whether they bound the field themselves), and the ORM `take`/`limit` options and calls that read a field of
// that name — so the limits collector can follow DTO → controller → query across files.
import type { SgNode } from "@ast-grep/napi";
import { lineOf } from "../node/ast.js";
import { boundsName, jsPageSizeValue, PAGE_SIZE_NAME } from "./page-sizes.js";

export interface DtoPageField {
  className: string;
  field: string;
  line: number;
  /** `@Max(...)`, `@IsIn([...])` or a `@Transform` that clamps (`Math.min`). */
  bounded: boolean;
}

export interface DtoQueryUse {
  dto: string;
  line: number;
  /** Page-size fields the controller method bounds itself (`if (limit > 50) limit = 50`, `Math.min`). */
  boundedFields: string[];
  /** An authentication guard on the method or its controller (`@UseGuards(JwtAuthGuard)`), as written; absent when none. */
  authGuard?: string;
}

export interface OrmPageSink {
  /** Page-size names the value reads (`paginationOptions.limit` → `limit`). */
  fields: string[];
  text: string;
  line: number;
  /** The function around it bounds the page size (`if (pageSize > MAX) throw …`, `Math.min(limit, …)`): boundsName. */
  bounded: boolean;
}

/** The text of the function around `node` (the whole file's statement when there is none). */
function enclosingFunctionText(node: SgNode): string {
  for (let at = node.parent(); at; at = at.parent())
    if (
      /^(function_declaration|method_definition|arrow_function|function_expression|function)$/.test(
        String(at.kind()),
      )
    )
      return at.text();
  return node.text();
}

export interface NestPageSizeFacts {
  dtoFields: DtoPageField[];
  queryUses: DtoQueryUse[];
  sinks: OrmPageSink[];
}

const NUMBER_DECORATOR = /^@(IsInt|IsNumber|IsNumberString|IsPositive|Min|Type\s*\(\s*\(\)\s*=>\s*Number)\b/;
const BOUND_DECORATOR = /^@(Max|IsIn)\b|Math\.min|\bclamp/;

function decoratorTexts(node: SgNode): string[] {
  return node
    .children()
    .filter((child) => child.kind() === "decorator")
    .map((decorator) => decorator.text());
}

function dtoFields(tree: SgNode): DtoPageField[] {
  const out: DtoPageField[] = [];
  for (const declaration of tree.findAll({ rule: { kind: "class_declaration" } })) {
    const className = declaration.field("name")?.text() ?? "";
    for (const member of declaration.field("body")?.children() ?? []) {
      if (member.kind() !== "public_field_definition") continue;
      const field = member.field("name")?.text() ?? "";
      if (!PAGE_SIZE_NAME.test(field)) continue;
      const decorators = decoratorTexts(member);
      if (!decorators.some((d) => NUMBER_DECORATOR.test(d))) continue;
      out.push({
        className,
        field,
        line: lineOf(member.field("name") ?? member),
        bounded: decorators.some((d) => BOUND_DECORATOR.test(d)),
      });
    }
  }
  return out;
}

// Guards that authenticate the caller (JwtAuthGuard, InfraTokenGuard, GqlAdminGuard, RolesGuard, AuthGuard("jwt")),
// not those that only throttle or validate.
const AUTH_GUARD = /^(?!Throttl)\w*(?:Auth|Jwt|Token|Admin|Role|Session|Permission|Api[Kk]ey)\w*(?:\(.*\))?$/;

/** The decorators written on a class member (siblings before it) or on a class (its own, or its export's). */
function decoratorsBefore(node: SgNode): string[] {
  const out = decoratorTexts(node);
  for (let at = node.prev(); at && (at.kind() === "decorator" || at.kind() === "comment"); at = at.prev())
    if (at.kind() === "decorator") out.push(at.text());
  const parent = node.parent();
  if (parent?.kind() === "export_statement") out.push(...decoratorTexts(parent));
  return out;
}

/** The first authentication guard among `@UseGuards(...)` decorators, or undefined. */
function authGuardOf(decorators: readonly string[]): string | undefined {
  for (const decorator of decorators) {
    const inner = /^@UseGuards\s*\(([\s\S]*)\)\s*$/.exec(decorator)?.[1];
    const guard = inner
      ?.split(",")
      .map((name) => name.trim())
      .find((name) => AUTH_GUARD.test(name));
    if (guard) return guard;
  }
  return undefined;
}

function queryUses(tree: SgNode): DtoQueryUse[] {
  const out: DtoQueryUse[] = [];
  for (const method of tree.findAll({ rule: { kind: "method_definition" } })) {
    const body = method.field("body")?.text() ?? "";
    for (const parameter of method.field("parameters")?.children() ?? []) {
      if (!decoratorTexts(parameter).some((d) => /^@Query\s*\(\s*\)/.test(d))) continue;
      const type = parameter.field("type")?.text().replace(/^:\s*/, "") ?? "";
      if (!/^[A-Z]\w*$/.test(type)) continue;
      const names = [
        ...new Set([...body.matchAll(/\b\w+\b/g)].map((m) => m[0]).filter((w) => PAGE_SIZE_NAME.test(w))),
      ];
      const owner = method.parent()?.parent();
      const authGuard =
        authGuardOf(decoratorsBefore(method)) ??
        (owner?.kind() === "class_declaration" ? authGuardOf(decoratorsBefore(owner)) : undefined);
      out.push({
        ...(authGuard ? { authGuard } : {}),
        dto: type,
        line: lineOf(parameter),
        boundedFields: names.filter(
          (name) => boundsName(body, name) || new RegExp(`Math\\.min\\([^)]*\\b${name}\\b`).test(body),
        ),
      });
    }
  }
  return out;
}

/** ORM options `take: x.limit` / `limit: pageSize` and calls `.limit(x.limit)` / `.take(perPage)`. */
function sinks(tree: SgNode): OrmPageSink[] {
  const out: OrmPageSink[] = [];
  for (const node of tree.findAll({ rule: { any: [{ kind: "pair" }, { kind: "call_expression" }] } })) {
    const value = jsPageSizeValue(node, /^(take|limit)$/);
    if (!value || value.kind() === "number") continue;
    const fields = [...value.text().matchAll(/\b\w+\b/g)]
      .map((m) => m[0])
      .filter((w) => PAGE_SIZE_NAME.test(w));
    if (fields.length === 0 || /Math\.min|\bclamp/.test(value.text())) continue;
    const text = node.text().replace(/\s+/g, " ");
    const unique = [...new Set(fields)];
    const body = enclosingFunctionText(node);
    out.push({
      fields: unique,
      text: text.length > 80 ? `${text.slice(0, 77)}...` : text,
      line: lineOf(node),
      bounded: unique.some((field) => boundsName(body, field)),
    });
  }
  return out;
}

export function nestPageSizes(tree: SgNode): NestPageSizeFacts {
  return { dtoFields: dtoFields(tree), queryUses: queryUses(tree), sinks: sinks(tree) };
}
