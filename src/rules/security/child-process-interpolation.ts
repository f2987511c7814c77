// node/child-process-interpolation: shell commands built from templates or concatenation (command injection).
import {
  calledExport,
  firstArgument,
  isInterpolated,
  isToolingPath,
  lastLocalValue,
  moduleBindings,
  parameterOnlyGivenLiterals,
} from "../../facts/node/ast.js";
import type { SgNode } from "@ast-grep/napi";
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
  outsideProduction: "low",
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
    "Low in a program that exports nothing and interpolates only names it imports, constants of its own top level and environment variables (a set-up script an operator runs): the values are whoever runs it's own; a constant taken from `process.argv` or a prompt does not count.",
    'Not reported when every value the command interpolates is a parameter of a function of the module that is not exported, and every call of that function passes a literal string there, or a local last set to one (`executablePath = "/usr/bin/chromium"; await install(executablePath)`): the command is text fixed in the source.',
    'Low when every value the command interpolates is a top-level constant read from environment variables or literals (`const toolPath = process.env.TOOL_PATH || "tool"`): a deployment setting such as a tool\'s path, set by whoever runs the service.',
    'Medium in a command-line package (`cli/`, `admin-cli/`) and in migrations: it runs with its user\'s own rights, so what it interpolates comes from that user rather than from a request; still worth `execFile` with an argument list. Low there when every value is an import, a module constant, or a local set to what a tool lookup returns (`detectPackageManager(...)`, `getRootPath()`, `findBin()`), optionally joined with literals (`path.join(getRootPath(), "scripts/v1-v2.js")`): the program runs a tool it located itself.',
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
      if (!isInterpolated(command) || !command) continue;
      // Built only from parameters of a module-private function whose every call passes a literal
      // (`install("/usr/bin/chromium")`): the command is text fixed in the source.
      const names = interpolatedNames(command);
      if (names.length > 0 && names.every((name) => parameterOnlyGivenLiterals(name, call, tree))) continue;
      // A program with no exports that interpolates only module constants, imports and the environment runs with
      // the values of whoever starts it (an operator's set-up script): no caller hands it input.
      const operatorValues =
        (!exportsAnything(tree) && onlyConstantInputs(command, tree)) ||
        onlyDeploymentSettings(command, tree);
      // A command-line tool running a program it located itself (the package manager it detected, a script under
      // its own install path) with its user's rights: nothing a caller passes reaches the command.
      const ownTools =
        !operatorValues &&
        runsByHand(path) &&
        names.length > 0 &&
        names.every((name) => ownTool(name, call, tree));
      report({
        node: call,
        message: `${fn}() runs a shell command built from \`${(command?.text() ?? "").slice(0, 80)}\`${
          ownTools
            ? " (low: a command-line tool interpolating only programs and paths it locates itself, such as the package manager it detected or a script under its own install path, run with its user's rights)"
            : operatorValues
              ? names.length > 0 && onlyDeploymentSettings(command, tree)
                ? " (low: it interpolates only deployment settings, top-level constants read from environment variables or literals, such as a tool's path: whoever sets them already runs the service)"
                : " (low: a program that exports nothing and interpolates only constants, imports and environment variables, set by whoever runs it)"
              : ""
        }`,
        // A command-line package runs with its user's own rights: what it interpolates comes from that user (medium).
        severity:
          isToolingPath(path) || operatorValues || ownTools ? "low" : runsByHand(path) ? "medium" : "high",
        key: `${fn}:${command?.text() ?? ""}`,
      });
    }
  },
});

// Functions that locate a tool or the program's own files: `detectPackageManager()`, `getNangoRootPath()`, `findBin()`.
const TOOL_LOOKUP =
  /^(?:detect|get|find|resolve|which)\w*(?:PackageManager|Root|RootPath|InstallPath|Dir|Directory|Bin|Binary|Executable)$/;

/**
 * `name` is an import or top-level constant of the module, or a local last set to what a tool lookup returns
 * (`detectPackageManager(...)`), optionally joined with literals into a path (`path.join(getRootPath(), "scripts/x.js")`).
 */
function ownTool(name: string, at: SgNode, tree: SgNode): boolean {
  const value = lastLocalValue(name, at);
  if (!value) return moduleConstants(tree).has(name);
  const lookup = (node: SgNode): boolean => {
    if (node.kind() === "string") return true;
    if (node.kind() === "template_string") return !node.find({ rule: { kind: "template_substitution" } });
    if (node.kind() === "await_expression") {
      const inner = node.children().find((c) => c.isNamed());
      return inner !== undefined && lookup(inner);
    }
    if (node.kind() !== "call_expression") return false;
    const callee = node.field("function")?.text() ?? "";
    if (TOOL_LOOKUP.test(callee.split(".").pop() ?? "")) return true;
    if (!/^path\.(?:join|resolve)$/.test(callee)) return false;
    const args =
      node
        .field("arguments")
        ?.children()
        .filter((c) => c.isNamed()) ?? [];
    return args.length > 0 && args.every(lookup);
  };
  return lookup(value);
}

