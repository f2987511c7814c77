// The CI integrations, each run here: the GitHub Action's step script as action.yml runs it, the pre-commit hook
// with Debian's pre-commit in a fixture git repository, the GitLab job's script with its Code Quality report checked
// against GitLab's documented shape, and the Dockerfile audited by codeaudit itself.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { fakeIo } from "./helpers/fake-io.js";
import { runGit } from "./helpers/git.js";

const root = join(import.meta.dirname, "..");
const fixture = join(import.meta.dirname, "fixtures", "generic-monorepo");

/**
 * The fixture with one high finding planted (SQL built from a parameter), so the default gate (--fail-on high) has
 * something to stop; the golden fixture itself stays as it is.
 */
function copyFixtureWithHigh(to: string): void {
  cpSync(fixture, to, { recursive: true });
  writeFileSync(
    join(to, "services", "api", "search.go"),
    [
      "package main",
      "",
      'import "database/sql"',
      "",
      "func search(db *sql.DB, tag string) (*sql.Rows, error) {",
      '\treturn db.Query("SELECT body FROM notes WHERE tag = \'" + tag + "\'")',
      "}",
      "",
    ].join("\n"),
  );
}
let work: string;
/** A folder with a `codeaudit` executable running this checkout's CLI, as an installed one would be on PATH. */
let shimDir: string;

beforeAll(() => {
  if (!spawnSync(process.execPath, [join(root, "bin", "codeaudit.js"), "--version"]).stdout.length)
    throw new Error("bin/codeaudit.js does not run: npm run build");
  work = mkdtempSync(join(tmpdir(), "codeaudit-integrations-"));
  cpSync(fixture, join(work, "repo"), { recursive: true });
  shimDir = join(work, "bin");
  mkdirSync(shimDir);
  writeFileSync(
    join(shimDir, "codeaudit"),
    `#!/bin/sh\nexec "${process.execPath}" "${join(root, "bin", "codeaudit.js")}" "$@"\n`,
  );
  chmodSync(join(shimDir, "codeaudit"), 0o755);
});

const withShim = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...env,
  PATH: `${shimDir}:${process.env.PATH ?? ""}`,
  NO_COLOR: "1",
});

describe("GitHub Action (action.yml)", () => {
  const action = parseYaml(readFileSync(join(root, "action.yml"), "utf8")) as {
    inputs: Record<string, { default: string }>;
    runs: {
      using: string;
      steps: Array<{ id?: string; uses?: string; run?: string; env?: Record<string, string> }>;
    };
  };

  it("is a composite action on Node with pinned actions, passing every input to its script through the environment", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual([
      "baseline",
      "fail-on",
      "format",
      "out",
      "path",
      "upload-artifact",
    ]);
    for (const step of action.runs.steps.filter((s) => s.uses))
      expect(step.uses, "actions pinned to a commit").toMatch(/@[0-9a-f]{40}$/);
    expect(action.runs.steps.some((s) => s.uses?.startsWith("actions/setup-node@"))).toBe(true);
    const audit = action.runs.steps.find((s) => s.id === "audit");
    expect(audit?.run).toContain('"$GITHUB_ACTION_PATH/templates/github/run-action.sh"');
    for (const input of ["path", "format", "fail-on", "baseline", "out"])
      expect(audit?.env?.[`INPUT_${input.toUpperCase().replace("-", "_")}`]).toBe(`\${{ inputs.${input} }}`);
    // Inputs never spliced into the script text (script injection).
    expect(audit?.run).not.toContain("${{");
  });

  it("runs its step script: reports, SARIF, outputs, step summary and the gate's exit code", () => {
    const run = (failOn: string, out: string) => {
      const outputs = join(work, `${out}.outputs`);
      const summary = join(work, `${out}.summary`);
      writeFileSync(outputs, "");
      const result = spawnSync("bash", [join(root, "templates", "github", "run-action.sh")], {
        cwd: work,
        encoding: "utf8",
        env: withShim({
          INPUT_PATH: "repo",
          INPUT_FORMAT: action.inputs.format?.default ?? "",
          INPUT_FAIL_ON: failOn,
          INPUT_BASELINE: "",
          INPUT_OUT: out,
          GITHUB_OUTPUT: outputs,
          GITHUB_STEP_SUMMARY: summary,
        }),
      });
      return {
        status: result.status,
        outputs: readFileSync(outputs, "utf8"),
        summary: readFileSync(summary, "utf8"),
      };
    };
    const passed = run("critical", "gh-ok");
    expect(passed.status).toBe(0);
    expect(passed.outputs).toContain("exit-code=0\n");
    expect(passed.outputs).toContain("sarif-file=gh-ok/audit.sarif\n");
    expect(JSON.parse(readFileSync(join(work, "gh-ok", "audit.sarif"), "utf8")).version).toBe("2.1.0");
    expect(passed.summary).toMatch(/## Executive Summary/);
    const failed = run("low", "gh-fail");
    expect(failed.status).toBe(1);
    expect(failed.outputs).toContain("exit-code=1\n");
  });
});

