// Facts pack `node`: package.json manifests, npm/pnpm/yarn lockfiles, tsconfig, test/lint tool configs,
// frameworks, and the packages each JS/TS file imports (from the syntax tree).
import { dirname as posixDirname, join as posixJoin } from "node:path/posix";
import { isTestPath } from "../../repo/path-kind.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import type { AreaFactEntry } from "../repo-facts.js";
import type { DeclaredDependency, EcosystemDependencies } from "../dependencies/types.js";
import { nodeImportsAnalyzer, type ImportKind } from "./imports.js";
import { isObject, parseJsonc, stringMap, type JsonValue } from "./jsonc.js";
import {
  overrideTarget,
  parseNpmLock,
  parsePnpmLock,
  parseYarnLock,
  type NodeLockfile,
} from "./lockfiles.js";
import { parseBunLock } from "./bun-lock.js";
import { packageOfSpecifier } from "./specifiers.js";
import {
  bundlerAliases,
  bundlerExternals,
  bundlerModuleFolders,
  frameworkModules,
  hexProvidedModules,
  importMapSpecifiers,
  type ProvidedModule,
} from "./provided.js";
import { isWorkspaceMember, pnpmWorkspaceGlobs, readInstallSettings } from "./install-settings.js";
import {
  coverageFromJson,
  coverageFromScript,
  isTsConfigPath,
  isViteConfig,
  markSelectedTsConfigs,
  readTsConfig,
  toolOfConfigFile,
  type CoverageSettings,
  type ToolName,
  type TsConfigFacts,
} from "./tooling.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { parentDir } from "../../repo/repo-path.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import { parseNxProject } from "../ci/nx-projects.js";

export type { InstallLayout, NodeLockfile } from "./lockfiles.js";
export type { CoverageSettings, TsConfigFacts, ToolName } from "./tooling.js";

export interface NodeImport {
  /** The package name the specifier resolves to (`lodash/fp` → `lodash`). */
  name: string;
  specifier: string;
  kind: ImportKind;
  path: string;
  line: number;
  isTest: boolean;
}

/** A package the configuration needs although no file imports it (a coverage provider, a test environment). */
export interface ImpliedDependency {
  name: string;
  reason: string;
  path: string;
  line: number;
}

export interface NodePackage {
  manifest: string;
  /** Folder of the package ("" for the repository root). */
  dir: string;
  name: string | null;
  version: string | null;
  private: boolean;
  /** A nameless package.json without dependencies or scripts (`{"type": "module"}` in dist/ or src/): it sets module format only. */
  marker: boolean;
  /** Under a test/fixture path: a sample project, not the product. */
  isTest: boolean;
  scripts: Array<{ name: string; command: string; line: number }>;
  engines: Array<{ name: string; range: string; line: number }>;
  packageManager: string | null;
  workspaces: string[];
  /** Names pinned by `resolutions` (yarn), `overrides` (npm) or `pnpm.overrides`: the lockfile records the override, not the range. */
  overridden: string[];
  /** Names declared only as peerDependencies (the consumer installs them; lockfiles may not list them). */
  peerNames: string[];
  /** Package names imported by the JS/TS files this manifest is the nearest one of. */
  imports: NodeImport[];
  /** Fixed starts of template-string requires/imports (`@ast-grep/lang-`): packages loaded by computed names. */
  dynamicPrefixes: string[];
  /** Declared names referenced by scripts, config files or other non-JS sources (dev tools, plugins). */
  referenced: string[];
  implied: ImpliedDependency[];
  /** Lockfile serving this package (in its folder or an ancestor's), or null. */
  lockfile: string | null;
  /**
   * Lockfile of the install the package's code is built and tested from: `lockfile`, except for an Nx project (a
   * `project.json` with targets beside the package.json) inside an Nx workspace (`nx.json` in an ancestor folder
   * that has a lockfile): Nx runs every target from the workspace root with the root's node_modules, so a lockfile
   * in the project's own folder (left from a publish or an old install) is not what its imports resolve against.
   */
  installLockfile: string | null;
  /**
   * The folder of a workspace whose globs (pnpm-workspace.yaml `packages`, package.json `workspaces`) list this
   * package, or null: a package under a workspace root that no glob lists (a scaffolding template, a fixture) is not
   * installed by the workspace.
   */
  workspaceRoot: string | null;
  /** Modules importable without a declaration: framework aliases, bundler aliases, virtual modules, Hex deps. */
  provided: ProvidedModule[];
}

export interface NodeToolConfig {
  tool: ToolName;
  path: string;
  line: number;
}

export interface NodeFramework {
  name: string;
  version: string | null;
  manifest: string;
  line: number;
}

