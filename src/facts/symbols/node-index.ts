// The TS/JS symbol index: import specifiers resolved to the repository's files (relative paths with TypeScript's
// extension rules, tsconfig `paths`/`baseUrl`, workspace packages and their `exports`/`main`), imported names
// checked against what the target exports (following `export { } from` and `export *`), exports nothing
// imports, and files nothing imports that are no entry point (package.json fields and scripts, HTML script tags,
// framework conventions, tests, configuration). Targets whose exports are unknowable (CommonJS, `export =`,
// `export *` from a package, a syntax error) leave the names imported from them undecided.
import { posix } from "node:path";
import type { RepoIndex } from "../../repo/repo-index.js";
import { parentDir } from "../../repo/repo-path.js";
import { isTestPath } from "../../repo/path-kind.js";
import { isToolingPath } from "../node/ast.js";
import type { FileSummary } from "../repo-facts.js";
import type { TsConfigFacts } from "../node/tooling.js";
import type { NodeImportSite, NodeSymbolFile } from "./node-file.js";
import { nodeClassFamilies, type FileResolver } from "./node-classes.js";
import {
  bySite,
  compareText,
  nearbyNames,
  UnknownTally,
  type BareResolution,
  type EcosystemSymbols,
  type UnreferencedDefinition,
  type UnresolvedReference,
} from "./model.js";

export interface NodeWorkspacePackage {
  /** Folder ("" for the repository root). */
  dir: string;
  name: string | null;
  manifest: string;
  scripts: Array<{ name: string; command: string }>;
}

interface Indexed {
  path: string;
  isTest: boolean;
  syntaxError: boolean;
  facts: NodeSymbolFile;
}

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** Files that import modules without being TS/JS themselves: their imports make files used. */
const COMPONENT_FILES = /\.(vue|svelte|astro|mdx|html)$/;

type Resolution =
  { kind: "file"; path: string; guessed?: true } | { kind: "external" } | { kind: "unknown"; why: string };

/** The files an import can name: every indexed file but vendored copies. */
const resolvablePaths = (index: RepoIndex): Set<string> =>
  new Set(index.files.filter((f) => f.skip !== "skipped-vendored").map((f) => f.path));

/**
 * The index's module resolution as a function (relative paths with TypeScript's extension rules, tsconfig `paths` and
 * `baseUrl` of the configuration governing the importer, workspace packages): the repository file a specifier names
 * from an importer, or null (a package outside the repository, or nothing found). For facts packs that follow
 * imports across files (routers mounted from other modules) so they resolve as the symbol index does.
 */
export function nodeFileResolver(
  index: RepoIndex,
  tsconfigs: TsConfigFacts[],
  packages: NodeWorkspacePackage[],
): FileResolver {
  const resolver = new SpecifierResolver(resolvablePaths(index), tsconfigs, packages, index);
  return (specifier, importer) => {
    const resolution = resolver.resolve(specifier, importer);
    return resolution.kind === "file" ? resolution.path : null;
  };
}

/**
 * Names a Babel plugin adds to every module it compiles, so that tests can import them though no source file exports
 * them: babel-plugin-mockable-imports adds `$imports` (the module's imports, to mock), babel-plugin-rewire its rewiring
 * API. They count only where a package of the repository declares the plugin.
 */
const INJECTED_EXPORTS: ReadonlyArray<{ plugin: string; names: readonly string[] }> = [
  { plugin: "babel-plugin-mockable-imports", names: ["$imports"] },
  {
    plugin: "babel-plugin-rewire",
    names: [
      "__Rewire__",
      "__ResetDependency__",
      "__GetDependency__",
      "__RewireAPI__",
      "__get__",
      "__set__",
      "__reset__",
      "__with__",
    ],
  },
];

function injectedExports(index: RepoIndex, packages: NodeWorkspacePackage[]): Set<string> {
  const names = new Set<string>();
  for (const pkg of packages) {
    const manifest = objectIn(safeJson(index.read(pkg.manifest)));
    for (const field of ["dependencies", "devDependencies"] as const) {
      const declared = objectIn(manifest[field]);
      for (const { plugin, names: added } of INJECTED_EXPORTS)
        if (declared[plugin] !== undefined) for (const name of added) names.add(name);
    }
  }
  return names;
}

