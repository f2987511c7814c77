// Whether a literal is part of an API documentation sample: the value under an OpenAPI `example:`/`examples:` key
// (OpenApiSpex schemas, pydantic `json_schema_extra={"example": …}`, FastAPI `Body(examples=…)`, NestJS
// `@ApiProperty({ example })`). Such values show a client what to send; no account or service holds them.
import type { SgNode } from "@ast-grep/napi";

const EXAMPLE_KEY = /^(?:examples?|x-examples?|openapi_examples|json_schema_extra|sample|samples)$/i;
const PAIR_KINDS = new Set(["pair", "keyed_element", "keyword_argument"]);
const SCOPE_KINDS = new Set([
  "function_definition",
  "function_declaration",
  "method_definition",
  "arrow_function",
  "do_block",
  "class_definition",
  "class_declaration",
]);
/** How many enclosing nodes are searched: a sample nests a few maps deep, not a module. */
const DEPTH = 12;

/** The key of a pair, keyed element or keyword argument, unquoted (`example:` → `example`); "" when it has none. */
export function pairKey(pair: SgNode): string {
  const key =
    pair.field("key") ?? pair.field("name") ?? pair.children().find((child) => child.isNamed()) ?? null;
  return (key?.text() ?? "").replace(/:\s*$/, "").replace(/^["'`:]|["'`]$/g, "");
}

/** True when the node sits (a few levels down) in the value of an `example`/`examples` key or keyword. */
export function insideApiDocExample(node: SgNode): boolean {
  let at = node.parent();
  for (let depth = 0; at && depth < DEPTH; depth++, at = at.parent()) {
    const kind = String(at.kind());
    if (SCOPE_KINDS.has(kind)) return false;
    if (PAIR_KINDS.has(kind) && EXAMPLE_KEY.test(pairKey(at))) return true;
  }
  return false;
}
