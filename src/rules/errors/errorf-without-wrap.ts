// go/errorf-without-wrap: fmt.Errorf formats an error with %v/%s, so errors.Is/As cannot see the cause.
import type { SgNode } from "@ast-grep/napi";
import { callArguments, findKind, importMap, isPackageCall, stringValue } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

const ERROR_NAME = /^(err|e|[a-z]\w*Err|err[A-Z]\w*)$/;

export default defineRule({
  id: "go/errorf-without-wrap",
  area: "errors",
  severity: "low",
  title: "fmt.Errorf formats an error with %v instead of wrapping it with %w",
  effortMinutes: 5,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /Errorf/,
  notes: [
    "An argument counts as an error when it is an identifier named err, e, *Err or err* (the Go convention); the verb it fills must be %v or %s and the format must have no %w.",
    "One finding per file (at the first call, listing every line), so library code that deliberately hides causes is not a flood.",
  ],
  docs: {
    rationale: "%v turns the cause into text: errors.Is and errors.As no longer find it in the chain.",
    impact: "Callers cannot tell a not-found from a timeout and retry, map or report errors wrongly.",
    fix: "Use %w for the error argument (Go 1.13+).",
    example: {
      language: "go",
      bad: 'return fmt.Errorf("load user %d: %v", id, err)',
      good: 'return fmt.Errorf("load user %d: %w", id, err)',
    },
  },
  checkFile({ tree, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const hits: Array<{ call: SgNode; name: string; verb: string }> = [];
    for (const call of findKind(tree, "call_expression")) {
      if (!isPackageCall(call, imports, "fmt", ["Errorf"])) continue;
      const [format, ...args] = callArguments(call);
      const text = format ? stringValue(format) : null;
      if (text === null || text.includes("%w")) continue;
      const verbs = [...text.replace(/%%/g, "").matchAll(/%[-+# 0-9.*]*([a-zA-Z])/g)].map(
        (match) => match[1],
      );
      const wrapped = args.findIndex(
        (arg, index) =>
          arg.kind() === "identifier" &&
          ERROR_NAME.test(arg.text()) &&
          (verbs[index] === "v" || verbs[index] === "s"),
      );
      if (wrapped === -1) continue;
      hits.push({ call, name: args[wrapped]?.text() ?? "err", verb: verbs[wrapped] ?? "v" });
    }
    const first = hits[0];
    if (!first) return;
    const lines = hits.map((hit) => hit.call.range().start.line + 1);
    const message =
      hits.length === 1
        ? `fmt.Errorf formats ${first.name} with %${first.verb}; use %w to keep the error chain`
        : `${hits.length} fmt.Errorf calls format an error with %v/%s instead of %w (lines ${lines.join(", ")})`;
    report({ node: first.call, message, key: "errorf-v" });
  },
});
