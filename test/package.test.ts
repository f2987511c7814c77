// What `npm pack` ships: the CLI, the built library with its types, schemas, rule docs, README and LICENSE —
// never tests, fixtures or sources; and the package.json fields a registry page and a consumer need.
import { execFileSync } from "node:child_process";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;

describe("npm package", () => {
  it("packs the CLI, library, types, schemas, docs, README and LICENSE, and no tests or fixtures", () => {
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: root,
        encoding: "utf8",
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = (packed[0]?.files ?? []).map((file) => file.path);
    for (const required of [
      "LICENSE",
      "README.md",
      "package.json",
      "bin/codeaudit.js",
      "schema/config.schema.json",
      "schema/audit.schema.json",
      "docs/rules/generic/god-file.md",
    ])
      expect(files, required).toContain(required);
    if (existsSync(join(root, "dist", "index.js")))
      for (const built of ["dist/index.js", "dist/index.d.ts", "dist/cli/main.js"])
        expect(files, built).toContain(built);
    const shippedByMistake = files.filter(
      (path) =>
        /(^|\/)(test|tests|__golden__|fixtures|hostile)\//.test(
          path.replace(/^(dist\/(facts|rules)|docs\/rules)\/tests\//, ""),
        ) ||
        /\.test\.(js|ts|d\.ts)$/.test(path) ||
        path.startsWith("src/") ||
        path.startsWith("bench/") ||
        path.startsWith(".ci/"),
    );
    expect(shippedByMistake).toEqual([]);
  });

  it("declares licence, repository, homepage, bugs and an exports map whose targets exist after a build", () => {
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect((pkg.repository as { url?: string }).url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect((pkg.bugs as { url?: string }).url).toMatch(/^https:\/\//);
    const exported = pkg.exports as Record<string, { types: string; import: string } | string>;
    const main = exported["."] as { types: string; import: string };
    expect(main.types).toBe(pkg.types);
    expect(main.import).toBe(pkg.main);
    const dependencies = Object.keys(pkg.dependencies as Record<string, string>);
    expect(dependencies).not.toContain("sql.js");
  });

  it("installs only the core grammars; the others are optional peers a development checkout still installs", () => {
    const grammars = (deps: unknown) =>
      Object.keys((deps ?? {}) as Record<string, string>).filter((n) => n.startsWith("@ast-grep/lang-"));
    expect(grammars(pkg.dependencies).sort()).toEqual(
      ["bash", "elixir", "go", "python", "toml", "yaml"].map((l) => `@ast-grep/lang-${l}`),
    );
    const optional = grammars(pkg.peerDependencies);
    expect(optional.length).toBe(10);
    const meta = pkg.peerDependenciesMeta as Record<string, { optional?: boolean }>;
    for (const name of optional) {
      expect(meta[name]?.optional, name).toBe(true);
      expect(grammars(pkg.devDependencies), name).toContain(name);
    }
  });

  // A clone installed with `npm ci --omit=dev` has no compiler: the install must not fail on `prepare`, and the
  // CLI must say what to do instead of trying a build that cannot work.
  it("a clone without dev dependencies installs, and the CLI says how to build instead of crashing", () => {
    const clone = mkdtempSync(join(tmpdir(), "codeaudit-omit-dev-"));
    try {
      mkdirSync(join(clone, "scripts"));
      mkdirSync(join(clone, "bin"));
      copyFileSync(join(root, "scripts", "prepare.mjs"), join(clone, "scripts", "prepare.mjs"));
      copyFileSync(join(root, "bin", "codeaudit.js"), join(clone, "bin", "codeaudit.js"));
      const prepare = spawnSync(process.execPath, ["scripts/prepare.mjs"], { cwd: clone, encoding: "utf8" });
      expect(prepare.status).toBe(0);
      expect(prepare.stderr).toContain("dev dependencies omitted");
      const cli = spawnSync(process.execPath, ["bin/codeaudit.js", "audit", "."], {
        cwd: clone,
        encoding: "utf8",
      });
      expect(cli.status).toBe(2);
      expect(cli.stderr).toContain("Run `npm ci`");
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
