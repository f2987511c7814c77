// python/eval-exec: the eval/exec builtins called on something other than a string literal.
import type { SgNode } from "@ast-grep/napi";
import {
  assignedValue,
  bindingsOf,
  calleeOf,
  enclosingFunction,
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
    'Lowered to medium in examples/, scripts/, tools/ and docs/ folders (developer tooling, REPL helpers), for code generated from a source template (`exec(f"def {name}(…)")`, as dataclasses and namedtuple do), and for code compiled by RestrictedPython (`compile_restricted`), a sandbox chosen on purpose.',
    "Low for `eval(self.<attribute>)` in a method of a class derived from a `…Renderer` base: a template renderer running the template it compiled from the project's own files.",
    "Low when the call's lines carry a security linter's acceptance (bandit `# nosec`, ruff/flake8-bandit `noqa: S102`/`S307`), as a split-settings loader that execs the operator's own files does: the message asks to check what the code can come from.",
    "Low in a Babel extraction method (parameters `fileobj, keywords, comment_tags, options`): Babel runs it on the project's own message files when translators extract strings.",
    'Low for a settings loader: the code is a file read from a path only the operator sets (`exec(compile(f.read(), path, "exec"), ns)` with `path` from an environment variable, the application configuration (`Path(current_app.config["USER_DIR"]) / "hooks.py"`, opened with `open(path)` or `path.open()`), a literal such as `/etc/app/app.conf`, or a file beside the module, through every assignment) and the names say configuration (`APP_SETTINGS`, `*.conf`, `local_settings.py`) or the loader is the settings module itself. A file named by another variable (`JOB_FILE`) stays high.',
    "Low in a shell command running the file `$PYTHONSTARTUP` names (as Flask's and Django's `shell` commands do), and when the code is a parameter that every caller in the module fills with `inspect.getsource(<function>)`: the program's own function source sent to a worker.",
    "Low when the code is run into the module an import loader's `exec_module(self, module)` is given (`exec(code, module.__dict__)`, importlib's Loader protocol): a plugin or script loader importing source, whose risk is who can write that source (a module made by hand with `types.ModuleType(…)` is judged like any namespace); and for a Django management command running its own command-line option (`exec(options[\"command\"])` in `handle()` under `management/commands/`), as `manage.py shell -c` does.",
    "Not reported when the code is one of the module's own names (`for name in dir(): table[eval(name)] = name`, also `globals()`, `locals()`, `vars()`): a reverse lookup of its constants.",
    "Low when every part of the code is a number literal, the interpreter's `sys.version_info`, or a group of a `re.match` whose pattern admits only digits, dots and comparison characters (a version comparison evaluated from a requirements file).",
    "Not reported when every variable spliced into the code was checked against an allow-list first in the same function (`if op not in ALLOWED: raise …`), nor inside `if code in <dict, list, set or tuple literal>:` (`if options.cmd[0] in SCRIPTS.keys(): eval(options.cmd[0])(…)`): the code is one of the names written in the source.",
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
  checkFile({ tree, path, lines, report }) {
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
      if (allowListed(arg, call) || memberOfLiteral(arg, call) || isOwnName(arg, call)) continue;
      // Code that is the project's own, or the operator's, not outside input: each low, with what it is.
      const what = callee.name;
      const shown = arg.text().slice(0, 40);
      const ownSource = ownFunctionSource(arg, call);
      const configFile = operatorConfigFile(arg, call, path);
      const template = renderedTemplate(arg, call);
      const moduleLoad = loadsModule(call);
      const commandLine = managementCommandOption(arg, call, path);
      const knownOrigin = onlyNumbersAndComparisons(arg, call, 0)
        ? `${what}() evaluates a comparison built from version numbers (${shown}); a plain comparison of parsed versions does the same without eval`
        : isBabelExtractor(enclosingFunction(call))
          ? `${what}() runs a message file in a Babel extraction method (fileobj, keywords, comment_tags, options): it runs when translators extract messages from the project's own files, not on input`
          : runsStartupFile(call)
            ? `${what}() runs the file $PYTHONSTARTUP names, in an interactive shell command: the operator's own start-up script, as Python's REPL runs it (${shown})`
            : configFile
              ? `${what}() runs the Python configuration file opened from ${configFile}: a path the operator sets (an environment variable, the application's configuration, a fixed location, a file beside the module), so the code is the deployment's own settings, as trusted as the program`
              : ownSource
                ? `${what}() runs the source of one of the program's own functions, which ${ownSource} reads with inspect.getsource and passes to this function (through a task queue or a direct call): not outside input, though whoever can write to that queue can run code`
                : template
                  ? `${what}() runs the compiled template that renderer class ${template} holds (${shown}): the template engine executing the project's own template files, not request input`
                  : moduleLoad
                    ? `${what}() runs source into ${moduleLoad}: loading a module (a plugin or script loader), as import does; the code is whatever that module's source is, so check who can write it`
                    : commandLine
                      ? `${what}() runs code the operator passes on the command line (${shown}) in a management command's handle(), as \`manage.py shell -c\` does: the operator's own input, not a request's`
                      : null;
      const start = call.range().start.line;
      const reviewed = lines.slice(start, call.range().end.line + 1).some((line) => REVIEWED.test(line));
      if (knownOrigin) {
        report({
          node: call,
          message: knownOrigin,
          key: `${what}:${arg.text().slice(0, 60)}`,
          severity: "low",
        });
        continue;
      }
      const generated = isCodeTemplate(arg, call);
      const sandboxed = !generated && isRestrictedCode(arg, call);
      report({
        node: call,
        message: generated
          ? `${callee.name}() runs code generated from a template (${arg.text().slice(0, 40)})`
          : sandboxed
            ? `${callee.name}() runs code compiled by RestrictedPython (${arg.text().slice(0, 40)}); its sandbox is all that stands between the code and the process`
            : `${callee.name}() runs code built at run time (${arg.text().slice(0, 40)})${reviewed ? "; the line is marked as reviewed for it (`# nosec`, `noqa: S102`/`S307`): check what the code it runs can come from" : ""}`,
        key: `${callee.name}:${arg.text().slice(0, 60)}`,
        severity: reviewed ? "low" : generated || sandboxed ? "medium" : severity,
      });
    }
  },
});

