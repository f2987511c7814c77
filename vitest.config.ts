import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/fixtures/**", "node_modules/**", "dist/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CI (CI=true in .ci/run) must fail on a stray .only and never write a missing golden file.
    allowOnly: !process.env.CI,
    pool: "forks",
    // Commands run in tests keep their per-file cache in a temporary folder, never the user's cache folder.
    env: { XDG_CACHE_HOME: join(tmpdir(), "codeaudit-test-cache") },
    // The behavioural rule contract: cases recorded per rule, checked when the run ends (test/helpers/rule-contract.ts).
    globalSetup: ["test/contract-global-setup.ts"],
    setupFiles: ["test/contract-setup.ts", "test/store-env-setup.ts"],
  },
});