function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function buildNodeSymbols(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: NodeSymbolFile }>,
  tsconfigs: TsConfigFacts[],
  packages: NodeWorkspacePackage[],
): EcosystemSymbols {
  const unknown = new UnknownTally();
  const byPath = new Map<string, Indexed>();
  for (const { file, value } of files)
    byPath.set(file.path, {
      path: file.path,
      isTest: file.isTest,
      syntaxError: file.syntaxErrorLine !== undefined,
      facts: value,
    });
  const allPaths = resolvablePaths(index);
  const resolver = new SpecifierResolver(allPaths, tsconfigs, packages, index);

  // Importers that are not TS/JS (Vue, Svelte, Astro, MDX, HTML files).
  const componentImports: Array<{ path: string; sites: NodeImportSite[] }> = [];
  for (const file of index.files) {
    if (!COMPONENT_FILES.test(file.path) || file.skip !== null) continue;
    const text = index.read(file.path);
    if (text !== null) componentImports.push({ path: file.path, sites: importsFromText(text, file.path) });
  }

  const injected = injectedExports(index, packages);
  const unresolved: UnresolvedReference[] = [];
  const usage = new UsageGraph();
  let references = 0;
  const importers: Array<{
    path: string;
    isTest: boolean;
    sites: Array<NodeImportSite & { reexport?: true }>;
    checked: boolean;
  }> = [
    ...[...byPath.values()].map((file) => ({
      path: file.path,
      isTest: file.isTest,
      sites: [
        ...file.facts.imports,
        // `export { a } from "./x"` must find `a` in x like an import does; `export *` is followed by findExport.
        ...file.facts.reexports.flatMap((reexport) =>
          reexport.names
            ? [
                {
                  specifier: reexport.specifier,
                  kind: "names" as const,
                  names: reexport.names.map(([from]): [string, number] => [from, reexport.line]),
                  line: reexport.line,
                  typeOnly: false,
                  reexport: true as const,
                },
              ]
            : [],
        ),
      ],
      checked: !file.syntaxError,
    })),
    ...componentImports.map((entry) => ({
      path: entry.path,
      isTest: isTestPath(entry.path),
      sites: entry.sites,
      checked: false,
    })),
  ];
  // A `.js`/`.ts` file is CommonJS unless the nearest package.json says `"type": "module"`.
  const moduleTypeOf = new Map<string, boolean>();
  const loadsAsCommonJs = (path: string): boolean => {
    if (/\.(?:cjs|cts)$/.test(path)) return true;
    if (!/\.(?:js|jsx|ts|tsx)$/.test(path)) return false;
    for (let dir = parentDir(path, ""); ; dir = parentDir(dir, "")) {
      const manifest = dir === "" ? "package.json" : `${dir}/package.json`;
      if (!moduleTypeOf.has(manifest) && index.file(manifest))
        moduleTypeOf.set(manifest, objectIn(safeJson(index.read(manifest))).type !== "module");
      const commonJs = moduleTypeOf.get(manifest);
      if (commonJs !== undefined) return commonJs;
      if (dir === "") return true;
    }
  };
  const bareSpecifiers: Record<string, Record<string, BareResolution>> = {};
  for (const importer of importers) {
    for (const site of importer.sites) {
      const resolution = resolver.resolve(site.specifier, importer.path);
      if (!/^[./]/.test(site.specifier))
        (bareSpecifiers[importer.path] ??= {})[site.specifier] =
          resolution.kind === "file" ? "file" : resolution.kind === "unknown" ? "alias" : "package";
      if (resolution.kind !== "file") {
        if (resolution.kind === "unknown")
          unknown.add(resolution.why, { path: importer.path, line: site.line });
        continue;
      }
      const isReexport = site.reexport === true;
      usage.link(importer.path, resolution.path);
      const target = byPath.get(resolution.path);
      // A file found by guessing an undeclared alias is used, but its names are not checked against it.
      if (site.kind !== "names" || !target || resolution.guessed) {
        usage.use(importer.path, resolution.path, "*");
        continue;
      }
      // An ES module (`.mts`, `.mjs`) importing a file Node loads as CommonJS gets its `module.exports` as the
      // default binding (tsx and TypeScript's node16/nodenext model the same), whatever the file exports.
      const defaultIsModuleExports = /\.m[jt]s$/.test(importer.path) && loadsAsCommonJs(resolution.path);
      for (const [name, line] of site.names) {
        references++;
        if (name === "default" && defaultIsModuleExports) {
          if (!isReexport) usage.use(importer.path, resolution.path, "*");
          continue;
        }
        const found = findExport(target, name, byPath, resolver, new Set());
        // A re-export uses the name only if its own export is used; an import uses it outright.
        if (!isReexport) usage.use(importer.path, resolution.path, name);
        if (found.result === "found" || injected.has(name)) continue;
        const at = { path: importer.path, line };
        if (found.result === "unknown") {
          unknown.add(found.why, at);
          continue;
        }
        if (!importer.checked) continue;
        const exported = target.facts.exports.map(([exportName]) => exportName);
        unresolved.push({
          ...at,
          name:
            name === "default"
              ? `default export of '${site.specifier}'`
              : `{ ${name} } from '${site.specifier}'`,
          scope: resolution.path,
          searched: `the exports of ${resolution.path} (${exported.length} names${target.facts.reexports.length > 0 ? `, and the modules it re-exports: ${target.facts.reexports.map((r) => r.specifier).join(", ")}` : ""})`,
          isTest: importer.isTest,
          confidence: "certain",
          // "local: X" says the module declares X without exporting it (a forgotten `export`).
          nearby: target.facts.locals.includes(name) ? [`local: ${name}`] : nearbyNames(name, exported),
          typeOnly:
            site.typeOnly ||
            (site.typeNames?.includes(name) ?? false) ||
            target.facts.localTypes.includes(name) ||
            (name !== "default" && !usedAsValue(index.read(importer.path) ?? "", name, line)),
        });
      }
    }
  }

  const entries = new EntryPoints(index, packages, allPaths, resolver);
  // Tool configuration, and the modules it imports (`config/pwa.ts` imported by nuxt.config.ts), names entries.
  const configs = new Set([...allPaths].filter((path) => CONFIG_WITH_PATHS.test(path)));
  for (const config of [...configs])
    for (const site of byPath.get(config)?.facts.imports ?? []) {
      const resolution = resolver.resolve(site.specifier, config);
      if (resolution.kind === "file" && byPath.has(resolution.path)) configs.add(resolution.path);
    }
  for (const config of configs) entries.addReferencedBy(config, index.read(config) ?? "", resolver);
  const entryFiles = [...byPath.values()].filter((file) => file.isTest || entries.reason(file.path) !== null);
  // Non-TS/JS importers (Vue, Svelte, HTML…) are roots too: the files they import are reached.
  const roots = [...entryFiles.map((file) => file.path), ...componentImports.map((entry) => entry.path)];
  // Files a computed path or a glob may load are roots too, and undecided rather than unused.
  for (const file of byPath.values())
    for (const load of file.facts.dynamic) {
      const scope = resolver.prefixScope(load.prefix, file.path);
      if (scope === null) continue;
      const loaded = [...byPath.keys()].filter((path) => path.startsWith(scope) && path !== file.path);
      if (loaded.length === 0) continue;
      roots.push(...loaded);
      unknown.add(
        "files a computed import()/require() or a glob may load",
        { path: file.path, line: load.line },
        loaded.length,
      );
    }
  for (const root of roots) usage.use(root, root, "*");
  for (const file of byPath.values())
    for (const reexport of file.facts.reexports) {
      const resolution = resolver.resolve(reexport.specifier, file.path);
      if (resolution.kind !== "file") continue;
      usage.link(file.path, resolution.path);
      for (const [from, as] of reexport.names ?? []) usage.forward(file.path, as, resolution.path, from);
      if (!reexport.names)
        usage.forwardAll(file.path, resolution.path, new Set(file.facts.exports.map(([n]) => n)));
    }
  const reachable = usage.reachableFrom(roots);
  usage.propagate();
  const unreferenced: UnreferencedDefinition[] = [];
  const unreachable = [...byPath.values()].filter((file) => !reachable.has(file.path));
  // When most files look unreachable, the entry points were not recognised: say nothing rather than guess.
  const trustReach = unreachable.length <= Math.max(5, byPath.size * 0.25);
  if (!trustReach)
    unknown.add(
      "entry points not recognised: most files are reached from none",
      {
        path: unreachable[0]?.path ?? "",
        line: 1,
      },
      unreachable.length,
    );
  // A workspace package none of whose files is reached has entry points the index does not know (a library built
  // by `tsc` alone, a folder a tool loads): its files are undecided.
  const packageDirs = packages.map((pkg) => pkg.dir).sort((a, b) => b.length - a.length);
  const packageOf = (path: string): string =>
    packageDirs.find((dir) => dir === "" || path.startsWith(`${dir}/`)) ?? "";
  const mentions = new OutsideMentions(index);
  const reachedPackages = new Set([...reachable].filter((path) => byPath.has(path)).map(packageOf));
  for (const file of byPath.values()) {
    if (!reachable.has(file.path)) {
      if (!trustReach) continue;
      if (!reachedPackages.has(packageOf(file.path))) {
        unknown.add("files of a package with no recognised entry point", { path: file.path, line: 1 });
        continue;
      }
      // Named by a file no import reaches: a compose volume, a Dockerfile COPY, a CI step, a JSON manifest.
      const namedBy = mentions.namedBy(file.path);
      if (namedBy) {
        unknown.add("files named only outside the code (compose, Dockerfile, CI, manifests)", {
          path: namedBy,
          line: 1,
        });
        continue;
      }
      const importedBy = usage.importersOf(file.path);
      unreferenced.push({
        path: file.path,
        line: 1,
        endLine: 1,
        name: file.path,
        kind: "file",
        scope: file.path,
        searched:
          (importedBy.length > 0
            ? `imported only by files no entry point reaches (${importedBy.slice(0, 3).join(", ")}${importedBy.length > 3 ? ", …" : ""}); `
            : "imported by no file; ") +
          `imports, re-exports, require() and import() of every TS/JS file and the imports of Vue, Svelte, Astro, MDX and HTML files, resolved with tsconfig paths and workspace packages, followed from the entry points (package.json main, module, exports, bin and scripts, files named in tool configuration, HTML script tags, framework routes, tests)`,
        isTest: false,
        confidence: "heuristic",
      });
      continue;
    }
    if (entries.reason(file.path) || file.isTest || file.facts.opaque) continue;
    if (usage.isUsed(file.path, "*")) continue;
    for (const [name, line] of file.facts.exports) {
      if (usage.isUsed(file.path, name) || file.facts.usedInFile.includes(name)) continue;
      unreferenced.push({
        path: file.path,
        line,
        endLine: line,
        name,
        kind: "export",
        scope: file.path,
        searched: `the imports of every file that imports ${file.path} (by name, namespace, require or import()), the re-exports that pass it on, and ${file.path} itself`,
        isTest: false,
        confidence: "heuristic",
      });
    }
  }
  let definitions = 0;
  for (const file of byPath.values()) definitions += file.facts.exports.length;
  const fromProduction = trustReach
    ? filesNoProductionEntryReaches(
        byPath,
        entries,
        componentImports,
        roots,
        usage,
        packageOf,
        (path) => mentions.namedByProgram(path),
        (path) => mentions.namedBy(path),
      )
    : undefined;
  const unreachedFromProduction = fromProduction?.unreached;
  const maintenanceOnly = fromProduction?.maintenanceOnly;
  const families = nodeClassFamilies([...byPath.values()], (specifier, importer) => {
    const resolution = resolver.resolve(specifier, importer);
    return resolution.kind === "file" ? resolution.path : null;
  });
  return {
    unresolved: unresolved.sort(bySite),
    unreferenced: unreferenced.sort(bySite),
    ...(unreachedFromProduction ? { unreachedFromProduction } : {}),
    ...(maintenanceOnly && maintenanceOnly.length > 0 ? { maintenanceOnly } : {}),
    ...(families.length > 0 ? { families } : {}),
    bareSpecifiers,
    summary: {
      units: byPath.size,
      definitions,
      references,
      unknown: unknown.total,
      unknownReasons: unknown.list(),
    },
  };
}

