// python/unbounded-page-size: a Django REST framework paginator that lets the client choose the page size with no
// maximum (page_size_query_param without max_page_size, LimitOffsetPagination without max_limit).
import type { SgNode } from "@ast-grep/napi";
import { oneOffKind } from "../../facts/one-off-code.js";
import { importMap } from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

// A maximum this large bounds nothing a client could not already ask for: the page is the table.
const EFFECTIVELY_UNBOUNDED = 10_000;

/** The class-level assignments of a class body: name → value text and line. */
function classAssignments(cls: SgNode): Map<string, { value: string; line: number }> {
  const result = new Map<string, { value: string; line: number }>();
  const body = cls.field("body");
  for (const statement of body?.children() ?? []) {
    if (statement.kind() !== "expression_statement") continue;
    const assignment = statement.children().find((c) => c.kind() === "assignment");
    const left = assignment?.field("left");
    const right = assignment?.field("right");
    if (left?.kind() === "identifier" && right)
      result.set(left.text(), { value: right.text(), line: assignment!.range().start.line + 1 });
  }
  return result;
}

/**
 * The class's own override of the method DRF reads the page size through (`get_limit` on LimitOffsetPagination,
 * `get_page_size` on the page-number and cursor paginators), when its body bounds the value: a `min(…)` call or a
 * comparison. Such a class computes its cap itself (from settings, say), so the missing attribute bounds nothing.
 */
function boundingOverride(cls: SgNode, method: string): SgNode | undefined {
  for (const statement of cls.field("body")?.children() ?? []) {
    const fn = statement.kind() === "decorated_definition" ? statement.field("definition") : statement;
    if (fn?.kind() !== "function_definition" || fn.field("name")?.text() !== method) continue;
    const body = fn.field("body");
    const bounds =
      body?.find({ rule: { kind: "call", has: { field: "function", regex: "^min$" } } }) ??
      body?.find({ rule: { kind: "comparison_operator", regex: "[<>]" } });
    if (bounds) return fn;
  }
  return undefined;
}

/** A maximum's value as a number, or null when it is not a literal. */
function literalNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.replace(/_/g, ""));
  return Number.isFinite(n) ? n : null;
}

