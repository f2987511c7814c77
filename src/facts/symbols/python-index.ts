// The Python symbol index: modules of this repository's packages (folders with an `__init__.py`), the names each
// binds at top level, and every import of one of those packages checked against them — a module that does not
// exist, or a name the module does not bind and that is no submodule of it, fails with ImportError when the
// import runs. Imports of packages the repository does not hold are somebody else's and are not looked up.
// What the index cannot see through (a module `__getattr__`, `globals()` writes, `import *` from outside, C
// extensions, files the build writes) makes a reference unknown, never unresolved.
import ignore, { type Ignore } from "ignore";
import type { RepoIndex } from "../../repo/repo-index.js";
import { parentDir } from "../../repo/repo-path.js";
import type { FileSummary } from "../repo-facts.js";
import { parseSource } from "../../parse/grammar-registry.js";
import { isGeneratedText } from "../../repo/path-kind.js";
import { analyzePythonSymbols, type PythonImportSite, type PythonSymbolFile } from "./python-file.js";
import {
  bySite,
  nearbyNames,
  UnknownTally,
  type EcosystemSymbols,
  type UnresolvedReference,
} from "./model.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import { pythonBaseFamilies, unusedPythonFunctions } from "./python-unused.js";

/** Attributes every module has, whatever it binds. */
const MODULE_ATTRIBUTES = new Set([
  "__all__",
  "__builtins__",
  "__dict__",
  "__doc__",
  "__file__",
  "__loader__",
  "__name__",
  "__package__",
  "__path__",
  "__spec__",
  "__version__",
]);

/** Generated modules larger than this are not parsed for their names (their imports stay undecided). */
const GENERATED_MODULE_BYTES = 1024 * 1024;

const EMPTY: PythonSymbolFile = { names: [], imports: [], starFrom: [], opaque: null };

/** Files that say how a package is built: a module they name may be written by the build, not committed. */
const BUILD_FILES =
  /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|Makefile|noxfile\.py|tox\.ini|hatch_build\.py|build\.py|meson\.build|SConstruct|Dockerfile|justfile|Taskfile\.ya?ml)$/;

/** A module found for a dotted name: a Python file with its facts, or something the index cannot list. */
type FoundModule =
  | { kind: "file"; path: string; facts: PythonSymbolFile; syntaxError: boolean }
  | { kind: "opaque"; path: string; reason: string };