/**
 * The call runs code into the module an import loader is given: `exec(code, module.__dict__)` in the
 * `exec_module(self, module)` method of importlib's Loader protocol. That is the import system loading a module
 * from its source, as a plugin or script system does, not evaluating data. (A module object made by hand,
 * `types.ModuleType(…)`, says nothing of where the code comes from: it is judged like any other namespace.)
 */
function loadsModule(call: SgNode): string | null {
  const namespace = positionalArgs(call)[1];
  const match = namespace?.kind() === "attribute" && /^(\w+)\.__dict__$/.exec(namespace.text());
  if (!match) return null;
  const fn = enclosingFunction(call);
  const params = (fn?.field("parameters")?.children() ?? []).filter((p) => p.isNamed()).map((p) => p.text());
  return fn?.field("name")?.text() === "exec_module" && params[0] === "self" && params[1] === match[1]
    ? `the module an import loader's exec_module() is given (${match[1]}.__dict__)`
    : null;
}

/**
 * The code is a Django management command's option (`options["command"]`, `options.get("code")`) read in the
 * command's `handle(self, *args, **options)`, in a `management/commands/` module: what the operator typed after
 * `manage.py <command>`. The option's text, or null.
 */
function managementCommandOption(arg: SgNode, at: SgNode, file: string): string | null {
  if (!/(^|\/)management\/commands\/[^/]+\.py$/.test(file)) return null;
  const fn = enclosingFunction(at);
  if (fn?.field("name")?.text() !== "handle") return null;
  const splat = (fn.field("parameters")?.children() ?? []).find(
    (p) => p.kind() === "dictionary_splat_pattern",
  );
  const options = splat
    ?.children()
    .find((c) => c.kind() === "identifier")
    ?.text();
  if (!options) return null;
  let code = arg;
  if (code.kind() === "identifier") code = assignedValue(code.text(), at) ?? code;
  const read = new RegExp(`^${options}(\\[["'][\\w-]+["']\\]|\\.get\\(["'][\\w-]+["']\\))$`);
  return read.test(code.text()) ? code.text() : null;
}

