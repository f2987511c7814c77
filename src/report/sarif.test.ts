import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { loadBuiltInRules } from "../rules/load-rules.js";
import { auditFixture } from "../../test/helpers/render-fixture.js";
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
  const sarif = renderSarif(audit, rules);
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
    expect(renderSarif(audit, rules)).toBe(sarif);
  });
});
