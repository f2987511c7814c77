import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const manifest = JSON.stringify({ name: "svc", private: true, dependencies: { express: "^4.19.0" } });
const npmLock = JSON.stringify({
  lockfileVersion: 3,
  packages: { "": { dependencies: { express: "^4.19.0" } }, "node_modules/express": { version: "4.19.2" } },
});
const yarnLock = '# yarn lockfile v1\n\n\nexpress@^4.19.0:\n  version "4.19.2"\n';

describe("node/multiple-lockfiles", () => {
  it("fires on package-lock.json and yarn.lock in one folder", async () => {
    const findings = await findingsOf("node/multiple-lockfiles", {
      "package.json": manifest,
      "package-lock.json": npmLock,
      "yarn.lock": yarnLock,
    });
    expect(findings.map((f) => [f.location?.path, f.message])).toEqual([
      ["yarn.lock", "the repository root has 2 lockfiles: package-lock.json, yarn.lock"],
    ]);
  });

  it("stays silent on one lockfile per folder and on fixtures", async () => {
    const findings = await findingsOf("node/multiple-lockfiles", {
      "package.json": manifest,
      "package-lock.json": npmLock,
      "web/package.json": manifest,
      "web/yarn.lock": yarnLock,
      "test/fixtures/app/package-lock.json": npmLock,
      "test/fixtures/app/yarn.lock": yarnLock,
    });
    expect(findings).toEqual([]);
  });
});
