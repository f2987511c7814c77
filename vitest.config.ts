import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/fixtures/**", "node_modules/**", "dist/**"],
    testTimeout: 60_000,
    // Delta tests audit two commits in beforeAll: under a loaded machine that passes 10 s.
    hookTimeout: 120_000,
    pool: "forks",
  },
});
