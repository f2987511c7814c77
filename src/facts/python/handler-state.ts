// Whether a web handler touches anything worth protecting: the user or session, stored data, injected services,
// or a resource addressed by a parameter. Handlers that touch none (static pages, previews of form input,
// settings dumps) are public by nature, whatever their siblings require.
import type { SgNode } from "@ast-grep/napi";

// Words that name the user, the session, stored data or the services that reach it. A cache alone is not one:
// what a handler caches under a fixed key (a release check, a computed summary) is the same for every caller.
const STATE_WORDS =
  /\b(user|users|current_user|profile|session|sess|db|database|objects|query|cursor|conn|connection|get_object_or_404|get_list_or_404|save|delete|create|update|filter|execute|commit|repo|repos|repository|service|services|crud|model|models|store|redis|Depends)\b/;
// Parameters every handler receives, which address nothing (`format` is DRF's format-suffix argument).
const CONTEXT_PARAMETERS = new Set([
  "self",
  "cls",
  "request",
  "req",
  "response",
  "background_tasks",
  "args",
  "kwargs",
  "format",
]);

// Words inside string literals without interpolation (a URL's `/repos/`, a message) and comments (`# moved to the
// alarm model`) name nothing the handler touches.
function withoutPlainStrings(handler: SgNode): string {
  const text = handler.text();
  const start = handler.range().start.index;
  const plain = handler
    .findAll({
      rule: { any: [{ kind: "string", not: { has: { kind: "interpolation" } } }, { kind: "comment" }] },
    })
    .map((s) => s.range())
    .sort((x, y) => x.start.index - y.start.index);
  let result = "";
  let at = 0;
  for (const range of plain) {
    const from = range.start.index - start;
    if (from < at) continue;
    result += text.slice(at, from) + '""';
    at = range.end.index - start;
  }
  return result + text.slice(at);
}

/**
 * Whether the handler (a function, or a class-based view's class) reads the user, the session or stored data,
 * takes dependencies, or takes a parameter beyond the request (a path parameter naming a resource).
 */
export function touchesState(handler: SgNode): boolean {
  if (STATE_WORDS.test(withoutPlainStrings(handler))) return true;
  const functions =
    handler.kind() === "function_definition"
      ? [handler]
      : handler.findAll({ rule: { kind: "function_definition" } });
  return functions.some((fn) =>
    (fn.field("parameters")?.children() ?? []).some((parameter) => {
      if (!parameter.isNamed()) return false;
      const name = (
        parameter.kind() === "identifier"
          ? parameter
          : parameter.children().find((c) => c.kind() === "identifier")
      )?.text();
      return name !== undefined && !CONTEXT_PARAMETERS.has(name);
    }),
  );
}
