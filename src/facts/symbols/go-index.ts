// The Go symbol index: packages by directory and package clause (every build-constraint variant together, so a
// name declared for any OS or architecture counts), each file's uses resolved against its package scope, its
// imports, the universe and dot-imports; `pkg.Name` checked against in-repo packages; unexported functions that
// nothing references. Files the engine did not analyse (generated, too large) are read line by line, and only
// for packages that need them.
import { createHash } from "node:crypto";
import { posix } from "node:path";
import { serialize } from "node:v8";
import type { RepoIndex } from "../../repo/repo-index.js";
import type { CollectorParts } from "../define.js";
import type { FileSummary } from "../repo-facts.js";
import { defaultImportName } from "../go/syntax.js";
import type { GoDeclaration, GoSymbolFile } from "./go-file.js";
import { GO_UNIVERSE } from "./go-file.js";
import { buildableByStandardToolchain } from "./go-constraint.js";
import {
  bySite,
  nearbyNames,
  UnknownTally,
  type EcosystemSymbols,
  type SymbolSite,
  type UnreferencedDefinition,
  type UnresolvedReference,
} from "./model.js";

export interface GoModuleRoot {
  /** Module path (`github.com/x/y`; `std` and `cmd` for the Go source tree). */
  module: string;
  /** Folder of its go.mod, `.` at the root. */
  dir: string;
}

interface IndexedFile {
  path: string;
  isTest: boolean;
  syntaxErrorLine: number | null;
  facts: GoSymbolFile;
}

interface Package {
  dir: string;
  name: string;
  files: IndexedFile[];
  /** Package-level names (not methods) → their first declaration. */
  scope: Map<string, GoDeclaration & { path: string }>;
  /** Go files of the folder the engine did not analyse (generated, over the size limit, unparsable). */
  unseen: string[];
  syntaxError: { path: string; line: number } | null;
  /** Go files of the folder its `//go:generate` directives write and the repository does not hold. */
  ungenerated?: string[];
}

/** A folder the go tool ignores: testdata, and names starting with `_` or `.`. */
export function isIgnoredGoPath(path: string): boolean {
  return /(^|\/)(testdata|[._][^/]*)\//.test(path);
}

