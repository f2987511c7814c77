// Collector for the Elixir call graph: joins every file's functions and call sites (calls.ts), resolves each call to
// a project function (remote calls by module, local calls to the caller's module or its imports, default arguments
// widening arities), and works out which functions only ever run inside a transaction: those whose every caller
// outside tests calls them inside one, or is itself such a function. Test callers are left out: Ecto's SQL sandbox
// runs each test in a transaction, and tests call code in ways production does not.
import { defineCollector } from "../define.js";
import { isScriptPath } from "./applies.js";
import { isSeedPath } from "../one-off-code.js";
import {
  elixirCallsAnalyzer,
  type ElixirCallFile,
  type ElixirCallSite,
  type ElixirFunctionClause,
  type ElixirFunctionRef,
  type ElixirLoopWrite,
} from "./calls.js";

export interface ElixirCallGraphFacts {
  /**
   * Call sites outside tests: to a project function found; to a project module or import that has no such function;
   * to a function a project module's `use` may inject (`MyApp.Repo.all`, `Endpoint.broadcast`); to code outside the
   * project; on a variable.
   */
  callSites: { resolved: number; unresolved: number; injected: number; external: number; dynamic: number };
  /** Project functions (`Mod.fun/arity`) with at least one caller outside tests, and every caller inside a transaction. */
  alwaysInTransaction: string[];
  /** Project functions with at least one caller outside tests, every caller a script (seeds, `.exs`, mix tasks) or such a function. */
  onlyFromScripts: string[];
  /**
   * Project functions outside tests that only tests call (`Meadow.Directory.MockServer.prewarm/0` from
   * test_helper.exs): no call site outside tests reaches them, at least one in tests does, and they are no callback.
   */
  onlyFromTests: string[];
  /** Per function with callers outside tests (`Mod.fun/arity`): how many call sites reach it. */
  callerCounts: Record<string, number>;
  /** Ecto repo writes inside loops, with the file's own facts. */
  loopWrites: Array<
    ElixirLoopWrite & { path: string; isTest: boolean; mixTask: boolean; transactionalMigration: boolean }
  >;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    elixirCallGraph: ElixirCallGraphFacts;
  }
}

/** Dependencies and build output: not the project's code. */
export const ELIXIR_DEPENDENCY_PATH = /(^|\/)(deps|_build|node_modules)\//;

type LocatedSite = ElixirCallSite & { path: string };

/** `MyApp.Accounts.create_user/1`. */
export function functionKey(fn: ElixirFunctionRef): string {
  return `${fn.module}.${fn.name}/${fn.arity}`;
}

export const elixirCallGraphCollector = defineCollector({
  id: "elixirCallGraph",
  collect(ctx): ElixirCallGraphFacts {
    const files = ctx
      .fileFacts(elixirCallsAnalyzer)
      .filter(({ file }) => !ELIXIR_DEPENDENCY_PATH.test(file.path));
    const project = projectFunctionsOf(files);
    const callSites = { resolved: 0, unresolved: 0, injected: 0, external: 0, dynamic: 0 };
    /** Callee key → the call sites (outside tests) that reach it, with the file each is in. */
    const callers = new Map<string, LocatedSite[]>();
    const callbacks = new Set<string>();
    /** Callee keys that call sites in tests reach. */
    const testCallees = new Set<string>();
    for (const { file, value } of files) {
      if (file.isTest) {
        for (const site of value.calls) {
          const target = resolveCall(site, project);
          if (target !== "external" && target !== "injected" && target !== "unresolved")
            testCallees.add(target);
        }
        continue;
      }
      callSites.dynamic += value.dynamicCalls;
      for (const fn of value.functions) if (fn.callback) callbacks.add(functionKey(fn));
      for (const site of value.calls) {
        const target = resolveCall(site, project);
        if (target === "external") callSites.external++;
        else if (target === "injected") callSites.injected++;
        else if (target === "unresolved") callSites.unresolved++;
        else {
          callSites.resolved++;
          callers.set(target, [...(callers.get(target) ?? []), { ...site, path: file.path }]);
        }
      }
    }
    const loopWrites = files.flatMap(({ file, value }) =>
      value.loopWrites.map((write) => ({
        ...write,
        path: file.path,
        isTest: file.isTest,
        mixTask: value.mixTask,
        transactionalMigration: value.transactionalMigration,
      })),
    );
    const callerCounts: Record<string, number> = {};
    for (const [key, sites] of callers) callerCounts[key] = sites.length;
    return {
      callSites,
      alwaysInTransaction: [...closedFunctions(callers, callbacks, (site) => site.inTransaction)].sort(),
      onlyFromScripts: [
        ...closedFunctions(callers, callbacks, (site) => isScriptPath(site.path) || isSeedPath(site.path)),
      ].sort(),
      onlyFromTests: [...testCallees].filter((key) => !callers.has(key) && !callbacks.has(key)).sort(),
      callerCounts,
      loopWrites,
    };
  },
});

