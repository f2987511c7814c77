import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/unused-dependency", () => {
  it("fires on a dependency nothing imports, runs or configures", async () => {
    const findings = await findingsOf("node/unused-dependency", {
      "package.json": JSON.stringify(
        {
          name: "svc",
          private: true,
          dependencies: { express: "^4.19.0", lodash: "^4.17.21" },
          devDependencies: { vitest: "^1.0.0", nock: "^13.0.0" },
        },
        null,
        2,
      ),
      "tsconfig.json": '{ "compilerOptions": { "strict": true } }',
      "src/server.ts": "import express from 'express';\nexport const app = express();\n",
      "test/server.test.ts": "import { it } from 'vitest';\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.message.split("`")[1]])).toEqual([
      [6, "lodash"],
      [10, "nock"],
    ]);
  });

  it("stays silent on tools used by scripts and configs, @types, plugin families and computed requires", async () => {
    const findings = await findingsOf("node/unused-dependency", {
      "package.json": JSON.stringify({
        name: "svc",
        private: true,
        scripts: { build: "tsc -p .", lint: "eslint .", fmt: "prettier --write ." },
        dependencies: { express: "^4.19.0", "@ast-grep/lang-go": "^0.0.6" },
        devDependencies: {
          typescript: "^5.0.0",
          eslint: "^9.0.0",
          "eslint-plugin-react": "^7.0.0",
          "@typescript-eslint/parser": "^8.0.0",
          prettier: "^3.0.0",
          "@types/node": "^20.0.0",
          "@vitejs/plugin-react": "^4.0.0",
          mitata: "^1.0.0",
          "@mitata/counters": "^0.0.8",
          vite: "^5.0.0",
        },
      }),
      "tsconfig.json": '{ "compilerOptions": { "strict": true } }',
      "eslint.config.js": "export default [{ plugins: ['react'] }];\n",
      "vite.config.ts":
        "import react from '@vitejs/plugin-react';\nimport { defineConfig } from 'vite';\nexport default defineConfig({ plugins: [react()] });\n",
      "src/server.ts": "import express from 'express';\nconst lang = require(`@ast-grep/lang-${name}`);\n",
      "bench/run.ts": "import { bench } from 'mitata';\n",
    });
    expect(findings).toEqual([]);
  });
});
