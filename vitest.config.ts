import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const exclude = ["test/fixtures/**", "node_modules/**", "dist/**"];
const shared = {
  exclude,
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // CI (CI=true in .ci/run) must fail on a stray .only and never write a missing golden file.
  allowOnly: !process.env.CI,
  pool: "forks" as const,
  // Commands run in tests keep their per-file cache in a temporary folder, never the user's cache folder.
  env: { XDG_CACHE_HOME: join(tmpdir(), "codeaudit-test-cache") },
  setupFiles: ["test/contract-setup.ts", "test/store-env-setup.ts"],
};

export default defineConfig({
  test: {
    // The behavioural rule contract: cases recorded per rule, checked when the run ends (test/helpers/rule-contract.ts).
    globalSetup: ["test/contract-global-setup.ts"],
    // Read by the pools themselves (see the rules project): the threads pool runs only the rules project.
    poolOptions: { threads: { isolate: false } },
    projects: [
      {
        // Rule and facts tests run the engine in memory and share no state between files: one module graph per worker
        // spares each file loading the parsers and the rule packs again (about two thirds of their CPU time). Vitest
        // decides whether a pool starts a fresh process per file from the root's poolOptions, not a project's: these
        // files run in the threads pool, which the root sets not to isolate, beside the forks pool of the others.
        test: {
          ...shared,
          name: "rules",
          include: ["src/rules/**/*.test.ts", "src/facts/**/*.test.ts"],
          pool: "threads" as const,
          isolate: false,
        },
      },
      {
        // The rest change the environment, the cache and the stores: each file gets a fresh module graph.
        test: {
          ...shared,
          name: "isolated",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...exclude, "src/rules/**", "src/facts/**"],
        },
      },
    ],
  },
});
