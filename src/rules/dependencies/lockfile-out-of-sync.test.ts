import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const manifest = JSON.stringify(
  {
    name: "svc",
    private: true,
    dependencies: { zod: "^3.23.0", express: "^4.19.0" },
    devDependencies: { vitest: "^1.0.0" },
  },
  null,
  2,
);

describe("node/lockfile-out-of-sync", () => {
  it("fires when package-lock.json records another range or lacks a declared package", async () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        "": { name: "svc", dependencies: { zod: "^3.22.0" }, devDependencies: { vitest: "^1.0.0" } },
        "node_modules/zod": { version: "3.22.4" },
        "node_modules/vitest": { version: "1.0.4", dev: true },
      },
    };
    const findings = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": manifest,
      "package-lock.json": JSON.stringify(lock, null, 2),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [5, "`zod` is declared as `^3.23.0` but package-lock.json recorded `^3.22.0`"],
      [6, "`express@^4.19.0` is declared but missing from package-lock.json"],
    ]);
  });

  it("reads a package-lock.json that records a name both as a pinned devDependency and a peer range as in sync", async () => {
    const pkg = {
      name: "design-system",
      peerDependencies: { react: "^18.0.0", "react-dom": "^18.0.0" },
      devDependencies: { react: "18.3.1", "react-dom": "18.3.1" },
    };
    const lock = (dom: string) => ({
      lockfileVersion: 3,
      packages: {
        "": {
          name: "design-system",
          devDependencies: { react: "18.3.1", "react-dom": dom },
          peerDependencies: { react: "^18.0.0", "react-dom": "^18.0.0" },
        },
        "node_modules/react": { version: "18.3.1", dev: true },
        "node_modules/react-dom": { version: "18.3.1", dev: true },
      },
    });
    const manifestText = JSON.stringify(pkg, null, 2);
    expect(
      await findingsOf("node/lockfile-out-of-sync", {
        "package.json": manifestText,
        "package-lock.json": JSON.stringify(lock("18.3.1"), null, 2),
      }),
    ).toEqual([]);
    const stale = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": manifestText,
      "package-lock.json": JSON.stringify(lock("18.2.0"), null, 2),
    });
    expect(stale.map((f) => f.message)).toEqual([
      "`react-dom` is declared as `18.3.1` but package-lock.json recorded `18.2.0`",
    ]);
  });

  it("fires on pnpm and yarn lockfiles that miss a range, and stays silent when they match", async () => {
    const pnpm =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      zod:\n        specifier: ^3.23.0\n        version: 3.23.8\n      express:\n        specifier: ^4.19.0\n        version: 4.19.2\n    devDependencies:\n      vitest:\n        specifier: ^1.0.0\n        version: 1.6.0\npackages:\n  zod@3.23.8:\n    resolution: {integrity: sha512-x}\n";
    expect(
      await findingsOf("node/lockfile-out-of-sync", { "package.json": manifest, "pnpm-lock.yaml": pnpm }),
    ).toEqual([]);
    const yarn =
      '# yarn lockfile v1\n\n\nzod@^3.23.0:\n  version "3.23.8"\n\nexpress@^4.18.0:\n  version "4.18.2"\n\nvitest@^1.0.0:\n  version "1.6.0"\n';
    const findings = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": manifest,
      "yarn.lock": yarn,
    });
    expect(findings.map((f) => f.message)).toEqual([
      "`express@^4.19.0` has no matching entry in yarn.lock (other ranges of it are locked)",
    ]);
  });
});