export function buildGoSymbols(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: GoSymbolFile }>,
  modules: GoModuleRoot[],
  parts?: CollectorParts,
): EcosystemSymbols {
  const packages = new Map<string, Package>();
  const analysed = new Set<string>();
  for (const { file, value } of files) {
    if (isIgnoredGoPath(file.path) || value.package === null) continue;
    analysed.add(file.path);
    const dir = posix.dirname(file.path);
    const key = `${dir}\0${value.package}`;
    let pkg = packages.get(key);
    if (!pkg) {
      pkg = { dir, name: value.package, files: [], scope: new Map(), unseen: [], syntaxError: null };
      packages.set(key, pkg);
    }
    pkg.files.push({
      path: file.path,
      isTest: file.isTest,
      syntaxErrorLine: file.syntaxErrorLine ?? null,
      facts: value,
    });
    if (file.syntaxErrorLine !== undefined && !pkg.syntaxError)
      pkg.syntaxError = { path: file.path, line: file.syntaxErrorLine };
    for (const declaration of value.declarations)
      if (declaration.kind !== "method" && !pkg.scope.has(declaration.name))
        pkg.scope.set(declaration.name, { ...declaration, path: file.path });
  }
  const packagesByDir = new Map<string, Package[]>();
  for (const pkg of packages.values())
    packagesByDir.set(pkg.dir, [...(packagesByDir.get(pkg.dir) ?? []), pkg]);
  // `//go:generate mockgen -destination ./mock_x.go` whose output is not committed (a gitignored mock): the names it
  // declares are missing until `go generate` runs, so a use of one is undecided rather than undefined.
  const tracked = new Set(index.files.map((file) => file.path));
  for (const pkg of packages.values()) {
    const missing = pkg.files
      .flatMap((file) => file.facts.generates ?? [])
      .map((output) => posix.normalize(posix.join(pkg.dir, output)))
      .filter((path) => posix.dirname(path) === pkg.dir && !tracked.has(path));
    if (missing.length > 0) pkg.ungenerated = [...new Set(missing)].sort(compare);
  }
  const assemblyByDir = new Map<string, string[]>();
  for (const file of index.files) {
    if (isIgnoredGoPath(file.path) || file.skip === "skipped-vendored") continue;
    const dir = posix.dirname(file.path);
    if (file.path.endsWith(".s")) assemblyByDir.set(dir, [...(assemblyByDir.get(dir) ?? []), file.path]);
    if (!file.path.endsWith(".go") || analysed.has(file.path)) continue;
    for (const pkg of packagesByDir.get(dir) ?? []) pkg.unseen.push(file.path);
  }

  const unseenText = new LazyTexts(index);
  const resolver = new ImportResolver(modules, packagesByDir);
  // `//go:linkname local importpath.name` elsewhere makes importpath.name used.
  const linkedFromElsewhere = new Set<string>();
  for (const pkg of packages.values())
    for (const file of pkg.files)
      for (const link of file.facts.linknames) if (link.target) linkedFromElsewhere.add(link.target);
  const world: GoWorld = { packagesByDir, assemblyByDir, resolver, linkedFromElsewhere, unseenText };
  const sorted = [...packages.values()].sort((a, b) => compare(a.dir, b.dir) || compare(a.name, b.name));

  // Each folder's packages are resolved together; with `parts`, a folder whose inputs (its own files, the interface
  // of every package it imports, the linkname targets naming it, the texts it read) are unchanged since the previous
  // run takes that run's result.
  const keys = parts ? new FolderKeys(world, modules, parts) : null;
  const byDir = new Map<string, FolderResult>();
  for (const { dir } of sorted) {
    if (byDir.has(dir)) continue;
    const key = keys?.of(dir) ?? null;
    const stored = key !== null ? (parts?.get(key) as FolderResult | undefined) : undefined;
    if (stored !== undefined && isFolderResult(stored) && readsUnchanged(stored.reads, unseenText)) {
      byDir.set(dir, stored);
      continue;
    }
    const result = resolveFolder(dir, world);
    byDir.set(dir, result);
    if (key !== null) parts?.set(key, result);
  }

  const unknown = new UnknownTally();
  const partOf = (pkg: Package): PackagePart => {
    const part = byDir.get(pkg.dir)?.packages.find((candidate) => candidate.name === pkg.name);
    if (!part) throw new Error(`Go symbol index: no result for package ${pkg.name} in ${pkg.dir}`);
    return part;
  };
  const unresolved: UnresolvedReference[] = [];
  let references = 0;
  let definitions = 0;
  for (const pkg of sorted) {
    definitions += pkg.scope.size;
    for (const file of pkg.files) references += file.facts.uses.length + file.facts.qualified.length;
    const part = partOf(pkg);
    unresolved.push(...part.unresolved);
    for (const [reason, example, count] of part.resolveUnknown) unknown.add(reason, example, count);
  }
  const unreferenced: UnreferencedDefinition[] = [];
  for (const pkg of packages.values()) {
    const part = partOf(pkg);
    unreferenced.push(...part.unreferenced);
    for (const [reason, example, count] of part.unusedUnknown) unknown.add(reason, example, count);
  }
  return {
    unresolved: unresolved.sort(bySite),
    unreferenced: unreferenced.sort(bySite),
    summary: {
      units: packages.size,
      definitions,
      references,
      unknown: unknown.total,
      unknownReasons: unknown.list(),
    },
  };
}

/** What resolving one package reads besides the package itself. */
interface GoWorld {
  packagesByDir: Map<string, Package[]>;
  assemblyByDir: Map<string, string[]>;
  resolver: ImportResolver;
  linkedFromElsewhere: Set<string>;
  unseenText: LazyTexts;
}

