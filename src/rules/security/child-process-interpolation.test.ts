import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/child-process-interpolation", () => {
  it("fires on exec/execSync with templates or concatenation, resolved to child_process", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      "src/thumb.ts":
        "import { exec } from 'node:child_process';\nexport function thumb(file: string) {\n  exec(`convert ${file} out.png`);\n}\n",
      "src/git.js":
        "const cp = require('child_process');\nmodule.exports = (ref) => cp.execSync('git show ' + ref);\n",
      "src/async.ts":
        "import { promisify } from 'node:util';\nimport cp from 'node:child_process';\nconst sh = promisify(cp.exec);\nawait sh(`git log ${ref}`);\n",
      "src/alias.ts": "import { execSync as run } from 'child_process';\nrun(`ls ${dir}`);\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "src/alias.ts:2",
      "src/async.ts:4",
      "src/git.js:2",
      "src/thumb.ts:3",
    ]);
  });

  it("is low when it interpolates only a deployment setting (a top-level constant from the environment), high beside input", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      "lambdas/probe/index.js": [
        'import { promisify } from "util";',
        'import { exec as execCallback } from "child_process";',
        'const toolPath = process.env.MEDIAINFO_PATH || "mediainfo";',
        "const exec = promisify(execCallback);",
        "async function version() {",
        "  return exec(`${toolPath} --Version`);",
        "}",
        "async function probe(url) {",
        '  return exec(`${toolPath} --Output=JSON "${url}"`);',
        "}",
        "export const handler = async (event) => [await version(), await probe(event.source)];",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [6, "low"],
      [9, "high"],
    ]);
  });

  it("stays silent on literals, execFile, and exec from other modules", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      "src/a.ts":
        "import { exec, execFile } from 'node:child_process';\nexec('git status');\nexecFile('convert', [file, 'out.png']);\n",
      "src/b.ts":
        "import { exec } from './db';\nexec(`select ${x}`);\n// child_process is only mentioned here\n",
      "src/c.ts":
        "import * as cp from 'child_process';\nconst re = /x/;\nre.exec(`${s}`);\ncp.spawn('ls', [dir]);\n",
    });
    expect(findings).toEqual([]);
  });
});

describe("node/child-process-interpolation in developer tooling", () => {
  it("is low in release scripts and test set-up, high in application code", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      "scripts/release.js":
        "const { execSync } = require('child_process');\nexecSync(`git commit -m \"release ${nextVersion}\"`);\n",
      "apps/web/integration/global-setup.ts":
        "import { execSync } from 'node:child_process';\nexecSync(`docker exec -i ${CONTAINER} psql -d ${TEST_DB}`);\n",
      "packages/e2e_tests/setup/startContainers.ts":
        "import { execSync } from 'node:child_process';\nexport default () => execSync(`docker compose up ${buildArg} -d`);\n",
      "packages/e2e_tests/package.json": JSON.stringify({ name: "e2e", main: "setup/startContainers.ts" }),
      "packages/cli/package.json": JSON.stringify({
        name: "cli",
        bin: { app: "src/commands/connector/utils.ts" },
      }),
      "packages/cli/src/commands/connector/utils.ts":
        "import { execSync } from 'node:child_process';\nexport const pack = (name: string) => execSync(`npm pack ${name}`);\n",
      ".scripts/publish.js": "const { execSync } = require('child_process');\nexecSync(`git tag ${tag}`);\n",
      "src/convert.ts": "import { exec } from 'node:child_process';\nexec(`convert ${file} out.png`);\n",
      "package.json": JSON.stringify({
        name: "app",
        main: "src/convert.ts",
        scripts: { release: "node .scripts/publish.js" },
      }),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      [".scripts/publish.js", "low"],
      ["apps/web/integration/global-setup.ts", "low"],
      ["packages/cli/src/commands/connector/utils.ts", "medium"],
      ["packages/e2e_tests/setup/startContainers.ts", "low"],
      ["scripts/release.js", "low"],
      ["src/convert.ts", "high"],
    ]);
  });
});

