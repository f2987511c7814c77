// python/subprocess-shell-injection: subprocess with shell=True, or os.system/os.popen, on a command that is not a literal.
import type { SgNode } from "@ast-grep/napi";
import {
  assignedValue,
  bindingsOf,
  calleeOf,
  commandLineLibrary,
  enclosingFunction,
  findKind,
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
    'Commands whose every interpolation is wrapped in shlex.quote are not reported. Lowered to medium in examples/, scripts/, tools/ and docs/ folders, when the values are the parameters of a plain helper function (not a request handler: no `request` parameter or route decorator; its callers decide what reaches the shell), and when every interpolated value comes from the application\'s configuration (`settings.x`, `config.x`, `os.environ`, `os.getenv`, constants, or locals derived only from those, such as `urlparse(settings.database_url).hostname`): only whoever sets the configuration can inject, though the command still breaks on a value with spaces or quotes. Low when the function refuses to run unless a setting named for running commands is on (`if not settings.SHELL_ENABLED: raise …`): a feature that runs the commands its users configure, turned on by the operator. Low in a stand-alone program (`if __name__ == "__main__":`) in one of those folders: a developer runs it with their own arguments on their own checkout. Low when the values are a helper\'s parameters in a click/typer command-line program (its commands run with their user\'s own options), and when every value is a path the program places itself: a local bound to a pathlib join of a fixed file name onto a folder the program picks (`get_run_dir() / CONFIG_FILE_NAME`), not onto a setting read as it is (`settings.data_folder / "x"`), or a file beside the program\'s own source (`os.path.join(os.path.dirname(__file__), "get_version.sh")`).',
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
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const imports = importMap(tree);
    const severity = isAuxiliaryPath(path) ? "medium" : undefined;
    // A program of its own in a scripts/tools folder (`if __name__ == "__main__":`): a developer runs it with their
    // own arguments on their own checkout; nothing the application receives reaches it.
    const standaloneScript = severity !== undefined && MAIN_GUARD.test(text);
    // A click/typer program: its helpers run with the options of the person at the terminal, in their own shell.
    const commandLine = findKind(tree, "function_definition").some(
      (fn) => commandLineLibrary(fn, imports) !== null,
    );
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee) continue;
      const shell = SUBPROCESS.has(callee.qualified) && keywordArg(call, "shell")?.kind() === "true";
      if (!shell && !ALWAYS_SHELL.has(callee.qualified)) continue;
      const command = positionalArgs(call)[0] ?? keywordArg(call, "args") ?? keywordArg(call, "cmd");
      if (!command || !isDynamic(command, call)) continue;
      const configured = fromConfiguration(command, call, 0);
      const ownPaths =
        (configured && interpolatesOnlyOwnPaths(command, call)) || besideOwnFile(command, call, 0);
      const parameters = !configured && fromHelperParameters(command, call);
      const optIn = operatorOptIn(call);
      report({
        node: call,
        message: `${callee.qualified}(${shell ? "…, shell=True" : "…"}) runs a command built from ${
          ownPaths
            ? "paths of files the program places itself (low: a fixed file name in a folder the program picks; quote them or pass an argument list so a folder with a space or quote still works)"
            : configured
              ? "configuration values (quote them or pass an argument list)"
              : parameters
                ? `the parameters of ${parameters} (quote them or pass an argument list; every caller decides what reaches the shell${commandLine ? "; low: the callers are this command-line program's commands, run with their user's own options" : ""})`
                : "non-literal input"
        }${optIn ? ` (low: the function refuses unless the operator turns the feature on with \`${optIn}\`; running the commands it is given is what it is for)` : ""}${
          standaloneScript && !ownPaths && !optIn
            ? " (low: a stand-alone script in a scripts or tools folder, run by a developer with their own arguments)"
            : ""
        }`,
        key: `shell:${callee.qualified}:${command.text().slice(0, 60)}`,
        severity:
          ownPaths || (parameters && commandLine) || optIn || standaloneScript
            ? "low"
            : (severity ?? (configured || parameters ? "medium" : undefined)),
      });
    }
  },
});

const MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m;

// `if not settings.SHELL_ENABLED: raise …` — the function refuses unless a setting named for running commands is on.
const OPT_IN_GUARD =
  /\bif\s+not\s+((?:settings|config|conf|app\.config|current_app\.config)(?:\.|\[\s*["'])\w*(?:SHELL|COMMANDS?|CMDS?|EXEC\w*|SCRIPTS?)\w*)["']?\s*\]?\s*:\s*\n\s*(?:raise|return)\b/i;

/**
 * The setting that must be on for the enclosing function to run anything (`settings.SHELL_ENABLED`): a feature
 * whose purpose is to run the commands its users configure, which the operator turns on knowingly. Null when none.
 */
function operatorOptIn(call: SgNode): string | null {
  const fn = call.ancestors().find((node) => node.kind() === "function_definition");
  const before = fn ? fn.text().slice(0, call.range().start.index - fn.range().start.index) : "";
  return OPT_IN_GUARD.exec(before)?.[1] ?? null;
}

/**
 * Whether the command is a file that sits beside the program's own source: literals and `__file__` put together
 * with os.path (join, dirname, abspath, realpath) or pathlib (`Path(__file__).parent / "x.sh"`), as an argument list
 * or a local bound to one (`script = os.path.join(os.path.dirname(__file__), "get_version.sh")`). Nothing outside the
 * checkout reaches it; only a folder with a space or quote in its name breaks the shell's parsing.
 */
function besideOwnFile(node: SgNode, at: SgNode, depth: number): boolean {
  if (depth > 8) return false;
  const kind = node.kind();
  const named = node.children().filter((c) => c.isNamed() && c.kind() !== "comment");
  if (kind === "list" || kind === "tuple" || kind === "parenthesized_expression")
    return named.length > 0 && named.every((c) => besideOwnFile(c, at, depth + 1));
  if (isLiteral(node)) return true;
  if (kind === "identifier") {
    if (node.text() === "__file__") return true;
    const { values, loops } = bindingsOf(node.text(), at);
    return loops.length === 0 && values.length > 0 && values.every((v) => besideOwnFile(v, at, depth + 1));
  }
  if (kind === "attribute")
    // `Path(__file__).parent`, `.resolve().parent`
    return (
      /^(parent|parents)$/.test(node.field("attribute")?.text() ?? "") &&
      besideOwnFile(node.field("object") ?? node, at, depth + 1)
    );
  if (kind === "binary_operator")
    return node.field("operator")?.text() === "/" && named.every((c) => besideOwnFile(c, at, depth + 1));
  if (kind === "call") {
    const fn = node.field("function");
    const name = fn?.text() ?? "";
    const args = (node.field("arguments")?.children() ?? []).filter(
      (c) => c.isNamed() && c.kind() !== "comment",
    );
    if (
      /^(os\.path\.(join|dirname|abspath|realpath|normpath)|(pathlib\.)?Path|PurePath|str|os\.fspath)$/.test(
        name,
      )
    )
      return args.length > 0 && args.every((arg) => besideOwnFile(arg, at, depth + 1));
    // `Path(__file__).resolve()`, `.absolute()`
    if (fn?.kind() === "attribute" && /^(resolve|absolute)$/.test(fn.field("attribute")?.text() ?? ""))
      return besideOwnFile(fn.field("object") ?? node, at, depth + 1);
  }
  return false;
}

/** The values pasted into the command: an f-string's interpolations, or the command itself. */
function pastedValues(command: SgNode): Array<SgNode | undefined> {
  return isFString(command)
    ? command
        .children()
        .filter((c) => c.kind() === "interpolation")
        .map((c) => c.children().find((e) => e.isNamed()))
    : [command];
}

/**
 * Whether every value pasted into the command is a path the program places itself: a local bound only to a pathlib
 * join of a constant file name onto a folder the program picks (`CONFIG_FILE = get_run_dir() / CONFIG_FILE_NAME`).
 * No user, group or free-form setting reaches the shell as typed.
 */
function interpolatesOnlyOwnPaths(command: SgNode, at: SgNode): boolean {
  const values = pastedValues(command);
  const ownPath = (value: SgNode | undefined): boolean => {
    if (value?.kind() !== "identifier") return false;
    const { values: bound, loops } = bindingsOf(value.text(), at);
    return (
      loops.length === 0 &&
      bound.length > 0 &&
      bound.every((join) => {
        const right = join.field("right");
        const left = join.field("left");
        return (
          join.kind() === "binary_operator" &&
          join.field("operator")?.text() === "/" &&
          right !== null &&
          (isLiteral(right) || /^[A-Z][A-Z0-9_]*$/.test(right.text())) &&
          left !== null &&
          folderPickedByProgram(left, at)
        );
      })
    );
  };
  return values.length > 0 && values.every(ownPath);
}

/**
 * Whether a folder is one the program picks (`get_sock_file().parent`, a local bound to such a call), not a setting
 * read as it is (`settings.data_folder`, `os.environ[...]`, `CONSTANTS.DATA_DIR`): an operator who types a folder
 * with a space or a quote into the settings breaks the command.
 */
function folderPickedByProgram(folder: SgNode, at: SgNode): boolean {
  const rootOf = (text: string): string => /^[A-Za-z_]\w*/.exec(text)?.[0] ?? "";
  const root = rootOf(folder.text());
  if (root === "" || root === "os" || CONFIG_ROOT.test(root)) return false;
  // A local: the folder is the program's when every binding is a call of the program, not of a setting.
  const { values } = bindingsOf(root, at);
  return (
    values.length > 0 &&
    values.every((value) => {
      const callee = rootOf(value.text());
      return (
        value.kind() === "call" &&
        callee !== "os" &&
        !CONFIG_ROOT.test(callee) &&
        !/^[A-Z][A-Z0-9_]*$/.test(callee)
      );
    })
  );
}

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

/**
 * The name of the plain helper function whose parameters (and configuration values) are all the command is built
 * from, or null: `def fix_owner(dir_path, uid): os.system(f"chown {uid} {dir_path}")`. A request handler (a
 * `request`/`req` parameter, a route decorator) is not a plain helper: its parameters come from the request.
 */
function fromHelperParameters(command: SgNode, at: SgNode): string | null {
  const fn = enclosingFunction(at);
  if (!fn) return null;
  const parameters = new Set(
    (fn.field("parameters")?.children() ?? [])
      .map((p) =>
        p.kind() === "identifier"
          ? p
          : (p.field("name") ?? p.children().find((c) => c.kind() === "identifier")),
      )
      .map((name) => name?.text() ?? "")
      .filter((name) => name !== "" && name !== "self" && name !== "cls"),
  );
  if (
    parameters.size === 0 ||
    [...parameters].some((name) => /^(request|req|event|payload|body)$/.test(name))
  )
    return null;
  const decorated = fn.parent();
  if (
    decorated?.kind() === "decorated_definition" &&
    /@\S*\.(route|get|post|put|patch|delete|websocket)\b|@(api_view|action)\b/.test(decorated.text())
  )
    return null;
  const values = pastedValues(command);
  const fromParameter = (value: SgNode | undefined): boolean => {
    if (!value) return false;
    const root = /^[A-Za-z_]\w*/.exec(value.text())?.[0] ?? "";
    return (
      (parameters.has(root) && /^[A-Za-z_][\w.]*$/.test(value.text())) || fromConfiguration(value, at, 0)
    );
  };
  return values.length > 0 && values.every(fromParameter)
    ? `${fn.field("name")?.text() ?? "the function"}()`
    : null;
}

// Roots of configuration: `settings.x`, `config.x`, `app.config[...]`, `conf.x`.
const CONFIG_ROOT = /^(settings|config|conf|cfg|app\.config|current_app\.config|django\.conf\.settings)$/;

/**
 * Whether the value is built only from configuration and literals: `settings.x` chains, `os.environ[...]`,
 * `os.getenv(...)`, UPPER_CASE constants, calls of those (`urlparse(db_url)`), and locals assigned only such values.
 */
function fromConfiguration(node: SgNode, at: SgNode, depth: number): boolean {
  if (depth > 16) return false;
  const kind = node.kind();
  if (isLiteral(node)) return true;
  if (kind === "identifier") {
    const name = node.text();
    if (/^[A-Z][A-Z0-9_]*$/.test(name) || CONFIG_ROOT.test(name)) return true;
    const { values, loops } = bindingsOf(name, at);
    return (
      loops.length === 0 &&
      values.length > 0 &&
      values.every((value) => fromConfiguration(value, at, depth + 1))
    );
  }
  if (kind === "attribute" || kind === "subscript") {
    const text = node.text().replace(/\s+/g, "");
    if (/^os\.environ\b/.test(text)) return true;
    const base = kind === "attribute" ? node.field("object") : node.field("value");
    if (kind === "subscript") {
      const index = node.field("subscript");
      if (index && !fromConfiguration(index, at, depth + 1)) return false;
    }
    return base !== null && fromConfiguration(base, at, depth + 1);
  }
  if (kind === "call") {
    const fn = node.field("function");
    const args = (node.field("arguments")?.children() ?? []).filter(
      (c) => c.isNamed() && c.kind() !== "comment",
    );
    if (fn?.text() === "os.getenv" || fn?.text() === "os.environ.get") return true;
    // `urlparse(db_url)`, `p.path.replace("/", "")`: a function of configuration values.
    const receiver = fn?.kind() === "attribute" ? fn.field("object") : null;
    const receiverOk =
      receiver === null ||
      /^(os\.path|shlex)$/.test(receiver.text()) ||
      fromConfiguration(receiver, at, depth + 1);
    return (
      receiverOk &&
      args.every((arg) =>
        fromConfiguration(
          arg.kind() === "keyword_argument" ? (arg.field("value") ?? arg) : arg,
          at,
          depth + 1,
        ),
      )
    );
  }
  if (kind === "string" && isFString(node))
    return node
      .children()
      .filter((c) => c.kind() === "interpolation")
      .every((part) => {
        const inner = part.children().find((c) => c.isNamed());
        return inner !== undefined && fromConfiguration(inner, at, depth + 1);
      });
  if (kind === "concatenated_string" || kind === "parenthesized_expression" || kind === "binary_operator")
    return node
      .children()
      .filter((c) => c.isNamed())
      .every((c) => fromConfiguration(c, at, depth + 1));
  return false;
}