/**
 * package.json scripts a maintainer runs on a checkout, by their name: releasing, publishing, versioning, changelogs,
 * rebasing or merging pull requests, translations, code and docs generation, linting and formatting. Not `start`,
 * `serve`, `worker` or any name that could start the program.
 */
const MAINTENANCE_SCRIPT =
  /(?:^|[-:_.])(?:pre|post)?(?:release|publish|changelog|version|bump|rebase|merge-pr|checkout-pr|mark-as|lint|format|fmt|prettier|translat|i18n|l10n|codegen|gen(?:erate)?-|docs?\b|update-(?:contributors|translations|lang|readme)|remove-empty-lang)/i;
const MAINTENANCE_SCRIPT_ENTRY = "maintenance script (package.json)";

/** Entry reasons of code a developer or a tool runs, not the shipped program. */
const NON_PRODUCTION_ENTRY = new Set([
  "test",
  "test setup",
  "test support",
  "configuration file",
  "dotfile configuration",
  "tooling folder",
  "Storybook story",
  "type declarations",
  "scripts, tools and static assets",
  "database migration",
  MAINTENANCE_SCRIPT_ENTRY,
]);
/** Names a program starts from by convention (`src/index.ts`, `server.js`, `worker.ts`). */
const CONVENTIONAL_ENTRY_NAME =
  /(^|\/)(src\/)?(index|main|app|server|cli|worker|sw|service-worker|background|content|preload|entry[-.][\w-]+|entry)\.[cm]?[jt]sx?$/;

/**
 * The non-test files that no production entry point reaches: the roots less tests, scripts, tool configuration,
 * stories and package-root files that carry no entry name (`packages/x/index-node.ts` beside the package's real
 * entry). Files a computed import may load stay roots (undecided). Only packages with at least one file so
 * reached are judged, and nothing when most files would be unreached (the entries were not recognised).
 */
function filesNoProductionEntryReaches(
  byPath: Map<string, Indexed>,
  entries: EntryPoints,
  componentImports: Array<{ path: string }>,
  roots: string[],
  usage: { reachableFrom(roots: string[]): Set<string> },
  packageOf: (path: string) => string,
  namedByProgram: (path: string) => string | null,
  namedBy: (path: string) => string | null,
): { unreached?: string[]; maintenanceOnly: string[] } {
  const component = new Set(componentImports.map((entry) => entry.path));
  const production = roots.filter((root) => {
    if (isTestPath(root) || isToolingPath(root)) return false;
    if (component.has(root)) return true;
    const reason = entries.reason(root);
    if (reason === null) return true; // loaded by a computed import(): undecided, so kept
    if (reason === "package root file") return CONVENTIONAL_ENTRY_NAME.test(root);
    return !NON_PRODUCTION_ENTRY.has(reason);
  });
  const source = [...byPath.values()].filter((file) => !file.isTest && !isToolingPath(file.path));
  const firstReach = usage.reachableFrom(production);
  // A file no import reaches that a Dockerfile, a Procfile or another language's program names is started by the
  // program itself (`subprocess.run(["node", "export_state.js"])`): a production root too.
  const started = source
    .filter(
      (file) =>
        !firstReach.has(file.path) && !entries.reason(file.path) && namedByProgram(file.path) !== null,
    )
    .map((file) => file.path);
  const reached = started.length > 0 ? usage.reachableFrom([...production, ...started]) : firstReach;
  // What maintainers run: files a maintenance package.json script runs, files only a CI workflow names (no import
  // reaches them), and what they import that production does not.
  const fromAnyRoot = usage.reachableFrom(roots);
  const maintenanceRoots = source
    .filter((file) => !reached.has(file.path))
    .filter((file) =>
      entries.reason(file.path) === MAINTENANCE_SCRIPT_ENTRY
        ? true
        : entries.reason(file.path) === null &&
          !fromAnyRoot.has(file.path) &&
          namedBy(file.path) !== null &&
          namedByProgram(file.path) === null,
    )
    .map((file) => file.path);
  const maintenanceOnly =
    maintenanceRoots.length > 0
      ? [...usage.reachableFrom(maintenanceRoots)]
          .filter((path) => byPath.has(path) && !reached.has(path) && !byPath.get(path)?.isTest)
          .sort(compareText)
      : [];
  const unreached = source.filter((file) => !reached.has(file.path));
  if (unreached.length > Math.max(5, source.length * 0.25)) return { maintenanceOnly };
  const reachedPackages = new Set([...reached].filter((path) => byPath.has(path)).map(packageOf));
  return {
    unreached: unreached
      .filter((file) => reachedPackages.has(packageOf(file.path)))
      .map((file) => file.path)
      .sort(compareText),
    maintenanceOnly,
  };
}