type TallyEntries = Array<[reason: string, example: SymbolSite, count: number]>;

/** One package's share of the index: what its files leave unresolved, its unused functions, what it could not decide. */
interface PackagePart {
  name: string;
  unresolved: UnresolvedReference[];
  resolveUnknown: TallyEntries;
  unreferenced: UnreferencedDefinition[];
  unusedUnknown: TallyEntries;
}

/** A folder's packages' parts, and the texts of unanalysed files read to make them (path, sha256 or null). */
interface FolderResult {
  reads: Array<[string, string | null]>;
  packages: PackagePart[];
}

function isFolderResult(value: unknown): value is FolderResult {
  if (typeof value !== "object" || value === null) return false;
  const result = value as Partial<FolderResult>;
  return Array.isArray(result.reads) && Array.isArray(result.packages);
}

function readsUnchanged(reads: FolderResult["reads"], texts: LazyTexts): boolean {
  return reads.every(([path, digest]) => texts.digest(path) === digest);
}

/** Resolves every package of one folder, recording the unanalysed files' texts it reads. */
function resolveFolder(dir: string, world: GoWorld): FolderResult {
  const read = new Set<string>();
  world.unseenText.recordInto(read);
  try {
    const packages = (world.packagesByDir.get(dir) ?? []).map((pkg): PackagePart => {
      const resolveTally = new UnknownTally();
      const unresolved: UnresolvedReference[] = [];
      for (const file of pkg.files)
        unresolved.push(...resolveFile(pkg, file, world.resolver, world.unseenText, resolveTally));
      const unusedTally = new UnknownTally();
      const unreferenced = unusedFunctions(pkg, world, unusedTally);
      return {
        name: pkg.name,
        unresolved,
        resolveUnknown: resolveTally.entries(),
        unreferenced,
        unusedUnknown: unusedTally.entries(),
      };
    });
    return { reads: [...read].map((path) => [path, world.unseenText.digest(path)]), packages };
  } finally {
    world.unseenText.recordInto(null);
  }
}

/**
 * The key of a folder's result: everything `resolveFolder` reads but the unanalysed files' texts (checked apart):
 * the module roots, its files' symbol facts (by the digest the analysis recorded), test flags and syntax errors,
 * its unanalysed Go and assembly files' paths, the interface of the package each import path resolves to, and
 * the go:linkname targets naming its import path.
 */
class FolderKeys {
  private readonly prefix: string;
  private readonly interfaces = new Map<Package, string>();
  private readonly linkTargets = new Map<string, string[]>();

  constructor(
    private readonly world: GoWorld,
    modules: GoModuleRoot[],
    private readonly parts: CollectorParts,
  ) {
    this.prefix = JSON.stringify(["go-folder-v1", modules]);
    for (const target of world.linkedFromElsewhere) {
      const dot = target.lastIndexOf(".");
      if (dot === -1) continue;
      const owner = target.slice(0, dot);
      this.linkTargets.set(owner, [...(this.linkTargets.get(owner) ?? []), target]);
    }
    for (const list of this.linkTargets.values()) list.sort(compare);
  }

  of(dir: string): string {
    const { resolver, packagesByDir, assemblyByDir } = this.world;
    const hash = createHash("sha256");
    const add = (value: unknown): void => void hash.update(`${JSON.stringify(value)}\n`);
    add(this.prefix);
    const importPath = resolver.importPathOf(dir);
    add([dir, importPath, assemblyByDir.get(dir) ?? []]);
    const imports = new Set<string>();
    for (const pkg of packagesByDir.get(dir) ?? []) {
      add([pkg.name, pkg.unseen, pkg.ungenerated ?? []]);
      for (const file of pkg.files) {
        add([file.path, file.isTest, file.syntaxErrorLine, this.digestOf(file)]);
        for (const spec of file.facts.imports) imports.add(spec.path);
      }
    }
    for (const path of [...imports].sort(compare)) {
      const target = resolver.packageOf(path);
      add([path, target ? this.interfaceOf(target) : null]);
    }
    add(importPath !== null ? (this.linkTargets.get(importPath) ?? []) : []);
    return hash.digest("hex");
  }