export default defineRule({
  id: "python/unbounded-page-size",
  area: "web",
  severity: "medium",
  title: "API lets clients ask for pages of any size",
  effortMinutes: 10,
  confidence: "certain",
  languages: ["python"],
  prefilter: /page_size_query_param|limit_query_param|LimitOffsetPagination/,
  docs: {
    rationale:
      "A paginator that reads the page size from the query string with no maximum turns every list endpoint into an export of the whole table: `?page_size=1000000` or `?limit=1000000` returns every row in one response.",
    impact:
      "One request can load a whole table into memory and serialise it, slowing or taking down the server (and the database) for everyone; pagination limits that the UI respects protect nothing against a script.",
    fix: "Set `max_page_size` next to `page_size_query_param` (and `max_limit` on LimitOffsetPagination subclasses) to the largest page the clients need, and use a subclass with the maximum as DEFAULT_PAGINATION_CLASS.",
    example: {
      language: "python",
      bad: 'class StandardPagination(PageNumberPagination):\n    page_size = 50\n    page_size_query_param = "page_size"',
      good: 'class StandardPagination(PageNumberPagination):\n    page_size = 50\n    page_size_query_param = "page_size"\n    max_page_size = 500',
    },
  },
  notes: [
    "A class that sets `page_size_query_param` (PageNumberPagination, CursorPagination) without `max_page_size`, or a direct subclass of DRF's LimitOffsetPagination without `max_limit` (resolved through the file's imports, so `from rest_framework.pagination import LimitOffsetPagination as Base` counts and a project class of that name is judged where it is defined, not in its subclasses), in the class or a base class of the same file, unless that class overrides `get_page_size` / `get_limit` with a bound of its own (a `min(…)` or a comparison in the method, as a cap read from settings is); and `REST_FRAMEWORK['DEFAULT_PAGINATION_CLASS']` set to DRF's own LimitOffsetPagination, whose max_limit is None.",
    `Low for DRF's LimitOffsetPagination as the default (an implicit choice whose cost depends on table sizes the audit cannot see), when a maximum is set but is ${EFFECTIVELY_UNBOUNDED.toLocaleString("en-US")} or more (a page that large is the table for most apps, and is usually a deliberate "fetch all" for a client), and in tests and scripts.`,
  ],
  applies(facts) {
    if (!facts.python) return { status: "unknown", reason: "Python facts were not collected" };
    return facts.python.dependencies.declared.some((d) => /^djangorestframework$/i.test(d.name)) ||
      facts.python.imports["rest_framework"] !== undefined
      ? true
      : { status: "not-applicable", reason: "no Django REST framework dependency or import" };
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const severity = oneOffKind(path) ? "low" : undefined;
    const classes = tree.findAll({ rule: { kind: "class_definition" } });
    const byName = new Map(classes.map((cls) => [cls.field("name")?.text() ?? "", cls]));
    const baseTexts = (cls: SgNode): string[] =>
      (cls.field("superclasses")?.children() ?? []).filter((c) => c.isNamed()).map((c) => c.text());
    const basesOf = (cls: SgNode): string[] => baseTexts(cls).map((text) => text.split(".").pop() ?? "");
    const imports = importMap(tree);
    /**
     * Whether a base is DRF's own LimitOffsetPagination: through the file's imports (`from rest_framework.pagination
     * import LimitOffsetPagination as Base`, `pagination.LimitOffsetPagination`); by its name when the import is not
     * seen, unless a class of this file has that name (the project's own subclass, judged where it is defined).
     */
    const isDrfLimitOffset = (text: string): boolean => {
      const [head = "", ...rest] = text.split(".");
      const resolved = imports.get(head);
      if (resolved !== undefined) {
        const full = [resolved, ...rest].join(".");
        return full === "rest_framework.pagination.LimitOffsetPagination";
      }
      return text.split(".").pop() === "LimitOffsetPagination" && !byName.has(text);
    };
    /** Whether the class or a same-file base overrides the page-size method with a bound of its own. */
    const overridden = (cls: SgNode, method: string, seen = new Set<SgNode>()): boolean => {
      if (seen.has(cls)) return false;
      seen.add(cls);
      if (boundingOverride(cls, method)) return true;
      return basesOf(cls).some((base) => {
        const parent = byName.get(base);
        return parent !== undefined && overridden(parent, method, seen);
      });
    };
    /** The nearest assignment of a name in the class or its same-file bases. */
    const lookup = (
      cls: SgNode,
      name: string,
      seen = new Set<SgNode>(),
    ): { value: string; line: number } | undefined => {
      if (seen.has(cls)) return undefined;
      seen.add(cls);
      const own = classAssignments(cls).get(name);
      if (own) return own;
      for (const base of basesOf(cls)) {
        const parent = byName.get(base);
        const found = parent ? lookup(parent, name, seen) : undefined;
        if (found) return found;
      }
      return undefined;
    };
    for (const cls of classes) {
      const name = cls.field("name")?.text() ?? "?";
      const own = classAssignments(cls);
      // A LimitOffsetPagination subclass is judged where it derives from DRF's class directly; a paginator with a
      // page-size parameter where it sets that parameter (its subclasses inherit the verdict).
      const limitOffset = baseTexts(cls).some(isDrfLimitOffset);
      const pageSizeParam = own.get("page_size_query_param");
      if (!limitOffset && (!pageSizeParam || pageSizeParam.value === "None")) continue;
      const max = limitOffset ? "max_limit" : "max_page_size";
      if (overridden(cls, limitOffset ? "get_limit" : "get_page_size")) continue;
      const bound = lookup(cls, max);
      const bounded = bound !== undefined && bound.value !== "None";
      const boundValue = literalNumber(bound?.value);
      if (bounded && (boundValue === null || boundValue < EFFECTIVELY_UNBOUNDED)) continue;
      const query = limitOffset ? "?limit=" : `?${pageSizeParam?.value.replace(/["']/g, "") ?? "page_size"}=`;
      report({
        path,
        line: (pageSizeParam ?? bound)?.line ?? cls.range().start.line + 1,
        severity: bounded ? "low" : severity,
        message: bounded
          ? `${name} lets clients choose the page size (\`${query}\`) up to ${bound.value} rows per request: in practice the whole table`
          : `${name} lets clients choose the page size (\`${query}\`) with no ${max}: one request can return every row`,
        key: `${name}:${max}`,
        snippet: `class ${name}`,
      });
    }
    // DRF's own LimitOffsetPagination as the project default: max_limit is None.
    for (const node of tree.findAll({
      rule: {
        kind: "pair",
        all: [
          { has: { field: "key", regex: "DEFAULT_PAGINATION_CLASS" } },
          {
            has: { field: "value", regex: "^[\"']rest_framework\\.pagination\\.LimitOffsetPagination[\"']$" },
          },
        ],
      },
    })) {
      report({
        node,
        // DRF's own default, chosen implicitly: how much a request can pull depends on table sizes not seen here.
        severity: "low",
        message:
          "DEFAULT_PAGINATION_CLASS is DRF's LimitOffsetPagination, whose max_limit is None: `?limit=` accepts any number, so one request can return every row of any list endpoint",
        key: "default-limit-offset",
      });
    }
  },
});