/** The identifiers a command interpolates (in its `${}` parts, or anywhere in a concatenation), read once each. */
function interpolatedNames(command: SgNode): string[] {
  const parts =
    command.kind() === "template_string"
      ? command.children().filter((c) => c.kind() === "template_substitution")
      : [command];
  return [
    ...new Set(
      parts.flatMap((part) => part.findAll({ rule: { kind: "identifier" } }).map((id) => id.text())),
    ),
  ];
}

/**
 * Every name the command interpolates is a top-level `const` whose value is made only of environment variables and
 * literals (`const mediainfoPath = process.env.MEDIAINFO_PATH || "mediainfo"`): deployment settings, such as the
 * path of a tool, that only whoever configures the service sets.
 */
function onlyDeploymentSettings(command: SgNode, tree: SgNode): boolean {
  const settings = new Set<string>();
  for (const statement of tree.children()) {
    const declaration = statement.kind() === "export_statement" ? statement.field("declaration") : statement;
    if (declaration?.kind() !== "lexical_declaration" || !declaration.text().startsWith("const")) continue;
    for (const declarator of declaration.children().filter((c) => c.kind() === "variable_declarator")) {
      const name = declarator.field("name");
      const value = declarator.field("value");
      if (name?.kind() === "identifier" && value && environmentOrLiteral(value)) settings.add(name.text());
    }
  }
  const names = interpolatedNames(command);
  return names.length > 0 && names.every((name) => settings.has(name));
}

/** An expression of string/number literals and `process.env` reads joined by `||`, `??` or `+`. */
function environmentOrLiteral(node: SgNode): boolean {
  const kind = node.kind();
  if (kind === "string" || kind === "number") return true;
  if (kind === "template_string") return !node.find({ rule: { kind: "template_substitution" } });
  if (kind === "member_expression" || kind === "subscript_expression")
    return /^process\.env(\.\w+|\[\s*["'`][\w-]+["'`]\s*\])$/.test(node.text());
  if (kind === "parenthesized_expression") {
    const inner = node.children().find((c) => c.isNamed());
    return inner !== undefined && environmentOrLiteral(inner);
  }
  if (kind === "binary_expression") {
    const left = node.field("left");
    const right = node.field("right");
    return (
      ["||", "??", "+"].includes(node.field("operator")?.text() ?? "") &&
      left !== null &&
      right !== null &&
      environmentOrLiteral(left) &&
      environmentOrLiteral(right)
    );
  }
  return false;
}

/** The module exports something (`export …`, `module.exports`, `exports.x =`): other code can call into it. */
function exportsAnything(tree: SgNode): boolean {
  return (
    tree.find({ rule: { kind: "export_statement" } }) !== null ||
    tree.find({ rule: { pattern: "module.exports" } }) !== null ||
    tree.find({ rule: { kind: "member_expression", has: { field: "object", regex: "^exports$" } } }) !== null
  );
}

/**
 * Every value the command interpolates is a name imported into the module, a constant declared at its top level,
 * or an environment variable (`process.env.X`): nothing from the command line (`process.argv`), a parameter or a
 * request.
 */
function onlyConstantInputs(command: SgNode | null, tree: SgNode): boolean {
  if (!command) return false;
  const constants = moduleConstants(tree);
  const parts =
    command.kind() === "template_string"
      ? command.children().filter((c) => c.kind() === "template_substitution")
      : [command];
  for (const part of parts) {
    for (const id of part.findAll({ rule: { kind: "identifier" } })) {
      if (id.text() === "process") {
        const member = id.parent();
        if (member?.kind() !== "member_expression" || member.field("property")?.text() !== "env")
          return false;
        continue;
      }
      if (!constants.has(id.text())) return false;
    }
  }
  return true;
}

/** Names imported into the module and its top-level constants (but not one read from `process.argv` or a prompt). */
function moduleConstants(tree: SgNode): Set<string> {
  const constants = new Set<string>();
  for (const statement of tree.children()) {
    if (statement.kind() === "import_statement")
      for (const id of statement.findAll({ rule: { kind: "identifier" } })) constants.add(id.text());
    if (statement.kind() === "lexical_declaration" && statement.text().startsWith("const"))
      for (const declarator of statement.children().filter((c) => c.kind() === "variable_declarator")) {
        const name = declarator.field("name");
        // A constant read from the command line or a prompt carries what the caller typed.
        if (/process\.argv|stdin|readline|prompt|question\(/.test(declarator.field("value")?.text() ?? ""))
          continue;
        if (name?.kind() === "identifier") constants.add(name.text());
      }
  }
  return constants;
}