export function buildPythonSymbols(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: PythonSymbolFile }>,
): EcosystemSymbols {
  const paths = new Set(index.files.map((file) => file.path));
  const byPath = new Map(
    files.map(({ file, value }) => [
      file.path,
      { facts: value, syntaxError: file.syntaxErrorLine !== undefined },
    ]),
  );
  const packages = new Set<string>();
  for (const path of paths)
    if (path === "__init__.py" || path.endsWith("/__init__.py")) packages.add(parentDir(path, ""));
  // A top-level package is a package whose folder is not itself inside one: its parent folder is a source root.
  const topLevel = new Map<string, string[]>();
  const baseName = (dir: string): string => dir.slice(dir.lastIndexOf("/") + 1);
  for (const dir of packages) {
    if (dir === "" || packages.has(parentDir(dir, ""))) continue;
    const name = baseName(dir);
    topLevel.set(name, [...(topLevel.get(name) ?? []), dir]);
  }
  // A namespace package split across distributions (`karrio/` with an `__init__.py` in the SDK, and
  // `modules/core/karrio/server/`, `connectors/fedex/karrio/providers/fedex/` in folders without one, PEP 420 or
  // pkgutil portions): a package below such a folder is imported through the namespace's name, so each folder
  // without an `__init__.py` above it that bears a top-level package's name is one more root of that package.
  const portions: Array<[string, string]> = [];
  for (const roots of topLevel.values())
    for (const dir of roots)
      for (let up = parentDir(dir, ""), depth = 0; up !== "" && depth < 4; up = parentDir(up, ""), depth++) {
        // Every such folder on the way up: `modules/core/karrio/server/core/` is below a portion of `server` (a
        // top-level package in another app) and, above it, a portion of `karrio`.
        const name = baseName(up);
        if (topLevel.has(name) && !topLevel.get(name)?.includes(up)) portions.push([name, up]);
      }
  for (const [name, dir] of portions)
    if (!topLevel.get(name)?.includes(dir)) topLevel.set(name, [...(topLevel.get(name) ?? []), dir]);
  // Files by folder prefix, to tell a namespace folder or a C extension from nothing at all.
  const stems = new Set<string>();
  for (const path of paths) {
    for (let at = path.indexOf("/"); at >= 0; at = path.indexOf("/", at + 1)) stems.add(path.slice(0, at));
    const dot = path.lastIndexOf(".");
    if (dot > path.lastIndexOf("/")) stems.add(path.slice(0, dot));
  }
  const generated = new GeneratedModules(index, paths);

  // Generated modules are left out of the per-file analysis, but they bind names all the same: the few that
  // imports reach are parsed here.
  const generatedFacts = new Map<string, PythonSymbolFile | null>();
  const readGenerated = (path: string): PythonSymbolFile | null => {
    if (!generatedFacts.has(path)) {
      const file = index.file(path);
      const text =
        file && file.skip === null && file.size <= GENERATED_MODULE_BYTES ? index.read(path) : null;
      const tree = text !== null && isGeneratedText(text.slice(0, 1000)) ? parseSource("python", text) : null;
      generatedFacts.set(path, tree && text !== null ? analyzePythonSymbols(tree.root(), text) : null);
    }
    return generatedFacts.get(path) ?? null;
  };

  const moduleAt = (base: string): FoundModule | null => {
    // A package folder wins over a module file of the same name beside it, as CPython's path finder decides: with
    // `app.py` (a launcher) next to `app/__init__.py`, `import app` and `from . import x` inside app/ read the package.
    for (const candidate of [`${base}/__init__.py`, `${base}.py`]) {
      const entry = byPath.get(candidate);
      if (entry) return { kind: "file", path: candidate, ...entry };
      // An empty module (most `__init__.py` files) is never parsed, and binds nothing.
      if (index.file(candidate)?.size === 0)
        return { kind: "file", path: candidate, facts: EMPTY, syntaxError: false };
      const generatedModule = readGenerated(candidate);
      if (generatedModule)
        return { kind: "file", path: candidate, facts: generatedModule, syntaxError: false };
      if (paths.has(candidate))
        return { kind: "opaque", path: candidate, reason: "module file not analysed" };
    }
    if (stems.has(base))
      return { kind: "opaque", path: base, reason: "a namespace folder, stub or compiled extension" };
    return null;
  };

  const unknown = new UnknownTally();
  const unresolved: UnresolvedReference[] = [];
  const lookedUpAtRunTime = new Set<string>();
  let references = 0;
  let definitions = 0;
  for (const { value } of files) definitions += value.names.length;

  // Who imports each module: a module only tests import fails only those tests when its own import breaks.
  const importersOf = new Map<string, { tests: number; others: number }>();
  for (const { file, value } of files) {
    const ruleTarget = isLintRuleTarget(file.path, index);
    for (const site of value.imports) {
      const target = baseOf(site, file.path, topLevel, packages, stems);
      if (target === null) continue;
      const where = { path: file.path, line: site.line };
      references++;
      if (site.guarded) {
        unknown.add("import inside try/except ImportError or a check that the module exists", where);
        continue;
      }
      if (ruleTarget) {
        unknown.add("test target of a Semgrep rule beside it (code written to be matched, never run)", where);
        continue;
      }
      if (target.unsure) {
        unknown.add("relative import outside a package", where);
        continue;
      }
      const found = target.bases.map(moduleAt).find((module) => module !== null) ?? null;
      if (found?.kind === "file") {
        const seen = importersOf.get(found.path) ?? { tests: 0, others: 0 };
        if (file.isTest) seen.tests++;
        else seen.others++;
        importersOf.set(found.path, seen);
      }
      if (!found) {
        const why = generated.reason(target.bases);
        if (why) {
          unknown.add(why, where);
          continue;
        }
        unresolved.push({
          ...where,
          name: target.dotted,
          scope: target.dotted,
          searched: `${target.bases.map((base) => `${base}/__init__.py, ${base}.py`).join("; ")} (no such file in the repository)`,
          isTest: file.isTest,
          confidence: "certain",
          nearby: nearbyNames(lastSegment(target.dotted), siblingsOf(target.bases, paths)),
          ...(site.typeOnly ? { typeOnly: true } : {}),
          ...(site.conditional ? { conditional: true } : {}),
        });
        continue;
      }
      // A module another file reads attributes of by computed names (`getattr(handlers, kind)`) may have any of
      // its functions called that way.
      if (value.lookups) {
        const lookups = new Set(value.lookups);
        if (found.kind === "file" && importBinds(site).some((bound) => lookups.has(bound)))
          lookedUpAtRunTime.add(found.path);
        for (const [name] of site.names)
          if (lookups.has(name))
            for (const base of target.bases) {
              const submodule = moduleAt(`${base}/${name}`);
              if (submodule?.kind === "file") lookedUpAtRunTime.add(submodule.path);
            }
      }
      if (site.plain || site.star) continue;
      for (const [name, line] of site.names) {
        const nameSite = { path: file.path, line };
        if (MODULE_ATTRIBUTES.has(name)) continue;
        if (target.bases.some((base) => moduleAt(`${base}/${name}`) !== null)) continue;
        if (found.kind === "opaque") {
          unknown.add(found.reason, nameSite);
          continue;
        }
        const names = moduleNames(found, moduleAt, topLevel, packages, stems);
        if (names.opaque) {
          unknown.add(names.opaque, nameSite);
          continue;
        }
        if (names.bound.has(name)) continue;
        if (found.syntaxError) {
          unknown.add("module has a syntax error", nameSite);
          continue;
        }
        unresolved.push({
          ...nameSite,
          name: `${name} from ${target.dotted}`,
          scope: found.path,
          searched: `${found.path}: top-level definitions, assignments and imports; submodules ${target.bases.map((base) => `${base}/${name}.py`).join(", ")}`,
          isTest: file.isTest,
          confidence: "certain",
          nearby: nearbyNames(name, names.bound),
          ...(site.typeOnly ? { typeOnly: true } : {}),
          ...(site.conditional ? { conditional: true } : {}),
        });
      }
    }
  }
  for (const reference of unresolved) {
    const importers = importersOf.get(reference.path);
    if (!reference.isTest && importers && importers.tests > 0 && importers.others === 0)
      reference.importedOnlyByTests = true;
  }
  const families = pythonBaseFamilies(files);
  return {
    ...(families.length > 0 ? { families } : {}),
    unresolved: unresolved.sort(bySite),
    unreferenced: unusedPythonFunctions(index, files, lookedUpAtRunTime, unknown).sort(bySite),
    summary: {
      units: [...topLevel.values()].reduce((sum, dirs) => sum + dirs.length, 0),
      definitions,
      references,
      unknown: unknown.total,
      unknownReasons: unknown.list(),
    },
  };
}