describe("pre-commit (.pre-commit-hooks.yaml)", () => {
  const hasPreCommit = spawnSync("pre-commit", ["--version"]).status === 0;
  // .ci/run installs Debian's pre-commit: in CI a missing one is a failure, never a silent skip.
  if (!hasPreCommit && process.env.CI)
    it("pre-commit is installed", () => {
      expect(hasPreCommit, "pre-commit missing: .ci/run installs it (apt-get install -y pre-commit)").toBe(
        true,
      );
    });

  it.skipIf(!hasPreCommit)("runs the hook in a fixture repository and fails the commit on the gate", () => {
    // The hooks repository pre-commit clones: our hook definitions, committed.
    const hooks = join(work, "hooks-repo");
    mkdirSync(hooks);
    cpSync(join(root, ".pre-commit-hooks.yaml"), join(hooks, ".pre-commit-hooks.yaml"));
    runGit(hooks, ["init", "-q"]);
    runGit(hooks, ["add", "-A"]);
    runGit(hooks, ["commit", "-qm", "hooks"]);
    const project = join(work, "precommit-project");
    copyFixtureWithHigh(project);
    runGit(project, ["init", "-q"]);
    runGit(project, ["add", "-A"]);
    const env = withShim({ PRE_COMMIT_HOME: join(work, "pre-commit-cache"), GIT_CONFIG_NOSYSTEM: "1" });
    const tryHook = (args: string[]) =>
      spawnSync("pre-commit", ["try-repo", hooks, "codeaudit-system", "--all-files", "--verbose", ...args], {
        cwd: project,
        encoding: "utf8",
        env,
      });
    const strict = tryHook([]);
    const hooksFile = parseYaml(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8")) as Array<{
      id: string;
      args: string[];
    }>;
    expect(hooksFile.map((h) => h.id)).toEqual(["codeaudit", "codeaudit-system"]);
    // The fixture has high findings: the default gate (--fail-on high) fails the hook and says why.
    expect(strict.status, strict.stdout + strict.stderr).toBe(1);
    expect(strict.stdout).toMatch(/codeaudit \(installed\)\.+Failed/);
    expect(strict.stdout).toContain("quality gate failed");
    expect(
      JSON.parse(readFileSync(join(project, ".codeaudit", "report", "audit.json"), "utf8")).findings.length,
    ).toBeGreaterThan(0);
  });
});

describe("GitLab CI template", () => {
  const template = parseYaml(
    readFileSync(join(root, "templates", "gitlab", "codeaudit.gitlab-ci.yml"), "utf8"),
  ) as {
    codeaudit: {
      script: string[];
      variables: Record<string, string>;
      artifacts: { reports: { codequality: string }; paths: string[] };
    };
  };
  // GitLab's documented Code Quality format (docs.gitlab.com, "Code Quality report format"): an array of issues,
  // each with description, check_name, fingerprint, severity and location.path + location.lines.begin.
  const codeQualitySchema = {
    type: "array",
    items: {
      type: "object",
      required: ["description", "check_name", "fingerprint", "severity", "location"],
      properties: {
        description: { type: "string", minLength: 1 },
        check_name: { type: "string", minLength: 1 },
        fingerprint: { type: "string", minLength: 1 },
        severity: { enum: ["info", "minor", "major", "critical", "blocker"] },
        location: {
          type: "object",
          required: ["path", "lines"],
          properties: {
            path: { type: "string", pattern: "^[^/]" },
            lines: {
              type: "object",
              required: ["begin"],
              properties: { begin: { type: "integer", minimum: 1 } },
            },
          },
        },
      },
    },
  };

  it("runs the job's audit script and writes a Code Quality report of GitLab's shape, and SARIF", () => {
    const job = template.codeaudit;
    expect(job.artifacts.reports.codequality).toBe("codeaudit-report/gl-code-quality-report.json");
    const project = join(work, "gitlab-project");
    copyFixtureWithHigh(project);
    // The install line needs a registry; the shim stands for the installed CLI.
    const script = job.script.filter((line) => !line.startsWith("npm install")).join("\n");
    const result = spawnSync("bash", ["-c", script], {
      cwd: project,
      encoding: "utf8",
      env: withShim({ ...job.variables, CODEAUDIT_FAIL_ON: "critical" }),
    });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(
      readFileSync(join(project, job.artifacts.reports.codequality), "utf8"),
    ) as Array<{ fingerprint: string }>;
    const validate = new Ajv2020({ allErrors: true }).compile(codeQualitySchema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.length).toBeGreaterThan(0);
    expect(new Set(report.map((issue) => issue.fingerprint)).size).toBe(report.length);
    expect(JSON.parse(readFileSync(join(project, "codeaudit-report", "audit.sarif"), "utf8")).version).toBe(
      "2.1.0",
    );
    const gated = spawnSync("bash", ["-c", script], {
      cwd: project,
      encoding: "utf8",
      env: withShim({ ...job.variables }),
    });
    expect(gated.status).toBe(1);
  });
});

describe("Dockerfile", () => {
  it("is multi-stage on a pinned base, runs as a non-root user, and our own audit finds no container problem", async () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1] ?? "");
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases)
      expect(base).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/);
    expect(dockerfile).toMatch(/^USER (?!root\b)\w+/m);
    const folder = join(work, "docker-context");
    mkdirSync(folder);
    for (const file of ["Dockerfile", ".dockerignore", "package.json", "package-lock.json"])
      cpSync(join(root, file), join(folder, file));
    const io = fakeIo(work);
    expect(
      await main(
        ["audit", "docker-context", "--only", "containers", "--out", "-", "--format", "json", "--quiet"],
        io,
      ),
    ).toBe(0);
    const audit = JSON.parse(io.out()) as {
      findings: Array<{ ruleId: string; message: string }>;
      areas: Array<{ id: string; checks: Array<{ ruleId: string; status: string }> }>;
    };
    expect(audit.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    const checks = audit.areas.find((area) => area.id === "containers")?.checks ?? [];
    for (const rule of ["docker/runs-as-root", "docker/base-image-unpinned", "docker/package-cache-left"])
      expect(checks.find((c) => c.ruleId === rule)?.status, rule).toBe("passed");
  });
});
