import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

const wf = (cmds: string[]): string =>
  [
    "on: push",
    "jobs:",
    "  build:",
    "    runs-on: x",
    "    steps:",
    "      - run: |",
    ...cmds.map((c) => `          ${c}`),
    "",
  ].join("\n");

describe("ci/npm-install-in-ci", () => {
  it("fires on bare npm install with its exact line", async () => {
    const findings = await findingsOf("ci/npm-install-in-ci", {
      "package-lock.json": "{}",
      ".github/workflows/ci.yml": wf(["node --version", "npm install --no-audit", "npm test"]),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(8);
    expect(findings[0]?.severity).toBe("low");
  });

  it("is medium when the same job publishes what it built", async () => {
    const findings = await findingsOf("ci/npm-install-in-ci", {
      "package-lock.json": "{}",
      ".github/workflows/ci.yml": wf(["npm install", "npm run build", "npm publish"]),
    });
    expect(findings.map((f) => f.severity)).toEqual(["medium"]);
    expect(findings[0]?.message).toContain("the job also ships");
  });

  it("fires when the npm lockfile is in a sub-package rather than at the root", async () => {
    const findings = await findingsOf("ci/npm-install-in-ci", {
      "web/package.json": JSON.stringify({ name: "web" }),
      "web/package-lock.json": JSON.stringify({
        name: "web",
        lockfileVersion: 3,
        packages: { "": { name: "web" } },
      }),
      ".github/workflows/ci.yml": wf(["cd web", "npm install"]),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([8]);
  });

  it("stays silent on npm ci, global tool installs and named packages", async () => {
    expect(
      await findingsOf("ci/npm-install-in-ci", {
        "package-lock.json": "{}",
        ".github/workflows/ci.yml": wf([
          "npm ci",
          "npm install -g pnpm",
          "npm install left-pad",
          "npm run install-deps",
        ]),
      }),
    ).toEqual([]);
  });

  it("stays silent without a committed lockfile (a library)", async () => {
    expect(
      await findingsOf("ci/npm-install-in-ci", { ".github/workflows/ci.yml": wf(["npm install"]) }),
    ).toEqual([]);
  });

  it("patches npm install to npm ci where the lockfile is and the flags carry over; nothing fires after", async () => {
    const workflow = [
      "on: push",
      "jobs:",
      "  build:",
      "    runs-on: x",
      "    steps:",
      "      - run: npm install --no-audit",
      "      - run: |",
      "          npm i",
      "          npm test",
      "      - working-directory: web",
      "        run: npm install",
      "",
    ].join("\n");
    const check = await checkPatches("ci/npm-install-in-ci", {
      "package-lock.json": "{}",
      "web/package-lock.json": "{}",
      ".github/workflows/ci.yml": workflow,
    });
    expect(check.findings.map((f) => f.patch !== null)).toEqual([true, true, true]);
    expect(check.texts[".github/workflows/ci.yml"]).toBe(
      workflow
        .replace("npm install --no-audit", "npm ci --no-audit")
        .replace("npm i\n", "npm ci\n")
        .replace("run: npm install\n", "run: npm ci\n"),
    );
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch without a lockfile where the command runs, after cd, or with flags npm ci lacks", async () => {
    const findings = await findingsOf("ci/npm-install-in-ci", {
      "package-lock.json": "{}",
      ".github/workflows/ci.yml": wf([
        "npm install --no-package-lock",
        "cd docs && npm install",
        "npm install",
      ]),
      ".github/workflows/docs.yml": [
        "on: push",
        "jobs:",
        "  docs:",
        "    runs-on: x",
        "    steps:",
        "      - working-directory: docs",
        "        run: npm install",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.patch])).toEqual([
      [".github/workflows/ci.yml", 7, null],
      [".github/workflows/ci.yml", 8, null],
      [".github/workflows/ci.yml", 9, null],
      [".github/workflows/docs.yml", 7, null],
    ]);
  });

  it("stays silent on lockfile updates and tools installed with --location=global", async () => {
    const findings = await findingsOf("ci/npm-install-in-ci", {
      "package-lock.json": "{}",
      ".github/workflows/bump.yml": wf([
        "npm install --location=global gulp-cli",
        "npm install --package-lock-only --ignore-scripts",
      ]),
    });
    expect(findings).toEqual([]);
  });
});
