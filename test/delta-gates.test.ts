// Delta audit over a small real git history: each quality gate, the new/fixed split, "introduced" flags,
// the patch applying with `git apply`, and a clean twin whose gates all pass.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDeltaJson } from "../src/delta/delta-json.js";
import { renderDeltaMarkdown } from "../src/delta/render-delta-md.js";
import { runDelta, type DeltaRun } from "../src/delta/run-delta.js";
import { auditRepository } from "../src/pipeline/audit-repository.js";
import { tempRepo, type TempRepo } from "./delta-git-repo.js";
import { runGit } from "./helpers/git.js";

// A custom ast-grep rule with a mechanical fix (no metavariables in the fix: see the final report about
// metavariable expansion in ast-yaml-rule.ts).
const BREAKPOINT_RULE = `id: custom/breakpoint-call
language: python
message: breakpoint() left in code
rule:
  pattern: breakpoint()
fix: pass
metadata:
  area: quality
  severity: high
  title: Debugger breakpoint left in code
  effortMinutes: 2
  docs:
    rationale: A breakpoint() call stops the process waiting for a debugger.
    impact: Requests hang in production when the line is reached.
    fix: Remove the call.
    example:
      bad: "breakpoint()"
      good: "pass"
`;

const LEGACY_WITH_TODOS = `def a():
    # TODO: handle errors
    return 1


def b():
    # TODO: retry
    return 2


def c():
    # TODO: log this
    return 3


def d():
    # TODO: remove
    return 4
`;

const LEGACY_CLEAN = `def a():
    return 1


def b():
    return 2
`;

const SERVICE = `from app.util import helper


def find_user(users, name):
    for user in users:
        if user.name == name:
            return user
    return helper(None)
`;

const SERVICE_NONE = `from app.util import helper


def find_user(users, name):
    for user in users:
        if user.name == name:
            return user
    found = helper(None)
    if not found:
        breakpoint()
    return found
`;

const lcov = (hit: number): string => `TN:\nSF:app/service.py\nDA:1,1\nLF:100\nLH:${hit}\nend_of_record\n`;

const TSCONFIG_STRICT = `{\n  // compiler options\n  "compilerOptions": { "strict": true, "target": "ES2022" },\n}\n`;
const TSCONFIG_LOOSE = `{\n  "compilerOptions": { "strict": false, "target": "ES2022" }\n}\n`;