describe("node/child-process-interpolation in a monorepo's tooling/ package", () => {
  it("is low in a release script under tooling/, high in the same code under src/ (near miss)", async () => {
    const publish =
      "import { execSync } from 'node:child_process';\nexport const publish = (registry: string) => execSync(`npm publish --registry ${registry}`);\n";
    const findings = await findingsOf("node/child-process-interpolation", {
      "tooling/publish/package.json": JSON.stringify({
        name: "publish",
        private: true,
        scripts: { publish: "jiti publish.ts" },
      }),
      "tooling/publish/publish.ts": publish,
      "package.json": JSON.stringify({ name: "app", main: "src/publish.ts" }),
      "src/publish.ts": publish,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["src/publish.ts", "high"],
      ["tooling/publish/publish.ts", "low"],
    ]);
  });
});

describe("node/child-process-interpolation in code that does not run", () => {
  // A package whose entry reaches src/run.ts; lib/legacy.ts is imported by nothing and named nowhere.
  const files = {
    "package.json": JSON.stringify({ name: "svc", main: "src/index.ts" }),
    "src/index.ts": "import { thumb } from './run';\nthumb(process.argv[2] ?? '');\n",
    "src/run.ts":
      "import { exec } from 'node:child_process';\nexport function thumb(file: string) {\n  exec(`convert ${file} out.png`);\n}\n",
  };

  it("is low in a file nothing imports that is no entry point, saying why", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      ...files,
      "lib/legacy.ts":
        "import { execSync } from 'node:child_process';\nexport function archive(url: string) {\n  execSync(`wget ${url}`);\n}\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "lib/legacy.ts low",
      "src/run.ts high",
    ]);
    expect(findings[0]?.message).toContain("nothing imports lib/legacy.ts and it is no entry point");
  });

  it("stays high in a file the entry imports (near miss)", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      ...files,
      "src/index.ts": "import { thumb } from './run';\nimport './legacy';\nthumb(process.argv[2] ?? '');\n",
      "src/legacy.ts":
        "import { execSync } from 'node:child_process';\nexport function archive(url: string) {\n  execSync(`wget ${url}`);\n}\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "src/legacy.ts high",
      "src/run.ts high",
    ]);
  });

  it("stays high in a script another language's program runs by its file name (near miss)", async () => {
    const findings = await findingsOf("node/child-process-interpolation", {
      ...files,
      "lib/export_state.js":
        "const { execSync } = require('node:child_process');\nexecSync(`rm -rf ${process.argv[2]}`);\n",
      "app/importers.py": 'from pathlib import Path\nSCRIPT = Path(__file__).with_name("export_state.js")\n',
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "lib/export_state.js high",
      "src/run.ts high",
    ]);
  });
});

describe("node/child-process-interpolation in a program run by whoever sets it up", () => {
  it("is low in a set-up program that exports nothing and interpolates only imported constants and the environment", async () => {
    const setup = (extra: string): string =>
      [
        "import { exec } from 'node:child_process';",
        "import { exit } from 'node:process';",
        "import { promisify } from 'node:util';",
        "import { PROXY_VERSION } from '@acme/server/setup/proxy';",
        "const execAsync = promisify(exec);",
        "const REGISTRY = process.env.REGISTRY ?? 'docker.io';",
        extra,
        "(async () => {",
        "  await execAsync(`docker pull ${REGISTRY}/proxy:v${PROXY_VERSION}`);",
        "  exit(0);",
        "})();",
        "",
      ].join("\n");
    const findings = await findingsOf("node/child-process-interpolation", {
      "apps/web/setup.ts": setup(""),
      // Near misses: the same code in a module others call, and a constant taken from the command line.
      "apps/web/pull.ts": setup("export const pulled = true;"),
      "apps/web/pull-arg.ts": setup("const TAG = process.argv[2];").replace("v${PROXY_VERSION}", "${TAG}"),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "apps/web/pull-arg.ts high",
      "apps/web/pull.ts high",
      "apps/web/setup.ts low",
    ]);
    expect(findings.find((f) => f.location?.path === "apps/web/setup.ts")?.message).toContain(
      "interpolates only constants, imports and environment variables",
    );
  });
});

