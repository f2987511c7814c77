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
      "jest.config.js":
        'module.exports = { preset: "ts-jest", globals: { tsconfig: "tsconfig.spec.json" } };',
    });
    // One finding where the setting is written; the configs inheriting it are named in it.
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["tsconfig.base.json", 4, "medium"],
    ]);
    expect(findings[0]?.message).toBe(
      'tsconfig.base.json sets "strict": false; tsconfig.json, tsconfig.spec.json inherit it',
    );
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

  it("stays silent on a root config of only references, fires once it has compiler options of its own", async () => {
    const packages = {
      "tsconfig.base.json": '{ "compilerOptions": { "strict": true } }',
      "packages/a/tsconfig.json": '{ "extends": "../../tsconfig.base.json" }',
      "packages/a/src/index.ts": "export const a = 1;\n",
    };
    expect(
      await findingsOf("node/tsconfig-not-strict", {
        ...packages,
        "tsconfig.json": '{ "references": [{ "path": "./packages/a" }] }',
      }),
    ).toEqual([]);
    const own = await findingsOf("node/tsconfig-not-strict", {
      ...packages,
      "tsconfig.json":
        '{ "compilerOptions": { "target": "es2022" }, "references": [{ "path": "./packages/a" }] }',
    });
    expect(own.map((f) => f.location?.path)).toEqual(["tsconfig.json"]);
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
    // tsconfig.json inherits `"strict": false` from its base: reported (and patched) once, at the base.
    expect(check.findings).toHaveLength(4);
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

  it("reports and patches the root local base once for the configs extending it", async () => {
    const base = '{\n  "compilerOptions": {\n    "target": "ES2022"\n  }\n}\n';
    const app = '{\n  "extends": "../tsconfig.base.json",\n  "compilerOptions": { "outDir": "dist" }\n}\n';
    const check = await checkPatches("node/tsconfig-not-strict", {
      "tsconfig.base.json": base,
      "app/tsconfig.json": app,
      "web/tsconfig.json": '{ "extends": "../tsconfig.base.json" }',
    });
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]?.message).toContain("app/tsconfig.json, web/tsconfig.json inherit it");
    expect(Object.keys(check.applied)).toEqual(["tsconfig.base.json"]);
    expect(check.texts["app/tsconfig.json"]).toBe(app);
    expect(check.remaining).toEqual([]);
  });

  it("judges a shared base only its heirs extend by them: silent when each enables strict, fires when one does not", async () => {
    const files = (web: string) => ({
      "tsconfig.base.json": '{\n  "compilerOptions": {\n    "strictNullChecks": true\n  }\n}\n',
      "apps/client/tsconfig.json":
        '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }',
      "apps/server/tsconfig.json":
        '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "noImplicitAny": true } }',
      "libs/web/tsconfig.json": web,
    });
    const strictHeirs = await findingsOf(
      "node/tsconfig-not-strict",
      files('{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }'),
    );
    expect(strictHeirs).toEqual([]);
    const looseHeir = await findingsOf(
      "node/tsconfig-not-strict",
      files('{ "extends": "../../tsconfig.base.json", "compilerOptions": { "jsx": "react-jsx" } }'),
    );
    expect(looseHeir.map((f) => f.location?.path)).toEqual(["tsconfig.base.json"]);
    expect(looseHeir[0]?.message).toContain("libs/web/tsconfig.json inherits it");
    // A base that a script compiles on its own is judged for itself.
    const compiled = await findingsOf("node/tsconfig-not-strict", {
      ...files('{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }'),
      "package.json": '{ "scripts": { "typecheck": "tsc -p tsconfig.base.json" } }',
    });
    expect(compiled.map((f) => f.location?.path)).toEqual(["tsconfig.base.json"]);
  });

  it("withholds the patch for an extends-only chain and for a partial opt-out", async () => {
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "tsconfig.json": '{ "extends": "./base.json", "include": ["src"] }',
      "base.json": '{ "include": ["lib"] }',
      "api/tsconfig.json": '{ "compilerOptions": { "strictNullChecks": false } }',
    });
    expect(findings.map((f) => [f.location?.path, f.patch])).toEqual([
      ["api/tsconfig.json", null],
      ["tsconfig.json", null],
    ]);
  });
});