  private digestOf(file: IndexedFile): string {
    return (
      this.parts.digestOf(file.path, "go-symbols") ??
      createHash("sha256").update(serialize(file.facts)).digest("hex")
    );
  }

  /** What an importer reads of a package: its folder, name, scope's names, syntax error, file count, unread files. */
  private interfaceOf(pkg: Package): string {
    let known = this.interfaces.get(pkg);
    if (known === undefined) {
      known = createHash("sha256")
        .update(
          JSON.stringify([
            pkg.dir,
            pkg.name,
            [...pkg.scope.keys()],
            pkg.syntaxError !== null,
            pkg.files.length,
            pkg.unseen,
          ]),
        )
        .digest("hex");
      this.interfaces.set(pkg, known);
    }
    return known;
  }
}

/** Resolves one file's uses and `pkg.Name` references; returns those that resolve nowhere. */
function resolveFile(
  pkg: Package,
  file: IndexedFile,
  resolver: ImportResolver,
  unseenText: LazyTexts,
  unknown: UnknownTally,
): UnresolvedReference[] {
  const out: UnresolvedReference[] = [];
  const facts = file.facts;
  const importNames = new Set<string>();
  const dotScopes: Package[] = [];
  let externalDotImport = false;
  const uncertainImports: string[] = [];
  let namelessImport = false;
  for (const spec of facts.imports) {
    const target = resolver.packageOf(spec.path);
    if (spec.alias === "_") continue;
    if (spec.alias === ".") {
      if (target) dotScopes.push(target);
      else externalDotImport = true;
      continue;
    }
    if (spec.alias) importNames.add(spec.alias);
    else if (target) importNames.add(target.name);
    else {
      const implied = defaultImportName(spec.path);
      importNames.add(implied);
      uncertainImports.push(spec.path.toLowerCase().replace(/[^a-z0-9]/g, ""));
      // `github.com/prometheus/client_model/go` declares `package io_prometheus_client`: a last element that
      // cannot be a package name (a keyword, a digit first, nothing left) says nothing of the name.
      if (!isPackageName(implied)) namelessImport = true;
    }
  }
  const qualifiers = new Set(facts.qualifiers);
  const standardBuild = buildableByStandardToolchain(facts.constraint);
  const site = (line: number): { path: string; line: number } => ({ path: file.path, line });
  for (const [name, line] of facts.uses) {
    if (pkg.scope.has(name) || GO_UNIVERSE.has(name) || importNames.has(name)) continue;
    if (dotScopes.some((scope) => scope.scope.has(name))) continue;
    if (pkg.syntaxError) {
      unknown.add("package has a syntax error: its scope is incomplete", site(line));
      continue;
    }
    if (pkg.ungenerated) {
      unknown.add(
        `go generate writes ${pkg.ungenerated.join(", ")}, which the repository does not hold`,
        site(line),
      );
      continue;
    }
    if (!standardBuild) {
      unknown.add("file is built only by another toolchain (gccgo)", site(line));
      continue;
    }
    if (externalDotImport && /^\p{Lu}/u.test(name)) {
      unknown.add("file dot-imports a package outside the repository", site(line));
      continue;
    }
    if (qualifiers.has(name)) {
      const squashed = name.toLowerCase().replace(/[^a-z0-9]/g, "");
      if (namelessImport || uncertainImports.some((path) => path.includes(squashed))) {
        unknown.add("package name not knowable from its import path", site(line));
        continue;
      }
    }
    const hidden = [pkg, ...dotScopes].reduce<boolean | null>(
      (found, scope) => (found === true ? true : mergeHidden(found, unseenDeclares(scope, name, unseenText))),
      false,
    );
    if (hidden !== false) {
      if (hidden === null) unknown.add("package has files that could not be read", site(line));
      continue;
    }
    out.push({
      ...site(line),
      name,
      scope: packageLabel(pkg),
      searched: searchedFor(pkg, file),
      isTest: file.isTest,
      confidence: "certain",
      nearby: nearbyNames(name, pkg.scope.keys()),
    });
  }
  for (const [qualifier, name, line] of facts.qualified) {
    const spec = facts.imports.find(
      (candidate) =>
        (candidate.alias ?? resolver.packageOf(candidate.path)?.name ?? defaultImportName(candidate.path)) ===
        qualifier,
    );
    const target = spec ? resolver.packageOf(spec.path) : null;
    if (!target || target.scope.has(name)) continue;
    if (!standardBuild) {
      unknown.add("file is built only by another toolchain (gccgo)", site(line));
      continue;
    }
    if (target.syntaxError) {
      unknown.add("imported package has a syntax error", site(line));
      continue;
    }
    const hidden = unseenDeclares(target, name, unseenText);
    if (hidden !== false) {
      if (hidden === null) unknown.add("imported package has files that could not be read", site(line));
      continue;
    }
    out.push({
      ...site(line),
      name: `${qualifier}.${name}`,
      scope: packageLabel(target),
      searched: `package-level declarations of package ${target.name} in ${target.dir}/ (${target.files.length} files, every build variant)`,
      isTest: file.isTest,
      confidence: "certain",
      nearby: nearbyNames(
        name,
        [...target.scope.keys()].filter((candidate) => /^\p{Lu}/u.test(candidate)),
      ),
    });
  }
  return out;
}

