import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/tsconfig-not-strict", () => {
  it("fires on a tsconfig (with comments and trailing commas) whose extends chain never enables strict", async () => {
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "tsconfig.base.json":
        '{\n  "compilerOptions": {\n    "target": "ES2022", // modern\n    "strict": false,\n  },\n}\n',
      "tsconfig.json": '{\n  /* app */\n  "extends": "./tsconfig.base.json",\n  "include": ["src"],\n}\n',
      "tsconfig.spec.json": '{ "extends": "./tsconfig.json" }',
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["tsconfig.base.json", 4, "medium"],
      ["tsconfig.base.json", 4, "medium"],
      ["tsconfig.base.json", 4, "low"],
    ]);
    expect(findings.map((f) => f.message)).toContain('tsconfig.json sets "strict": false');
  });

  it("stays silent on strict configs, strict bases, external bases and solution configs", async () => {
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "tsconfig.base.json": '{ "compilerOptions": { "strict": true } }',
      "packages/a/tsconfig.json": '{ "extends": "../../tsconfig.base.json" }',
      "packages/b/tsconfig.json": '{ "extends": "@tsconfig/node20/tsconfig.json" }',
      "tsconfig.json": '{ "files": [], "references": [{ "path": "packages/a" }] }',
      "packages/c/tsconfig.json":
        '{ "compilerOptions": { "noImplicitAny": true, "strictNullChecks": true } }',
    });
    expect(findings).toEqual([]);
  });
});