/**
 * Comments by which a team records that a security review accepted this call: bandit `# nosec` (B102 exec, B307
 * eval), ruff/flake8-bandit `noqa: S102`/`S307`. (pylint's `disable=exec-used` only quiets a style check.)
 */
const REVIEWED = /#\s?nosec\b|noqa[:\s][^\n]*\bS(?:102|307)\b/;

/**
 * `exec(compile(f.read(), path, "exec"), namespace)` (or `exec(f.read())`, `exec(open(path).read())`) where the file
 * is opened from a path that only the operator sets: an environment variable, a string literal (`/etc/app/app.conf`),
 * a path built from those and the module's own location (`os.path.dirname(__file__)`), or nothing (`None`), through
 * every assignment of the name. A settings loader running the deployment's Python config file, which is as trusted
 * as the code. The path's text, or null when any part of it can come from elsewhere.
 */
function operatorConfigFile(arg: SgNode, at: SgNode, file: string): string | null {
  let code: SgNode | null = arg.kind() === "identifier" ? assignedValue(arg.text(), at) : arg;
  if (code?.kind() === "call" && code.field("function")?.text() === "compile")
    code = positionalArgs(code)[0] ?? null;
  if (!code || code.kind() !== "call") return null;
  const read = code.field("function");
  if (read?.kind() !== "attribute" || read.field("attribute")?.text() !== "read") return null;
  const handle = read.field("object");
  if (!handle) return null;
  let opened: SgNode | null = null;
  if (handle.kind() === "call") opened = handle;
  else if (handle.kind() === "identifier") {
    // `with open(path) as f:` around the call, or `f = open(path)` before it.
    for (const item of at.ancestors().filter((a) => a.kind() === "with_statement")) {
      for (const withItem of item.findAll({ rule: { kind: "with_item" } })) {
        const pattern = withItem.children().find((c) => c.kind() === "as_pattern");
        const target = pattern?.field("alias")?.text().trim();
        const value = pattern?.children().find((c) => c.isNamed());
        if (target === handle.text() && value?.kind() === "call") opened = value;
      }
    }
    opened ??= assignedValue(handle.text(), at);
  }
  if (opened?.kind() !== "call") return null;
  const opener = opened.field("function");
  // `open(path)`, or `Path(…).open()` / `(Path(dir) / "hooks.py").open()`: the path is the receiver.
  const pathMethod =
    opener?.kind() === "attribute" && opener.field("attribute")?.text() === "open"
      ? opener.field("object")
      : null;
  if (!pathMethod && !/^(io\.)?open$/.test(opener?.text() ?? "")) return null;
  const path = pathMethod ?? positionalArgs(opened)[0];
  const words: string[] = [];
  if (!path || !fromOperator(path, at, 0, words)) return null;
  // A settings loader: the variable or file names say configuration, or the loader is the settings module itself.
  const settings = words.some((word) => CONFIG_WORD.test(word)) || SETTINGS_MODULE.test(file);
  return settings ? path.text().slice(0, 40) : null;
}

/** Names of configuration: `APP_SETTINGS`, `/etc/app/app.conf`, `local_settings.py`, `config.py`, `app.cfg`. */
const CONFIG_WORD = /settings|config|conf\b|\.(cfg|conf|ini)$/i;

/** A settings module: `settings.py`, `settings/__init__.py`, `config.py`, `conf/__init__.py`. */
const SETTINGS_MODULE = /(^|\/)((settings|config|conf)\.py|(settings|config|conf)\/[^/]+\.py)$/;

