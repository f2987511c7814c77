// FastAPI page sizes that arrive through `Depends(...)`: a pagination model or class (`class PaginationQuery:
// per_page: int = 50`) or a dependency function (`def pagination(limit: int = 100)`) whose page-size field has no
// `le=`/`lt=` bound, the routes that take it as a dependency, and the queries that read a field of that name
// (`.limit(pagination.per_page)`, `rows[:q.limit]`), including code that treats -1 as "every row".
import type { SgNode } from "@ast-grep/napi";
import { findKind, line } from "../python/syntax.js";
import { boundsName, PAGE_SIZE_NAME } from "./page-sizes.js";

export interface PaginationProvider {
  /** The class or function name `Depends` refers to. */
  name: string;
  field: string;
  line: number;
  /** `le=`/`lt=` on the field, or a validator of the class comparing it. */
  bounded: boolean;
  /** `ge=`/`gt=` on the field: -1 is refused. */
  lowerBounded: boolean;
}

export interface PaginationSink {
  field: string;
  text: string;
  line: number;
}

export interface FastApiDependsFacts {
  providers: PaginationProvider[];
  /** Names handed to `Depends` (`q: PaginationQuery = Depends()` → PaginationQuery; `Depends(pagination)` → pagination). */
  depends: string[];
  sinks: PaginationSink[];
  /** Where code treats a page size of -1 as "no limit" (`if pagination.per_page == -1: per_page = count`). */
  unlimited: PaginationSink[];
}

const BOUND = /\b(le|lt)\s*=/;
const LOWER_BOUND = /\b(ge|gt)\s*=/;

function providers(tree: SgNode): PaginationProvider[] {
  const out: PaginationProvider[] = [];
  for (const cls of findKind(tree, "class_definition")) {
    const name = cls.field("name")?.text() ?? "";
    const body = cls.field("body");
    if (!body) continue;
    const bodyText = body.text();
    for (const statement of body.children()) {
      const assignment = statement.kind() === "expression_statement" ? statement.children()[0] : null;
      if (assignment?.kind() !== "assignment") continue;
      const field = assignment.field("left")?.text() ?? "";
      const type = assignment.field("type")?.text() ?? "";
      if (!PAGE_SIZE_NAME.test(field) || !/\bint\b/.test(type)) continue;
      const validated = new RegExp(
        `field_validator\\([^)]*["']${field}["']|validator\\([^)]*["']${field}["']`,
      ).test(bodyText);
      out.push({
        name,
        field,
        line: line(assignment),
        bounded: BOUND.test(assignment.text()) || validated,
        lowerBounded: LOWER_BOUND.test(assignment.text()) || validated,
      });
    }
  }
  for (const fn of findKind(tree, "function_definition")) {
    const decorated = fn.parent()?.kind() === "decorated_definition";
    if (decorated) continue;
    const name = fn.field("name")?.text() ?? "";
    for (const parameter of fn.field("parameters")?.children() ?? []) {
      if (parameter.kind() !== "typed_default_parameter") continue;
      const field = parameter.field("name")?.text() ?? "";
      if (!PAGE_SIZE_NAME.test(field) || !/\bint\b/.test(parameter.field("type")?.text() ?? "")) continue;
      // Only dependency functions: their defaults are `Query(...)` or plain ints read from the query string.
      if (!/Query\s*\(|=\s*-?\d+\s*$/.test(parameter.text())) continue;
      out.push({
        name,
        field,
        line: line(parameter),
        // `le=` on the parameter, or the function clamps what it returns: `Params(page, min(MAX, limit))`.
        bounded: BOUND.test(parameter.text()) || boundsName(fn.field("body")?.text() ?? "", field),
        lowerBounded: LOWER_BOUND.test(parameter.text()),
      });
    }
  }
  return out;
}

function dependsNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(
    /:\s*(?:Annotated\[\s*)?([A-Za-z_]\w*)\s*(?:,\s*Depends\(\s*\)\s*\]|=\s*Depends\(\s*\))/g,
  ))
    names.add(m[1]!);
  for (const m of text.matchAll(/\bDepends\(\s*([A-Za-z_]\w*)\s*\)/g)) names.add(m[1]!);
  return [...names];
}

function sinks(tree: SgNode): { sinks: PaginationSink[]; unlimited: PaginationSink[] } {
  const out: PaginationSink[] = [];
  const unlimited: PaginationSink[] = [];
  const fieldOf = (text: string): string | null =>
    [...text.matchAll(/\.(\w+)\b/g)].map((m) => m[1]!).find((word) => PAGE_SIZE_NAME.test(word)) ?? null;
  for (const call of findKind(tree, "call")) {
    const callee = call.field("function");
    if (callee?.kind() !== "attribute" || callee.field("attribute")?.text() !== "limit") continue;
    const args = call.field("arguments")?.text() ?? "";
    const field = fieldOf(args);
    if (field && !/\bmin\s*\(/.test(args))
      out.push({ field, text: call.text().slice(0, 80), line: line(call) });
  }
  for (const slice of findKind(tree, "slice")) {
    const field = fieldOf(slice.text());
    if (field) out.push({ field, text: (slice.parent() ?? slice).text().slice(0, 80), line: line(slice) });
  }
  for (const comparison of findKind(tree, "comparison_operator")) {
    const text = comparison.text();
    const field = fieldOf(text);
    if (field && /(==|<)\s*(-1|0)\b/.test(text)) unlimited.push({ field, text, line: line(comparison) });
  }
  return { sinks: out, unlimited };
}

export function fastApiDependsPageSizes(tree: SgNode, text: string): FastApiDependsFacts {
  return { providers: providers(tree), depends: dependsNames(text), ...sinks(tree) };
}