/** Tool configuration files, whose relative path strings name entry points (`input: "src/tracker/index.js"`). */
const CONFIG_WITH_PATHS = /(^|\/)([^/]*\.config\.[cm]?[jt]sx?|\.storybook\/main\.[cm]?[jt]sx?)$/;

/** A path glob as a regular expression: `**` any folders, `*` and `?` within a name, `{a,b}` and `@(a|b)` choices. */
export function globMatcher(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?" && glob[i + 1] !== "(") out += "[^/]";
    else if ("@+!?".includes(c) && glob[i + 1] === "(") {
      out += "(?:";
      i++;
    } else if (c === "(") out += "(?:";
    else if (c === ")") out += ")";
    else if (c === "|") out += "|";
    else if (c === "{") out += "(?:";
    else if (c === "}") out += ")";
    else if (c === ",") out += "|";
    else out += c.replace(/[.+^$\\[\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Which files import which, and which of a file's exports are used, through re-export chains. */
class UsageGraph {
  private readonly edges = new Map<string, Set<string>>();
  private readonly importers = new Map<string, Set<string>>();
  private readonly used = new Map<string, Set<string>>();
  private readonly forwards = new Map<string, Array<[string, string]>>();
  private readonly forwardAlls: Array<{ from: string; to: string; own: Set<string> }> = [];

  link(importer: string, target: string): void {
    const out = this.edges.get(importer) ?? new Set<string>();
    out.add(target);
    this.edges.set(importer, out);
    const into = this.importers.get(target) ?? new Set<string>();
    into.add(importer);
    this.importers.set(target, into);
  }

  use(_importer: string, target: string, name: string): void {
    const set = this.used.get(target) ?? new Set<string>();
    set.add(name);
    this.used.set(target, set);
  }

  /** `export { from as as } from target` in file: (file, as) used ⇒ (target, from) used. */
  forward(file: string, as: string, target: string, from: string): void {
    const key = `${file}\0${as}`;
    this.forwards.set(key, [...(this.forwards.get(key) ?? []), [target, from]]);
  }

  /** `export * from target` in file: any name of file it does not define itself, used ⇒ used in target. */
  forwardAll(file: string, target: string, own: Set<string>): void {
    this.forwardAlls.push({ from: file, to: target, own });
  }

  propagate(): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const [key, targets] of this.forwards) {
        const [file = "", as = ""] = key.split("\0");
        if (!this.isUsed(file, as)) continue;
        for (const [target, from] of targets)
          if (!this.isUsed(target, from)) {
            this.use(file, target, from);
            changed = true;
          }
      }
      for (const { from, to, own } of this.forwardAlls)
        for (const name of this.used.get(from) ?? [])
          if (name !== "default" && !own.has(name) && !this.used.get(to)?.has(name)) {
            this.use(from, to, name);
            changed = true;
          }
    }
  }

  isUsed(file: string, name: string): boolean {
    const set = this.used.get(file);
    return !!set && (set.has(name) || set.has("*"));
  }

  importersOf(file: string): string[] {
    return [...(this.importers.get(file) ?? [])].sort();
  }

  reachableFrom(roots: string[]): Set<string> {
    const seen = new Set<string>(roots);
    const queue = [...roots];
    while (queue.length > 0) {
      const next = queue.pop() ?? "";
      for (const target of this.edges.get(next) ?? [])
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
    }
    return seen;
  }
}

/** Whether a module exports a name, following `export { } from` and `export *`; the files that define it. */
function findExport(
  file: Indexed,
  name: string,
  byPath: Map<string, Indexed>,
  resolver: SpecifierResolver,
  seen: Set<string>,
): { result: "found" | "missing" | "unknown"; why: string; definers: string[] } {
  if (seen.has(file.path)) return { result: "missing", why: "", definers: [] };
  seen.add(file.path);
  if (file.facts.exports.some(([exported]) => exported === name))
    return { result: "found", why: "", definers: [file.path] };
  // TypeScript types a JavaScript module by the declaration file beside it: the interfaces and types it declares are
  // exports too (its values must still exist in the code that runs).
  const declaration = declarationBeside(file.path, byPath);
  if (declaration?.facts.exportedTypes?.includes(name))
    return { result: "found", why: "", definers: [declaration.path] };
  if (file.facts.opaque) return { result: "unknown", why: `target has ${file.facts.opaque}`, definers: [] };
  if (file.syntaxError) return { result: "unknown", why: "target has a syntax error", definers: [] };
  let unknownWhy: string | null = null;
  for (const reexport of file.facts.reexports) {
    if (reexport.names || name === "default") continue;
    const resolution = resolver.resolve(reexport.specifier, file.path);
    if (resolution.kind !== "file") {
      unknownWhy ??= "target re-exports everything from a module outside the repository";
      continue;
    }
    const next = byPath.get(resolution.path);
    if (!next) {
      unknownWhy ??= "target re-exports everything from a file the index did not read";
      continue;
    }
    const found = findExport(next, name, byPath, resolver, seen);
    if (found.result === "found") return found;
    if (found.result === "unknown") unknownWhy ??= found.why;
  }
  return unknownWhy
    ? { result: "unknown", why: unknownWhy, definers: [] }
    : { result: "missing", why: "", definers: [] };
}

/** The declaration file TypeScript reads for a JavaScript module (`lib/diff.d.ts` for `lib/diff.js`), if indexed. */
function declarationBeside(path: string, byPath: Map<string, Indexed>): Indexed | null {
  const js = /\.([mc]?)jsx?$/.exec(path);
  if (!js) return null;
  return byPath.get(`${path.slice(0, -js[0].length)}.d.${js[1] ?? ""}ts`) ?? null;
}

/** Import specifiers of a file that is not TS/JS, read from its text (`import … from`, `import()`, `<script src>`). */
export function importsFromText(text: string, path: string): NodeImportSite[] {
  const sites: NodeImportSite[] = [];
  const lineAt = (offset: number): number => text.slice(0, offset).split("\n").length;
  for (const match of text.matchAll(/\bimport\s+(?:type\s+)?([\w$*{}\s,]+?)\s+from\s*(['"])([^'"]+)\2/g)) {
    const clause = match[1] ?? "";
    const line = lineAt(match.index ?? 0);
    const names: Array<[string, number]> = [];
    if (/^\s*[\w$]+\s*(,|$)/.test(clause)) names.push(["default", line]);
    for (const part of (/\{([^}]*)\}/.exec(clause)?.[1] ?? "").split(",")) {
      const name = /^\s*(?:type\s+)?([\w$]+)/.exec(part)?.[1];
      if (name) names.push([name, line]);
    }
    sites.push({
      specifier: match[3] ?? "",
      kind: clause.includes("*") ? "namespace" : "names",
      names,
      line,
      typeOnly: false,
    });
  }
  for (const match of text.matchAll(
    /\b(?:import|require)\s*\(\s*(['"])([^'"]+)\1|\bimport\s+(['"])([^'"]+)\3/g,
  ))
    sites.push({
      specifier: match[2] ?? match[4] ?? "",
      kind: "module",
      names: [],
      line: lineAt(match.index ?? 0),
      typeOnly: false,
    });
  if (path.endsWith(".html"))
    for (const match of text.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)) {
      const src = match[1] ?? "";
      if (/^(https?:)?\/\//.test(src)) continue;
      sites.push({
        specifier: src.startsWith("/") ? `.${src}` : src.startsWith(".") ? src : `./${src}`,
        kind: "module",
        names: [],
        line: lineAt(match.index ?? 0),
        typeOnly: false,
      });
    }
  return sites;
}

/** Resolves import specifiers the way TypeScript and bundlers do, as far as the repository's files tell. */
class SpecifierResolver {
  private readonly aliases: Array<{ configDir: string; pattern: string; targets: string[] }> = [];
  private readonly baseUrls: Array<{ configDir: string; baseUrl: string }> = [];
  private readonly workspace = new Map<string, NodeWorkspacePackage>();
  private readonly packageDirs: string[];
  private readonly manifests = new Map<string, Record<string, unknown> | null>();

  constructor(
    private readonly paths: Set<string>,
    tsconfigs: TsConfigFacts[],
    packages: NodeWorkspacePackage[],
    private readonly index: RepoIndex,
  ) {
    for (const config of tsconfigs) {
      const options = config.compilerOptions;
      const baseUrlSource = config.optionSources.baseUrl?.path ?? config.path;
      const baseUrl =
        typeof options.baseUrl === "string"
          ? posix.normalize(posix.join(posix.dirname(baseUrlSource), options.baseUrl)).replace(/\/$/, "")
          : null;
      if (baseUrl !== null)
        this.baseUrls.push({
          configDir: posix.dirname(config.path),
          baseUrl: baseUrl === "." ? "" : baseUrl,
        });
      const pathsSource = config.optionSources.paths?.path ?? config.path;
      const aliasBase = baseUrl ?? posix.dirname(pathsSource);
      if (options.paths && typeof options.paths === "object")
        for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>))
          if (Array.isArray(targets))
            this.aliases.push({
              configDir: posix.dirname(config.path),
              pattern,
              targets: targets
                .filter((t): t is string => typeof t === "string")
                .map((t) => posix.normalize(posix.join(aliasBase, t))),
            });
    }
    // Nearer configurations first (a monorepo's apps each map `@/*` to their own folder), then longer patterns:
    // `@/components/*` before `@/*`.
    this.aliases.sort(
      (a, b) => depth(b.configDir) - depth(a.configDir) || b.pattern.length - a.pattern.length,
    );
    this.baseUrls.sort((a, b) => depth(b.configDir) - depth(a.configDir));
    for (const pkg of packages) if (pkg.name) this.workspace.set(pkg.name, pkg);
    this.packageDirs = packages.map((pkg) => pkg.dir).sort((a, b) => b.length - a.length);
  }

  resolve(written: string, importer: string): Resolution {
    // A bundler query (`./x?worker`, `./y.js?raw`, `./z?url`) loads the file as something else: the file is used,
    // its names are not what the import binds.
    const query = /^(.+?)[?#]/.exec(written)?.[1];
    if (query !== undefined) {
      const resolution = this.resolve(query, importer);
      return resolution.kind === "file" ? { ...resolution, guessed: true } : resolution;
    }
    const specifier = written;
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      const base = specifier.startsWith("/")
        ? specifier.slice(1)
        : posix.normalize(posix.join(posix.dirname(importer), specifier));
      const file = this.file(base);
      return file ? { kind: "file", path: file } : { kind: "unknown", why: "relative import names no file" };
    }
    for (const alias of this.applying(this.aliases, importer)) {
      const star = alias.pattern.indexOf("*");
      const prefix = star < 0 ? alias.pattern : alias.pattern.slice(0, star);
      const suffix = star < 0 ? "" : alias.pattern.slice(star + 1);
      const matches =
        star < 0
          ? specifier === alias.pattern
          : specifier.startsWith(prefix) &&
            specifier.endsWith(suffix) &&
            specifier.length >= prefix.length + suffix.length;
      if (!matches) continue;
      const captured = star < 0 ? "" : specifier.slice(prefix.length, specifier.length - suffix.length);
      for (const target of alias.targets) {
        const file = this.file(target.replace("*", captured));
        if (file) return { kind: "file", path: file };
      }
      return { kind: "unknown", why: "path alias names no file" };
    }
    const packageName = specifier.startsWith("@")
      ? specifier.split("/").slice(0, 2).join("/")
      : (specifier.split("/")[0] ?? specifier);
    const pkg = this.workspace.get(packageName);
    if (pkg) {
      const file = this.packageFile(pkg, specifier.slice(packageName.length));
      return file
        ? { kind: "file", path: file }
        : { kind: "unknown", why: "workspace package entry not found in sources" };
    }
    const slash = specifier.indexOf("/");
    for (const { baseUrl } of this.applying(this.baseUrls, importer)) {
      const file = this.file(baseUrl ? `${baseUrl}/${specifier}` : specifier);
      if (file) return { kind: "file", path: file };
      // `src/generated/prisma/client` under `baseUrl: "."`: a path into a folder of the project whose file is not
      // checked in (generated by a build step), not a package named `src`.
      if (
        slash > 0 &&
        !specifier.startsWith("@") &&
        this.isFolder(baseUrl ? `${baseUrl}/${specifier.slice(0, slash)}` : specifier.slice(0, slash))
      )
        return { kind: "unknown", why: "baseUrl path into a project folder names no file (generated?)" };
    }
    const framework = /^(~~|@@|~|@)\/(.+)$/.exec(specifier);
    if (framework) {
      // `~/x`, `@/x` (Nuxt, Vite and webpack templates): the source folder of the importer's package; `~~/x` its root.
      const root = this.packageDirs.find((dir) => dir === "" || importer.startsWith(`${dir}/`)) ?? "";
      const base = root === "" ? "" : `${root}/`;
      const folders = framework[1]?.length === 2 ? [base] : [`${base}app/`, `${base}src/`, base];
      for (const folder of folders) {
        const file = this.file(`${folder}${framework[2] ?? ""}`);
        if (file) return { kind: "file", path: file, guessed: true };
      }
    }
    if (/^[~#@]\//.test(specifier) || specifier.startsWith("#"))
      return { kind: "unknown", why: "alias not declared in a tsconfig (bundler or framework alias)" };
    return { kind: "external" };
  }

  private folders: Set<string> | null = null;

  /** Whether the repository has files under this folder. */
  private isFolder(dir: string): boolean {
    if (!this.folders) {
      this.folders = new Set();
      for (const path of this.paths)
        for (let at = path.indexOf("/"); at > 0; at = path.indexOf("/", at + 1))
          this.folders.add(path.slice(0, at));
    }
    return this.folders.has(dir);
  }

  /** The configurations whose folder holds the importer, nearest first; all of them when none does. */
  private applying<T extends { configDir: string }>(configs: T[], importer: string): T[] {
    const holding = configs.filter((c) => c.configDir === "." || importer.startsWith(`${c.configDir}/`));
    return holding.length > 0 ? holding : configs;
  }

  /**
   * The path prefix of the files a computed specifier or glob may name, from its static start: relative to the
   * importer, to the root (`/src/`), or through a tsconfig path alias; the importer's own folder when nothing of
   * it is static (`require(name)`); null for a package outside the repository.
   */
  prefixScope(prefix: string, importer: string): string | null {
    const dir = posix.dirname(importer);
    const folder = dir === "." ? "" : `${dir}/`;
    if (prefix === "" || prefix === "." || prefix === "./") return folder;
    if (prefix.startsWith("/")) return prefix.slice(1);
    if (prefix.startsWith(".")) {
      const joined = posix.join(folder || ".", prefix);
      const normal = joined === "." || joined === "./" ? "" : joined;
      return prefix.endsWith("/") && !normal.endsWith("/") && normal !== ""
        ? `${normal}/`
        : normal.replace(/^\.\/$/, "");
    }
    for (const alias of this.applying(this.aliases, importer)) {
      const star = alias.pattern.indexOf("*");
      if (star < 0) continue;
      const aliasPrefix = alias.pattern.slice(0, star);
      const target = alias.targets[0];
      if (target === undefined || !prefix.startsWith(aliasPrefix)) continue;
      const base = target.slice(0, target.indexOf("*") < 0 ? target.length : target.indexOf("*"));
      return `${base}${prefix.slice(aliasPrefix.length)}`.replace(/^\.\//, "");
    }
    return null;
  }

  /** A path with TypeScript's extension rules: as is, with a source extension, `.js` written for `.ts`, or an index. */
  file(base: string): string | null {
    const clean = posix.normalize(base).replace(/^\.\//, "").replace(/\/$/, "");
    const candidates = [clean];
    const js = /\.(m|c)?jsx?$/.exec(clean);
    if (js) {
      const stem = clean.slice(0, -js[0].length);
      const ts = js[0].replace("js", "ts");
      candidates.push(`${stem}${ts}`, `${stem}${ts.endsWith("x") ? ts : `${ts}x`}`, `${stem}.d${ts}`);
    }
    for (const extension of SOURCE_EXTENSIONS) candidates.push(`${clean}${extension}`);
    for (const extension of SOURCE_EXTENSIONS) candidates.push(`${clean}/index${extension}`);
    for (const candidate of candidates) {
      if (!this.paths.has(candidate)) continue;
      // `DialogWrapper.d.ts` beside `DialogWrapper.jsx` describes the module; the code that runs, and exports,
      // is the JavaScript file.
      const declared = /\.d\.([mc]?)ts$/.exec(candidate);
      if (declared) {
        const stem = candidate.slice(0, -declared[0].length);
        const runtime = [`.${declared[1]}js`, ".jsx", ".js"]
          .map((extension) => `${stem}${extension}`)
          .find((path) => this.paths.has(path));
        if (runtime) return runtime;
      }
      return candidate;
    }
    return null;
  }

  /** The file a workspace package's subpath points at: its `exports`, `module`, `main`, `types`, or source index. */
  private packageFile(pkg: NodeWorkspacePackage, subpath: string): string | null {
    const manifest = this.manifest(pkg.manifest);
    const prefix = pkg.dir ? `${pkg.dir}/` : "";
    const targets: string[] = [];
    const exportsField = manifest?.exports;
    const key = subpath ? `.${subpath}` : ".";
    if (typeof exportsField === "string" && key === ".") targets.push(exportsField);
    else if (exportsField && typeof exportsField === "object")
      for (const [pattern, value] of Object.entries(exportsField as Record<string, unknown>)) {
        const star = pattern.indexOf("*");
        if (star < 0) {
          if (pattern === key) targets.push(...stringsIn(value));
          continue;
        }
        // `"./zod/*": "./zod/*.ts"`: the part the star matched goes where the target's star is.
        const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
        if (key.length < head.length + tail.length || !key.startsWith(head) || !key.endsWith(tail)) continue;
        const matched = key.slice(head.length, key.length - tail.length);
        targets.push(...stringsIn(value).map((target) => target.replaceAll("*", matched)));
      }
    // An `exports` entry for the subpath decides where it goes: when none of its targets is in the repository (a
    // folder a build step generates, such as Panda's `styled-system/`), the module is unknown, not the source folder
    // of the same name.
    if (subpath && targets.length > 0) {
      for (const target of targets) {
        const file = this.builtFile(posix.normalize(`${prefix}${target.replace(/^\.\//, "")}`));
        if (file) return file;
      }
      return null;
    }
    if (!subpath)
      for (const field of ["source", "module", "main", "types", "typings"])
        if (typeof manifest?.[field] === "string") targets.push(manifest[field] as string);
    // Without a matching field, the source of the subpath (or of the package) where projects usually keep it.
    if (subpath) targets.push(subpath.slice(1), `src/${subpath.slice(1)}`);
    else targets.push("src/index", "index");
    for (const target of targets) {
      const file = this.builtFile(posix.normalize(`${prefix}${target.replace(/^\.\//, "")}`));
      if (file) return file;
    }
    return null;
  }

  /** A source file for a path that may name build output: as is, `dist/x` → `src/x`, or `dist/src/x` → `src/x`. */
  builtFile(path: string): string | null {
    const output = /(^|\/)(dist|build|lib|out)\//;
    return (
      this.file(path) ?? this.file(path.replace(output, "$1src/")) ?? this.file(path.replace(output, "$1"))
    );
  }

  manifest(path: string): Record<string, unknown> | null {
    if (!this.manifests.has(path)) {
      let value: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(this.index.read(path) ?? "null");
        if (parsed && typeof parsed === "object") value = parsed as Record<string, unknown>;
      } catch {
        value = null;
      }
      this.manifests.set(path, value);
    }
    return this.manifests.get(path) ?? null;
  }
}

function depth(dir: string): number {
  return dir === "." ? 0 : dir.split("/").length;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Files a tool, framework or package.json starts from rather than an import: tests, configuration, scripts,
 * framework routes and auto-imported folders, package entry fields and the files scripts run.
 */
const CONVENTIONAL_ENTRIES: ReadonlyArray<[RegExp, string]> = [
  [/(^|\/)[^/]*\.(config|setup|workspace)\.[cm]?[jt]sx?$/, "configuration file"],
  [/(^|\/)\.[^/]+\.[cm]?[jt]s$/, "dotfile configuration"],
  [/(^|\/)(\.storybook|\.github|\.husky|\.vitepress|\.vscode)\//, "tooling folder"],
  [/(^|\/|\.)stories\.[cm]?[jt]sx?$/, "Storybook story"],
  [/\.d\.[cm]?ts$/, "type declarations"],
  [
    /(^|\/)(scripts?|bin|tools|e2e|cypress|playwright|benchmarks?|examples?|docs?|public|static)\//,
    "scripts, tools and static assets",
  ],
  [
    /(^|\/)(pages|app\/(.*\/)?(page|layout|loading|error|not-found|route|template|default|head|global-error|opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest))\b/,
    "Next.js route",
  ],
  [/(^|\/)(src\/)?(middleware|instrumentation)\.[cm]?[jt]s$/, "Next.js middleware"],
  [/(^|\/)app\/(routes\/|root\.|entry\.)/, "Remix route"],
  [/(^|\/)src\/(routes\/|hooks\.)/, "SvelteKit route"],
  [/(^|\/)src\/pages\//, "file-based route"],
  [CONVENTIONAL_ENTRY_NAME, "conventional entry file"],
  [/(^|\/)(jest|vitest|playwright|cypress|test)[.-][\w.-]*\.[cm]?[jt]s$/, "test setup"],
  [/(^|\/)(__mocks__|__fixtures__|fixtures|mocks?)\//, "test support"],
  [/(^|\/)migrations?\//, "database migration"],
];

/** Folders Nuxt scans and auto-imports, under a folder holding nuxt.config. */
const NUXT_FOLDERS =
  /^(app\/)?(components|composables|utils|layouts|middleware|plugins|server|modules|stores|pages)\//;

/** A service worker's conventional file name (`src/sw.ts`, `service-worker.js`). */
const SERVICE_WORKER_NAME = /(^|\/)(src\/)?(sw|service-worker)\.[cm]?[jt]sx?$/;
/**
 * Dependencies that build a service worker from the project's source: Create React App and SvelteKit build
 * `src/service-worker.*` by convention; the Workbox, PWA and Serwist plugins build the file their options name.
 */
const SERVICE_WORKER_BUILDER =
  /^(react-scripts|@sveltejs\/kit|workbox-(webpack-plugin|build|cli)|vite-plugin-pwa|@vite-pwa\/.+|next-pwa|@ducanh2912\/next-pwa|serwist|@serwist\/.+|@nuxtjs\/pwa|@remix-pwa\/.+|@angular\/service-worker)$/;

class EntryPoints {
  private readonly explicit = new Map<string, string>();
  /** Per package folder (with a trailing `/`, or ""): bundled by Vite with no service-worker builder. */
  private readonly viteWithoutServiceWorker = new Map<string, boolean>();
  private readonly nuxtRoots: string[];
  private readonly globs: Array<{ matcher: RegExp; why: string }> = [];

  constructor(
    index: RepoIndex,
    packages: NodeWorkspacePackage[],
    private readonly paths: Set<string>,
    resolver: SpecifierResolver,
  ) {
    this.nuxtRoots = [...paths]
      .filter((path) => /(^|\/)nuxt\.config\.[cm]?[jt]s$/.test(path))
      .map((path) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : ""));
    for (const pkg of packages) {
      const manifest = resolver.manifest(pkg.manifest);
      const prefix = pkg.dir ? `${pkg.dir}/` : "";
      const fields = ["main", "module", "browser", "types", "typings", "source", "bin", "exports"];
      for (const field of fields)
        for (const target of stringsIn(manifest?.[field]))
          if (target.includes("*"))
            // `"./zod/*": "./zod/*.ts"`: every file the pattern matches is the package's entry.
            this.globs.push({
              matcher: globMatcher(posix.normalize(`${prefix}${target}`)),
              why: `package.json ${field}`,
            });
          else this.add(resolver, `${prefix}${target}`, `package.json ${field}`);
      // Expo Router (`"main": "expo-router/entry"`) routes every file under `app/` (or `src/app/`) by its path.
      const dependencies = { ...objectIn(manifest?.dependencies), ...objectIn(manifest?.devDependencies) };
      // Vite bundles what index.html and its configuration name; a `sw.ts` beside them is built only by a PWA
      // plugin (whose options name it, so it is an entry through the configuration) — otherwise by nothing.
      this.viteWithoutServiceWorker.set(
        prefix,
        "vite" in dependencies &&
          !Object.keys(dependencies).some((name) => SERVICE_WORKER_BUILDER.test(name)),
      );
      if (manifest?.main === "expo-router/entry" || "expo-router" in dependencies)
        for (const folder of ["app", "src/app"])
          this.globs.push({ matcher: globMatcher(`${prefix}${folder}/**`), why: "Expo Router route" });
      for (const script of pkg.scripts)
        for (const match of script.command.matchAll(
          /(?:^|[\s='"])((?:\.{0,2}\/)?[\w@./-]+\.[cm]?[jt]sx?)\b/g,
        ))
          this.add(
            resolver,
            `${prefix}${match[1] ?? ""}`,
            MAINTENANCE_SCRIPT.test(script.name) ? MAINTENANCE_SCRIPT_ENTRY : "package.json script",
          );
    }
    void index;
  }

  private add(resolver: SpecifierResolver, target: string, why: string): boolean {
    const normal = posix.normalize(target.replace(/^\.\//, ""));
    const file = resolver.builtFile(normal);
    if (file && !this.explicit.has(file)) this.explicit.set(file, why);
    return file !== null;
  }

  /** Marks the files a configuration file names by relative path (`"./src/i18n/request.ts"`, `input: "src/x.js"`). */
  addReferencedBy(config: string, text: string, resolver: SpecifierResolver): void {
    const dir = config.includes("/") ? config.slice(0, config.lastIndexOf("/") + 1) : "";
    for (const match of text.matchAll(/['"`](\.{0,2}\/?[\w@./[\]()-]+\.[cm]?[jt]sx?)['"`]/g)) {
      const named = match[1] ?? "";
      if (this.add(resolver, posix.normalize(`${dir}${named}`), `named in ${config}`) || named.includes("/"))
        continue;
      // A bare file name another option places (`srcDir: "./service-worker", filename: "sw.ts"`): the files of
      // that name under the configuration's folder.
      for (const path of this.paths)
        if (path.startsWith(dir) && (path.endsWith(`/${named}`) || path === named))
          this.explicit.set(path, `named in ${config}`);
    }
    // Folders a tool scans (`imports: { dirs: ["./constants"] }`, `srcDir: "./service-worker"`, `roots: […]`): their
    // files, under the configuration's folder or its conventional source folders. Aliases are not scans.
    const scanned = [
      ...text.matchAll(
        /\b(?:dirs?|srcDir|roots?|scanDirs|directories)\s*:\s*(\[[^\]]*\]|['"`][^'"`]*['"`])/g,
      ),
    ]
      .map((option) => option[1] ?? "")
      .join(" ");
    for (const match of scanned.matchAll(/['"`](\.{0,2}\/?[\w@./-]*[\w-])\/?['"`]/g)) {
      const folder = match[1] ?? "";
      if (/\.[cm]?[jt]sx?$|\.\w{2,4}$/.test(folder)) continue;
      for (const base of [dir, `${dir}app/`, `${dir}src/`]) {
        const prefix = `${posix.normalize(`${base}${folder}`)}/`;
        if (prefix.startsWith("../") || prefix === "./") continue;
        if ([...this.paths].some((path) => path.startsWith(prefix)))
          this.globs.push({ matcher: globMatcher(`${prefix}**`), why: `in a folder named in ${config}` });
      }
    }
    // Globs of the options that declare entries (`stories: ["../src/**/*.stories.tsx"]`, `input`, `setupFiles`, a
    // test runner's `include: ["test/**/*.ts"]`) name every file they match. Globs of other options only scan
    // files (Tailwind's `content`, coverage and lint `files`/`include`): they make nothing an entry.
    const declaring = [
      ...text.matchAll(
        /\b(stories|entry|entries|entryPoints|input|testMatch|setupFiles|setupFilesAfterEnv|globalSetup|include)\s*:\s*(\[[^\]]*\]|['"`][^'"`]*['"`])/g,
      ),
    ];
    // A translation-key extractor's `input` lists the files it scans for keys, not files anything runs.
    const scansForKeys = /(^|\/)i18next-(parser|scanner)\.config\.[cm]?[jt]s$/.test(config);
    for (const option of declaring) {
      const [, key = "", value = ""] = option;
      if (key === "include" && !this.testRunnerInclude(text, option.index ?? 0)) continue;
      if (scansForKeys) continue;
      for (const match of value.matchAll(/['"`]([\w@./-]*\*[^'"`\s]*)['"`]/g)) {
        const pattern = match[1] ?? "";
        if (!pattern.includes("/") && !pattern.includes(".")) continue;
        this.globs.push({
          matcher: globMatcher(posix.normalize(`${dir}${pattern}`)),
          why: `matched by a glob in ${config}`,
        });
      }
    }
  }

  /** Whether an `include:` at this offset is the test runner's (`test: { include }`), not coverage's or a linter's. */
  private testRunnerInclude(text: string, offset: number): boolean {
    const before = text.slice(Math.max(0, offset - 400), offset);
    const test = Math.max(before.lastIndexOf("test:"), before.lastIndexOf("test :"));
    const other = Math.max(
      before.lastIndexOf("coverage"),
      before.lastIndexOf("files:"),
      before.lastIndexOf("content"),
    );
    return test >= 0 && test > other;
  }

  /** Whether the nearest package of a file is bundled by Vite with no service-worker builder. */
  private builtByViteAlone(path: string): boolean {
    let nearest: string | null = null;
    for (const dir of this.viteWithoutServiceWorker.keys())
      if (path.startsWith(dir) && (nearest === null || dir.length > nearest.length)) nearest = dir;
    return nearest !== null && this.viteWithoutServiceWorker.get(nearest) === true;
  }

  /** Why a file is an entry point, or null. */
  reason(path: string): string | null {
    const explicit = this.explicit.get(path);
    if (explicit) return explicit;
    if (isTestPath(path)) return "test";
    if (!path.includes("/") || /^(packages|apps|libs)\/[^/]+\/[^/]+$/.test(path)) return "package root file";
    const unbuiltServiceWorker = SERVICE_WORKER_NAME.test(path) && this.builtByViteAlone(path);
    for (const [pattern, why] of CONVENTIONAL_ENTRIES)
      if (pattern.test(path) && !(unbuiltServiceWorker && pattern === CONVENTIONAL_ENTRY_NAME)) return why;
    for (const glob of this.globs) if (glob.matcher.test(path)) return glob.why;
    for (const root of this.nuxtRoots)
      if (path.startsWith(root) && NUXT_FOLDERS.test(path.slice(root.length)))
        return "Nuxt auto-imported folder";
    return null;
  }
}

/** Files outside the code that can name a source file: compose, Dockerfiles, CI, shell, manifests. */
// Code of other languages too: a Python or Go program that runs a script by path (`Path(__file__).with_name("x.js")`).
const MENTIONING_FILES =
  /(^|\/)(Dockerfile[^/]*|Procfile|Makefile|[^/]*\.(ya?ml|json|toml|sh|py|go|ex|exs|rb|php|java|kt|rs))$/;

/** Which non-code file names a source file (by file name), read once and only when a candidate needs it. */
class OutsideMentions {
  private texts: Array<[path: string, text: string]> | null = null;

  constructor(private readonly index: RepoIndex) {}

  namedBy(path: string, skip?: RegExp): string | null {
    this.texts ??= this.index.files
      .filter((file) => file.skip === null && file.size < 512 * 1024 && MENTIONING_FILES.test(file.path))
      .map((file): [string, string] => [file.path, this.index.read(file.path) ?? ""]);
    const name = posix.basename(path);
    for (const [mentioning, text] of this.texts)
      if (!skip?.test(mentioning) && text.includes(name)) return mentioning;
    return null;
  }

  /**
   * The first file that names it and may start it in production: a Dockerfile, compose file, Procfile or another
   * language's program, not a CI workflow (maintainers' automation) nor a package.json (its scripts are entries).
   */
  namedByProgram(path: string): string | null {
    return this.namedBy(path, MAINTENANCE_MENTION);
  }
}

/** Files that name scripts maintainers run: CI workflows and package manifests (whose scripts are classified apart). */
const MAINTENANCE_MENTION =
  /(^|\/)(\.github\/|\.gitlab-ci|\.gitlab\/|\.circleci\/|\.woodpecker|\.drone\.yml|azure-pipelines|\.buildkite\/|bitbucket-pipelines|renovate\.json|package\.json$|[^/]*lock[^/]*$)/;

/**
 * Whether a file uses an imported name as a value anywhere after its import: called, constructed, read as an
 * object (`X.parse`), assigned, passed, returned or spread. Uses only in type positions (`: X`, `<X>`, `X[]`,
 * `extends X`) are erased at run time.
 */
export function usedAsValue(text: string, name: string, importLine: number): boolean {
  const escaped = name.replace(/[$]/g, "\\$");
  const lines = text.split("\n");
  let after = lines.slice(importLine).join("\n");
  // The rest of a multi-line import or re-export (`import {\n  A,\n} from "x"`) is not a use.
  if (!/\bfrom\s*['"]/.test(lines[importLine - 1] ?? ""))
    after = after.replace(/^[\s\S]*?\bfrom\s*['"][^'"]*['"]/, "");
  after = after.replace(/^\s*(import|export)\b[^;]*?\bfrom\s*['"][^'"]*['"]/gm, "");
  const value = new RegExp(
    `(?:\\bnew\\s+|\\breturn\\s+|\\.\\.\\.|[=(\\[{?]\\s*|&&\\s*|\\|\\|\\s*|\\breturn\\s*)${escaped}\\b|(?<![\\w$.])${escaped}\\s*[.(]|<${escaped}[\\s/>]|\\{\\s*${escaped}\\s*\\}|,\\s*${escaped}\\s*[,)\\]}]`,
  );
  return value.test(after);
}

/** A manifest field that is an object (`dependencies`), or an empty one. */
function objectIn(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