export interface NodeFacts {
  dependencies: EcosystemDependencies;
  packages: NodePackage[];
  lockfiles: NodeLockfile[];
  /** Lockfiles present only by name: bun.lockb, Bun's binary format (its text bun.lock is read). */
  otherLockfiles: string[];
  tsconfigs: TsConfigFacts[];
  tools: NodeToolConfig[];
  coverage: CoverageSettings[];
  frameworks: NodeFramework[];
  /** tsconfig `paths` patterns and workspace package names: specifiers that are not registry packages. */
  localSpecifiers: { aliases: string[]; workspacePackages: string[] };
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    node: NodeFacts;
  }
}

const DEP_FIELDS = [
  ["dependencies", false],
  ["devDependencies", true],
  ["optionalDependencies", false],
  ["peerDependencies", false],
] as const;

const FRAMEWORKS: Record<string, string> = {
  react: "React",
  next: "Next.js",
  vite: "Vite",
  express: "Express",
  fastify: "Fastify",
  "@nestjs/core": "NestJS",
  koa: "Koa",
  hono: "Hono",
  vue: "Vue",
  svelte: "Svelte",
  "@angular/core": "Angular",
};

/** Executables whose package name differs from the command. */
const BIN_NAMES: Record<string, string[]> = {
  typescript: ["tsc", "tsserver"],
  "@playwright/test": ["playwright"],
  "@biomejs/biome": ["biome"],
  "@vue/cli-service": ["vue-cli-service"],
  "@angular/cli": ["ng"],
  "@nestjs/cli": ["nest"],
  "@changesets/cli": ["changeset"],
  "@storybook/cli": ["storybook"],
  "npm-run-all": ["run-s", "run-p", "npm-run-all"],
  "npm-run-all2": ["run-s", "run-p", "npm-run-all"],
  "@swc/cli": ["swc"],
  "@commitlint/cli": ["commitlint"],
  "ts-node": ["ts-node", "ts-node-esm"],
  "@microsoft/api-extractor": ["api-extractor"],
  prisma: ["prisma"],
};

const dirOf = (path: string): string => parentDir(path, "");
const inDir = (path: string, dir: string): boolean => dir === "" || path.startsWith(`${dir}/`);