describe("node/lockfile-out-of-sync: overrides, workspace packages and examples", () => {
  it("skips a name pnpm overrides with a version-range selector (`name@>=6.7.0 <6.30.6`), not its neighbour", async () => {
    const lock = [
      "lockfileVersion: '9.0'",
      "overrides:",
      "  react-router-dom@>=6.7.0 <6.30.6: ^6.30.6",
      "  '@xmldom/xmldom@<0.8.13': ^0.8.13",
      "importers:",
      "  .:",
      "    dependencies:",
      "      react-router-dom:",
      "        specifier: ^6.30.6",
      "        version: 6.30.6",
      "      '@xmldom/xmldom':",
      "        specifier: ^0.8.13",
      "        version: 0.8.13",
      "      zod:",
      "        specifier: ^3.22.0",
      "        version: 3.22.4",
      "packages:",
      "  react-router-dom@6.30.6: {}",
      "  '@xmldom/xmldom@0.8.13': {}",
      "  zod@3.22.4: {}",
      "",
    ].join("\n");
    const findings = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": JSON.stringify(
        {
          name: "web",
          dependencies: { "react-router-dom": "^6.30.2", "@xmldom/xmldom": "^0.8.10", zod: "^3.23.0" },
        },
        null,
        2,
      ),
      "pnpm-lock.yaml": lock,
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["`zod`"]);
  });

  it("skips names pnpm overrides (lockfile or pnpm-workspace.yaml) and yarn workspace packages; examples are low", async () => {
    const pnpmLock = [
      "lockfileVersion: '9.0'",
      "overrides:",
      "  postcss: 8.5.23",
      "importers:",
      "  .:",
      "    dependencies:",
      "      postcss:",
      "        specifier: 8.5.23",
      "        version: 8.5.23",
      "      unstorage:",
      "        specifier: ^1.17.5",
      "        version: 1.17.5",
      "      zod:",
      "        specifier: ^3.22.0",
      "        version: 3.22.4",
      "packages:",
      "  postcss@8.5.23: {}",
      "  unstorage@1.17.5: {}",
      "  zod@3.22.4: {}",
      "",
    ].join("\n");
    const pnpm = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": JSON.stringify(
        { name: "web", dependencies: { postcss: "catalog:", unstorage: "^1.17.1", zod: "^3.23.0" } },
        null,
        2,
      ),
      "pnpm-lock.yaml": pnpmLock,
      "pnpm-workspace.yaml": "packages: []\noverrides:\n  unstorage: ^1.17.5\n",
    });
    expect(pnpm.map((f) => [f.message.split(" ")[0], f.severity])).toEqual([["`zod`", "medium"]]);
    const yarn = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": JSON.stringify({
        name: "root",
        private: true,
        workspaces: ["packages/*", "examples/*"],
      }),
      "packages/core/package.json": JSON.stringify({ name: "@acme/core", version: "1.0.0" }),
      "packages/ui/package.json": JSON.stringify(
        { name: "@acme/ui", dependencies: { "@acme/core": "1.0.0", react: "^18.0.0" } },
        null,
        2,
      ),
      "yarn.lock": '# yarn lockfile v1\n\n"react@^18.0.0":\n  version "18.2.0"\n',
      "examples/demo/package.json": JSON.stringify({ name: "demo", dependencies: { next: "14.1" } }, null, 2),
      "examples/demo/yarn.lock": '# yarn lockfile v1\n\n"next@14.0.0":\n  version "14.0.0"\n',
    });
    expect(yarn.map((f) => [f.location?.path, f.severity])).toEqual([["examples/demo/package.json", "low"]]);
  });
  it("judges the lockfile of the declared package manager, not a stale one of another manager beside it", async () => {
    const pnpm =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      zod:\n        specifier: ^3.23.0\n        version: 3.23.8\n      express:\n        specifier: ^4.19.0\n        version: 4.19.2\n    devDependencies:\n      vitest:\n        specifier: ^1.0.0\n        version: 1.6.0\npackages:\n  zod@3.23.8:\n    resolution: {integrity: sha512-x}\n";
    const staleNpm = JSON.stringify(
      { lockfileVersion: 2, packages: { "": { name: "svc", dependencies: { zod: "^3.1.0" } } } },
      null,
      2,
    );
    const declared = JSON.stringify({ ...JSON.parse(manifest), packageManager: "pnpm@10.6.2" }, null, 2);
    const files = { "package-lock.json": staleNpm, "pnpm-lock.yaml": pnpm };
    expect(await findingsOf("node/lockfile-out-of-sync", { "package.json": declared, ...files })).toEqual([]);
    // Near miss: with no package manager declared, the npm lockfile beside it is still compared.
    const undeclared = await findingsOf("node/lockfile-out-of-sync", { "package.json": manifest, ...files });
    expect(undeclared.map((f) => f.message)).toContain(
      "`zod` is declared as `^3.23.0` but package-lock.json recorded `^3.1.0`",
    );
  });

  it("reads bun.lock, and a package named in two fields matches the one requirement the lockfile keeps", async () => {
    const pkg = JSON.stringify(
      {
        name: "ui",
        dependencies: { "@radix-ui/react-slot": "1.1.2", zod: "^3.23.0" },
        devDependencies: { "@radix-ui/react-slot": "^1.2.0", "next-themes": "^0.4.6" },
        peerDependencies: { "next-themes": ">=0.3.0" },
      },
      null,
      2,
    );
    const bunLock = [
      "{",
      '  "lockfileVersion": 1,',
      '  "workspaces": {',
      '    "": {',
      '      "name": "ui",',
      '      "dependencies": { "@radix-ui/react-slot": "1.1.2", "zod": "^3.22.0", },',
      '      "devDependencies": { "@radix-ui/react-slot": "^1.2.0", "next-themes": "^0.4.6", },',
      '      "peerDependencies": { "next-themes": ">=0.3.0", },',
      "    },",
      "  },",
      '  "packages": {',
      '    "zod": ["zod@3.22.4", "", {}, "sha512-a"],',
      "  },",
      "}",
      "",
    ].join("\n");
    const findings = await findingsOf("node/lockfile-out-of-sync", {
      "package.json": pkg,
      "bun.lock": bunLock,
    });
    expect(findings.map((f) => f.message)).toEqual([
      "`zod` is declared as `^3.23.0` but bun.lock recorded `^3.22.0`",
    ]);
  });

  it("leaves a standalone package in a subfolder of a root without workspaces alone; a workspace member missing from the lockfile fires", async () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        "": {
          name: "svc",
          dependencies: { zod: "^3.23.0", express: "^4.19.0" },
          devDependencies: { vitest: "^1.0.0" },
        },
        "node_modules/zod": { version: "3.23.8" },
        "node_modules/express": { version: "4.19.2" },
        "node_modules/vitest": { version: "1.0.4", dev: true },
      },
    };
    const example = JSON.stringify({ devDependencies: { typescript: "^5.2.2", "ts-node": "^10.9.1" } });
    const files = (root: Record<string, unknown>) => ({
      "package.json": JSON.stringify({ ...JSON.parse(manifest), ...root }),
      "package-lock.json": JSON.stringify(lock),
      "extra/push-examples/typescript-fetch/package.json": example,
    });
    expect(await findingsOf("node/lockfile-out-of-sync", files({}))).toEqual([]);
    const member = await findingsOf(
      "node/lockfile-out-of-sync",
      files({ workspaces: ["extra/push-examples/*"] }),
    );
    expect(member.map((f) => f.message)).toEqual([
      "extra/push-examples/typescript-fetch/package.json is not recorded in package-lock.json: the lockfile predates this package",
    ]);
  });
});