describe("delta audit gates (codeaudit delta)", () => {
  let repo: TempRepo;
  let base: string;
  let head: string;
  let run: DeltaRun;

  beforeAll(async () => {
    repo = tempRepo();
    base = repo.commit("base", {
      "README.md": "# Project\n",
      "codeaudit.config.json": JSON.stringify({ customRules: "rules" }),
      "rules/python/breakpoint-call.yml": BREAKPOINT_RULE,
      "app/__init__.py": "",
      "app/util.py": "def helper(value):\n    return value\n",
      "app/service.py": SERVICE,
      "app/legacy.py": LEGACY_WITH_TODOS,
      "coverage/lcov.info": lcov(90),
      "tsconfig.json": TSCONFIG_STRICT,
      "go.mod": "module example.com/demo\n\ngo 1.22\n",
    });
    repo.commit("add settings", {
      "app/settings.py": 'AWS_ACCESS_KEY_ID = "AKIAZ7QRXW3JMN4PLK2B"\nREGION = "eu-west-1"\n',
    });
    repo.commit("remove key", {
      "app/settings.py":
        'import os\n\nAWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]\nREGION = "eu-west-1"\n',
    });
    head = repo.commit("feature", {
      "app/service.py": SERVICE_NONE,
      "app/legacy.py": LEGACY_CLEAN,
      "coverage/lcov.info": lcov(80),
      "tsconfig.json": TSCONFIG_LOOSE,
      "go.mod": "module example.com/demo\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n",
      "alembic/versions/0002_drop_users.py":
        'revision = "0002"\ndown_revision = "0001"\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.drop_table("users")\n',
      "app/old_name.py": null,
    });
    run = await runDelta({ path: repo.root, range: `${base}..${head}`, jobs: 1, noTimestamp: true });
  });
  afterAll(() => repo.cleanup());

  const gate = (id: string) => run.report.gates.find((g) => g.id === id);

  it("reads the commits and classifies the changed files", () => {
    const range = run.report.range;
    expect(range.commits.map((c) => c.subject)).toEqual(["feature", "remove key", "add settings"]);
    expect(range.commits[0]?.author).toBe("Codeaudit Tester");
    const kinds = Object.fromEntries(range.files.map((f) => [f.path, f.kind]));
    expect(kinds).toMatchObject({
      "app/service.py": "code",
      "app/settings.py": "code",
      "alembic/versions/0002_drop_users.py": "migrations",
      "go.mod": "dependencies",
      "tsconfig.json": "config",
    });
    const service = range.files.find((f) => f.path === "app/service.py");
    expect(service).toMatchObject({ status: "modified", insertions: 4, deletions: 1 });
    expect(range.insertions).toBe(range.files.reduce((n, f) => n + (f.insertions ?? 0), 0));
  });

  it("splits findings into new, fixed and unchanged by id and flags the introduced ones", () => {
    const added = run.report.findings.new.filter((f) => f.ruleId === "custom/breakpoint-call");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ introduced: true, location: { path: "app/service.py", startLine: 10 } });
    expect(run.report.findings.fixed.map((f) => f.ruleId)).toContain("generic/todo-cluster");
    expect(run.report.findings.fixed.find((f) => f.ruleId === "generic/todo-cluster")?.location?.path).toBe(
      "app/legacy.py",
    );
    const ids = new Set(run.report.findings.new.map((f) => f.id));
    for (const f of run.report.findings.unchanged) expect(ids.has(f.id)).toBe(false);
    const legacyFixed = run.report.observations
      .find((o) => o.path === "app/legacy.py")
      ?.fixed.map((f) => f.ruleId);
    expect(legacyFixed?.filter((id) => id === "generic/todo-cluster")).toHaveLength(1);
    expect(legacyFixed?.filter((id) => id === "generic/todo-comment")).toHaveLength(4);
  });

  it("fails the new critical/high gate with the finding as evidence", () => {
    expect(gate("no_new_critical_high")).toMatchObject({ status: "FAIL" });
    expect(gate("no_new_critical_high")?.evidence).toContain("custom/breakpoint-call at app/service.py:10");
  });

  it("fails the secret gate for a key added and removed inside the range", () => {
    const g = gate("no_secret_added");
    expect(g?.status).toBe("FAIL");
    expect(g?.evidence).toMatch(
      /aws-access-key-id AKIA… \(20 chars\) added in [0-9a-f]{12} at app\/settings\.py:1/,
    );
    expect(g?.evidence).not.toContain("AKIAZ7QRXW3JMN4PLK2B");
    expect(g?.evidence).toContain("secret scan of every patch in");
    expect(g?.fix).toContain("leaves it in history");
  });

  it("fails the coverage gate when line coverage falls", () => {
    expect(gate("coverage_non_decreasing")).toMatchObject({ status: "FAIL" });
    expect(gate("coverage_non_decreasing")?.evidence).toContain("90.00%");
    expect(gate("coverage_non_decreasing")?.evidence).toContain("80.00%");
  });

  it("fails the migration gate for an Alembic revision without downgrade (N/A when no Python facts pack ran)", () => {
    const g = gate("migrations_reversible");
    const python = (run.head.engine.facts as unknown as Record<string, unknown>).python;
    if (typeof python === "object" && python !== null && "migrations" in python) {
      expect(g).toMatchObject({
        status: "FAIL",
        evidence: "alembic/versions/0002_drop_users.py: no downgrade() function",
      });
    } else {
      expect(g).toMatchObject({ status: "N/A" });
      expect(g?.evidence).toContain("alembic/versions/0002_drop_users.py");
    }
  });

  it("lists the new dependency, or says no pack read the changed manifest", () => {
    const g = gate("deps_new_without_advisories");
    if ((run.head.engine.facts.dependencies?.manifests ?? []).length > 0) {
      expect(run.report.newDependencies.map((d) => d.name)).toContain("github.com/google/uuid");
      expect(g?.evidence).toContain("github.com/google/uuid");
    } else {
      expect(g).toMatchObject({ status: "N/A" });
      expect(g?.evidence).toContain("go.mod");
    }
  });

  it("fails the docs gate when code changed without docs, and the lint gate when strict was turned off", () => {
    expect(gate("docs_dx_updated")).toMatchObject({ status: "FAIL" });
    expect(gate("lint_type_config_not_weakened")).toMatchObject({ status: "FAIL" });
    expect(gate("lint_type_config_not_weakened")?.evidence).toContain(
      "tsconfig.json: compilerOptions.strict turned off",
    );
  });

  it("reuses the analysis of unchanged files between the two ends", () => {
    expect(run.report.timings.cacheHits).toBeGreaterThan(0);
    expect(run.report.timings.cacheHits).toBeLessThan(run.report.timings.filesAnalysedHead + 1);
  });

  it("renders DELTA.md with the seed's sections and a byte-identical delta.json on rerun", async () => {
    const md = renderDeltaMarkdown(run.report);
    for (const section of [
      "## 1. Delta Executive Summary",
      "### Quality Gates",
      "## 2. Change Map & Impact",
      "```mermaid",
      "## 3. Code Observations",
      "## 4. Tests & CI",
      "## 5. Security & Supply Chain",
      "## 6. Ready-to-Apply Patches",
      "## 7. Next Steps",
      "## 8. Machine-Readable Appendix",
    ]) {
      expect(md).toContain(section);
    }
    expect(md).toContain("app/service.py");
    expect(md).toMatch(/subgraph g\d+\["app"\]/);
    await expect(md).toMatchFileSnapshot("./__golden__/delta-gates.DELTA.md");
    const again = await runDelta({ path: repo.root, range: `${base}..${head}`, jobs: 1, noTimestamp: true });
    expect(renderDeltaJson(again.report)).toBe(renderDeltaJson(run.report));
  });

  it("gives a patch that git apply accepts and after which the finding is gone", async () => {
    const finding = run.report.findings.new.find((f) => f.ruleId === "custom/breakpoint-call");
    expect(finding?.patch).toBeTruthy();
    const patchFile = join(repo.root, "..", "fix.patch");
    writeFileSync(patchFile, finding?.patch ?? "");
    runGit(repo.root, ["apply", "--check", patchFile]);
    runGit(repo.root, ["apply", patchFile]);
    expect(readFileSync(join(repo.root, "app/service.py"), "utf8")).toBe(
      SERVICE_NONE.replace("breakpoint()", "pass"),
    );
    const after = await auditRepository({ path: repo.root, jobs: 1, noTimestamp: true });
    expect(after.audit.findings.filter((f) => f.ruleId === "custom/breakpoint-call")).toEqual([]);
    repo.git("checkout", "--", ".");
  });
});

