import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { loadBuiltInRules } from "../rules/load-rules.js";
import { auditFixture } from "../../test/helpers/render-fixture.js";
import { ruleDocsUri, toolHomepage } from "../util/project-links.js";
import { renderSarif } from "./sarif.js";

const root = join(import.meta.dirname, "../..");
// The OASIS SARIF 2.1.0 JSON schema (vendored from the sarif-spec's Schemata/sarif-schema-2.1.0.json).
const schema = JSON.parse(readFileSync(join(root, "schema/sarif-2.1.0.json"), "utf8")) as Record<
  string,
  unknown
>;

describe("renderSarif", async () => {
  const audit = await auditFixture(join(root, "test/fixtures/security-service"));
  const rules = await loadBuiltInRules();
  const links = { informationUri: toolHomepage(), helpUri: ruleDocsUri };
  const sarif = renderSarif(audit, rules, links);
  const log = JSON.parse(sarif) as {
    runs: Array<{
      tool: {
        driver: { rules: Array<{ id: string; help: { text: string }; properties: Record<string, unknown> }> };
      };
      results: Array<{
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: Array<{
          physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
        }>;
        partialFingerprints: Record<string, string>;
      }>;
    }>;
  };

  it("is valid against the SARIF 2.1.0 schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("describes rules with help text and security-severity, and results with locations and fingerprints", () => {
    const run = log.runs[0]!;
    const secretRule = run.tool.driver.rules.find((rule) => rule.id === "security/hardcoded-secret");
    expect(secretRule?.help.text).toContain("Fix:");
    expect(secretRule?.properties["security-severity"]).toBe("8.0");
    expect(run.results).toHaveLength(audit.findings.length);
    const secret = run.results.find(
      (r) =>
        r.ruleId === "security/hardcoded-secret" &&
        r.locations[0]?.physicalLocation.artifactLocation.uri === "deploy/k8s/deployment.yaml",
    );
    expect(secret?.level).toBe("error");
    expect(secret?.locations[0]?.physicalLocation.region?.startLine).toBe(16);
    const finding = audit.findings.find(
      (f) => f.location?.path === "deploy/k8s/deployment.yaml" && f.ruleId === "security/hardcoded-secret",
    );
    expect(secret?.partialFingerprints["codeauditFindingId/v1"]).toBe(finding?.id);
    expect(run.tool.driver.rules[secret!.ruleIndex]?.id).toBe("security/hardcoded-secret");
    expect(sarif).not.toContain("AKIAY4RQZ7LM2WXT9KPB");
  });

  it("carries each finding's patch as SARIF fixes replacing whole lines", () => {
    const patched = audit.findings.filter((f) => f.patch);
    expect(patched.length).toBeGreaterThan(0);
    const results = log.runs[0]?.results as unknown as Array<{
      partialFingerprints: Record<string, string>;
      fixes?: Array<{
        artifactChanges: Array<{
          artifactLocation: { uri: string };
          replacements: Array<{
            deletedRegion: { startLine: number; endLine: number };
            insertedContent: { text: string };
          }>;
        }>;
      }>;
    }>;
    for (const finding of patched) {
      const result = results.find((r) => r.partialFingerprints["codeauditFindingId/v1"] === finding.id);
      const change = result?.fixes?.[0]?.artifactChanges[0];
      expect(change?.artifactLocation.uri).toBe(finding.location?.path);
      const removed = (finding.patch ?? "")
        .split("\n")
        .filter((l) => l.startsWith("-") && !l.startsWith("---"));
      const added = (finding.patch ?? "")
        .split("\n")
        .filter((l) => l.startsWith("+") && !l.startsWith("+++"));
      const replacements = change?.replacements ?? [];
      expect(replacements.reduce((n, r) => n + r.deletedRegion.endLine - r.deletedRegion.startLine, 0)).toBe(
        removed.length,
      );
      expect(replacements.map((r) => r.insertedContent.text).join("")).toBe(
        added.map((l) => `${l.slice(1)}\n`).join(""),
      );
    }
    expect(results.filter((r) => r.fixes).length).toBe(patched.length);
  });

  it("is deterministic", () => {
    expect(renderSarif(audit, rules, links)).toBe(sarif);
  });

  it("links every built-in rule to its documentation page and the tool to its home page", () => {
    const run = log.runs[0] as unknown as {
      tool: { driver: { informationUri: string; rules: Array<{ id: string; helpUri?: string }> } };
    };
    expect(run.tool.driver.informationUri).toBe(toolHomepage());
    expect(run.tool.driver.informationUri).not.toMatch(/example|placeholder/);
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri, rule.id).toBe(`${toolHomepage()}/blob/main/docs/rules/${rule.id}.md`);
      expect(readFileSync(join(root, "docs/rules", `${rule.id}.md`), "utf8")).toContain(rule.id);
    }
  });

  it("gives security-severity only to security rules and their results", () => {
    const run = log.runs[0]!;
    const security = run.tool.driver.rules.filter(
      (rule) => rule.properties["security-severity"] !== undefined,
    );
    expect(security.length).toBeGreaterThan(0);
    for (const rule of run.tool.driver.rules) {
      const isSecurity = rules.find((r) => r.id === rule.id)?.area === "security";
      expect(rule.properties["security-severity"] !== undefined, rule.id).toBe(isSecurity);
      expect((rule.properties.tags as string[]).includes("security"), rule.id).toBe(isSecurity);
    }
    const ci = run.tool.driver.rules.find((rule) => rule.id === "ci/missing-gate");
    expect(ci?.properties["security-severity"]).toBeUndefined();
    for (const result of run.results as unknown as Array<{
      ruleId: string;
      properties: Record<string, unknown>;
    }>)
      expect(result.properties["security-severity"] !== undefined, result.ruleId).toBe(
        result.ruleId.startsWith("security/") ||
          rules.find((r) => r.id === result.ruleId)?.area === "security",
      );
  });

  it("places repository-level findings on the file that should change, with a region", () => {
    const repositoryLevel = audit.findings.filter((finding) => !finding.location);
    expect(repositoryLevel.length).toBeGreaterThan(0);
    for (const finding of repositoryLevel) {
      const result = log.runs[0]!.results.find(
        (r) => r.partialFingerprints["codeauditFindingId/v1"] === finding.id,
      );
      const place = result?.locations[0]?.physicalLocation;
      expect(place?.artifactLocation.uri, finding.ruleId).not.toBe(".");
      expect(place?.artifactLocation.uri, finding.ruleId).toMatch(/^[^/]/);
      expect(place?.region?.startLine).toBe(1);
    }
  });

  it("meets GitHub code scanning's upload limits", () => {
    // https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
    expect(Buffer.byteLength(sarif)).toBeLessThan(10 * 1024 * 1024);
    const parsed = JSON.parse(sarif) as {
      runs: Array<{
        automationDetails: { id: string };
        tool: {
          driver: {
            rules: Array<{ id: string; properties: { tags: string[]; "security-severity"?: string } }>;
          };
        };
        results: Array<{
          message: { text: string };
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }>;
          relatedLocations?: unknown[];
          partialFingerprints: Record<string, string>;
        }>;
      }>;
    };
    expect(parsed.runs.length).toBeLessThanOrEqual(20);
    for (const run of parsed.runs) {
      expect(run.results.length).toBeLessThanOrEqual(25_000);
      expect(run.tool.driver.rules.length).toBeLessThanOrEqual(25_000);
      expect(run.automationDetails.id).toBe("codeaudit/");
      for (const rule of run.tool.driver.rules) {
        expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
        const score = rule.properties["security-severity"];
        if (score !== undefined) expect(Number(score)).toBeGreaterThanOrEqual(0);
        if (score !== undefined) expect(Number(score)).toBeLessThanOrEqual(10);
      }
      for (const result of run.results) {
        expect(result.message.text.length).toBeGreaterThan(0);
        expect(result.locations.length).toBeGreaterThanOrEqual(1);
        expect(result.locations.length).toBeLessThanOrEqual(1000);
        expect((result.relatedLocations ?? []).length).toBeLessThanOrEqual(1000);
        for (const location of result.locations) {
          expect(location.physicalLocation.artifactLocation.uri).not.toMatch(/^(\.$|\.\/|\/|[a-z]+:)/);
          expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
        }
        expect(Object.keys(result.partialFingerprints).length).toBeGreaterThan(0);
      }
    }
  });
});

describe("renderSarif automationDetails", () => {
  it("names a subfolder audit by its path, not by the clone's folder name", async () => {
    const audit = await auditFixture(join(root, "test/fixtures/node-clean"));
    const renamed = { ...audit, repository: { ...audit.repository, name: "some-clone-folder" } };
    const sub = {
      ...audit,
      repository: { ...audit.repository, scope: { ...audit.repository.scope, subfolder: "services/api" } },
    };
    const id = (a: typeof audit) =>
      (JSON.parse(renderSarif(a, [])) as { runs: Array<{ automationDetails: { id: string } }> }).runs[0]
        ?.automationDetails.id;
    expect(id(renamed)).toBe(id(audit));
    expect(id(sub)).toBe("codeaudit/services/api/");
  });
});