describe("node/lockfile-out-of-sync in a pnpm workspace", () => {
  it("leaves a package no workspace glob lists (a CLI's project template) alone; a listed package missing from the lockfile fires", async () => {
    const files = {
      "package.json": JSON.stringify({ name: "root", private: true, dependencies: { zod: "^3.24.1" } }),
      "pnpm-workspace.yaml": "packages:\n  - 'src/server'\n  - 'packages/*'\n",
      "pnpm-lock.yaml": [
        "lockfileVersion: '9.0'",
        "importers:",
        "  .:",
        "    dependencies:",
        "      zod:",
        "        specifier: ^3.24.1",
        "        version: 3.24.1",
        "  packages/cli:",
        "    dependencies:",
        "      zod:",
        "        specifier: ^3.24.1",
        "        version: 3.24.1",
        "packages:",
        "  zod@3.24.1: {}",
        "",
      ].join("\n"),
      "packages/cli/package.json": JSON.stringify({ name: "cli", dependencies: { zod: "^3.24.1" } }),
      "packages/cli/templates/worker/package.json": JSON.stringify({
        name: "worker-template",
        devDependencies: { vite: "^5.2.0" },
      }),
      "src/server/package.json": JSON.stringify({ name: "server", dependencies: { zod: "^3.24.1" } }),
    };
    const findings = await findingsOf("node/lockfile-out-of-sync", files);
    expect(findings.map((f) => f.message)).toEqual([
      "src/server/package.json is not recorded in pnpm-lock.yaml: the lockfile predates this package",
    ]);
  });
});

describe("node/lockfile-out-of-sync in an Nx workspace", () => {
  const files = (projectJson: Record<string, string>) => ({
    "package.json": JSON.stringify({ name: "root", private: true, dependencies: { zod: "^3.24.1" } }),
    "pnpm-lock.yaml":
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      zod:\n        specifier: ^3.24.1\n        version: 3.24.1\npackages:\n  zod@3.24.1: {}\n",
    "nx.json": JSON.stringify({ targetDefaults: {} }),
    "libs/parser/package.json": JSON.stringify(
      { name: "@acme/parser", dependencies: { zod: "^3.24.1" } },
      null,
      2,
    ),
    "libs/parser/pnpm-lock.yaml":
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      zod:\n        specifier: ^3.23.8\n        version: 3.23.8\npackages:\n  zod@3.23.8: {}\n",
    ...projectJson,
  });

  it("is low for a lockfile left in an Nx project's folder (Nx builds it from the root's install)", async () => {
    const findings = await findingsOf(
      "node/lockfile-out-of-sync",
      files({
        "libs/parser/project.json": JSON.stringify({ targets: { build: { executor: "@nx/js:tsc" } } }),
      }),
    );
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["libs/parser/package.json", "low"],
    ]);
    expect(findings[0]?.message).toContain("is installed with its workspace (pnpm-lock.yaml)");
  });

  it("stays medium for a folder with its own lockfile and no Nx project", async () => {
    const findings = await findingsOf("node/lockfile-out-of-sync", files({}));
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["libs/parser/package.json", "medium"],
    ]);
  });
});