describe("node/tsconfig-not-strict: configs that only compile tooling", () => {
  it("lowers a tsconfig.node.json for vite.config.ts and a cypress config to low, not the app's", async () => {
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "web/tsconfig.json":
        '{ "compilerOptions": { "target": "ES2022" }, "include": ["src"], "references": [{ "path": "./tsconfig.node.json" }] }',
      "web/tsconfig.node.json":
        '{ "compilerOptions": { "composite": true }, "include": ["vite.config.ts", "meta.ts"] }',
      "cypress/tsconfig.json": '{ "compilerOptions": { "types": ["cypress"] }, "include": ["**/*.ts"] }',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["cypress/tsconfig.json", "low"],
      ["web/tsconfig.json", "medium"],
      ["web/tsconfig.node.json", "low"],
    ]);
  });
});

describe("node/tsconfig-not-strict: configs nothing selects", () => {
  it("does not judge a tsconfig.<name>.json that no config, script or tool names, but does once a script does", async () => {
    const files = {
      "packages/db/tsconfig.json": '{ "compilerOptions": { "strict": true }, "include": ["src"] }',
      "packages/db/tsconfig.seed.json": '{ "compilerOptions": { "module": "NodeNext" } }',
      "packages/db/package.json": '{ "name": "db", "scripts": { "seed": "tsx ./seed.ts" } }',
    };
    expect(await findingsOf("node/tsconfig-not-strict", files)).toEqual([]);
    const named = await findingsOf("node/tsconfig-not-strict", {
      ...files,
      "packages/db/package.json": '{ "name": "db", "scripts": { "seed": "tsc -p tsconfig.seed.json" } }',
    });
    expect(named.map((f) => [f.location?.path, f.severity])).toEqual([
      ["packages/db/tsconfig.seed.json", "medium"],
    ]);
  });
  it("stays silent on a tsconfig.json holding only another tool's settings, fires on an empty one (near miss)", async () => {
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "tsconfig.json": JSON.stringify({ parserOptions: { project: "./frontend/tsconfig.json" } }),
      "frontend/tsconfig.json": "{}",
      "frontend/src/a.ts": "export const a = 1;\n",
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["frontend/tsconfig.json"]);
  });

  it("does not judge a config over a JavaScript-only folder (allowJs, no checkJs), judges it once a .ts file or checkJs is there", async () => {
    const config = (extra: string) =>
      `{ "compilerOptions": { "strict": false, "allowJs": true${extra} }, "include": ["src/**/*"] }`;
    const findings = await findingsOf("node/tsconfig-not-strict", {
      "themes/plain/tsconfig.json": config(""),
      "themes/plain/src/app.js": "export const app = 1;\n",
      "themes/checked/tsconfig.json": config(', "checkJs": true'),
      "themes/checked/src/app.js": "export const app = 1;\n",
      "themes/typed/tsconfig.json": config(""),
      "themes/typed/src/app.js": "export const app = 1;\n",
      "themes/typed/src/util.ts": "export const util = 1;\n",
    });
    expect(findings.map((f) => f.location?.path)).toEqual([
      "themes/checked/tsconfig.json",
      "themes/typed/tsconfig.json",
    ]);
  });

  it("judges a workspace root tsconfig.json by the files no package config claims", async () => {
    const workspace = {
      "tsconfig.json": '{ "compilerOptions": { "strictNullChecks": true } }',
      "packages/tsconfig/nextjs.json": '{ "compilerOptions": { "strict": true } }',
      "apps/web/tsconfig.json":
        '{ "extends": "../../packages/tsconfig/nextjs.json", "include": ["**/*.ts"] }',
      "apps/web/app/page.ts": "export const page = 1;\n",
      "apps/worker/tsconfig.json": '{ "compilerOptions": { "strict": true } }',
      "apps/worker/src/index.ts": "export const worker = 1;\n",
    };
    // Only root scripts are left to the root config: low, and it says so.
    const scripts = await findingsOf("node/tsconfig-not-strict", {
      ...workspace,
      "scripts/seed.ts": "export const setup = 1;\n",
    });
    expect(scripts.map((f) => [f.location?.path, f.severity])).toEqual([["tsconfig.json", "low"]]);
    expect(scripts[0]?.message).toContain("so it only compiles scripts/seed.ts");
    // Near miss: application code at the root is the root config's to compile.
    const rootCode = await findingsOf("node/tsconfig-not-strict", {
      ...workspace,
      "src/server.ts": "export const server = 1;\n",
    });
    expect(rootCode.map((f) => [f.location?.path, f.severity])).toEqual([["tsconfig.json", "medium"]]);
  });
});
