import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const lock = (devDeps: Record<string, string>) =>
  JSON.stringify(
    {
      name: "web",
      lockfileVersion: 3,
      packages: {
        "": {
          name: "web",
          dependencies: { react: "^18.2.0" },
          devDependencies: { vitest: "^1.0.4", ...devDeps },
        },
        "node_modules/react": { version: "18.2.0" },
        "node_modules/vitest": { version: "1.0.4", dev: true },
        "node_modules/@vitest/coverage-v8": { version: "1.0.4", dev: true },
      },
    },
    null,
    2,
  );

describe("node/undeclared-dependency", () => {
  it("fires on the seed 003 case: a coverage provider only in package-lock.json, and on undeclared imports", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": JSON.stringify(
        { name: "web", dependencies: { react: "^18.2.0" }, devDependencies: { vitest: "^1.0.4" } },
        null,
        2,
      ),
      "package-lock.json": lock({ "@vitest/coverage-v8": "^1.0.4" }),
      "vitest.config.ts":
        "import { defineConfig } from 'vitest/config';\nexport default defineConfig({\n  test: { coverage: { provider: 'v8' } },\n});\n",
      "src/App.tsx":
        "import React from 'react';\nimport axios from 'axios';\nexport const App = () => <div />;\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/App.tsx", 2, "high"],
      ["vitest.config.ts", 3, "medium"],
    ]);
    expect(findings[1]?.message).toContain("@vitest/coverage-v8");
    expect(findings[1]?.message).toContain("present only in package-lock.json");
  });

  it("stays silent on builtins, relative paths, aliases, workspace packages, @types and ancestor declarations", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "package.json": JSON.stringify({
        name: "root",
        private: true,
        workspaces: ["packages/*"],
        devDependencies: { vitest: "^1.0.0", "@types/express-serve-static-core": "^4.0.0" },
      }),
      "tsconfig.json":
        '{\n  // aliases\n  "compilerOptions": { "strict": true, "paths": { "@app/*": ["src/*"] }, },\n}\n',
      "packages/api/package.json": JSON.stringify({
        name: "@acme/api",
        dependencies: { express: "^4.0.0", "@acme/shared": "workspace:*" },
      }),
      "packages/shared/package.json": JSON.stringify({ name: "@acme/shared" }),
      "packages/api/src/index.ts": [
        "import { readFile } from 'node:fs/promises';",
        "import path from 'path';",
        "import express from 'express';",
        "import { x } from './x';",
        "import { y } from '@app/y';",
        "import { z } from '@/z';",
        "import { s } from '@acme/shared';",
        "import type { Request } from 'express-serve-static-core';",
        "const lazy = await import('express/lib/router');",
      ].join("\n"),
      "packages/api/src/index.test.ts": "import { it } from 'vitest';\n",
      "packages/api/src/esm/package.json": '{ "type": "module" }',
      "packages/api/src/esm/index.js": "import express from 'express';\n",
    });
    expect(findings).toEqual([]);
  });
});

describe("node/undeclared-dependency with tsconfig baseUrl", () => {
  it("treats imports resolved through baseUrl as local, and still reports a real package", async () => {
    const findings = await findingsOf("node/undeclared-dependency", {
      "web/package.json": JSON.stringify({ name: "web", dependencies: {} }),
      "web/tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "strict": true } }',
      "web/src/state.ts": "export const state = {};\n",
      "web/src/index.ts":
        'import { state } from "src/state";\nimport { createPopper } from "@popperjs/core";\nexport { state, createPopper };\n',
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`@popperjs/core`"]);
  });
});