describe("node/child-process-interpolation in maintenance scripts", () => {
  it("is low in scripts run only by release and rebase package.json scripts, high in the server they sit beside (near miss)", async () => {
    const rebase =
      "const { execSync } = require('child_process');\nconst branch = process.argv[2];\nexecSync(`git rebase origin/${branch}`);\n";
    const findings = await findingsOf("node/child-process-interpolation", {
      "package.json": JSON.stringify({
        name: "svc",
        main: "server/server.js",
        scripts: {
          "start-server": "node server/server.js",
          "rebase-pr-to-1.x": "node extra/rebase-pr.js 1.x",
          release: "node ./extra/release/make-release.mjs",
        },
      }),
      "server/server.js": "require('./convert');\n",
      "server/convert.js":
        "const { execSync } = require('child_process');\nmodule.exports = (file) => execSync(`convert ${file} out.png`);\n",
      "extra/rebase-pr.js": rebase,
      "extra/release/make-release.mjs":
        "import { execSync } from 'node:child_process';\nimport { tagOf } from './tag.mjs';\nexecSync(`gh release create ${tagOf(process.argv[2])}`);\n",
      "extra/release/tag.mjs":
        "import { execSync } from 'node:child_process';\nexport const tagOf = (v) => execSync(`git tag -l ${v}`).toString();\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "extra/rebase-pr.js low",
      "extra/release/make-release.mjs low",
      "extra/release/tag.mjs low",
      "server/convert.js high",
    ]);
    expect(findings[0]?.message).toContain("no production entry point reaches extra/rebase-pr.js");
  });

  it("stays silent when the value is a parameter of a private function every caller gives a literal; a caller passing a setting still fires", async () => {
    const server = (caller: string) =>
      [
        "const childProcess = require('child_process');",
        "async function prepare(executablePath) {",
        "  if (!executablePath) {",
        caller,
        "  }",
        "  return executablePath;",
        "}",
        "async function install(executablePath) {",
        "  const child = childProcess.exec('apt install chromium');",
        "  child.on('exit', () => log(childProcess.execSync(executablePath + ' --version').toString()));", // 10
        "}",
        "module.exports = { prepare };",
        "",
      ].join("\n");
    expect(
      await findingsOf("node/child-process-interpolation", {
        "server/browser.js": server(
          '    executablePath = "/usr/bin/chromium";\n    await install(executablePath);',
        ),
      }),
    ).toEqual([]);
    const findings = await findingsOf("node/child-process-interpolation", {
      "server/browser.js": server(
        '    executablePath = await Settings.get("chrome");\n    await install(executablePath);',
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[11, "high"]]);
    expect(findings[0]?.message).toContain("executablePath + ' --version'");
  });

  it("is low in a command-line package running a tool it located itself, medium on a value its caller passes", async () => {
    const code = [
      "import { exec } from 'node:child_process';",
      "import path from 'node:path';",
      "import { promisify } from 'node:util';",
      "import { detectPackageManager, getNangoRootPath, nangoConfigFile } from '../utils.js';",
      "const execAsync = promisify(exec);",
      "export async function install(rootPath: string, pkg: string) {",
      "  const packageManager = detectPackageManager({ fullPath: rootPath });",
      "  await execAsync(`${packageManager} install`, { cwd: rootPath });",
      "  const scriptFile = path.join(getNangoRootPath(), 'scripts/v1-v2.js');",
      "  exec(`node ${scriptFile} ./${nangoConfigFile}`);",
      "  await execAsync(`${packageManager} add ${pkg}`, { cwd: rootPath });",
      "}",
      "",
    ].join("\n");
    const findings = await findingsOf("node/child-process-interpolation", {
      "packages/cli/lib/services/install.service.ts": code,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [8, "low"],
      [10, "low"],
      [11, "medium"],
    ]);
    expect(findings[0]?.message).toContain("the package manager it detected");
  });
});
