import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { isToolingPath, runsOnServer } from "./ast.js";
import { parseJsonc } from "./jsonc.js";
import { parseNpmLock, parsePnpmLock, parseYarnLock } from "./lockfiles.js";
import { packageOfSpecifier } from "./specifiers.js";

describe("node facts: parsers", () => {
  it("parses JSON with comments and trailing commas, with property lines", () => {
    const parsed = parseJsonc('{\n  // c\n  "a": { "b": [1, 2,], /* x */ },\n  "s": "q\\"z",\n}\n');
    expect(parsed.value).toEqual({ a: { b: [1, 2] }, s: 'q"z' });
    expect(parsed.lineOf(["a", "b"])).toBe(3);
    expect(parsed.lineOf(["s"])).toBe(4);
    expect(() => parseJsonc('{ "a": }')).toThrow(/line 1/);
  });

  it("names the package of a specifier", () => {
    expect(
      ["lodash/fp", "@scope/pkg/sub", "node:fs", "fs/promises", "./x", "@/x", "#internal", "virtual:pwa"].map(
        packageOfSpecifier,
      ),
    ).toEqual(["lodash", "@scope/pkg", null, null, null, null, null, null]);
  });

  it("reads npm v1, pnpm v5/v6 and yarn berry lockfiles", () => {
    const v1 = parseNpmLock(
      "package-lock.json",
      "",
      JSON.stringify(
        {
          lockfileVersion: 1,
          dependencies: { a: { version: "1.0.0", dependencies: { b: { version: "2.0.0", dev: true } } } },
        },
        null,
        2,
      ),
    );
    expect(v1.packages.map((p) => [p.name, p.version, p.direct, p.dev])).toEqual([
      ["a", "1.0.0", null, false],
      ["b", "2.0.0", false, true],
    ]);
    const v5 = parsePnpmLock(
      "pnpm-lock.yaml",
      "",
      "lockfileVersion: 5.4\nspecifiers:\n  react: ^18.0.0\ndependencies:\n  react: 18.2.0\npackages:\n  /react/18.2.0:\n    dev: false\n  /@types/node/20.1.0:\n    dev: true\n",
    );
    expect(v5.importers?.[0]?.specs.react?.requirement).toBe("^18.0.0");
    expect(v5.packages.map((p) => [p.name, p.version, p.direct, p.line])).toEqual([
      ["react", "18.2.0", true, 7],
      ["@types/node", "20.1.0", false, 9],
    ]);
    const v6 = parsePnpmLock(
      "pnpm-lock.yaml",
      "",
      "lockfileVersion: '6.0'\npackages:\n  /@babel/core@7.23.0(supports-color@8.0.0):\n    dev: true\n",
    );
    expect(v6.packages.map((p) => [p.name, p.version])).toEqual([["@babel/core", "7.23.0"]]);
    const berry = parseYarnLock(
      "yarn.lock",
      "",
      '__metadata:\n  version: 8\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n\n"@scope/x@npm:^1.0.0, @scope/x@npm:^1.1.0":\n  version: 1.2.0\n  resolution: "@scope/x@npm:1.2.0"\n',
    );
    expect(berry.kind).toBe("yarn-berry");
    expect(berry.packages.map((p) => [p.name, p.version, p.line])).toEqual([["@scope/x", "1.2.0", 8]]);
    expect(berry.resolvedSpecs).toContain("@scope/x@npm:^1.1.0");
  });
});