/** The project's Elixir functions, modules and imports: what calls are resolved against. */
export interface ElixirProjectFunctions {
  /** Every arity a function accepts (`Mod.fun/arity`) → its clauses (default arguments give one name several). */
  functions: ReadonlyMap<string, ElixirFunctionClause[]>;
  modules: ReadonlySet<string>;
  /** `Mod.fun` for every project function, whatever its arity. */
  names: ReadonlySet<string>;
  imports: ReadonlyMap<string, string[]>;
  /** Modules that `use` another: their `__using__` may define functions no file shows. */
  using: ReadonlySet<string>;
}

/** Joins the files' functions and imports (deps/_build left out by the caller) into one index. */
export function projectFunctionsOf(files: ReadonlyArray<{ value: ElixirCallFile }>): ElixirProjectFunctions {
  const functions = new Map<string, ElixirFunctionClause[]>();
  const modules = new Set<string>();
  const names = new Set<string>();
  const imports = new Map<string, string[]>();
  const using = new Set<string>();
  for (const { value } of files) {
    for (const fn of value.functions) {
      modules.add(fn.module);
      names.add(`${fn.module}.${fn.name}`);
      for (let arity = fn.minArity; arity <= fn.arity; arity++) {
        const key = functionKey({ ...fn, arity });
        functions.set(key, [...(functions.get(key) ?? []), fn]);
      }
    }
    for (const [module, list] of Object.entries(value.imports)) imports.set(module, list);
    for (const module of value.using) using.add(module);
  }
  return { functions, modules, names, imports, using };
}

/**
 * The key of the project function a call reaches (`Mod.fun/arity`: remote calls by their expanded module, local
 * calls to the caller's module, then its imports), or why there is none.
 */
export function resolveCall(
  site: ElixirCallSite,
  { functions, modules, names, imports, using }: ElixirProjectFunctions,
): string | "unresolved" | "injected" | "external" {
  if (site.module !== null) {
    const key = functionKey({ module: site.module, name: site.name, arity: site.arity });
    if (functions.get(key)?.some((fn) => !fn.private || fn.module === site.from?.module)) return key;
    if (using.has(site.module)) return "injected";
    return modules.has(site.module) ? "unresolved" : "external";
  }
  if (!site.from) return "external";
  const from = site.from;
  const own = functionKey({ module: from.module, name: site.name, arity: site.arity });
  if (functions.has(own)) return own;
  const imported = (imports.get(from.module) ?? []).filter((module) => modules.has(module));
  for (const module of imported) {
    const key = functionKey({ module, name: site.name, arity: site.arity });
    if (functions.get(key)?.some((fn) => !fn.private)) return key;
  }
  // A local call no project module defines is Kernel's or a macro's; one the module defines with another arity, or
  // that a project import may hold, is a miss.
  const named = (module: string) => names.has(`${module}.${site.name}`);
  return named(from.module) || imported.some(named) ? "unresolved" : "external";
}

/**
 * Functions reached only from call sites that satisfy `direct` (inside a transaction; in a script): every call site
 * outside the function itself does, or is in a function that is reached that way. The least such set (a cycle
 * that nothing outside reaches that way stays out); callbacks are called by their behaviour's code, out of sight,
 * and never qualify.
 */
function closedFunctions(
  callers: ReadonlyMap<string, LocatedSite[]>,
  callbacks: ReadonlySet<string>,
  direct: (site: LocatedSite) => boolean,
): Set<string> {
  const inside = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [key, sites] of callers) {
      if (inside.has(key) || callbacks.has(key)) continue;
      const others = sites.filter((site) => !site.from || functionKey(site.from) !== key);
      if (others.length === 0) continue;
      if (
        others.every((site) => direct(site) || (site.from !== null && inside.has(functionKey(site.from))))
      ) {
        inside.add(key);
        changed = true;
      }
    }
  }
  return inside;
}
