// node/child-process-interpolation: shell commands built from templates or concatenation (command injection).
import {
  calledExport,
  firstArgument,
  isInterpolated,
  isToolingPath,
  moduleBindings,
} from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";
import { runsByHand } from "../shared/runs-by-hand.js";

const SHELL_FUNCTIONS = new Set(["exec", "execSync"]);

export default defineRule({
  id: "node/child-process-interpolation",
  area: "security",
  severity: "high",
  title: "child_process exec with an interpolated command string",
  effortMinutes: 45,
  inUnreachedFile: "low",
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /child_process/,
  docs: {
    rationale:
      "exec and execSync hand the whole string to /bin/sh, so any interpolated value is parsed as shell syntax. A file name or parameter containing `;`, `$()` or backticks runs extra commands.",
    impact:
      "Command injection: an attacker who controls an interpolated value runs arbitrary commands with the service's privileges.",
    fix: "Use execFile/spawn with an argument array (no shell), or validate the value against a strict allow-list before it reaches the command.",
    example: {
      language: "typescript",
      bad: "import { exec } from 'node:child_process';\nexec(`convert ${req.query.file} out.png`);",
      good: "import { execFile } from 'node:child_process';\nexecFile('convert', [file, 'out.png']);",
    },
  },
  notes: [
    "Only exec/execSync resolved to the child_process module (named import, namespace, require, or a `promisify(exec)` wrapper) are checked.",
    "Scripts, tools, examples, test set-up and build configuration are lowered to low: they run on a developer's machine or in CI with the developer's own values (a version from package.json, a container name), not with a request's input.",
    "Medium in a command-line package (`cli/`, `admin-cli/`) and in migrations: it runs with its user's own rights, so what it interpolates comes from that user rather than from a request; still worth `execFile` with an argument list.",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const bindings = moduleBindings(tree, ["child_process", "node:child_process"]);
    if (bindings.namespaces.size === 0 && bindings.named.size === 0) return;
    // `const run = promisify(exec)` (util.promisify, also of `cp.exec`) is exec under another name.
    for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
      const value = declarator.field("value");
      const name = declarator.field("name");
      if (value?.kind() !== "call_expression" || name?.kind() !== "identifier") continue;
      if (!/(^|\.)promisify$/.test(value.field("function")?.text() ?? "")) continue;
      const wrapped = firstArgument(value);
      if (!wrapped) continue;
      const target =
        wrapped.kind() === "identifier"
          ? bindings.named.get(wrapped.text())
          : wrapped.kind() === "member_expression" &&
              bindings.namespaces.has(wrapped.field("object")?.text() ?? "")
            ? wrapped.field("property")?.text()
            : undefined;
      if (target && SHELL_FUNCTIONS.has(target)) bindings.named.set(name.text(), target);
    }
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const fn = calledExport(call, bindings);
      if (!fn || !SHELL_FUNCTIONS.has(fn)) continue;
      const command = firstArgument(call);
      if (!isInterpolated(command)) continue;
      report({
        node: call,
        message: `${fn}() runs a shell command built from \`${(command?.text() ?? "").slice(0, 80)}\``,
        // A command-line package runs with its user's own rights: what it interpolates comes from that user (medium).
        severity: isToolingPath(path) ? "low" : runsByHand(path) ? "medium" : "high",
        key: `${fn}:${command?.text() ?? ""}`,
      });
    }
  },
});
