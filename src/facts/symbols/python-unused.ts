// Top-level functions of a Python application's modules that nothing names: public ones (and `__all__` members)
// whose name occurs in no other file of the repository and nowhere else in their own, and `_private` ones the
// same way (vulture's "unused function"). A name counts wherever it is spelled — imports, attribute calls, strings
// in settings (`"app.tasks.cleanup"`), templates, Dockerfiles — so only names nothing could refer to are listed.
import { posix } from "node:path";
import type { RepoIndex } from "../../repo/repo-index.js";
import { oneOffKind } from "../one-off-code.js";
import type { FileSummary } from "../repo-facts.js";
import type { PythonSymbolFile } from "./python-file.js";
import {
  bySite,
  compareText,
  type ContractFamily,
  type UnknownTally,
  type UnreferencedDefinition,
} from "./model.js";
import { filesNaming } from "./word-search.js";

/** Modules whose functions a tool or framework calls by convention, not by an import. */
const ENTRY_MODULE =
  /(^|\/)(__init__|__main__|conftest|manage|setup|wsgi|asgi|gunicorn[\w.]*|celery|noxfile|tasks|fabfile|admin|apps|signals|receivers|hooks|plugins?|templatetags\/\w+|settings[\w-]*|local_settings|conf|config)\.py$|(^|\/)(settings|templatetags|management)\//;
/** Function names tools and frameworks call by convention (WSGI, AWS Lambda, alembic, Sphinx, pytest, Pyramid). */
const ENTRY_FUNCTION =
  /^(main|setup|teardown|upgrade|downgrade|handler|lambda_handler|application|app|create_app|make_app|run|cli|ready|includeme|load_tests|setup_module|teardown_module|pytest_\w+|__\w+__)$/;

/** Files that say the repository is an application someone runs, not a library others import. */
const APPLICATION_MARKER =
  /(^|\/)(manage\.py|Dockerfile[\w.-]*|[\w.-]*compose[\w.-]*\.ya?ml|Procfile|app\.ya?ml|fly\.toml|render\.yaml)$/;

export function unusedPythonFunctions(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: PythonSymbolFile }>,
  lookedUpAtRunTime: ReadonlySet<string>,
  unknown: UnknownTally,
): UnreferencedDefinition[] {
  // A library's public functions are its API: callers live in other repositories.
  const application = index.files.some((file) => APPLICATION_MARKER.test(file.path));
  // Modules imported by a computed name (`import_module(f"app.plugins.{name}")`) are called by the names the
  // loader looks up, which no search sees.
  const loadedByName = [...new Set(files.flatMap(({ value }) => value.computedImports ?? []))];
  const candidates: Array<{
    path: string;
    name: string;
    line: number;
    endLine: number;
    kind: UnreferencedDefinition["kind"];
  }> = [];
  for (const { file, value } of files) {
    if (file.isTest || file.syntaxErrorLine !== undefined || value.opaque) continue;
    if (oneOffKind(file.path) !== null || ENTRY_MODULE.test(file.path)) continue;
    const all = new Map(value.all ?? []);
    for (const fn of value.functions ?? []) {
      if (fn.decorated || ENTRY_FUNCTION.test(fn.name)) continue;
      if ((value.mentions?.[fn.name] ?? 1) > 0) continue;
      const isPrivate = fn.name.startsWith("_");
      if (!isPrivate && !application) continue;
      const site = { path: file.path, line: fn.line };
      if (fn.keptFor) {
        unknown.add(
          fn.keptFor === "tests"
            ? "functions kept for tests (a test hook by its name or docstring; tests may live elsewhere)"
            : "functions kept for backward compatibility (deprecated, by their docstring or comment)",
          site,
        );
        continue;
      }
      if (lookedUpAtRunTime.has(file.path)) {
        unknown.add("functions of a module another looks names up in at run time (getattr)", site);
        continue;
      }
      const dotted = moduleName(file.path);
      if (loadedByName.some((prefix) => dotted.startsWith(prefix))) {
        unknown.add("functions of a module imported by a computed name (import_module)", site);
        continue;
      }
      candidates.push({
        ...site,
        name: fn.name,
        endLine: fn.endLine,
        kind: isPrivate ? "private-function" : all.has(fn.name) ? "export" : "function",
      });
    }
  }
  const naming = filesNaming(index, new Set(candidates.map((candidate) => candidate.name)));
  const out: UnreferencedDefinition[] = [];
  for (const candidate of candidates) {
    if ([...(naming.get(candidate.name) ?? [])].some((path) => path !== candidate.path)) continue;
    out.push({
      ...candidate,
      scope: moduleName(candidate.path),
      searched: `every file of the repository (${index.files.length} files: code, templates, configuration, Dockerfiles, scripts) for the word \`${candidate.name}\`, and ${candidate.path} beyond its own \`def\`${candidate.kind === "export" ? " and its `__all__` entry" : ""}`,
      isTest: false,
      confidence: "heuristic",
    });
  }
  return out;
}