/** Short names a tool plugin is referred to by in configs: eslint-plugin-react → react, @scope/eslint-plugin → @scope. */
function aliasesOf(name: string): string[] {
  const out = [name, ...(BIN_NAMES[name] ?? [])];
  const plugin =
    /^(?:(@[^/]+)\/)?(eslint-plugin|eslint-config|prettier-plugin|babel-plugin|babel-preset|remark-|rehype-|postcss-)-?(.*)$/.exec(
      name,
    );
  if (plugin) {
    const scope = plugin[1];
    const rest = plugin[3] ?? "";
    if (rest) out.push(scope ? `${scope}/${rest}` : rest);
    else if (scope) out.push(scope);
  }
  const babel = /^@babel\/(preset|plugin)-(.+)$/.exec(name);
  if (babel?.[2]) out.push(`@babel/${babel[2]}`, babel[2]);
  if (name.startsWith("@") && !plugin) out.push(name.slice(name.indexOf("/") + 1));
  if (/-cli$/.test(name)) out.push(name.replace(/^@[^/]+\//, "").replace(/-cli$/, ""));
  return [...new Set(out.filter((alias) => alias === name || alias.length >= 3))];
}

function mentions(text: string, name: string): boolean {
  const alternatives = aliasesOf(name).map(escapeRegExp).join("|");
  return new RegExp(`(^|[\\s"'\`(/=,:@.])(${alternatives})($|[\\s"'\`)/.,;:@-])`, "m").test(text);
}

interface ParsedManifest {
  pkg: NodePackage;
  declared: DeclaredDependency[];
  jest: CoverageSettings | null;
  tools: NodeToolConfig[];
  /** Top-level fields other than dependencies, as text (configs held in package.json). */
  configText: string;
}

function parseManifest(ctx: CollectContext, path: string): ParsedManifest | null {
  const text = ctx.index.read(path);
  if (text === null) return null;
  let parsed;
  try {
    parsed = parseJsonc(text);
  } catch (error) {
    ctx.diagnose({
      kind: "invalid-config",
      path,
      message: `package.json could not be parsed: ${(error as Error).message}`,
    });
    return null;
  }
  const json = isObject(parsed.value) ? parsed.value : {};
  const declared: DeclaredDependency[] = [];
  for (const [field, dev] of DEP_FIELDS) {
    for (const [name, requirement] of Object.entries(stringMap(json[field]))) {
      if (field === "peerDependencies" && declared.some((d) => d.name === name)) continue;
      declared.push({
        ecosystem: "npm",
        name,
        requirement,
        dev,
        source: sourceOf(requirement, dirOf(path)),
        manifest: path,
        line: parsed.lineOf([field, name]) ?? 1,
      });
    }
  }
  const scripts = Object.entries(stringMap(json.scripts)).map(([name, command]) => ({
    name,
    command,
    line: parsed.lineOf(["scripts", name]) ?? 1,
  }));
  const engines = Object.entries(stringMap(json.engines)).map(([name, range]) => ({
    name,
    range,
    line: parsed.lineOf(["engines", name]) ?? 1,
  }));
  const workspaceValue = json.workspaces;
  const workspaces = Array.isArray(workspaceValue)
    ? workspaceValue.filter((w): w is string => typeof w === "string")
    : isObject(workspaceValue) && Array.isArray(workspaceValue.packages)
      ? workspaceValue.packages.filter((w): w is string => typeof w === "string")
      : [];
  const tools: NodeToolConfig[] = [];
  for (const [key, tool] of [
    ["eslintConfig", "eslint"],
    ["prettier", "prettier"],
    ["jest", "jest"],
  ] as const) {
    if (json[key] !== undefined) tools.push({ tool, path, line: parsed.lineOf([key]) ?? 1 });
  }
  const jest = json.jest !== undefined ? coverageFromJson(path, json.jest, parsed.lineOf, ["jest"]) : null;
  const configText = Object.entries(json)
    .filter(
      ([key]) =>
        !DEP_FIELDS.some(([field]) => field === key) &&
        !["name", "version", "description", "repository", "homepage", "bugs", "author", "keywords"].includes(
          key,
        ),
    )
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join("\n");
  const pkg: NodePackage = {
    manifest: path,
    dir: dirOf(path),
    name: typeof json.name === "string" ? json.name : null,
    version: typeof json.version === "string" ? json.version : null,
    private: json.private === true,
    isTest: isTestPath(path),
    marker: typeof json.name !== "string" && declared.length === 0 && scripts.length === 0,
    scripts,
    engines,
    packageManager: typeof json.packageManager === "string" ? json.packageManager : null,
    workspaces,
    peerNames: Object.keys(stringMap(json.peerDependencies)).filter(
      (name) =>
        !declared.some(
          (d) => d.name === name && d.line !== (parsed.lineOf(["peerDependencies", name]) ?? -1),
        ),
    ),
    overridden: overriddenNames(json),
    imports: [],
    dynamicPrefixes: [],
    referenced: [],
    implied: [],
    lockfile: null,
    installLockfile: null,
    workspaceRoot: null,
    provided: [],
  };
  return { pkg, declared, jest, tools, configText };
}

function overriddenNames(json: { [key: string]: JsonValue }): string[] {
  const maps = [json.resolutions, json.overrides, isObject(json.pnpm) ? json.pnpm.overrides : undefined];
  const names = new Set<string>();
  for (const map of maps)
    if (isObject(map)) for (const key of Object.keys(map)) names.add(overrideTarget(key));
  return [...names].sort();
}

function sourceOf(requirement: string, dir: string): DeclaredDependency["source"] {
  const file = /^(file|link|portal):(.+)$/.exec(requirement);
  if (file?.[2]) return { kind: "path", path: dir ? `${dir}/${file[2]}` : file[2] };
  if (/^(git\+|git:|github:|https?:\/\/.*\.git)|^[\w.-]+\/[\w.-]+(#.*)?$/.test(requirement)) {
    const ref = requirement.includes("#") ? requirement.slice(requirement.indexOf("#") + 1) : null;
    return {
      kind: "git",
      url: requirement.replace(/#.*$/, ""),
      pinned: ref !== null && /^[0-9a-f]{7,40}$/.test(ref),
      ref,
    };
  }
  return { kind: "registry" };
}

function readLockfile(ctx: CollectContext, path: string): NodeLockfile | null {
  const text = ctx.index.read(path);
  if (text === null) return null;
  const name = path.slice(path.lastIndexOf("/") + 1);
  try {
    if (name === "package-lock.json" || name === "npm-shrinkwrap.json")
      return parseNpmLock(path, dirOf(path), text);
    if (name === "pnpm-lock.yaml") return parsePnpmLock(path, dirOf(path), text);
    if (name === "yarn.lock") return parseYarnLock(path, dirOf(path), text);
    if (name === "bun.lock") return parseBunLock(path, dirOf(path), text);
  } catch (error) {
    ctx.diagnose({
      kind: "invalid-config",
      path,
      message: `lockfile could not be parsed: ${(error as Error).message}`,
    });
  }
  return null;
}

/** The package manager that writes each lockfile kind (as named in `packageManager`). */
const MANAGER_OF_KIND: Record<NodeLockfile["kind"], string> = {
  npm: "npm",
  pnpm: "pnpm",
  "yarn-classic": "yarn",
  "yarn-berry": "yarn",
  bun: "bun",
};
const LOCK_NAMES = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lock)$/;
const CONFIG_NAME =
  /(^|\/)(\.[^/]+|project\.json|nx\.json|angular\.json|vercel\.json|[^/]*\.config\.json|\.github\/workflows\/[^/]+|Makefile|Dockerfile[^/]*|[^/]*\.sh|[^/]*\.config\.[cm]?[jt]s|[^/]*rc(\.[a-z]+)?|tsconfig[^/]*\.json|pnpm-workspace\.yaml|turbo\.json|nx\.json|\.husky\/[^/]+)$/;
/** Config files: by name anywhere, or any JSON/YAML/TOML file beside a package.json (jest.json, nodemon.json, nestconfig.json). */
function isConfigLike(path: string, packageDirs: ReadonlySet<string>): boolean {
  if (CONFIG_NAME.test(path)) return true;
  return (
    /\.(json|jsonc|ya?ml|toml)$/.test(path) && !path.endsWith("package.json") && packageDirs.has(dirOf(path))
  );
}
const NON_JS_SOURCES = new Set(["vue", "svelte", "css", "scss", "html"]);

/**
 * Bundler and framework configs whose `alias` maps make bare specifiers resolve to something else: their config
 * files, an esbuild build script (`build.js`, `esbuild.mjs`, with an alias plugin), and Storybook's `main.js`.
 */
const ALIAS_CONFIG =
  /(^|\/)((vite|vitest|nuxt|svelte|astro|next|rollup|rsbuild|quasar)\.config|webpack[^/]*|esbuild[^/]*|build|\.storybook\/main)\.[cm]?[jt]s(\.(tmpl|tpl|template))?$/;

/** Pages and server templates that may hold a `<script type="importmap">`, and import-map JSON files. */
const IMPORT_MAP_PAGE =
  /\.(html?|jinja2?|j2|njk|hbs|handlebars|mustache|ejs|erb|twig|heex|eex|leex|php|cshtml|liquid|tmpl|gohtml|astro)$/;
const IMPORT_MAP_JSON = /(^|\/)(importmap|import[-_]map)\.json$/;

export const nodeCollector = defineCollector({
  id: "node",
  // Phoenix assets import Hex packages from deps/ (see provided.ts).
  dependsOn: ["elixir"],
  collect(ctx) {
    const manifests = ctx.index
      .paths((path) => path === "package.json" || path.endsWith("/package.json"))
      .map((path) => parseManifest(ctx, path))
      .filter((m): m is ParsedManifest => m !== null);
    const lockfiles = ctx.index
      .paths((path) => LOCK_NAMES.test(path))
      .map((path) => readLockfile(ctx, path))
      .filter((l): l is NodeLockfile => l !== null);
    const otherLockfiles = ctx.index.paths((path) => /(^|\/)bun\.lockb$/.test(path));
    const packages = manifests.map((m) => m.pkg);
    const packageDirs = new Set(packages.map((pkg) => pkg.dir));
    /** The package manager a folder declares: its package.json `packageManager` (name before `@`), else pnpm when a pnpm-workspace.yaml sits there. */
    const declaredManager = (dir: string): string | null => {
      const own = packages.find((p) => p.dir === dir && p.packageManager);
      const named = own?.packageManager ? /^([a-z]+)@/.exec(own.packageManager)?.[1] : undefined;
      if (named) return named;
      return ctx.index.has(dir ? `${dir}/pnpm-workspace.yaml` : "pnpm-workspace.yaml") ? "pnpm" : null;
    };
    const nearest = (path: string): NodePackage | null => {
      let best: NodePackage | null = null;
      for (const pkg of packages)
        if (!pkg.marker && inDir(path, pkg.dir) && (!best || pkg.dir.length > best.dir.length)) best = pkg;
      return best;
    };
    const candidates = [
      ...lockfiles.map((l) => ({ path: l.path, dir: l.dir, manager: MANAGER_OF_KIND[l.kind] })),
      ...otherLockfiles.map((path) => ({ path, dir: dirOf(path), manager: "bun" })),
    ];
    // An Nx project (project.json with targets beside its package.json) of an Nx workspace (nx.json in an ancestor
    // folder with a lockfile): Nx builds it from the workspace root's install.
    const nxWorkspaceLockfile = (pkg: NodePackage): string | null => {
      if (pkg.dir === "" || !parseNxProject(ctx.index.read(`${pkg.dir}/project.json`), pkg.dir)) return null;
      const roots = candidates
        .filter((l) => l.dir !== pkg.dir && inDir(pkg.manifest, l.dir))
        .filter((l) => ctx.index.has(l.dir ? `${l.dir}/nx.json` : "nx.json"))
        .sort((a, b) => b.dir.length - a.dir.length);
      return roots[0]?.path ?? null;
    };
    // A member of a workspace (pnpm-workspace.yaml `packages`, package.json `workspaces`) installs from the
    // workspace root's lockfile: pnpm, npm and yarn ignore a lockfile left in the member's own folder.
    const workspaceLockfile = (pkg: NodePackage): string | null => {
      const roots = candidates
        .filter((l) => l.dir !== pkg.dir && inDir(pkg.manifest, l.dir))
        .sort((a, b) => b.dir.length - a.dir.length);
      for (const root of roots) {
        const relative = root.dir ? pkg.dir.slice(root.dir.length + 1) : pkg.dir;
        const globs =
          root.manager === "pnpm"
            ? pnpmWorkspaceGlobs(
                ctx.index.read(root.dir ? `${root.dir}/pnpm-workspace.yaml` : "pnpm-workspace.yaml"),
              )
            : (packages.find((p) => p.dir === root.dir)?.workspaces ?? []);
        if (isWorkspaceMember(relative, globs)) return root.path;
      }
      return null;
    };
    /** Whether the lockfile's folder is a workspace root (pnpm-workspace.yaml, or package.json `workspaces`). */
    const workspaceGlobsAt = (dir: string): string[] => [
      ...pnpmWorkspaceGlobs(ctx.index.read(dir ? `${dir}/pnpm-workspace.yaml` : "pnpm-workspace.yaml")),
      ...(packages.find((p) => p.dir === dir)?.workspaces ?? []),
    ];
    for (const pkg of packages) {
      const reachable = candidates
        .filter((l) => inDir(pkg.manifest, l.dir) && (!pkg.isTest || isTestPath(l.path)))
        .sort((a, b) => b.dir.length - a.dir.length);
      const closest = reachable.filter((l) => l.dir === reachable[0]?.dir);
      // Two lockfiles in one folder: the install uses the one of the package manager the folder declares
      // (`packageManager`, or a pnpm-workspace.yaml); the other is a leftover, judged by node/multiple-lockfiles.
      const manager = closest.length > 1 ? declaredManager(closest[0]?.dir ?? "") : null;
      const lock = closest.find((l) => manager !== null && l.manager === manager) ?? closest[0];
      pkg.lockfile = lock?.path ?? null;
      const member = workspaceLockfile(pkg);
      pkg.installLockfile = nxWorkspaceLockfile(pkg) ?? member ?? pkg.lockfile;
      const lockDir = lock?.dir ?? null;
      pkg.workspaceRoot =
        member !== null
          ? dirOf(member)
          : lockDir !== null && lockDir === pkg.dir && workspaceGlobsAt(lockDir).length > 0
            ? lockDir
            : null;
    }
    for (const lock of lockfiles) {
      const settings = readInstallSettings(lock.kind, lock.dir, (path) => ctx.index.read(path));
      if (settings.layout) {
        lock.layout = settings.layout.value;
        lock.layoutSetting = { path: settings.layout.path, line: settings.layout.line };
      }
      lock.overridden = [...new Set([...lock.overridden, ...settings.overridden])].sort();
      if (settings.publicHoistPatterns.length > 0) lock.publicHoistPatterns = settings.publicHoistPatterns;
    }

    // tsconfig
    const exists = (path: string): boolean => ctx.index.has(path);
    const diagnose = (path: string, message: string): void =>
      ctx.diagnose({ kind: "invalid-config", path, message });
    const tsconfigs = ctx.index
      .paths(isTsConfigPath)
      .map((path) => readTsConfig(path, (p) => ctx.index.read(p), exists, diagnose))
      .filter((t): t is TsConfigFacts => t !== null);
    markSelectedTsConfigs(
      tsconfigs,
      (test) => ctx.index.paths(test),
      (p) => ctx.index.read(p),
    );
    const aliases = new Set<string>();
    for (const ts of tsconfigs) {
      const paths = ts.compilerOptions.paths;
      if (isObject(paths)) for (const key of Object.keys(paths)) aliases.add(key);
      // With `baseUrl`, `src/state` resolves to <baseUrl>/src/state: every top-level name there is local.
      const baseUrl = ts.compilerOptions.baseUrl;
      if (typeof baseUrl === "string")
        for (const name of topLevelNames(ctx.index, posixJoin(posixDirname(ts.path), baseUrl)))
          aliases.add(`${name}/*`).add(name);
    }

    // tool configs and coverage
    const tools: NodeToolConfig[] = manifests.flatMap((m) => m.tools);
    const coverage: CoverageSettings[] = manifests.flatMap((m) => (m.jest ? [m.jest] : []));
    for (const path of ctx.index.paths((p) => toolOfConfigFile(p) !== null || isViteConfig(p))) {
      const tool = toolOfConfigFile(path);
      if (tool) tools.push({ tool, path, line: 1 });
      if (tool !== "vitest" && tool !== "jest" && !isViteConfig(path)) continue;
      const text = ctx.index.read(path) ?? "";
      try {
        if (path.endsWith(".json")) {
          const parsed = parseJsonc(text);
          coverage.push(coverageFromJson(path, parsed.value, parsed.lineOf, []));
        } else {
          const settings = coverageFromScript(tool === "jest" ? "jest" : "vitest", path, text);
          if (settings) {
            coverage.push(settings);
            if (!tool) tools.push({ tool: "vitest", path, line: settings.line });
          }
        }
      } catch (error) {
        diagnose(path, `test config could not be read: ${(error as Error).message}`);
      }
    }
    tools.sort((a, b) => compareCodeUnits(a.path, b.path));

    // imports, by nearest manifest
    for (const { file, value } of ctx.fileFacts(nodeImportsAnalyzer)) {
      const pkg = nearest(file.path);
      if (!pkg) continue;
      for (const site of value) {
        if (site.kind === "prefix") {
          if (!pkg.dynamicPrefixes.includes(site.specifier)) pkg.dynamicPrefixes.push(site.specifier);
          continue;
        }
        const name = packageOfSpecifier(site.specifier);
        if (name)
          pkg.imports.push({
            name,
            specifier: site.specifier,
            kind: site.kind,
            path: file.path,
            line: site.line,
            isTest: file.isTest,
          });
      }
    }

    // modules provided without a declaration
    const declaredIn = new Map<string, string[]>();
    for (const m of manifests)
      declaredIn.set(
        m.pkg.manifest,
        m.declared.map((d) => d.name),
      );
    // deps/ holds every package mix.lock locks, declared or not: all of them resolve through NODE_PATH.
    const hexDeps = [
      ...(ctx.facts.elixir?.dependencies.declared ?? []).map((d) => ({ name: d.name, file: d.manifest })),
      ...(ctx.facts.elixir?.dependencies.locked ?? []).map((d) => ({ name: d.name, file: d.lockfile })),
    ];
    const aliasConfigs = ctx.index.paths((path) => ALIAS_CONFIG.test(path) && !isTestPath(path));
    // Browser import maps in the repository's pages and server templates: the page resolves those bare specifiers.
    const importMapped: ProvidedModule[] = [];
    for (const path of ctx.index.paths(
      (p) => (IMPORT_MAP_PAGE.test(p) || IMPORT_MAP_JSON.test(p)) && !isTestPath(p),
    )) {
      const text = ctx.index.read(path) ?? "";
      if (!text.includes("imports")) continue;
      for (const key of importMapSpecifiers(text, IMPORT_MAP_JSON.test(path)))
        importMapped.push({
          pattern: key.endsWith("/") ? `${key}*` : key,
          by: `the import map in ${path}`,
        });
    }
    for (const pkg of packages) {
      const sharing = packages.filter(
        (other) => other === pkg || (inDir(pkg.manifest, other.dir) && other.lockfile === pkg.lockfile),
      );
      const provided: ProvidedModule[] = frameworkModules(
        sharing.flatMap((other) => declaredIn.get(other.manifest) ?? []),
      );
      // A package with no bundler configuration of its own (a plugin folder with a package.json for a dependency
      // or two) is compiled by the build of the package it sits in, so that build's aliases and externals apply.
      const ownConfigs = aliasConfigs.filter((path) => nearest(path) === pkg);
      const configs =
        ownConfigs.length > 0
          ? ownConfigs
          : aliasConfigs.filter((path) => {
              const owner = nearest(path);
              return owner !== null && owner !== pkg && sharing.includes(owner);
            });
      for (const config of configs) {
        const configText = ctx.index.read(config) ?? "";
        for (const alias of bundlerAliases(configText))
          provided.push(
            { pattern: alias, by: `an alias in ${config}` },
            { pattern: `${alias.replace(/\/$/, "")}/*`, by: `an alias in ${config}` },
          );
        // webpack `externals`: the page provides them (a global, an AMD or SystemJS module) at run time.
        for (const external of bundlerExternals(configText))
          provided.push(
            { pattern: external, by: `an external in ${config}` },
            { pattern: `${external}/*`, by: `an external in ${config}` },
          );
        // webpack `resolve.modules`: `views/x` resolves to <folder>/views/x, like a tsconfig baseUrl.
        for (const folder of bundlerModuleFolders(configText))
          for (const name of topLevelNames(ctx.index, posixJoin(posixDirname(config), folder)))
            provided.push(
              { pattern: name, by: `resolve.modules in ${config}` },
              { pattern: `${name}/*`, by: `resolve.modules in ${config}` },
            );
      }
      provided.push(...importMapped);
      provided.push(
        ...hexProvidedModules(
          new Set(hexDeps.filter((dep) => inDir(pkg.manifest, dirOf(dep.file))).map((dep) => dep.name)),
        ),
      );
      pkg.provided = provided;
    }

    // configuration that needs packages nobody imports
    for (const settings of coverage) {
      const pkg = nearest(settings.path);
      if (!pkg) continue;
      const imply = (name: string, reason: string, line: number): void => {
        pkg.implied.push({ name, reason, path: settings.path, line });
      };
      if (settings.tool === "vitest") {
        const provider = settings.provider ?? null;
        if (provider === "v8" || provider === "istanbul")
          imply(`@vitest/coverage-${provider}`, `coverage provider "${provider}"`, settings.line);
        if (settings.environment === "jsdom" || settings.environment === "happy-dom")
          imply(settings.environment, `test environment "${settings.environment}"`, settings.line);
      } else {
        if (settings.environment === "jsdom")
          imply("jest-environment-jsdom", 'testEnvironment "jsdom"', settings.line);
        if (settings.preset === "ts-jest") imply("ts-jest", 'preset "ts-jest"', settings.line);
      }
    }

    // names referenced outside imports: scripts, config files, package.json tool sections, non-JS sources
    const declared = manifests.flatMap((m) => m.declared);
    const otherTexts = ctx.index
      .paths(
        (path) =>
          (isConfigLike(path, packageDirs) && !LOCK_NAMES.test(path)) ||
          NON_JS_SOURCES.has(ctx.index.file(path)?.language ?? "text"),
      )
      .filter((path) => (ctx.index.file(path)?.size ?? 0) < 512 * 1024);
    for (const manifest of manifests) {
      const { pkg } = manifest;
      const ownPaths = otherTexts.filter((path) => nearest(path) === pkg);
      // File names count too (`.prettierrc`, `jest.json`), then every config text, searched as one haystack.
      const haystack = [
        manifest.configText,
        ownPaths.join("\n"),
        ...ownPaths.map((path) => ctx.index.read(path) ?? ""),
      ].join("\n");
      const ownDeclared = declared.filter((d) => d.manifest === pkg.manifest);
      const imported = new Set(pkg.imports.map((i) => i.name));
      for (const dep of ownDeclared) {
        if (imported.has(dep.name)) continue;
        if (mentions(haystack, dep.name)) pkg.referenced.push(dep.name);
      }
    }

    const frameworks: NodeFramework[] = declared
      .filter((d) => FRAMEWORKS[d.name] !== undefined && !isTestPath(d.manifest))
      .map((d) => ({
        name: FRAMEWORKS[d.name] ?? d.name,
        version: d.requirement,
        manifest: d.manifest,
        line: d.line,
      }));

    return {
      dependencies: {
        manifests: packages.map((p) => p.manifest),
        lockfiles: lockfiles.map((l) => l.path),
        declared,
        locked: lockfiles.flatMap((l) => l.packages),
      },
      packages,
      lockfiles,
      otherLockfiles,
      tsconfigs,
      tools,
      coverage,
      frameworks,
      localSpecifiers: {
        aliases: [...aliases].sort(),
        workspacePackages: packages.map((p) => p.name).filter((n): n is string => n !== null),
      },
    };
  },
});

/** Names of the files (without extension) and folders directly under a folder of the repository. */
function topLevelNames(index: CollectContext["index"], folder: string): string[] {
  const prefix = folder === "." || folder === "" ? "" : `${folder.replace(/\/$/, "")}/`;
  const names = new Set<string>();
  for (const file of index.files) {
    if (!file.path.startsWith(prefix) || file.skip === "skipped-vendored") continue;
    const first = file.path.slice(prefix.length).split("/")[0];
    if (first && !first.startsWith(".") && first !== "node_modules")
      names.add(first.replace(/\.[cm]?[jt]sx?$/, ""));
  }
  return [...names];
}

/** Whether an import specifier is a tsconfig path alias (`@app/*`, `~lib`). */
export function matchesAlias(specifier: string, aliases: readonly string[]): boolean {
  return aliases.some((alias) =>
    alias.endsWith("*") ? specifier.startsWith(alias.slice(0, -1)) : specifier === alias,
  );
}

function describeNode(facts: { node: NodeFacts }): AreaFactEntry[] {
  const node = facts.node;
  if (node.packages.length === 0) return [];
  const out: AreaFactEntry[] = [];
  const loc = (path: string, line: number) => ({ path, startLine: line, endLine: line });
  const products = node.packages.filter((p) => !p.isTest && !p.marker);
  for (const pkg of products) {
    const deps = node.dependencies.declared.filter((d) => d.manifest === pkg.manifest);
    const dev = deps.filter((d) => d.dev).length;
    out.push({
      area: "dependencies",
      label: `npm package ${pkg.name ?? pkg.manifest}`,
      value: `${deps.length - dev} dependencies, ${dev} devDependencies; lockfile: ${pkg.lockfile ?? "none"}`,
      location: loc(pkg.manifest, 1),
    });
    for (const engine of pkg.engines)
      out.push({
        area: "build",
        label: `engines.${engine.name} (${pkg.manifest})`,
        value: engine.range,
        location: loc(pkg.manifest, engine.line),
      });
    if (pkg.packageManager)
      out.push({
        area: "build",
        label: `packageManager (${pkg.manifest})`,
        value: pkg.packageManager,
        location: loc(pkg.manifest, 1),
      });
    if (pkg.workspaces.length > 0)
      out.push({
        area: "build",
        label: `workspaces (${pkg.manifest})`,
        value: pkg.workspaces.join(", "),
        location: loc(pkg.manifest, 1),
      });
    if (pkg.scripts.length > 0)
      out.push({
        area: "build",
        label: `npm scripts (${pkg.manifest})`,
        value: pkg.scripts.map((s) => s.name).join(", "),
        location: loc(pkg.manifest, pkg.scripts[0]?.line ?? 1),
      });
  }
  for (const lock of node.lockfiles) {
    out.push({
      area: "dependencies",
      label: `Lockfile ${lock.path}`,
      value: `${lock.kind}${lock.version ? ` v${lock.version}` : ""}, ${lock.packages.length} packages locked`,
      location: loc(lock.path, 1),
    });
  }
  for (const ts of node.tsconfigs.filter((t) => !isTestPath(t.path))) {
    const flags = [
      "strict",
      "noImplicitAny",
      "strictNullChecks",
      "noUncheckedIndexedAccess",
      "exactOptionalPropertyTypes",
    ]
      .filter((flag) => ts.compilerOptions[flag] !== undefined)
      .map((flag) => `${flag}: ${JSON.stringify(ts.compilerOptions[flag])}`);
    const strictAt = ts.optionSources.strict;
    out.push({
      area: "lint",
      label: `tsconfig ${ts.path}`,
      value: `${flags.length > 0 ? flags.join(", ") : "no strictness flags"}${ts.extends.length > 0 ? `; extends ${ts.extends.join(", ")}` : ""}`,
      location: strictAt ? loc(strictAt.path, strictAt.line) : loc(ts.path, 1),
    });
  }
  for (const tool of node.tools.filter((t) => !isTestPath(t.path))) {
    const area = tool.tool === "eslint" || tool.tool === "prettier" ? "lint" : "tests";
    out.push({ area, label: `${tool.tool} config`, value: tool.path, location: loc(tool.path, tool.line) });
  }
  for (const cov of node.coverage.filter((c) => !isTestPath(c.path))) {
    const thresholds = Object.entries(cov.thresholds).map(([k, v]) => `${k} ${v}%`);
    out.push({
      area: "tests",
      label: `${cov.tool} coverage (${cov.path})`,
      value: `provider ${cov.provider ?? "default"}; thresholds ${thresholds.length > 0 ? thresholds.join(", ") : "none"}`,
      location: loc(cov.path, cov.thresholdsLine ?? cov.line),
    });
  }
  for (const fw of node.frameworks)
    out.push({
      area: "web",
      label: `Framework ${fw.name}`,
      value: `${fw.version ?? "?"} (${fw.manifest})`,
      location: loc(fw.manifest, fw.line),
    });
  return out;
}

export default definePack({
  name: "node",
  analyzers: [nodeImportsAnalyzer],
  collectors: [nodeCollector],
  describe: (facts) => (facts.node ? describeNode(facts) : []),
});

export type { JsonValue };
