// `plug Plug.Parsers, parsers: [...], length: N` in Phoenix endpoints and Plug routers: the body size cap every
// parser shares (the default is 8 MB). A `length:` given only inside `{:multipart, length: N}` caps uploads, which
// Plug streams to temporary files, so only the top-level option is recorded.
import type { SgNode } from "@ast-grep/napi";
import { callArguments, callName, keywordMap, lineOf } from "../elixir/syntax.js";
import type { BodyLimitSetting } from "./node-body-limits.js";
import { evaluateSize } from "./byte-size.js";

export function plugParserLimits(tree: SgNode): BodyLimitSetting[] {
  const out: BodyLimitSetting[] = [];
  for (const call of tree.findAll({ rule: { kind: "call" } })) {
    if (callName(call) !== "plug") continue;
    const [plug, ...rest] = callArguments(call);
    if (plug?.text() !== "Plug.Parsers") continue;
    const options = rest.find((arg) => arg.kind() === "keywords" || arg.kind() === "list");
    const length = keywordMap(options).get("length");
    if (!length) continue;
    out.push({
      line: lineOf(length),
      library: "plug",
      parser: "all",
      text: length.text(),
      bytes: evaluateSize(length.text()),
    });
  }
  return out;
}
