import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

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
});
