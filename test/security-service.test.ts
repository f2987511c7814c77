// Fixture test: the security rules on a small Express service with one planted problem each, and on its clean twin.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importAdvisories } from "../src/advisories/store.js";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const store = mkdtempSync(join(tmpdir(), "codeaudit-security-fixture-"));
afterAll(() => rmSync(store, { recursive: true, force: true }));

async function securityFindings(scenario: string): Promise<string[]> {
  const index = await openRepository(join(FIXTURES, scenario));
  const settings = {
    ...DEFAULT_ENGINE_SETTINGS,
    collect: { ...DEFAULT_ENGINE_SETTINGS.collect, advisoryDir: store, historyRange: null },
  };
  const result = await runEngine(index, settings, { jobs: 1 });
  return result.findings
    .filter((f) => f.ruleId.startsWith("security/"))
    .map(
      (f) =>
        `${f.ruleId} ${f.severity} ${f.location ? `${f.location.path}:${f.location.startLine}` : "(repository)"}`,
    )
    .sort();
}

describe("security-service fixture", async () => {
  await importAdvisories(join(FIXTURES, "osv-sample"), store);

  it("reports each planted problem once, at its line", async () => {
    expect(await securityFindings("security-service")).toEqual([
      "security/cors-allow-all-origins low src/server.js:8",
      "security/debug-in-production-config high config/production.json:2",
      "security/hardcoded-secret critical config/production.json:5",
      "security/hardcoded-secret critical deploy/k8s/deployment.yaml:16",
      "security/hardcoded-secret high src/payments.js:4",
      "security/hardcoded-secret low test/auth.test.js:7",
      "security/jwt-unverified medium src/auth.js:10",
      "security/missing-rate-limiting low (repository)",
      "security/missing-security-headers low (repository)",
      "security/route-missing-auth medium src/routes/admin.js:9",
      "security/tls-verification-disabled medium scripts/fetch-certs.sh:4",
      "security/vulnerable-dependency high package-lock.json:32",
      "security/weak-password-hash high src/auth.js:5",
    ]);
  });

  it("stays silent on the clean twin (placeholders, env lookups, fixed versions, checksums)", async () => {
    expect(await securityFindings("security-clean")).toEqual([]);
  });

  it("renders the report", async () => {
    const md = await renderFixtureReport(join(FIXTURES, "security-service"));
    expect(md).not.toContain("sk_live_51NqLx2GfTq8VbZ3kR7wYp4Hc");
    expect(md).not.toContain("AKIAY4RQZ7LM2WXT9KPB");
    await expect(md).toMatchFileSnapshot("./__golden__/security-service.AUDIT.md");
  });
});
