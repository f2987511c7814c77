import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import type { LockedPackage, PackageEcosystem } from "../facts/dependencies/types.js";
import {
  cvss3BaseScore,
  defaultAdvisoryDir,
  importAdvisories,
  loadAdvisoryStore,
  matchAdvisories,
} from "./index.js";

const SAMPLE = join(import.meta.dirname, "../../test/fixtures/osv-sample");
const temp = mkdtempSync(join(tmpdir(), "codeaudit-osv-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function locked(ecosystem: PackageEcosystem, name: string, version: string): LockedPackage {
  return { ecosystem, name, version, lockfile: "lock", line: 1, direct: true, dev: false };
}

describe("advisory store", () => {
  it("imports a folder of OSV files, skipping withdrawn advisories", async () => {
    const store = join(temp, "folder");
    const result = await importAdvisories(SAMPLE, store);
    expect(result).toEqual({ imported: 8, ecosystems: { npm: 2, PyPI: 2, Go: 2, "crates.io": 1, Hex: 1 } });
    const loaded = loadAdvisoryStore(store);
    expect(loaded?.advisories.map((a) => a.id)).toContain("GO-2022-1059");
    expect(loaded?.advisories.map((a) => a.id)).not.toContain("CODEAUDIT-SAMPLE-0005");
    expect(loaded?.meta.total).toBe(8);
    expect(Date.parse(loaded?.meta.importedAt ?? "")).toBeGreaterThan(0);
  });

  it("imports a .zip as osv.dev publishes it, and merges re-imports by id", async () => {
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(SAMPLE).filter((n) => n.endsWith(".json")))
      files[name] = new Uint8Array(readFileSync(join(SAMPLE, name)));
    const zip = join(temp, "all.zip");
    writeFileSync(zip, zipSync(files));
    const store = join(temp, "zip");
    expect((await importAdvisories(zip, store)).imported).toBe(8);
    await importAdvisories(zip, store);
    expect(loadAdvisoryStore(store)?.advisories).toHaveLength(8);
  });

  it("has no store in an empty folder, and defaults to the XDG cache", () => {
    expect(loadAdvisoryStore(join(temp, "nothing"))).toBeNull();
    expect(defaultAdvisoryDir({ XDG_CACHE_HOME: "/x/cache" })).toBe("/x/cache/codeaudit/advisories");
  });

  it("computes CVSS v3 base scores", () => {
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe(9.8);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H")).toBe(5.9);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")).toBe(9.9);
    expect(cvss3BaseScore("garbage")).toBeNull();
  });
});

describe("matching with each ecosystem's version semantics", async () => {
  const store = join(temp, "match");
  await importAdvisories(SAMPLE, store);
  const advisories = loadAdvisoryStore(store)?.advisories ?? [];
  const ids = (pkg: LockedPackage): string[] => matchAdvisories([pkg], advisories).map((m) => m.advisoryId);

  it.each([
    ["npm", "lodash", "4.17.15", ["GHSA-p6mc-m468-83gw"]],
    ["npm", "lodash", "4.17.19", []],
    ["npm", "lodash", "3.6.0", []],
    ["npm", "@sample/http-parser", "2.1.0", ["CODEAUDIT-SAMPLE-0001"]],
    ["npm", "@sample/http-parser", "2.1.1", []],
    ["PyPI", "requests", "2.28.2", ["GHSA-j8r2-6x86-q33q"]],
    ["PyPI", "requests", "2.31.0", []],
    ["PyPI", "sample-lib", "1.0.0", ["CODEAUDIT-SAMPLE-0002"]],
    ["PyPI", "sample.lib", "1.0.0rc2", ["CODEAUDIT-SAMPLE-0002"]],
    ["PyPI", "Sample_Lib", "1.0.post1", []],
    ["PyPI", "sample-lib", "0.9.1", ["CODEAUDIT-SAMPLE-0002"]],
    ["PyPI", "sample-lib", "0.9.2", []],
    ["Go", "golang.org/x/text", "v0.3.7", ["GO-2022-1059"]],
    ["Go", "golang.org/x/text", "v0.0.0-20210101000000-abcdef123456", ["GO-2022-1059"]],
    ["Go", "golang.org/x/text", "v0.3.8", []],
    ["Go", "github.com/sample/jwt", "v3.2.0+incompatible", ["CODEAUDIT-SAMPLE-0003"]],
    ["Go", "github.com/sample/jwt", "v4.0.0-20221201000000-aaaaaaaaaaaa", ["CODEAUDIT-SAMPLE-0003"]],
    ["Go", "github.com/sample/jwt", "v4.0.0-20230601000000-bbbbbbbbbbbb", []],
    ["crates.io", "time", "0.2.22", ["RUSTSEC-2020-0071"]],
    ["crates.io", "time", "0.2.23", []],
    ["crates.io", "time", "0.1.45", []],
    ["Hex", "sample_plug", "1.14.1", ["CODEAUDIT-SAMPLE-0004"]],
    ["Hex", "sample_plug", "1.14.2", []],
    ["Hex", "sample_plug", "1.15.1", ["CODEAUDIT-SAMPLE-0004"]],
    ["Hex", "sample_plug", "1.15.3", []],
  ] as Array<[PackageEcosystem, string, string, string[]]>)(
    "%s %s@%s",
    (ecosystem, name, version, expected) => {
      expect(ids(locked(ecosystem, name, version))).toEqual(expected);
    },
  );

  it("reports aliases, severity, affected ranges and fixed versions", () => {
    const [match] = matchAdvisories([locked("Hex", "sample_plug", "1.15.1")], advisories);
    expect(match).toMatchObject({
      aliases: ["CVE-0000-0004"],
      severity: "high",
      affected: [">=1.0.0 <1.14.2", ">=1.15.0 <1.15.3"],
      fixed: ["1.15.3"],
    });
    const [critical] = matchAdvisories([locked("npm", "@sample/http-parser", "1.0.0")], advisories);
    expect(critical).toMatchObject({ severity: "critical", affected: ["<=2.1.0"], fixed: [] });
  });
});