describe("node facts: collector", () => {
  it("collects manifests, lockfile packages, tsconfig extends, tools, coverage, frameworks and imports", async () => {
    const { facts } = await analyseFiles({
      "package.json": JSON.stringify(
        {
          name: "web",
          private: true,
          scripts: { test: "vitest run" },
          engines: { node: ">=20" },
          dependencies: { react: "^18.2.0", express: "^4.19.0" },
          devDependencies: { vitest: "^1.0.0" },
        },
        null,
        2,
      ),
      "package-lock.json": JSON.stringify(
        {
          lockfileVersion: 3,
          packages: {
            "": { dependencies: { react: "^18.2.0" } },
            "node_modules/react": { version: "18.2.0" },
            "node_modules/loose-envify": { version: "1.4.0" },
          },
        },
        null,
        2,
      ),
      "tsconfig.base.json": '{ "compilerOptions": { "strict": true, } }',
      "tsconfig.json":
        '// app\n{ "extends": "./tsconfig.base", "compilerOptions": { "noUncheckedIndexedAccess": true } }',
      "vitest.config.ts":
        "export default defineConfig({ test: { environment: 'jsdom', coverage: { provider: 'istanbul', thresholds: { lines: 80 } } } });\n",
      ".prettierrc": "{}",
      "src/main.tsx":
        "import React from 'react';\nconst x = require('lodash/fp');\nexport * from '@scope/pkg/sub';\nimport type { T } from 'types-only';\n",
    });
    const node = facts.node;
    expect(node.dependencies.declared.map((d) => [d.name, d.dev, d.line])).toEqual([
      ["react", false, 11],
      ["express", false, 12],
      ["vitest", true, 15],
    ]);
    expect(node.dependencies.locked.map((p) => [p.name, p.direct, p.line])).toEqual([
      ["react", true, 9],
      ["loose-envify", false, 12],
    ]);
    expect(node.packages[0]?.engines).toEqual([{ name: "node", range: ">=20", line: 8 }]);
    expect(node.packages[0]?.imports.map((i) => [i.name, i.kind, i.line])).toEqual([
      ["react", "import", 1],
      ["lodash", "require", 2],
      ["@scope/pkg", "export", 3],
      ["types-only", "type", 4],
    ]);
    expect(node.packages[0]?.implied.map((i) => i.name)).toEqual(["@vitest/coverage-istanbul", "jsdom"]);
    const ts = node.tsconfigs.find((t) => t.path === "tsconfig.json");
    expect(ts?.extends).toEqual(["tsconfig.base.json"]);
    expect(ts?.compilerOptions).toEqual({ strict: true, noUncheckedIndexedAccess: true });
    expect(ts?.optionSources.strict).toEqual({ path: "tsconfig.base.json", line: 1 });
    expect(node.tools.map((t) => t.tool)).toEqual(["prettier", "vitest"]);
    expect(node.coverage[0]).toMatchObject({
      tool: "vitest",
      provider: "istanbul",
      thresholds: { lines: 80 },
      environment: "jsdom",
    });
    expect(node.frameworks.map((f) => f.name)).toEqual(["React", "Express"]);
    expect(facts.dependencies.lockfiles).toEqual(["package-lock.json"]);
  });

  it("reports a broken package.json as an invalid-config diagnostic", async () => {
    const { facts, diagnostics } = await analyseFiles({
      "package.json": '{ "name": ',
      "src/a.js": "require('x');\n",
    });
    expect(facts.node.packages).toEqual([]);
    expect(diagnostics.some((d) => d.kind === "invalid-config" && d.path === "package.json")).toBe(true);
  });
});

describe("node facts: runsOnServer", () => {
  it("does not count type-only imports or client-only files as server code", () => {
    expect(runsOnServer("src/lib/a.ts", "import { PrismaClient } from '@prisma/client';\n")).toBe(true);
    expect(
      runsOnServer("src/lib/a.ts", "import type { User } from '@prisma/client';\nexport const f = 1;\n"),
    ).toBe(false);
    expect(runsOnServer("src/client-only/a.ts", "import fs from 'node:fs';\n")).toBe(false);
    expect(runsOnServer("app/routes/home.client.tsx", "import fs from 'node:fs';\n")).toBe(false);
  });

  it("counts Angular code as browser code, even when it imports enums from @prisma/client or sits under api/", () => {
    const service =
      "import { HttpClient } from '@angular/common/http';\nimport { Injectable } from '@angular/core';\nimport { DataSource } from '@prisma/client';\n";
    expect(runsOnServer("apps/client/src/app/services/import.service.ts", service)).toBe(false);
    expect(runsOnServer("apps/client/src/app/api/data.service.ts", service)).toBe(false);
    // near misses: a NestJS service with the same prisma import, and Angular's server-rendering entry
    expect(
      runsOnServer(
        "apps/api/src/import.service.ts",
        "import { Injectable } from '@nestjs/common';\nimport { DataSource } from '@prisma/client';\n",
      ),
    ).toBe(true);
    expect(
      runsOnServer(
        "src/server.ts",
        "import { AngularNodeAppEngine } from '@angular/ssr/node';\nimport { enableProdMode } from '@angular/core';\nimport express from 'express';\n",
      ),
    ).toBe(true);
  });
});

describe("node facts: isToolingPath", () => {
  it("counts the documentation site in a root docs/ folder and build-tools/ as tooling, not a docs/ or build/ folder inside the app", () => {
    expect(isToolingPath("docs/plugins/plugin-index/src/index.ts")).toBe(true);
    expect(isToolingPath("doc/src/theme/Layout.tsx")).toBe(true);
    expect(isToolingPath("apps/server/src/docs/handler.ts")).toBe(false);
    expect(isToolingPath("src/routes/docs.ts")).toBe(false);
    expect(isToolingPath("build-tools/github/validate-texts.js")).toBe(true);
    expect(isToolingPath("src/build/index.ts")).toBe(false);
  });
});
