// python/eval-exec: the eval/exec builtins called on something other than a string literal.
import type { SgNode } from "@ast-grep/napi";
import {
  assignedValue,
  calleeOf,
  importMap,
  isAuxiliaryPath,
  isLiteral,
  positionalArgs,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/eval-exec",
  area: "security",
  severity: "high",
  title: "eval/exec on non-literal input",
  effortMinutes: 45,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /\b(eval|exec)\s*\(/,
  notes: [
    "Only the builtins: a name `eval`/`exec` that is imported or defined in the file, and method calls such as `cursor.execute`, are not reported; literal arguments are not reported.",
    'Lowered to medium in examples/, scripts/, tools/ and docs/ folders (developer tooling, REPL helpers), and for code generated from a source template (`exec(f"def {name}(…)")`, as dataclasses and namedtuple do).',
  ],
  docs: {
    rationale: "eval/exec run whatever Python the string contains with the full rights of the process.",
    impact: "Remote code execution when any part of the string comes from a request, a file or a database.",
    fix: "Parse data with json.loads or ast.literal_eval; dispatch on names through an explicit dict of allowed functions.",
    example: {
      language: "python",
      bad: "value = eval(request.args['expr'])",
      good: "value = ast.literal_eval(request.args['expr'])",
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const shadowed = new Set(
      tree.findAll({ rule: { kind: "function_definition" } }).map((fn) => fn.field("name")?.text() ?? ""),
    );
    const severity = isAuxiliaryPath(path) ? "medium" : undefined;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee || callee.receiver || (callee.name !== "eval" && callee.name !== "exec")) continue;
      if (imports.has(callee.name) || shadowed.has(callee.name)) continue;
      const arg = positionalArgs(call)[0];
      if (!arg || isLiteral(arg)) continue;
      const generated = isCodeTemplate(arg, call);
      report({
        node: call,
        message: generated
          ? `${callee.name}() runs code generated from a template (${arg.text().slice(0, 40)})`
          : `${callee.name}() runs code built at run time (${arg.text().slice(0, 40)})`,
        key: `${callee.name}:${arg.text().slice(0, 60)}`,
        severity: generated ? "medium" : severity,
      });
    }
  },
});

/** Metaprogramming: a template of Python source (`def …`, `lambda …`, `class …`) filled in with names, directly or via a local. */
function isCodeTemplate(arg: SgNode, at: SgNode): boolean {
  const expr = arg.kind() === "identifier" ? assignedValue(arg.text(), at) : arg;
  if (!expr) return false;
  const literal = expr
    .findAll({ rule: { kind: "string_content" } })
    .map((c) => c.text())
    .join(" ");
  return expr.kind() !== "identifier" && /^\s*(def|lambda|class|async def)\s/.test(literal);
}
