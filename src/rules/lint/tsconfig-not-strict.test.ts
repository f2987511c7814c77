import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

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

  it("patches strict: false where it is set and inserts strict where it is missing; nothing fires after", async () => {
    const files = {
      "tsconfig.base.json":
        '{\n  "compilerOptions": {\n    "target": "ES2022", // modern\n    "strict": false,\n  },\n}\n',
      "tsconfig.json": '{\n  "extends": "./tsconfig.base.json",\n  "include": ["src"],\n}\n',
      "web/tsconfig.json":
        '{\n  // web\n  "compilerOptions": {\n    "jsx": "react-jsx",\n    "module": "esnext"\n  }\n}\n',
      "tools/tsconfig.json": '{ "compilerOptions": { "module": "commonjs" } }',
      "cli/tsconfig.json": '{ "compilerOptions": {} }',
    };
    const check = await checkPatches("node/tsconfig-not-strict", files);
    expect(check.findings).toHaveLength(5);
    // The two configs inheriting `"strict": false` carry the same patch: it is applied once.
    expect(check.findings.every((f) => f.patch !== null)).toBe(true);
    expect(check.leftOut).toEqual([]);
    expect(check.texts).toEqual({
      ...files,
      "tsconfig.base.json": files["tsconfig.base.json"].replace('"strict": false', '"strict": true'),
      "web/tsconfig.json": files["web/tsconfig.json"].replace(
        '{\n    "jsx"',
        '{\n    "strict": true,\n    "jsx"',
      ),
      "tools/tsconfig.json": '{ "compilerOptions": { "strict": true, "module": "commonjs" } }',
      "cli/tsconfig.json": '{ "compilerOptions": { "strict": true } }',
    });
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch for an extends-only config", async () => {
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "tsconfig.base.json": '{ "compilerOptions": { "target": "ES2022" } }',
      "app/tsconfig.json": '{ "extends": "../tsconfig.base.json" }',
    });
    expect(findings.map((f) => [f.message, f.patch === null])).toEqual([
      ['app/tsconfig.json does not enable "strict" (nor does tsconfig.base.json)', true],
      ['tsconfig.base.json does not enable "strict"', false],
    ]);
  });
});
