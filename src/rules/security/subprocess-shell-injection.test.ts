import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/subprocess-shell-injection";

describe(ID, () => {
  it("fires on shell=True with an f-string, a built variable, and os.system with input", async () => {
    const source = [
      "import os",
      "import subprocess as sp",
      "def a(name):",
      '    sp.run(f"ls {name}", shell=True)',
      "def b(name):",
      '    cmd = "rm -rf " + name',
      "    sp.Popen(cmd, shell=True)",
      "def c(name):",
      "    os.system(name)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/ops.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([4, 7, 9]);
  });

  it("is medium when the values are a plain helper's parameters, high in a request handler", async () => {
    const source = [
      "import os",
      "from flask import Flask, request",
      "app = Flask(__name__)",
      "def fix_owner(dir_path, uid):",
      "    os.system(f'chown {uid} \"{dir_path}\"')",
      "def view(request, name):",
      '    os.system(f"touch {name}")',
      "@app.route('/touch/<name>')",
      "def touch(name):",
      '    os.system(f"touch {name}")',
      "def mixed(path):",
      "    os.system(f\"cp {path} {request.args['to']}\")",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/ops.py": source });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "medium"],
      [7, "high"],
      [10, "high"],
      [12, "high"],
    ]);
    expect(findings[0]?.message).toContain("the parameters of fix_owner()");
  });

  it("is low when a helper's parameters come from a click program's commands, medium in a plain module", async () => {
    const helper = [
      "import subprocess",
      "def run_command(command):",
      "    return subprocess.run(command, shell=True, capture_output=True)",
    ];
    const tool = [
      "import click",
      ...helper,
      "@click.group()",
      "def cli():",
      "    pass",
      "@cli.command()",
      "@click.option('--label')",
      "def list_prs(label):",
      "    run_command(f'gh pr list --label {label}')",
    ].join("\n");
    const findings = await findingsOf(ID, { "utils/gh.py": tool, "app/run.py": helper.join("\n") });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["app/run.py", "medium"],
      ["utils/gh.py", "low"],
    ]);
  });

  it("stays silent on literals, argument lists, shlex.quote and shell=False", async () => {
    const source = [
      "import os, shlex, subprocess",
      "CMD = 'make build'",
      "def a(name):",
      '    subprocess.run("tar czf out.tgz dir", shell=True)',
      "    subprocess.run(CMD, shell=True)",
      '    subprocess.run(["ls", name])',
      '    subprocess.run(f"ls {shlex.quote(name)}", shell=True)',
      "    subprocess.run(name, shell=False)",
      "    cmd = 'uptime'",
      "    subprocess.run(cmd, shell=True)",
      '    os.system("clear")',
    ].join("\n");
    expect(await findingsOf(ID, { "app/ops.py": source })).toEqual([]);
  });

  it("is low in a feature that refuses to run unless the operator enables shell commands, high without the guard", async () => {
    const transport = (guard: string): string =>
      [
        "import os",
        "from django.conf import settings",
        "class Shell(Transport):",
        "    def notify(self, flip):",
        guard,
        "        cmd = self.prepare(self.channel.shell.cmd_down, flip)",
        "        code = os.system(cmd)",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "hc/integrations/shell/transport.py": transport(
        '        if not settings.SHELL_ENABLED:\n            raise TransportError("Shell commands are not enabled")',
      ),
      "hc/integrations/other/transport.py": transport(
        '        if not settings.DEBUG:\n            raise TransportError("only in debug")',
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["hc/integrations/other/transport.py", "high"],
      ["hc/integrations/shell/transport.py", "low"],
    ]);
    expect(findings[1]?.message).toContain("`settings.SHELL_ENABLED`");
  });

  it("is medium when every interpolated value comes from configuration", async () => {
    const source = [
      "from subprocess import Popen",
      "from urllib.parse import urlparse",
      "from app.settings import settings",
      "def backup(request):",
      "    p = urlparse(settings.database_url)",
      '    dump = f"{settings.data_folder}/db.dmp"',
      "    Popen(f\"pg_dump --host={p.hostname} --dbname={p.path.replace('/', '')} --file={dump}\", shell=True)",
      "    Popen(f\"rm {request.query_params['name']}\", shell=True)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/admin.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["7:medium", "8:high"]);
  });

  it("is low on a script beside the program's own source, high on a path from elsewhere", async () => {
    const source = [
      "import os, subprocess",
      "from pathlib import Path",
      "def get_version():",
      "    script = os.path.join(os.path.abspath(os.path.dirname(__file__)), 'get_version.sh')",
      "    return subprocess.check_output([script], shell=True)",
      "def build():",
      "    subprocess.run(str(Path(__file__).resolve().parent / 'build.sh'), shell=True)",
      "def other(name):",
      "    script = os.path.join(os.path.dirname(__file__), name)",
      "    return subprocess.check_output([script], shell=True)",
    ].join("\n");
    const findings = await findingsOf(ID, { "setup.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "5:low",
      "7:low",
      "10:high",
    ]);
  });

  it("is low when every value is a path the program names itself, medium for other configuration values", async () => {
    const source = [
      "import os, subprocess",
      "from app.config import CONSTANTS, RUN_USER",
      "CONFIG_FILE_NAME = 'supervisord.conf'",
      "def start():",
      "    sock = get_sock_file()",
      "    CONFIG_FILE = sock.parent / CONFIG_FILE_NAME",
      '    subprocess.Popen(f"supervisord --configuration={CONFIG_FILE}", shell=True)',
      "def fix_owner():",
      '    os.system(f"chown {RUN_USER} {CONSTANTS.DATA_DIR}")',
      "def cleanup():",
      '    dump = CONSTANTS.DATA_DIR / "db.dmp"',
      '    subprocess.Popen(f"rm {dump}", shell=True)',
    ].join("\n");
    const findings = await findingsOf(ID, { "app/workers.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "7:low",
      "9:medium",
      "12:medium",
    ]);
  });

  it("is low in a stand-alone script of a scripts folder, medium in a scripts-folder module without a __main__ guard", async () => {
    const script = [
      "from argparse import ArgumentParser",
      "from subprocess import Popen, PIPE",
      "def check(base_path, lang):",
      '    po_path = "{0}/{1}/django.po".format(base_path, lang)',
      '    p = Popen("git diff -U0 {0} | wc -l".format(po_path), stdout=PIPE, shell=True)',
      "    return p.communicate()",
      'if __name__ == "__main__":',
      "    options = ArgumentParser().parse_args()",
      "    check(options.path, options.lang)",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "scripts/manage_translations.py": script,
      "scripts/helpers.py": script.split("\n").slice(0, 6).join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`).sort()).toEqual([
      "scripts/helpers.py:medium",
      "scripts/manage_translations.py:low",
    ]);
    expect(findings.find((f) => f.severity === "low")?.message).toContain("stand-alone script");
  });
});