interface ImportTarget {
  /** The module as an absolute dotted name (`pkg.sub.mod`), for messages. */
  dotted: string;
  /** Path bases (no extension) where the module could be, one per source root holding its top-level package. */
  bases: string[];
  /** A relative import from a folder that is no package: Python's own resolution depends on how it is run. */
  unsure: boolean;
}

/** Where an import's module would be, or null when it is not this repository's (an installed package). */
function baseOf(
  site: PythonImportSite,
  fromPath: string,
  topLevel: ReadonlyMap<string, string[]>,
  packages: ReadonlySet<string>,
  stems: ReadonlySet<string>,
): ImportTarget | null {
  const module = site.module;
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  if (dots > 0) {
    let dir = parentDir(fromPath, "");
    const unsure = !packages.has(dir);
    for (let level = 1; level < dots; level++) {
      if (dir === "") return { dotted: module, bases: [], unsure: true };
      dir = parentDir(dir, "");
    }
    const rest = module.slice(dots);
    const base = rest === "" ? dir : [dir, ...rest.split(".")].filter((part) => part !== "").join("/");
    return { dotted: module, bases: [base], unsure };
  }
  const [top, ...rest] = module.split(".");
  const roots = topLevel.get(top ?? "");
  if (!roots) return null;
  // A script's own folder is the first entry of sys.path: `python service/captioning/main.py` imports
  // `api.im2txt.sample` from service/captioning/api/, beside a top-level `api` package at the root. So a folder
  // or module of the import's first name in a folder above the importing file is one more place to look.
  const scriptRoots: string[] = [];
  for (let dir = parentDir(fromPath, ""); dir !== ""; dir = parentDir(dir, "")) {
    const folder = `${dir}/${top}`;
    if (!roots.includes(folder) && stems.has(folder)) scriptRoots.push(folder);
  }
  return {
    dotted: module,
    bases: [...roots, ...scriptRoots].map((root) => [root, ...rest].join("/")),
    unsure: false,
  };
}

