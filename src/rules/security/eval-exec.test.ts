import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/eval-exec";

describe(ID, () => {
  it("stays silent on a reverse lookup of the module's own names, and fires on names from elsewhere", async () => {
    const own = [
      "ANY = 255",
      "IN = 1",
      "_names = dir()",
      "classmap = {}",
      "for _name in _names:",
      "    if _name[0] != '_': classmap[eval(_name)] = _name",
      "for key in globals().keys():",
      "    print(eval(key))",
      "",
    ].join("\n");
    expect(await findingsOf("python/eval-exec", { "dns/classes.py": own })).toEqual([]);
    const outside = [
      "import sys",
      "for name in sys.argv[1:]:",
      "    print(eval(name))",
      "names = load_names()",
      "for name in names:",
      "    print(eval(name))",
      "",
    ].join("\n");
    const findings = await findingsOf("python/eval-exec", { "dns/cli.py": outside });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3, 6]);
  });

  it("fires on eval and exec of runtime strings", async () => {
    const source = [
      "def calc(expr):",
      "    return eval(expr)",
      "def run(code, ns):",
      "    exec(code, ns)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/calc.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([2, 4]);
    expect(findings[0]?.severity).toBe("high");
  });

  it("stays silent on literals, methods named execute/eval, imported or locally defined eval", async () => {
    const source = [
      "from asteval import eval as eval",
      "def f(cursor, model, x):",
      '    exec("import json")',
      "    cursor.execute(x)",
      "    model.eval()",
      "    eval(x)",
    ].join("\n");
    expect(await findingsOf(ID, { "app/a.py": source })).toEqual([]);
    expect(await findingsOf(ID, { "app/b.py": "def exec(x):\n    return x\n\nexec(y)\n" })).toEqual([]);
    const tools = await findingsOf(ID, { "tools/repl.py": "def f(x):\n    return eval(x)\n" });
    expect(tools.map((f) => f.severity)).toEqual(["medium"]);
    const codegen = await findingsOf(ID, {
      "lib/gen.py": 'def make(name, body):\n    txt = f"def {name}(self):\\n    {body}"\n    exec(txt, ns)\n',
    });
    expect(codegen.map((f) => `${f.severity} ${f.message}`)).toEqual([
      "medium exec() runs code generated from a template (txt)",
    ]);
  });

  it("is silent when every spliced variable was allow-listed, medium for RestrictedPython code", async () => {
    const source = [
      "from RestrictedPython import compile_restricted",
      "OPERATORS = {'add': '+=', 'sub': '-='}",
      "def inplace(x, op, y):",
      "    if op not in OPERATORS.values():",
      "        raise ValueError(op)",
      "    ns = {'x': x, 'y': y}",
      '    exec("x" + op + "y", ns)',
      "    return ns['x']",
      "def unchecked(x, op, y):",
      '    exec("x" + op + "y", {})',
      "def run(query, env):",
      '    code = compile_restricted(query, "<string>", "exec")',
      "    exec(code, env)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/runner.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["10:high", "13:medium"]);
  });

  it("is low for a version comparison built from regex groups of digits and operators, high when a group admits any text", async () => {
    const source = [
      "import re",
      "import sys",
      "def wanted(line):",
      "    res = re.match(r'(.*?)([<=>\\s]+)([\\d\\.]+)(?:\\s?;\\s?'",
      "                   r'(python_version)\\s?([<=>]+)\\s?\\'([\\d\\.]+)\\')?', line.strip())",
      "    val = res.group(6).split('.')",
      "    if not eval(str(sys.version_info[0]) + '.' + '{:02d}'.format(sys.version_info[1]) + res.group(5) + val[0] + '.' + '{:02d}'.format(int(val[1]))):",
      "        return False",
      "    return eval(res.group(1) + res.group(2) + res.group(3))",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/deps.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["7:low", "9:high"]);
  });
  it("is low for a template renderer running its compiled template, high for the same call outside a renderer", async () => {
    const renderer = (base: string) =>
      [
        "from aspen.simplates import renderers",
        `class Renderer(${base}):`,
        "    def render_content(self, context):",
        "        rows = eval(self.compiled, globals(), context)",
        "        return rows",
        "",
      ].join("\n");
    const low = await findingsOf(ID, { "app/renderers/csv_dump.py": renderer("renderers.Renderer") });
    expect(low.map((f) => [f.location?.startLine, f.severity])).toEqual([[4, "low"]]);
    const high = await findingsOf(ID, { "app/renderers/csv_dump.py": renderer("object") });
    expect(high.map((f) => [f.location?.startLine, f.severity])).toEqual([[4, "high"]]);
  });

  it("is low in a Babel extraction method, high in a function with other parameters (near miss)", async () => {
    const body = [
      "    namespace = {}",
      "    exec(fileobj.read(), {}, namespace)  # pylint: disable=exec-used",
      "    yield from namespace['__all__']",
      "",
    ];
    const findings = await findingsOf(ID, {
      "app/babel_extract.py": [
        "def extract(",
        "    # pylint: disable=unused-argument",
        "    fileobj,",
        "    keywords,",
        "    comment_tags,",
        "    options,",
        "):",
        ...body,
      ].join("\n"),
      "app/loader.py": ["def load(fileobj, options):", ...body].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/babel_extract.py", "low"],
      ["app/loader.py", "high"],
    ]);
  });

  it("is low in a shell command running $PYTHONSTARTUP, high for a file named by another variable (near miss)", async () => {
    const shell = (variable: string) =>
      [
        "import os",
        "def shell_command():",
        '    ctx = {"db": db}',
        `    startup = os.environ.get("${variable}")`,
        "    if startup and os.path.isfile(startup):",
        '        with open(startup, "r") as f:',
        '            eval(compile(f.read(), startup, "exec"), ctx)',
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "app/cli/main.py": shell("PYTHONSTARTUP"),
      "app/cli/run.py": shell("JOB_FILE"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/cli/main.py", "low"],
      ["app/cli/run.py", "high"],
    ]);
  });

  it("is low for a settings loader running the operator's config file, high when the path can come from elsewhere", async () => {
    const loader = (fallback: string) =>
      [
        "import os",
        "import types",
        "from .base import *",
        'path = os.environ.get("APP_SETTINGS")',
        "if not path:",
        '    path = os.path.join("/etc", "app", "app.conf")',
        "    if not os.path.exists(path):",
        `        ${fallback}`,
        "if path:",
        '    d = types.ModuleType("config")',
        "    with open(path) as config_file:",
        '        exec(compile(config_file.read(), path, "exec"), d.__dict__)',
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "app/settings/__init__.py": loader(
        'path = os.path.join(os.path.dirname(os.path.realpath(__file__)), "local.py")',
      ),
      // Near miss: one assignment takes the path from the command line.
      "app/conf/__init__.py": loader("path = sys.argv[1]"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/conf/__init__.py", "high"],
      ["app/settings/__init__.py", "low"],
    ]);
  });

  it("is low when every caller passes inspect.getsource of a function, high when a caller passes other text", async () => {
    const worker = (caller: string) =>
      [
        "import inspect",
        "from worker.celery import app",
        "def run_function_async(func, *args, **kwargs):",
        `    source = ${caller}`,
        "    return eval_async.delay(source, func.__name__, *args, **kwargs)",
        "@app.task(bind=True)",
        "def eval_async(self, source, funcname, *args, **kwargs):",
        "    ns = {}",
        "    code = compile(source, 'file', 'exec')",
        "    eval(code, ns, ns)",
        "    return ns[funcname](*args, **kwargs)",
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "app/plugins/worker.py": worker("inspect.getsource(func)"),
      "app/jobs/worker.py": worker("request.POST['code']"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/jobs/worker.py", "high"],
      ["app/plugins/worker.py", "low"],
    ]);
  });

  it("is silent when the code is a key of a literal dict it was checked against; a membership in request data fires", async () => {
    const source = [
      "def add_lang(resources, languages):",
      "    pass",
      'if __name__ == "__main__":',
      '    SCRIPTS = {"add_lang": "Add a new language."}',
      "    options = parser.parse_args()",
      "    if options.cmd[0] in SCRIPTS.keys():",
      "        eval(options.cmd[0])(options.resources, options.languages)",
      "def handler(request):",
      "    name = request.args['op']",
      "    if name in request.form:",
      "        eval(name)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/manage.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([11]);
  });

  it("is low on a call the project marked as reviewed by a security linter (# nosec, noqa: S102), high without the mark", async () => {
    const loader = (mark: string) =>
      [
        "import glob",
        "def import_local_settings(scan_dir, scope):",
        "    for fname in sorted(glob.glob(scan_dir + '/*.py')):",
        "        with open(fname, 'rb') as handle:",
        `            exec(  ${mark}`,
        "                handle.read(), scope",
        "            )",
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "tcms/utils/settings.py": loader("# nosec:B102:exec_used pylint: disable=exec-used"),
      "tcms/utils/plugins.py": loader("# noqa: S102"),
      "tcms/utils/extras.py": loader("# load them all"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["tcms/utils/extras.py", "high"],
      ["tcms/utils/plugins.py", "low"],
      ["tcms/utils/settings.py", "low"],
    ]);
  });
});

describe(`${ID}: a hooks file in a folder the application's configuration names`, () => {
  it("is low for Path(current_app.config[...]) / 'hooks.py' opened and exec'd, high when the file name comes from the request", async () => {
    const hooks = (name: string) =>
      [
        "from pathlib import Path",
        "from flask import current_app, request",
        "",
        "def load_hooks():",
        "    try:",
        `        user_hooks = (Path(current_app.config["USER_DIR"]) / ${name}).open()`,
        "    except FileNotFoundError:",
        "        return None",
        "    user_locals = {}",
        "    exec(user_hooks.read(), globals(), user_locals)",
        '    return user_locals.get("Hooks")',
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "app/helpers.py": hooks('"hooks.py"'),
      "app/plugins.py": hooks('request.args["name"]'),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/helpers.py", "low"],
      ["app/plugins.py", "high"],
    ]);
  });

  it("is low for source an import loader's exec_module runs and for a management command's own option; high for other namespaces and request data", async () => {
    const findings = await findingsOf(ID, {
      "app/loaders.py": [
        "import importlib.abc",
        "import types",
        "class StorageLoader(importlib.abc.Loader):",
        "    def exec_module(self, module):",
        "        code = storage.open(self.filename).read()",
        "        exec(code, module.__dict__)",
        "def validate(content, filename):",
        "    code = compile(content, filename, 'exec')",
        "    module = types.ModuleType('check')",
        "    exec(code, module.__dict__)",
        "def run(content, target):",
        "    exec(content, target.__dict__)",
        "",
      ].join("\n"),
      "app/management/commands/appshell.py": [
        "from django.core.management.base import BaseCommand",
        "class Command(BaseCommand):",
        "    def handle(self, **options):",
        "        if options['command']:",
        "            exec(options['command'], {})",
        "",
      ].join("\n"),
      "app/views.py": ["def handle(request, **options):", "    exec(request.POST['code'], {})", ""].join(
        "\n",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/loaders.py", 6, "low"],
      ["app/loaders.py", 10, "high"],
      ["app/loaders.py", 12, "high"],
      ["app/management/commands/appshell.py", 5, "low"],
      ["app/views.py", 2, "high"],
    ]);
    expect(findings[0]?.message).toContain("exec_module");
    expect(findings[3]?.message).toContain("manage.py shell -c");
  });
});