/** Path functions whose result is made only of their arguments. */
const PATH_BUILDERS =
  /^(os\.path\.(join|abspath|realpath|dirname|expanduser|normpath)|(pathlib\.)?Path|str|os\.fspath)$/;

/** Whether every value the expression can hold comes from the operator: environment, literals, the module's place. */
function fromOperator(node: SgNode, at: SgNode, depth: number, words: string[]): boolean {
  if (depth > 5) return false;
  const kind = node.kind();
  if (kind === "string" || kind === "concatenated_string") {
    words.push(node.text());
    return !node.find({ rule: { kind: "interpolation" } });
  }
  if (kind === "none") return true;
  if (kind === "identifier") {
    if (node.text() === "__file__") return true;
    const values = bindingsOf(node.text(), at).values;
    return values.length > 0 && values.every((value) => fromOperator(value, at, depth + 1, words));
  }
  if (kind === "subscript") {
    words.push(node.text());
    // The environment, or the application's own configuration (`current_app.config["USER_DIR"]`).
    return /^((os\.)?environ|(current_app|app|self\.app)\.config)$/.test(node.field("value")?.text() ?? "");
  }
  if (kind === "parenthesized_expression") {
    const inner = node.children().find((child) => child.isNamed());
    return inner !== undefined && fromOperator(inner, at, depth + 1, words);
  }
  if (kind === "binary_operator")
    return (
      ["/", "+"].includes(node.field("operator")?.text() ?? "") &&
      [node.field("left"), node.field("right")].every(
        (side) => side !== null && fromOperator(side, at, depth + 1, words),
      )
    );
  if (kind === "attribute") {
    const object = node.field("object");
    return /\.parent$/.test(node.text()) && object !== null && fromOperator(object, at, depth + 1, words);
  }
  if (kind !== "call") return false;
  const fn = node.field("function")?.text() ?? "";
  if (/^(os\.)?(environ\.get|getenv)$/.test(fn)) {
    words.push(node.text());
    return true;
  }
  if (/\.(parent|resolve|absolute)$/.test(fn)) {
    const receiver = node.field("function")?.field("object");
    return receiver !== null && receiver !== undefined && fromOperator(receiver, at, depth + 1, words);
  }
  return PATH_BUILDERS.test(fn) && positionalArgs(node).every((a) => fromOperator(a, at, depth + 1, words));
}

/**
 * An interactive shell command running the user's start-up file (`startup = os.environ.get("PYTHONSTARTUP")` …
 * `exec(compile(f.read(), startup, "exec"), ctx)`), as Flask's and Django's `shell` commands do: the file is the
 * operator's own, named in their environment, and Python's REPL would run it the same way.
 */
