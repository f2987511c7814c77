// python/subprocess-shell-injection: subprocess with shell=True, or os.system/os.popen, on a command that is not a literal.
import type { SgNode } from "@ast-grep/napi";
import {
  assignedValue,
  calleeOf,
  importMap,
  isAuxiliaryPath,
  isFString,
  isLiteral,
  keywordArg,
  positionalArgs,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

const SUBPROCESS = new Set([
  "subprocess.run",
  "subprocess.call",
  "subprocess.check_call",
  "subprocess.check_output",
  "subprocess.Popen",
]);
const ALWAYS_SHELL = new Set(["os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"]);

export default defineRule({
  id: "python/subprocess-shell-injection",
  area: "security",
  severity: "high",
  title: "Shell command built from non-literal input",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /\b(shell\s*=\s*True|system|popen|getoutput|getstatusoutput)\b/,
  notes: [
    "subprocess.run/call/check_call/check_output/Popen with `shell=True`, and os.system/os.popen/subprocess.getoutput, whose command is not a literal (a variable is followed to its assignment in the same function).",
    "Commands whose every interpolation is wrapped in shlex.quote are not reported. Lowered to medium in examples/, scripts/, tools/ and docs/ folders.",
  ],
  docs: {
    rationale:
      "With a shell, every value pasted into the command line is parsed as shell syntax: quotes, `;`, `$()` and backticks included.",
    impact:
      "Command injection: a crafted file name or request field runs arbitrary commands as the service user.",
    fix: 'Pass an argument list without a shell (`subprocess.run(["convert", path, out])`); if a shell is unavoidable, quote each value with shlex.quote.',
    example: {
      language: "python",
      bad: 'subprocess.run(f"convert {upload_path} out.png", shell=True)',
      good: 'subprocess.run(["convert", upload_path, "out.png"], check=True)',
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isAuxiliaryPath(path) ? "medium" : undefined;
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee) continue;
      const shell = SUBPROCESS.has(callee.qualified) && keywordArg(call, "shell")?.kind() === "true";
      if (!shell && !ALWAYS_SHELL.has(callee.qualified)) continue;
      const command = positionalArgs(call)[0] ?? keywordArg(call, "args") ?? keywordArg(call, "cmd");
      if (!command || !isDynamic(command, call)) continue;
      report({
        node: call,
        message: `${callee.qualified}(${shell ? "…, shell=True" : "…"}) runs a command built from non-literal input`,
        key: `shell:${callee.qualified}:${command.text().slice(0, 60)}`,
        severity,
      });
    }
  },
});

function isDynamic(command: SgNode, at: SgNode): boolean {
  if (isLiteral(command)) return false;
  if (command.kind() === "identifier") {
    if (/^[A-Z][A-Z0-9_]*$/.test(command.text())) return false;
    const value = assignedValue(command.text(), at);
    if (value && isLiteral(value)) return false;
    if (value) return isDynamic(value, value);
    return true;
  }
  if (isFString(command)) {
    const parts = command.children().filter((c) => c.kind() === "interpolation");
    return !parts.every((p) => /^\{\s*(shlex\.)?quote\(/.test(p.text()));
  }
  return true;
}