describe("delta audit gates on a clean change set", () => {
  let repo: TempRepo;
  let run: DeltaRun;
  beforeAll(async () => {
    repo = tempRepo();
    const base = repo.commit("base", {
      "README.md": "# Project\n",
      "app/__init__.py": "",
      "app/util.py": "def helper(value):\n    return value\n",
      "coverage/lcov.info": lcov(80),
      "tsconfig.json": TSCONFIG_LOOSE,
    });
    const head = repo.commit("feature with docs", {
      "app/util.py": "def helper(value):\n    return value\n\n\ndef twice(value):\n    return value * 2\n",
      "app/api.py": "from .util import twice\n\n\ndef handler(x):\n    return twice(x)\n",
      "CHANGELOG.md": "## Unreleased\n- twice()\n",
      "coverage/lcov.info": lcov(85),
      "tsconfig.json": TSCONFIG_STRICT,
      // Near-misses for the secret scan: an env lookup, a placeholder and a low-entropy value.
      "app/settings.py":
        'import os\nAPI_KEY = os.environ.get("API_KEY")\npassword = "changeme"\nsecret = "aaaaaaaaaaaaaaaa"\n',
    });
    run = await runDelta({ path: repo.root, range: `${base}..${head}`, jobs: 1, noTimestamp: true });
  });
  afterAll(() => repo.cleanup());

  it("passes every applicable gate", () => {
    const status = Object.fromEntries(run.report.gates.map((g) => [g.id, g.status]));
    expect(status).toEqual({
      no_new_critical_high: "PASS",
      no_secret_added: "PASS",
      coverage_non_decreasing: "PASS",
      deps_new_without_advisories: "N/A",
      migrations_reversible: "N/A",
      docs_dx_updated: "PASS",
      lint_type_config_not_weakened: "PASS",
    });
  });

  it("draws the import edge between the changed files", () => {
    expect(run.report.changeMap.edges).toEqual([{ from: "app/api.py", to: "app/util.py" }]);
  });
});