function runsStartupFile(call: SgNode): boolean {
  const fn = enclosingFunction(call);
  return fn !== null && /\benviron(\.get\(|\[)\s*["']PYTHONSTARTUP["']/.test(fn.text());
}

/**
 * The code is a parameter of the enclosing function (directly or through `compile(param, …)`), and every call of
 * that function in the module (`f(src)`, `f.delay(src)`, `f.apply_async((src,))`) passes the source of a function
 * read with `inspect.getsource`: a plugin API shipping its own functions' source to a worker. The name of a
 * function making such a call, or null.
 */
function ownFunctionSource(arg: SgNode, at: SgNode): string | null {
  const fn = enclosingFunction(at);
  const name = fn?.field("name")?.text();
  if (!fn || !name) return null;
  let code = arg;
  if (code.kind() === "identifier") code = assignedValue(code.text(), at) ?? code;
  if (code.kind() === "call" && code.field("function")?.text() === "compile")
    code = positionalArgs(code)[0] ?? code;
  if (code.kind() !== "identifier") return null;
  const params = (fn.field("parameters")?.children() ?? [])
    .filter((p) => p.isNamed())
    .map((p) => (p.kind() === "identifier" ? p.text() : (p.field("name")?.text() ?? "")));
  if (!params.includes(code.text())) return null;
  const callee = new RegExp(`^${name}(\\.(delay|apply_async|s|si|signature))?$`);
  const calls = fn
    .getRoot()
    .root()
    .findAll({ rule: { kind: "call" } })
    .filter((c) => callee.test(c.field("function")?.text() ?? "") && !within(c, fn));
  if (calls.length === 0) return null;
  const callers: string[] = [];
  for (const c of calls) {
    const sources = positionalArgs(c).flatMap((a) =>
      a.kind() === "tuple" ? a.children().filter((x) => x.isNamed()) : [a],
    );
    const fromSource = sources.some((a) => {
      const bound = a.kind() === "identifier" ? assignedValue(a.text(), c) : a;
      return bound !== null && /^inspect\.getsource\(/.test(bound.text());
    });
    if (!fromSource) return null;
    callers.push(enclosingFunction(c)?.field("name")?.text() ?? "the module");
  }
  return callers[0] ?? null;
}

/**
 * `eval(self.compiled, …)` in a method of a template renderer (a class whose base is a `…Renderer`, as the renderers
 * of simplate frameworks are): the code object is the template the renderer was built from, compiled ahead from the
 * project's own template file. The class name, or null when the call is not one.
 */
function renderedTemplate(arg: SgNode, at: SgNode): string | null {
  if (arg.kind() !== "attribute" || arg.field("object")?.text() !== "self") return null;
  const cls = at.ancestors().find((a) => a.kind() === "class_definition");
  const bases =
    cls
      ?.field("superclasses")
      ?.children()
      .filter((c) => c.isNamed()) ?? [];
  return bases.some((base) => /(^|\.)\w*Renderer$/.test(base.text()))
    ? (cls?.field("name")?.text() ?? null)
    : null;
}

/**
 * A Babel extraction method: the four parameters Babel's `extract_from_file` passes (fileobj, keywords,
 * comment_tags, options), registered in babel.cfg/setup.cfg. Babel calls it on the project's own source files when
 * translators extract messages, a development step; no request or user file reaches it.
 */
function isBabelExtractor(fn: SgNode | null): boolean {
  const names = (fn?.field("parameters")?.children() ?? [])
    .filter((p) => p.isNamed() && p.kind() !== "comment")
    .map((p) => (p.kind() === "identifier" ? p.text() : (p.field("name")?.text() ?? p.text())));
  return names.join(",") === "fileobj,keywords,comment_tags,options";
}

/** A regular-expression piece that admits only digits, dots, whitespace and comparison characters. */
const NUMERIC_REGEX_PIECE = /^(\\d|\\s|\\\.|\[(\\d|\\s|\\\.|\\?[.<=>!\s]|\d-\d)+\]|[+*?]|\{\d+(,\d*)?\})+$/;

/** The source of capturing group `n` (1-based) of a regular expression, or null. */
function regexGroup(pattern: string, n: number): string | null {
  let count = 0;
  const starts: Array<number | null> = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") {
      const capturing = pattern[i + 1] !== "?" || pattern.startsWith("?P<", i + 1);
      if (capturing) count++;
      starts.push(
        capturing && count === n
          ? i + (pattern.startsWith("?P<", i + 1) ? pattern.indexOf(">", i) + 1 - i : 1)
          : null,
      );
    } else if (c === ")") {
      const start = starts.pop();
      if (start !== undefined && start !== null) return pattern.slice(start, i);
    }
  }
  return null;
}

/** The text of a string literal (implicitly concatenated pieces joined), or null when it interpolates. */
function stringText(node: SgNode): string | null {
  if (node.kind() !== "string" && node.kind() !== "concatenated_string") return null;
  if (node.find({ rule: { kind: "interpolation" } })) return null;
  return node
    .findAll({ rule: { kind: "string_content" } })
    .map((c) => c.text())
    .join("");
}

/**
 * Whether code built for eval can only hold numbers and comparison operators: every part is a literal, the running
 * interpreter's version (`sys.version_info`), or a group of a `re.match` whose pattern admits only digits, dots and
 * `<=>!` (`eval("3.11" + op + "3.08")` to compare versions read from a requirements file).
 */
function onlyNumbersAndComparisons(node: SgNode, at: SgNode, depth: number): boolean {
  // depth counts the bindings followed (`val = res.group(8).split(".")`), not the terms of a concatenation.
  if (depth > 6) return false;
  const kind = node.kind();
  if (kind === "integer" || kind === "float") return true;
  if (kind === "string" || kind === "concatenated_string") return stringText(node) !== null;
  if (kind === "parenthesized_expression") {
    const inner = node.children().find((c) => c.isNamed());
    return inner !== undefined && onlyNumbersAndComparisons(inner, at, depth + 1);
  }
  if (kind === "binary_operator") {
    const left = node.field("left");
    const right = node.field("right");
    return (
      node.field("operator")?.text() === "+" &&
      left !== null &&
      right !== null &&
      onlyNumbersAndComparisons(left, at, depth) &&
      onlyNumbersAndComparisons(right, at, depth)
    );
  }
  if (/^sys\.version_info\b/.test(node.text())) return kind === "subscript" || kind === "attribute";
  if (kind === "identifier") {
    const value = assignedValue(node.text(), at);
    return value !== null && onlyNumbersAndComparisons(value, at, depth + 1);
  }
  if (kind === "subscript") {
    // `parts[0]` of `parts = <numeric>.split(".")`.
    const value = node.field("value");
    const bound = value?.kind() === "identifier" ? assignedValue(value.text(), at) : value;
    const split = bound?.kind() === "call" ? bound.field("function") : null;
    const receiver =
      split?.kind() === "attribute" && split.field("attribute")?.text() === "split"
        ? split.field("object")
        : null;
    return receiver !== null && receiver !== undefined && onlyNumbersAndComparisons(receiver, at, depth + 1);
  }
  if (kind !== "call") return false;
  const fn = node.field("function");
  const args = positionalArgs(node);
  if (fn?.kind() === "identifier" && /^(str|int|float)$/.test(fn.text()))
    return args.length === 1 && args[0] !== undefined && onlyNumbersAndComparisons(args[0], at, depth + 1);
  if (fn?.kind() !== "attribute") return false;
  const receiver = fn.field("object");
  const method = fn.field("attribute")?.text();
  if (!receiver) return false;
  // `"{:02d}".format(n)`: a literal template filled with numeric parts.
  if (method === "format")
    return stringText(receiver) !== null && args.every((a) => onlyNumbersAndComparisons(a, at, depth + 1));
  if (method !== "group" || receiver.kind() !== "identifier" || args.length !== 1) return false;
  const index = args[0]?.kind() === "integer" ? Number(args[0].text()) : NaN;
  const match = assignedValue(receiver.text(), at);
  const matcher = match?.kind() === "call" ? match.field("function")?.text() : undefined;
  if (!match || !matcher || !/^re\.(match|search|fullmatch)$/.test(matcher) || !(index > 0)) return false;
  const pattern = positionalArgs(match)[0];
  const source = pattern ? stringText(pattern) : null;
  const group = source !== null ? regexGroup(source, index) : null;
  return group !== null && NUMERIC_REGEX_PIECE.test(group);
}

/** The namespace listings a module reads its own names from. */
const OWN_NAMES = /^(dir|globals|locals|vars)\(\)(\.keys\(\))?$/;

/**
 * `for name in dir(): table[eval(name)] = name` (or a list taken from `dir()` first): the code is a name the module
 * itself defines, evaluated to its value, never text from outside.
 */
function isOwnName(arg: SgNode, at: SgNode): boolean {
  if (arg.kind() !== "identifier") return false;
  for (let node = at.parent(); node; node = node.parent()) {
    if (node.kind() !== "for_statement" || node.field("left")?.text() !== arg.text()) continue;
    const iterable = node.field("right");
    if (!iterable) return false;
    const listing = iterable.kind() === "identifier" ? assignedValue(iterable.text(), node) : iterable;
    return listing !== null && OWN_NAMES.test(listing.text().replace(/\s+/g, ""));
  }
  return false;
}

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

/** `code = compile_restricted(src, …)`: a code object compiled by RestrictedPython. */
function isRestrictedCode(arg: SgNode, at: SgNode): boolean {
  const expr = arg.kind() === "identifier" ? assignedValue(arg.text(), at) : arg;
  const fn = expr?.kind() === "call" ? expr.field("function")?.text() : undefined;
  return fn !== undefined && /(^|\.)compile_restricted\w*$/.test(fn);
}

/**
 * Whether the code is a literal template whose every variable part was checked against an allow-list earlier in
 * the function: `if op not in OPERATORS: raise …` before `exec("x" + op + "y")`.
 */
/**
 * Whether the call only runs inside `if <code> in <literal collection>:` (`if cmd in RUNNABLE.keys(): eval(cmd)`,
 * the collection a dict, list, set or tuple literal, directly or bound to a name): the code is one of the
 * collection's own keys, written in the source. A collection read from a request would not do.
 */
function memberOfLiteral(arg: SgNode, at: SgNode): boolean {
  const LITERAL = new Set(["dictionary", "list", "set", "tuple"]);
  for (const branch of at.ancestors()) {
    if (branch.kind() !== "if_statement") continue;
    const consequence = branch.field("consequence");
    if (!consequence || !within(at, consequence)) continue;
    const condition = branch.field("condition");
    if (condition?.kind() !== "comparison_operator") continue;
    const operands = condition.children().filter((c) => c.isNamed());
    const operators = condition
      .children()
      .filter((c) => !c.isNamed())
      .map((c) => c.text());
    if (operands.length !== 2 || operators.join(" ") !== "in" || operands[0]?.text() !== arg.text()) continue;
    let collection = operands[1] ?? null;
    // `TABLE.keys()` is the dict's keys.
    if (collection?.kind() === "call" && /\.keys$/.test(collection.field("function")?.text() ?? ""))
      collection = collection.field("function")?.field("object") ?? null;
    if (collection?.kind() === "identifier")
      collection = bindingsOf(collection.text(), at).values.at(-1) ?? null;
    if (collection && LITERAL.has(String(collection.kind()))) return true;
  }
  return false;
}

function within(node: SgNode, container: SgNode): boolean {
  const a = node.range();
  const b = container.range();
  return a.start.index >= b.start.index && a.end.index <= b.end.index;
}

function allowListed(arg: SgNode, at: SgNode): boolean {
  const expr = arg.kind() === "identifier" ? (bindingsOf(arg.text(), at).values.at(-1) ?? arg) : arg;
  if (expr.kind() === "identifier") return false;
  const parts = [
    expr,
    ...expr.findAll({ rule: { any: [{ kind: "identifier" }, { kind: "attribute" }, { kind: "call" }] } }),
  ];
  const variables = parts.filter(
    (node) =>
      (node.kind() === "identifier" &&
        node.parent()?.kind() !== "attribute" &&
        node.parent()?.kind() !== "keyword_argument") ||
      node.kind() === "call",
  );
  if (variables.length === 0 || variables.some((node) => node.kind() === "call")) return false;
  const fn = enclosingFunction(at);
  if (!fn) return false;
  const checks = fn
    .findAll({ rule: { kind: "if_statement" } })
    .filter((check) => check.range().end.index <= at.range().start.index)
    .filter((check) => /^\s*(raise|return)\b/m.test(check.field("consequence")?.text() ?? ""));
  return variables.every((variable) =>
    checks.some((check) => {
      const condition = check.field("condition");
      return (
        condition?.kind() === "comparison_operator" &&
        /\bnot\s+in\b/.test(condition.text()) &&
        condition
          .children()
          .find((c) => c.isNamed())
          ?.text() === variable.text()
      );
    }),
  );
}
