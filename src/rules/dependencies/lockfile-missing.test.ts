import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/lockfile-missing", () => {
  it("fires on an application package.json with dependencies and no lockfile", async () => {
    const findings = await findingsOf("node/lockfile-missing", {
      "package.json": JSON.stringify({ name: "svc", private: true, dependencies: { express: "^4.19.0" } }),
      "src/a.ts": "import express from 'express';\n",
      "lib/package.json": JSON.stringify({
        name: "lib",
        version: "1.0.0",
        devDependencies: { vitest: "^1.0.0" },
      }),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.severity).toBe("medium");
    expect(findings[0]?.message).toContain("package.json declares 1 dependency but no lockfile");
    expect(findings[0]?.evidence.searched).toContain("pnpm-lock.yaml");
  });

  it("is low for a published library with runtime dependencies (lockfiles are often left out on purpose)", async () => {
    const findings = await findingsOf("node/lockfile-missing", {
      "package.json": JSON.stringify({ name: "lib", version: "1.2.0", dependencies: { ms: "^2.1.0" } }),
      "index.js": "module.exports = require('ms');\n",
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays silent with a lockfile in the folder or a parent, without dependencies, and for dev-only published libraries", async () => {
    const findings = await findingsOf("node/lockfile-missing", {
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }),
      "yarn.lock": "# yarn lockfile v1\n\n",
      "packages/a/package.json": JSON.stringify({ name: "a", dependencies: { express: "^4.19.0" } }),
      "tools/empty/package.json": JSON.stringify({ name: "empty", private: true }),
      "lib/package.json": JSON.stringify({
        name: "lib",
        version: "1.0.0",
        devDependencies: { vitest: "^1.0.0" },
      }),
    });
    expect(findings).toEqual([]);
  });
  it("is low for a folder of dev tools (devDependencies only, no build script), medium when a script builds from them (near miss)", async () => {
    const devDependencies = { eslint: "^8.9.0", prettier: "2.5.1", stylelint: "^17.1.1" };
    const findings = await findingsOf("node/lockfile-missing", {
      "dev-tools/package.json": JSON.stringify({
        scripts: { "watch:static": "watch ./static" },
        devDependencies,
      }),
      "web/package.json": JSON.stringify({ scripts: { build: "vite build" }, devDependencies }),
    });
    expect(findings.map((f) => [f.message.split(" ")[0], f.severity]).sort()).toEqual([
      ["dev-tools/package.json", "low"],
      ["web/package.json", "medium"],
    ]);
  });
});