/** `src/shop/pricing.py` → `shop.pricing` (a leading `src/` is a source root, not a package). */
function moduleName(path: string): string {
  const stem = path.replace(/\.pyi?$/, "").replace(/^src\//, "");
  return stem.split(posix.sep).join(".");
}

/**
 * For each base class this repository defines that other classes (outside tests) extend, its subclasses with the
 * other in-repo classes each builds on (further bases and their ancestors). Bases are matched by their last name
 * (`mixins.Audited` → `Audited`) to the repository's only class of that name; a name several modules define is
 * left out rather than guessed.
 */
export function pythonBaseFamilies(
  files: Array<{ file: FileSummary; value: PythonSymbolFile }>,
): ContractFamily[] {
  const classes = new Map<string, Array<{ path: string; line: number; bases: string[]; isTest: boolean }>>();
  for (const { file, value } of files)
    for (const cls of value.classes ?? [])
      classes.set(cls.name, [
        ...(classes.get(cls.name) ?? []),
        { path: file.path, line: cls.line, bases: cls.bases, isTest: file.isTest },
      ]);
  const resolve = (written: string): string | null => {
    const name = written.slice(written.lastIndexOf(".") + 1);
    return classes.get(name)?.length === 1 ? name : null;
  };
  const ancestors = (name: string, seen = new Set<string>()): Set<string> => {
    for (const base of classes.get(name)?.[0]?.bases ?? []) {
      const resolved = resolve(base);
      if (resolved && !seen.has(resolved)) {
        seen.add(resolved);
        ancestors(resolved, seen);
      }
    }
    return seen;
  };
  // An intermediate base (`CoreModelWithDurationSerializer`) is no implementation: its subclasses are.
  const extended = new Set<string>();
  for (const definitions of classes.values())
    for (const definition of definitions)
      for (const base of definition.bases) {
        const resolved = resolve(base);
        if (resolved) extended.add(resolved);
      }
  const byContract = new Map<string, ContractFamily["members"]>();
  for (const [name, definitions] of classes) {
    const definition = definitions[0];
    if (definitions.length !== 1 || !definition || definition.isTest || oneOffKind(definition.path) !== null)
      continue;
    if (extended.has(name)) continue;
    const direct = definition.bases.map(resolve).filter((base): base is string => base !== null);
    for (const contract of direct) {
      const beside = new Set<string>();
      for (const other of direct)
        if (other !== contract) for (const shared of [other, ...ancestors(other)]) beside.add(shared);
      for (const above of [contract, ...ancestors(contract)]) beside.delete(above);
      const members = byContract.get(contract) ?? [];
      members.push({ path: definition.path, line: definition.line, name, shared: [...beside].sort() });
      byContract.set(contract, members);
    }
  }
  const out: ContractFamily[] = [];
  for (const [contract, members] of byContract) {
    const defined = classes.get(contract)?.[0];
    if (!defined) continue;
    out.push({
      contract,
      definedAt: { path: defined.path, line: defined.line },
      members: members.sort(bySite),
    });
  }
  return out.sort((a, b) => compareText(a.contract, b.contract));
}
