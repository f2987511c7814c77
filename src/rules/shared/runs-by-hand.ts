// Where Node code runs by hand rather than on the application's request or job paths: migrations, seeds, scripts,
// tools, and command-line packages an operator runs (`packages/admin-cli/`, `cli/`). A query's cost there is paid
// once, when someone runs it, so the database rules judge it low or do not count it.
import { isToolingPath } from "../../facts/node/ast.js";
import { oneOffKind } from "../../facts/one-off-code.js";

export function runsByHand(path: string): boolean {
  return oneOffKind(path) !== null || isToolingPath(path) || /(^|\/)(?:[\w.]+-)?cli\//.test(path);
}
