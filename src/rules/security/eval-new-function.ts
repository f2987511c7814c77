// node/eval-new-function: code evaluated from strings at run time (eval, new Function, string timers).
import type { SgNode } from "@ast-grep/napi";
import {
  firstArgument,
  isLiteralString,
  isThirdPartyCode,
  isToolingPath,
  runsOnServer,
} from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

/** A template that only wraps one value to be returned: `return (${f})`. */
const WRAPPED_WHOLE = /^`\s*(?:return\s*)?\(?\s*\$\{\s*[\w$.]+\s*\}\s*\)?\s*;?\s*`$/;

export default defineRule({
  id: "node/eval-new-function",
  area: "security",
  severity: "high",
  title: "eval / new Function evaluates code built at run time",
  effortMinutes: 60,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /\beval\s*\(|\bFunction\s*\(/,
  docs: {
    rationale:
      "eval and the Function constructor compile and run whatever string they receive with the caller's privileges. When any part of that string comes from input, it is remote code execution; even when it does not, it defeats CSP and static analysis.",
    impact:
      "An attacker who controls part of the string runs arbitrary JavaScript in the server process or the user's browser.",
    fix: "Parse data with JSON.parse, look functions up in a map of allowed operations, or use a sandboxed expression evaluator; never build code from strings.",
    example: {
      language: "typescript",
      bad: "const result = eval(req.query.expr as string);\nconst fn = new Function('x', body);",
      good: "const ops = { add: (a: number, b: number) => a + b };\nconst result = ops[name]?.(a, b);",
    },
  },
  notes: [
    "Calls whose only argument is a literal string are reported at medium; scripts, tools and examples are lowered to low.",
    'A literal that only names a binding (`eval("require")` to hide a require from a bundler, `Function("return this")` to reach the global object) or is the dynamic-import shim (`new Function("s", "return import(s)")`, which keeps a CommonJS build from rewriting `import()`) is not reported: it runs no code anyone could author.',
    'In browser code, a call that runs a whole script it is handed (`new Function("pw", preRequestScript)`, `eval(code)`, or one value wrapped to be returned, `new Function(`return (${sorter})`)`) is a scripting feature by design: medium, to check who can author the script and that it runs isolated; low inside a Web Worker (it listens for messages and posts results back), which is that isolation. Code built by interpolating values into a string, and any evaluation in code that runs in Node, stay high.',
    'Low in browser code when the code is a data attribute of the page\'s own markup (`eval(el.dataset.reactClass)`, `el.getAttribute("data-…")`, as react-phoenix mounts the component a server template names): whoever can write that attribute can already add a script to the page.',
    "Test files and copies of third-party code (a versioned library banner, or a file that opts out of both eslint and type checking, as emscripten glue does) are not checked.",
  ],
  checkFile({ tree, path, text, report }) {
    if (!tree || isThirdPartyCode(text)) return;
    const tooling = isToolingPath(path);
    const server = runsOnServer(path, text);
    // A Web Worker (it listens for messages and posts results back) is how a browser sandbox keeps a user's
    // script away from the page: no DOM, no cookies of the page, only what it is sent.
    const inWorker =
      /\bself\.(?:onmessage\s*=|addEventListener\(\s*["'`]message["'`])/.test(text) &&
      /\b(?:self\.)?postMessage\(/.test(text);
    for (const node of tree.findAll({
      rule: { any: [{ kind: "call_expression" }, { kind: "new_expression" }] },
    })) {
      const callee = node.kind() === "call_expression" ? node.field("function") : node.field("constructor");
      if (!callee) continue;
      const text = callee.text();
      const isEval =
        node.kind() === "call_expression" && /^((window|globalThis|global|self)\.)?eval$/.test(text);
      const isFunction = /^((window|globalThis|global|self)\.)?Function$/.test(text);
      if (!isEval && !isFunction) continue;
      const args =
        node
          .field("arguments")
          ?.children()
          .filter((child) => child.isNamed() && child.kind() !== "comment") ?? [];
      if (args.length === 0) continue;
      const literal = isEval
        ? isLiteralString(firstArgument(node))
        : args.every((arg) => isLiteralString(arg));
      // `eval("require")`, `Function("return this")`: a literal that names a binding (to hide it from a bundler,
      // or to reach the global object) runs no code anyone could author.
      if (literal && codeNamesABinding(isEval ? args.slice(0, 1) : args.slice(-1))) continue;
      const what = isEval ? "eval()" : "new Function()";
      // The code is one value handed in whole (a parameter, a stored script), not assembled from pieces.
      const code = isEval ? args.slice(0, 1) : args.slice(-1);
      const handedIn = code.every(
        (arg) =>
          arg.kind() === "identifier" ||
          arg.kind() === "member_expression" ||
          // `return (${sortFunction})`: the value whole, wrapped to be returned, not code assembled from pieces.
          (arg.kind() === "template_string" && WRAPPED_WHOLE.test(arg.text())),
      );
      // `eval(el.dataset.reactClass)`: a value of the page's own markup (a data attribute the server's templates
      // wrote, as react-phoenix's component mount does). Whoever can set it can already put a script in the page.
      const fromMarkup =
        !server &&
        code.length === 1 &&
        /^[\w$.]+\.(?:dataset\.[\w$]+|getAttribute\(\s*["'`]data-[\w-]+["'`]\s*\))$/.test(
          code[0]?.text() ?? "",
        );
      const severity =
        tooling || (handedIn && !server && inWorker) || fromMarkup
          ? "low"
          : literal || (handedIn && !server)
            ? "medium"
            : "high";
      report({
        node,
        message: `${what} ${
          literal
            ? "compiles a literal string"
            : fromMarkup
              ? `runs a data attribute of the page's own markup (\`${code[0]?.text().slice(0, 40) ?? ""}\`): whoever can write that attribute can already add a script to the page`
              : handedIn
                ? `runs the script held in \`${code[0]?.text().slice(0, 40) ?? ""}\`: whoever can author it runs code here`
                : "compiles a string built at run time"
        }`,
        severity,
        key: `${what}:${node.text().replace(/\s+/g, " ").slice(0, 80)}`,
      });
    }
  },
});

/** A literal string that is only a name (`"require"`, `"this"`) or `return <name>`: a lookup, not code. */
const NAME_ONLY = /^\s*(return\s+)?[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*\s*;?\s*$/;
/**
 * `new Function("s", "return import(s)")`: the dynamic-import shim that keeps a CommonJS build from turning
 * `import()` into `require()`; it loads the module it is given, as `import()` itself does, and compiles nothing else.
 */
const IMPORT_SHIM = /^\s*return\s+import\s*\(\s*[A-Za-z_$][\w$]*\s*\)\s*;?\s*$/;

function codeNamesABinding(code: SgNode[]): boolean {
  const first = code[0];
  if (code.length !== 1 || first === undefined) return false;
  const body = first.text().slice(1, -1);
  return NAME_ONLY.test(body) || IMPORT_SHIM.test(body);
}
