import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importAdvisories } from "../../advisories/store.js";
import { DEFAULT_ENGINE_SETTINGS } from "../../engine/settings.js";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/vulnerable-dependency";
const store = mkdtempSync(join(tmpdir(), "codeaudit-vuln-"));
afterAll(() => rmSync(store, { recursive: true, force: true }));
const withStore = { collect: { ...DEFAULT_ENGINE_SETTINGS.collect, advisoryDir: store } };

const CARGO_TOML =
  '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\ntime = "0.2"\nserde = "1"\n';
const cargoLock = (time: string): string =>
  [
    "version = 3",
    "",
    "[[package]]",
    'name = "serde"',
    'version = "1.0.190"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    "",
    "[[package]]",
    'name = "time"',
    `version = "${time}"`,
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    "",
    "[[package]]",
    'name = "svc"',
    'version = "0.1.0"',
    "",
  ].join("\n");

describe(ID, async () => {
  await importAdvisories(join(import.meta.dirname, "../../../test/fixtures/osv-sample"), store);

  it("reports a locked crate covered by an advisory, at its lockfile line", async () => {
    const findings = await findingsOf(
      ID,
      { "Cargo.toml": CARGO_TOML, "Cargo.lock": cargoLock("0.2.22") },
      withStore,
    );
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["Cargo.lock", 9, "medium"],
    ]);
    expect(findings[0]?.message).toContain("RUSTSEC-2020-0071 (CVE-2020-26235)");
    expect(findings[0]?.message).toContain("fixed in 0.2.23");
    const { facts } = await analyseFiles(
      { "Cargo.toml": CARGO_TOML, "Cargo.lock": cargoLock("0.2.22") },
      withStore,
    );
    expect(facts.advisories).toMatchObject({ loaded: true, reason: null, checked: { "crates.io": 2 } });
    expect(Date.parse(facts.advisories.importedAt ?? "")).toBeGreaterThan(0);
  });

  it("stays silent on fixed versions, and says 'unknown' (not 'no vulnerabilities') without a store", async () => {
    expect(
      await findingsOf(ID, { "Cargo.toml": CARGO_TOML, "Cargo.lock": cargoLock("0.2.23") }, withStore),
    ).toEqual([]);
    const result = await analyseFiles({ "Cargo.toml": CARGO_TOML, "Cargo.lock": cargoLock("0.2.22") });
    expect(result.findings.filter((f) => f.ruleId === ID)).toEqual([]);
    expect(result.checks.find((c) => c.ruleId === ID)).toMatchObject({ status: "unknown" });
    expect(result.facts.advisories.reason).toContain("no advisory data loaded");
  });
});