/** Unexported functions (not methods) of a package that no file of its folder names. */
function unusedFunctions(pkg: Package, world: GoWorld, unknown: UnknownTally): UnreferencedDefinition[] {
  const { packagesByDir, assemblyByDir, resolver, linkedFromElsewhere, unseenText } = world;
  const out: UnreferencedDefinition[] = [];
  const candidates = [...pkg.scope.values()].filter(
    (declaration) =>
      declaration.kind === "func" &&
      declaration.hasBody !== false &&
      !/^\p{Lu}/u.test(declaration.name) &&
      declaration.name !== "init" &&
      // A package function named like a builtin (`min` before Go 1.21) shadows it; its uses were not told apart.
      !GO_UNIVERSE.has(declaration.name) &&
      declaration.name !== "main" &&
      declaration.name !== "_",
  );
  if (candidates.length === 0) return out;
  const siblings = packagesByDir.get(pkg.dir) ?? [];
  const named = new Set<string>();
  for (const sibling of siblings)
    for (const file of sibling.files) {
      for (const [name] of file.facts.uses) named.add(name);
      for (const name of file.facts.locals) named.add(name);
      for (const name of file.facts.qualifiers) named.add(name);
      for (const link of file.facts.linknames) named.add(link.local);
      for (const name of file.facts.cgoExports) named.add(name);
    }
  const importPath = resolver.importPathOf(pkg.dir);
  for (const declaration of candidates) {
    if (named.has(declaration.name)) continue;
    if (importPath && linkedFromElsewhere.has(`${importPath}.${declaration.name}`)) continue;
    const site = { path: declaration.path, line: declaration.line };
    if (pkg.syntaxError) {
      unknown.add("package has a syntax error: its uses are incomplete", site);
      continue;
    }
    const word = new RegExp(`(^|[^\\p{L}\\p{N}_])${declaration.name}($|[^\\p{L}\\p{N}_])`, "u");
    const assembly = assemblyByDir.get(pkg.dir) ?? [];
    if (assembly.some((path) => (unseenText.get(path) ?? "").includes(`·${declaration.name}`))) continue;
    const hiddenUse = siblings.some((sibling) =>
      sibling.unseen.some((path) => {
        const text = unseenText.get(path);
        return text === null || word.test(text);
      }),
    );
    if (hiddenUse) {
      unknown.add("a generated or unread file of the package may use it", site);
      continue;
    }
    const file = pkg.files.find((candidate) => candidate.path === declaration.path);
    out.push({
      ...site,
      name: declaration.name,
      kind: "private-function",
      endLine: declaration.endLine,
      scope: packageLabel(pkg),
      searched: `every identifier of the ${siblings.reduce((n, s) => n + s.files.length, 0)} Go files in ${pkg.dir}/ (all build variants and tests), go:linkname and cgo export directives, and assembly files there`,
      isTest: file?.isTest ?? false,
      confidence: "certain",
    });
  }
  return out;
}