/** The names a module binds, its `import *` sources followed within the repository. */
function moduleNames(
  start: Extract<FoundModule, { kind: "file" }>,
  moduleAt: (base: string) => FoundModule | null,
  topLevel: ReadonlyMap<string, string[]>,
  packages: ReadonlySet<string>,
  stems: ReadonlySet<string>,
): { bound: Set<string>; opaque: string | null } {
  const bound = new Set<string>();
  const visited = new Set<string>();
  const queue: Array<Extract<FoundModule, { kind: "file" }>> = [start];
  while (queue.length > 0) {
    const module = queue.pop() as Extract<FoundModule, { kind: "file" }>;
    if (visited.has(module.path)) continue;
    visited.add(module.path);
    if (module.facts.opaque) return { bound, opaque: module.facts.opaque };
    for (const [name] of module.facts.names) bound.add(name);
    for (const source of module.facts.starFrom) {
      const site: PythonImportSite = {
        module: source,
        names: [],
        plain: false,
        star: true,
        line: 0,
        guarded: false,
        typeOnly: false,
      };
      const target = baseOf(site, module.path, topLevel, packages, stems);
      if (target === null) return { bound, opaque: "`import *` from a package outside the repository" };
      const found = target.bases.map(moduleAt).find((candidate) => candidate !== null) ?? null;
      if (!found || found.kind === "opaque")
        return { bound, opaque: "`import *` from a module the index cannot list" };
      queue.push(found);
    }
  }
  return { bound, opaque: null };
}

function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}

/** Module names beside where a missing module was looked for (a likely rename). */
function siblingsOf(bases: readonly string[], paths: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const base of bases) {
    const dir = parentDir(base, "");
    const prefix = dir === "" ? "" : `${dir}/`;
    for (const path of paths) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const match = /^([A-Za-z_]\w*)(?:\.py|\/__init__\.py)$/.exec(rest);
      if (match?.[1]) out.add(match[1]);
    }
  }
  return [...out];
}

/**
 * Modules the build writes rather than the repository holds: protobuf output, a `_version.py` from
 * setuptools-scm, anything ignored by a `.gitignore` or named by a build file.
 */
class GeneratedModules {
  private ignores: Array<{ dir: string; matcher: Ignore }> | null = null;
  private buildText: string | null = null;

  constructor(
    private readonly index: RepoIndex,
    private readonly paths: ReadonlySet<string>,
  ) {}

  reason(bases: readonly string[]): string | null {
    for (const base of bases) {
      const name = base.slice(base.lastIndexOf("/") + 1);
      if (/_pb2(_grpc)?$|_grpc$/.test(name) && [...this.paths].some((path) => path.endsWith(".proto")))
        return "module generated from .proto files";
      if (this.ignored(`${base}.py`) || this.ignored(`${base}/__init__.py`))
        return "module ignored by .gitignore (written by the build)";
      if (new RegExp(`(^|[^\\w])${escapeRegExp(name)}(\\.py)?\\b`).test(this.buildFiles()))
        return "module named by a build file (written by the build)";
    }
    return null;
  }

  private ignored(path: string): boolean {
    this.ignores ??= [...this.paths]
      .filter((candidate) => candidate === ".gitignore" || candidate.endsWith("/.gitignore"))
      .flatMap((candidate) => {
        const text = this.index.read(candidate);
        return text === null ? [] : [{ dir: parentDir(candidate, ""), matcher: ignore().add(text) }];
      });
    return this.ignores.some(({ dir, matcher }) => {
      if (dir !== "" && !path.startsWith(`${dir}/`)) return false;
      return matcher.ignores(dir === "" ? path : path.slice(dir.length + 1));
    });
  }

  private buildFiles(): string {
    this.buildText ??= [...this.paths]
      .filter((path) => BUILD_FILES.test(path))
      .map((path) => this.index.read(path) ?? "")
      .join("\n");
    return this.buildText;
  }
}

/** The names an import binds that `getattr` could be called on: `import a.b` → `a`, `a.b`; `from m import x as y` → `y`. */
function importBinds(site: PythonImportSite): string[] {
  if (site.plain) return [site.module, site.module.split(".")[0] ?? site.module];
  return site.names.map(([name]) => name);
}

/**
 * A Semgrep rule's test target: `rules/x.py` beside `rules/x.yaml` that declares `rules:`. Its code is written
 * to show what the rule matches (often a mistake on purpose) and is never imported or run.
 */
function isLintRuleTarget(path: string, index: RepoIndex): boolean {
  const stem = path.replace(/\.pyi?$/, "");
  for (const extension of [".yaml", ".yml"]) {
    const rule = index.has(`${stem}${extension}`) ? index.read(`${stem}${extension}`) : null;
    if (rule !== null && /^rules\s*:/m.test(rule)) return true;
  }
  return false;
}
