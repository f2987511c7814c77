import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/coverage-threshold-absent", () => {
  it("fires on vitest and jest configs without thresholds", async () => {
    const findings = await findingsOf("node/coverage-threshold-absent", {
      "web/vite.config.ts":
        "import { defineConfig } from 'vite';\nexport default defineConfig({\n  plugins: [],\n  test: {\n    environment: 'jsdom',\n    coverage: { provider: 'v8', reporter: ['text'] },\n  },\n});\n",
      "api/jest.config.js": "module.exports = { testEnvironment: 'node', collectCoverage: true };\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "api/jest.config.js:1",
      "web/vite.config.ts:6",
    ]);
  });

  it("stays silent when thresholds are set (vitest, jest, package.json, CLI) or vite has no test block", async () => {
    const findings = await findingsOf("node/coverage-threshold-absent", {
      "web/vitest.config.ts":
        "export default defineConfig({ test: { coverage: { thresholds: { lines: 80, branches: 70 } } } });\n",
      "api/jest.config.ts": "export default { coverageThreshold: { global: { lines: 90 } } };\n",
      "lib/package.json": JSON.stringify({
        name: "lib",
        jest: { coverageThreshold: { global: { branches: 80 } } },
      }),
      "site/vite.config.ts": "export default defineConfig({ plugins: [] });\n",
    });
    expect(findings).toEqual([]);
    const cli = await findingsOf("node/coverage-threshold-absent", {
      "package.json": JSON.stringify({
        name: "x",
        scripts: { test: "vitest run --coverage --coverage.thresholds.lines=80" },
      }),
      "vitest.config.ts": "export default defineConfig({ test: { coverage: { provider: 'v8' } } });\n",
    });
    expect(cli).toEqual([]);
  });
});
