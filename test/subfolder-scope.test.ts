// Scope: a subfolder of a monorepo reads CI, tool config and project documents from the enclosing git root while its
// findings stay relative to it; a path dependency inside the repository is fine; folders the build never compiles
// are left out; the report folder is never audited, so `audit .` twice gives byte-identical reports.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { auditRepository } from "../src/pipeline/audit-repository.js";
import { fakeIo } from "./helpers/fake-io.js";
import { runGit } from "./helpers/git.js";

let repo: string;

beforeAll(() => {
  repo = join(mkdtempSync(join(tmpdir(), "codeaudit-scope-")), "monorepo");
  cpSync(join(import.meta.dirname, "fixtures", "monorepo"), repo, { recursive: true });
  runGit(repo, ["init", "-q"]);
  runGit(repo, ["add", "-A"]);
  runGit(repo, ["commit", "-q", "-m", "init"]);
});

async function auditApp(ref?: string) {
  return (
    await auditRepository({
      path: join(repo, "app"),
      noTimestamp: true,
      jobs: 1,
      advisoryDir: null,
      ...(ref ? { ref } : {}),
    })
  ).audit;
}

describe("auditing a subfolder of a monorepo", () => {
  it("reads CI and project documents from the git root and keeps findings relative to the subfolder", async () => {
    const audit = await auditApp();
    expect(audit.repository.scope).toEqual({
      gitRoot: repo,
      subfolder: "app",
      contextFiles: ["../.github/workflows/ci.yml", "../LICENSE"],
    });
    const rules = audit.findings.map((f) => f.ruleId);
    expect(rules).not.toContain("ci/no-ci-workflow");
    expect(
      audit.findings.filter((f) => f.ruleId === "docs/missing-project-file").map((f) => f.message),
    ).not.toContainEqual(expect.stringMatching(/LICENSE/));
    // The root workflow's findings (one per workflow) are reported where a reader opens them from the subfolder.
    const unpinned = audit.findings.filter((f) => f.ruleId === "ci/unpinned-action");
    expect(unpinned.map((f) => f.location?.path)).toEqual(["../.github/workflows/ci.yml"]);
    expect(unpinned.every((f) => f.patch === null)).toBe(true);
    // A sibling folder of the same repository is fine; a folder outside it is not.
    expect(audit.findings.filter((f) => f.ruleId === "elixir/local-path-dep").map((f) => f.message)).toEqual([
      "pricing is taken from ../../pricing, outside the repository",
    ]);
    // Paths stay relative to the audited folder, and the dead copy is one finding, not a second set of findings.
    expect(
      audit.findings.filter((f) => f.ruleId === "elixir/infinity-timeout").map((f) => f.location?.path),
    ).toEqual(["lib/shop/orders.ex"]);
    expect(
      audit.findings.filter((f) => f.ruleId === "generic/uncompiled-folder").map((f) => f.title),
    ).toEqual(["Folder of code the build never compiles: lib_old/"]);
    expect(audit.coverage.excludedFolders.map((f) => [f.path, f.kind, f.files])).toEqual([
      ["lib_old", "not-compiled", 1],
    ]);
  });

  it("reads nothing from the enclosing repository for a project that is its test data", async () => {
    const fixtureRepo = join(mkdtempSync(join(tmpdir(), "codeaudit-scope-")), "tool");
    cpSync(join(import.meta.dirname, "fixtures", "monorepo"), fixtureRepo, { recursive: true });
    cpSync(join(fixtureRepo, "app"), join(fixtureRepo, "test", "fixtures", "shop"), { recursive: true });
    runGit(fixtureRepo, ["init", "-q"]);
    runGit(fixtureRepo, ["add", "-A"]);
    runGit(fixtureRepo, ["commit", "-q", "-m", "init"]);
    const audit = (
      await auditRepository({
        path: join(fixtureRepo, "test", "fixtures", "shop"),
        noTimestamp: true,
        jobs: 1,
        advisoryDir: null,
      })
    ).audit;
    expect(audit.repository.scope.contextFiles).toEqual([]);
    expect(audit.findings.map((f) => f.ruleId)).toContain("ci/no-ci-workflow");
  });

  it("audits the same way from a commit (--ref)", async () => {
    const fromTree = await auditApp();
    const fromCommit = await auditApp("HEAD");
    const key = (a: typeof fromTree) =>
      a.findings.map((f) => `${f.ruleId} ${f.location?.path ?? ""}:${f.location?.startLine ?? ""}`).sort();
    expect(key(fromCommit)).toEqual(key(fromTree));
    expect(fromCommit.repository.scope.contextFiles).toEqual(fromTree.repository.scope.contextFiles);
  });

  it("reaches the repository and its subfolder through a symlink the same way as by their real paths", async () => {
    const links = mkdtempSync(join(tmpdir(), "codeaudit-links-"));
    symlinkSync(repo, join(links, "whole"));
    symlinkSync(join(repo, "app"), join(links, "app"));
    const viaLink = async (path: string, ref?: string) =>
      (
        await auditRepository({
          path,
          noTimestamp: true,
          jobs: 1,
          advisoryDir: null,
          ...(ref ? { ref } : {}),
        })
      ).audit;
    expect((await viaLink(join(links, "whole"))).repository.scope.subfolder).toBe("");
    const app = await viaLink(join(links, "app"), "HEAD");
    expect(app.repository.scope.subfolder).toBe("app");
    expect(app.repository.scope.contextFiles).toEqual(["../.github/workflows/ci.yml", "../LICENSE"]);
  });
});

describe("the report folder", () => {
  it("is never audited: `audit .` twice gives byte-identical reports, with the default or a custom folder inside the tree", async () => {
    const app = join(repo, "app");
    const run = async (args: string[]) => {
      expect(
        await main(["audit", ".", "--no-timestamp", "--quiet", "--format", "md,json", ...args], fakeIo(app)),
      ).toBe(0);
    };
    const read = (dir: string) =>
      ["AUDIT.md", "audit.json"].map((file) => readFileSync(join(app, dir, file), "utf8"));
    await run([]);
    const first = read("codeaudit-report");
    await run([]);
    expect(read("codeaudit-report")).toEqual(first);
    await run(["--out", "reports/latest"]);
    const custom = read("reports/latest");
    await run(["--out", "reports/latest"]);
    expect(read("reports/latest")).toEqual(custom);
    // A stray copy of the default folder deeper in the tree is left out too.
    mkdirSync(join(app, "lib", "codeaudit-report"), { recursive: true });
    writeFileSync(
      join(app, "lib", "codeaudit-report", "audit.json"),
      '{"password": "hunter2hunter2hunter2"}\n',
    );
    await run([]);
    const json = JSON.parse(read("codeaudit-report")[1] ?? "{}") as {
      findings: Array<{ location: { path: string } | null }>;
    };
    expect(json.findings.filter((f) => f.location?.path.includes("codeaudit-report"))).toEqual([]);
  });
});