/**
 * Whether a package's unanalysed files declare a name at package level, read line by line (gofmt puts
 * package-level declarations at column 0 and grouped specs one tab in). Null when a file cannot be read.
 */
function unseenDeclares(pkg: Package, name: string, texts: LazyTexts): boolean | null {
  if (pkg.unseen.length === 0) return false;
  let unreadable = false;
  for (const path of pkg.unseen) {
    const names = texts.declarations(path, pkg.name);
    if (names === null) unreadable = true;
    else if (names.has(name)) return true;
  }
  return unreadable ? null : false;
}

/** Found beats unreadable beats not found. */
function mergeHidden(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

/** Texts and line-read declarations of files the engine did not analyse, read once and only when asked. */
class LazyTexts {
  private readonly texts = new Map<string, string | null>();
  private readonly digests = new Map<string, string | null>();
  private readonly declared = new Map<string, { packageName: string | null; names: Set<string> } | null>();
  /** The paths asked for while a folder is resolved (its result depends on their texts). */
  private recording: Set<string> | null = null;

  constructor(private readonly index: RepoIndex) {}

  recordInto(paths: Set<string> | null): void {
    this.recording = paths;
  }

  get(path: string): string | null {
    this.recording?.add(path);
    if (!this.texts.has(path)) this.texts.set(path, this.index.read(path));
    return this.texts.get(path) ?? null;
  }

  /** The sha256 of a file's text as `get` gives it (null when unreadable). */
  digest(path: string): string | null {
    let known = this.digests.get(path);
    if (known === undefined) {
      const text = this.get(path);
      known = text === null ? null : createHash("sha256").update(text).digest("hex");
      this.digests.set(path, known);
    }
    return known;
  }

  /** Package-level names declared by a Go file of the given package; empty for another package, null if unread. */
  declarations(path: string, packageName: string): Set<string> | null {
    this.recording?.add(path);
    if (!this.declared.has(path)) {
      const text = this.get(path);
      this.declared.set(path, text === null ? null : scanGoDeclarations(text));
    }
    const scanned = this.declared.get(path);
    if (!scanned) return null;
    return scanned.packageName === packageName ? scanned.names : new Set();
  }
}

/** Package clause and package-level names of a gofmt-formatted Go file, read line by line. */
export function scanGoDeclarations(text: string): { packageName: string | null; names: Set<string> } {
  const names = new Set<string>();
  let block: "var" | "const" | "type" | null = null;
  const identifier = "[\\p{L}_][\\p{L}\\p{N}_]*";
  const single = new RegExp(`^(func|var|const|type)\\s+(${identifier}(?:\\s*,\\s*${identifier})*)`, "u");
  const inBlock = new RegExp(`^\\t(${identifier}(?:\\s*,\\s*${identifier})*)`, "u");
  let packageName: string | null = null;
  for (const line of text.split("\n")) {
    if (block) {
      if (line.startsWith(")")) block = null;
      else {
        const match = inBlock.exec(line);
        if (match) {
          const list = block === "type" ? [match[1]?.split(",")[0] ?? ""] : (match[1] ?? "").split(",");
          for (const name of list) names.add(name.trim());
        }
      }
      continue;
    }
    if (packageName === null) {
      const clause = /^package\s+([\p{L}_][\p{L}\p{N}_]*)/u.exec(line);
      if (clause) packageName = clause[1] ?? null;
    }
    const grouped = /^(var|const|type)\s*\(\s*$/.exec(line);
    if (grouped) {
      block = grouped[1] as "var" | "const" | "type";
      continue;
    }
    const match = single.exec(line);
    if (match) {
      const list =
        match[1] === "var" || match[1] === "const" ? (match[2] ?? "").split(",") : [match[2] ?? ""];
      for (const name of list) names.add(name.trim().split(/\s/)[0] ?? "");
    }
  }
  return { packageName, names };
}

/** Maps import paths to in-repo packages by the module paths of the repository's go.mod files. */
class ImportResolver {
  private readonly roots: GoModuleRoot[];
  /** packageOf's answers: the packages are all known when the resolver is made, so an answer never changes. */
  private readonly byImportPath = new Map<string, Package | null>();

  constructor(
    modules: GoModuleRoot[],
    private readonly packagesByDir: Map<string, Package[]>,
  ) {
    this.roots = [...modules].sort((a, b) => b.module.length - a.module.length);
  }

  /** The folder an import path names inside the repository, or null when it is not the repository's. */
  dirOf(importPath: string): string | null {
    for (const root of this.roots) {
      let rest: string | null = null;
      if (importPath === root.module) rest = "";
      else if (importPath.startsWith(`${root.module}/`)) rest = importPath.slice(root.module.length + 1);
      // The Go source tree's `std` module holds the standard library, whose import paths have no module prefix.
      else if (root.module === "std" && !importPath.split("/")[0]?.includes(".")) rest = importPath;
      if (rest === null) continue;
      return posix.normalize(root.dir === "." ? rest || "." : rest ? `${root.dir}/${rest}` : root.dir);
    }
    return null;
  }

  /** The in-repo package an import path names (its non-test package), or null; one lookup per import path. */
  packageOf(importPath: string): Package | null {
    let known = this.byImportPath.get(importPath);
    if (known === undefined) this.byImportPath.set(importPath, (known = this.lookUp(importPath)));
    return known;
  }

  private lookUp(importPath: string): Package | null {
    const dir = this.dirOf(importPath);
    if (dir === null) return null;
    const candidates = (this.packagesByDir.get(dir) ?? []).filter((pkg) => !pkg.name.endsWith("_test"));
    if (candidates.length === 0) return null;
    // A folder may also hold `package main` programs behind `//go:build ignore`; the importable package is the other.
    return candidates.find((pkg) => pkg.name !== "main") ?? candidates[0] ?? null;
  }

  /** The import path of a folder, when a module contains it. */
  importPathOf(dir: string): string | null {
    for (const root of this.roots) {
      if (root.dir !== "." && dir !== root.dir && !dir.startsWith(`${root.dir}/`)) continue;
      const rest = root.dir === "." ? (dir === "." ? "" : dir) : dir.slice(root.dir.length + 1);
      if (root.module === "std") return rest || null;
      return rest ? `${root.module}/${rest}` : root.module;
    }
    return null;
  }
}

function packageLabel(pkg: Package): string {
  return `package ${pkg.name} (${pkg.dir === "." ? "repository root" : `${pkg.dir}/`})`;
}

function searchedFor(pkg: Package, file: IndexedFile): string {
  const variants = new Set(pkg.files.map((f) => f.facts.constraint ?? "")).size;
  return `declarations inside ${file.path}, package-level declarations of the ${pkg.files.length} files of package ${pkg.name} in ${pkg.dir}/ (${variants} build-constraint variants), its imports, dot-imports and Go's predeclared names`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const GO_KEYWORDS: ReadonlySet<string> = new Set(
  (
    "break case chan const continue default defer else fallthrough for func go goto if import interface map " +
    "package range return select struct switch type var"
  ).split(" "),
);

/** Whether a name implied by an import path can be a package name: an identifier that is not a keyword. */
function isPackageName(name: string): boolean {
  return /^[A-Za-z_]\w*$/.test(name) && !GO_KEYWORDS.has(name);
}
