// The Elixir symbol index: modules across files (a module defined twice is one), their functions with arities,
// remote calls to modules this repository defines checked against those arities, private functions no code
// mentions, and modules nothing names. Code that `use`s a module the index cannot read, `@before_compile`,
// computed function names and `apply/3` make what they touch unknown, never undefined or unused.
import type { FileSummary } from "../repo-facts.js";
import type { RepoIndex } from "../../repo/repo-index.js";
import type { ElixirFunction, ElixirModuleFacts, ElixirSymbolFile } from "./elixir-file.js";
import {
  bySite,
  nearbyNames,
  UnknownTally,
  type ContractFamily,
  type EcosystemSymbols,
  type UnreferencedDefinition,
  type UnresolvedReference,
} from "./model.js";
import { escapeRegExp } from "../../util/escape-reg-exp.js";
import { filesNaming } from "./word-search.js";

interface ModuleEntry {
  name: string;
  definitions: Array<ElixirModuleFacts & { path: string; isTest: boolean }>;
}

/** Functions every module has. */
const ALWAYS_DEFINED: ReadonlyArray<[string, number, number]> = [
  ["module_info", 0, 1],
  ["__info__", 1, 1],
];

/**
 * Functions that `use` of a well-known library defines in the using module, by library. A module using a
 * library not listed here (or an in-repo module, whose `__using__` may define anything) is open: calls to
 * functions it does not visibly define are unknown.
 */
const INJECTED_BY_USE: ReadonlyMap<string, ReadonlyArray<[string, number, number]>> = new Map([
  [
    "GenServer",
    [
      ["child_spec", 1, 1],
      ["init", 1, 1],
      ["handle_call", 3, 3],
      ["handle_cast", 2, 2],
      ["handle_info", 2, 2],
      ["terminate", 2, 2],
      ["code_change", 3, 3],
      ["format_status", 1, 2],
    ],
  ],
  [
    "Supervisor",
    [
      ["child_spec", 1, 1],
      ["init", 1, 1],
    ],
  ],
  ["Agent", [["child_spec", 1, 1]]],
  ["Task", [["child_spec", 1, 1]]],
  [
    "DynamicSupervisor",
    [
      ["child_spec", 1, 1],
      ["init", 1, 1],
    ],
  ],
  [
    "Application",
    [
      ["config_change", 3, 3],
      ["prep_stop", 1, 1],
      ["start_phase", 3, 3],
      ["stop", 1, 1],
    ],
  ],
  [
    "Ecto.Schema",
    [
      ["__schema__", 1, 2],
      ["__struct__", 0, 1],
      ["__changeset__", 0, 0],
    ],
  ],
  ["Ecto.Migration", [["__migration__", 0, 0]]],
  [
    "Plug.Builder",
    [
      ["init", 1, 1],
      ["call", 2, 2],
    ],
  ],
  [
    "Oban.Worker",
    [
      ["new", 1, 2],
      ["perform", 1, 1],
      ["backoff", 1, 1],
      ["timeout", 1, 1],
      ["__opts__", 0, 0],
    ],
  ],
  ["ExUnit.Case", []],
  ["ExUnit.CaseTemplate", []],
  ["Mix.Task", [["run", 1, 1]]],
]);

const PUBLIC_KINDS: ReadonlySet<ElixirFunction["kind"]> = new Set([
  "def",
  "defmacro",
  "defguard",
  "defdelegate",
]);

export function buildElixirSymbols(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: ElixirSymbolFile }>,
): EcosystemSymbols {
  const unknown = new UnknownTally();
  const modules = new Map<string, ModuleEntry>();
  for (const { file, value } of files)
    for (const module of value.modules) {
      const entry = modules.get(module.name) ?? { name: module.name, definitions: [] };
      entry.definitions.push({ ...module, path: file.path, isTest: file.isTest });
      modules.set(module.name, entry);
    }
  const unresolved: UnresolvedReference[] = [];
  let references = 0;
  for (const { file, value } of files) {
    for (const call of value.calls) {
      const injected = injectedAlias(call, modules);
      if (injected === "ambiguous") {
        if (modules.has(call.module))
          unknown.add("an alias the `use`d module's `__using__` may inject", {
            path: file.path,
            line: call.line,
          });
        continue;
      }
      const calledModule = injected ?? call.module;
      const target = modules.get(calledModule);
      if (!target) continue;
      references++;
      const site = { path: file.path, line: call.line };
      const functions = target.definitions.flatMap((definition) => definition.functions);
      const matching = functions.filter((fn) => fn.name === call.name && accepts(fn, call.arity));
      const samePrivate = call.from === calledModule;
      if (matching.some((fn) => PUBLIC_KINDS.has(fn.kind))) continue;
      if (defaultFunction(target, call.name, call.arity)) continue;
      // `spec: Config.t()` in a module body's macro call names the type Config declares, not a function.
      if (
        call.moduleBody &&
        target.definitions.some((definition) => definition.types?.includes(`${call.name}/${call.arity}`))
      )
        continue;
      const open = openReason(target, modules);
      if (matching.length === 0 && open) {
        unknown.add(open, site);
        continue;
      }
      if (file.syntaxErrorLine !== undefined) {
        unknown.add("file has a syntax error", site);
        continue;
      }
      const arities = [...new Set(functions.filter((fn) => fn.name === call.name).map(arityText))];
      const privateOnly = matching.length > 0;
      const definedAt = target.definitions.map((definition) => `${definition.path}:${definition.line}`);
      unresolved.push({
        ...site,
        name: `${calledModule}.${call.name}/${call.arity}`,
        scope: calledModule,
        searched: `the definitions of ${calledModule} (${definedAt.join(", ")}): def, defp, defmacro, defguard, defdelegate with default arguments, struct and exception functions${target.definitions.some((d) => d.uses.length > 0) ? `, and what \`use ${[...new Set(target.definitions.flatMap((d) => d.uses))].join("`, `use ")}\` defines` : ""}`,
        isTest: file.isTest,
        confidence: "certain",
        nearby: privateOnly
          ? [
              `private: ${call.name}/${arities.join(", ")}${samePrivate ? " (called through the module name)" : ""}`,
            ]
          : arities.length > 0
            ? arities.map((arity) => `${call.name}/${arity}`)
            : nearbyNames(
                call.name,
                functions.filter((fn) => PUBLIC_KINDS.has(fn.kind)).map((fn) => fn.name),
              ),
      });
    }
  }
  const unreferenced = [
    ...unusedPrivateFunctions(index, files, unknown),
    ...unusedModules(index, files, modules),
    ...unusedPublicFunctions(index, files, modules, unknown),
  ];
  let definitions = 0;
  for (const entry of modules.values())
    for (const definition of entry.definitions) definitions += definition.functions.length;
  const families = behaviourFamilies(modules);
  return {
    ...(families.length > 0 ? { families } : {}),
    unresolved: unresolved.sort(bySite),
    unreferenced: unreferenced.sort(bySite),
    summary: {
      units: modules.size,
      definitions,
      references,
      unknown: unknown.total,
      unknownReasons: unknown.list(),
    },
  };
}

/**
 * The module a call names through an alias that a `use`d module's `quote` injects (`use MyAppWeb, :router` brings
 * `alias MyAppWeb.Router.Helpers`, so `Helpers.page_path` is not the top-level `Helpers`); null when no alias the
 * file could not see applies, "ambiguous" when the used modules inject the name as different modules.
 */
function injectedAlias(
  call: ElixirSymbolFile["calls"][number],
  modules: ReadonlyMap<string, ModuleEntry>,
): string | "ambiguous" | null {
  // Only a name the file left as written: an alias of its own has been expanded already.
  if (call.module !== call.written || call.from === null) return null;
  const dot = call.written.indexOf(".");
  const head = dot < 0 ? call.written : call.written.slice(0, dot);
  const rest = dot < 0 ? "" : call.written.slice(dot);
  const found = new Set<string>();
  for (const definition of modules.get(call.from)?.definitions ?? [])
    for (const used of definition.uses)
      for (const usedDefinition of modules.get(used)?.definitions ?? []) {
        const full = usedDefinition.quotedAliases?.[head];
        if (full) found.add(full + rest);
      }
  if (found.size === 0) return null;
  return found.size === 1 ? [...found][0]! : "ambiguous";
}

function accepts(fn: ElixirFunction, arity: number): boolean {
  return arity >= fn.arity[0] && arity <= fn.arity[1];
}

function arityText(fn: ElixirFunction): string {
  return fn.arity[0] === fn.arity[1] ? String(fn.arity[0]) : `${fn.arity[0]}..${fn.arity[1]}`;
}

/** Functions the compiler or a known `use` defines: module_info, struct and exception functions, protocol ones. */
function defaultFunction(target: ModuleEntry, name: string, arity: number): boolean {
  const table: Array<[string, number, number]> = [...ALWAYS_DEFINED];
  for (const definition of target.definitions) {
    if (definition.struct) table.push(["__struct__", 0, 1]);
    if (definition.struct === "exception")
      table.push(["exception", 1, 1], ["message", 1, 1], ["__exception__", 0, 0], ["blame", 2, 2]);
    if (definition.kind === "protocol")
      table.push(["__protocol__", 1, 1], ["impl_for", 1, 1], ["impl_for!", 1, 1]);
    if (definition.kind === "impl") table.push(["__impl__", 1, 1]);
    if (definition.behaviours.length > 0 || definition.functions.length > 0)
      table.push(["behaviour_info", 1, 1]);
    for (const used of definition.uses) table.push(...(INJECTED_BY_USE.get(used) ?? []));
  }
  return table.some(([fn, min, max]) => fn === name && arity >= min && arity <= max);
}

/** Why a module's functions cannot all be listed, or null when they can. */
function openReason(target: ModuleEntry, modules: Map<string, ModuleEntry>): string | null {
  for (const definition of target.definitions) {
    if (definition.open) return `module has ${definition.open}`;
    const macros = definition.imports.find((imported) =>
      modules.get(imported)?.definitions.some((d) => d.functions.some((fn) => fn.kind === "defmacro")),
    );
    if (macros) return `module imports macros from ${macros}, which may define functions`;
    const unknownUse = definition.uses.find((used) => !INJECTED_BY_USE.has(used));
    if (unknownUse) return `module uses ${unknownUse}, whose __using__ may define functions`;
  }
  return null;
}

/** Private functions whose names occur nowhere in their file but their own definitions. */
function unusedPrivateFunctions(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: ElixirSymbolFile }>,
  unknown: UnknownTally,
): UnreferencedDefinition[] {
  const out: UnreferencedDefinition[] = [];
  // Templates next to a module (colocated or embedded with `embed_templates`) compile into it and may call its
  // private functions.
  const templates = index.files.filter((file) => TEMPLATE.test(file.path)).map((file) => file.path);
  const templateTexts = new Map<string, string>();
  const mentionedInTemplates = (path: string, name: string): boolean => {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
    const word = new RegExp(`(^|[^\\w])${escapeRegExp(name)}($|[^\\w?!])`);
    return templates.some((template) => {
      if (!template.startsWith(dir)) return false;
      if (!templateTexts.has(template)) templateTexts.set(template, index.read(template) ?? "");
      return word.test(templateTexts.get(template) ?? "");
    });
  };
  for (const { file, value } of files) {
    for (const module of value.modules) {
      const seen = new Set<string>();
      for (const fn of module.functions) {
        if (fn.kind !== "defp" && fn.kind !== "defmacrop" && fn.kind !== "defguardp") continue;
        if (seen.has(fn.name)) continue;
        seen.add(fn.name);
        if ((value.privateMentions[fn.name] ?? 1) > 0) continue;
        if (mentionedInTemplates(file.path, fn.name)) continue;
        const site = { path: file.path, line: fn.line };
        if (module.open) {
          unknown.add(`module has ${module.open}`, site);
          continue;
        }
        const clauses = module.functions.filter((other) => other.name === fn.name);
        out.push({
          ...site,
          name: `${fn.name}/${clauses
            .map(arityText)
            .filter((a, i, all) => all.indexOf(a) === i)
            .join(", ")}`,
          kind: "private-function",
          endLine: Math.max(...clauses.map((clause) => clause.endLine)),
          scope: module.name,
          searched: `every occurrence of \`${fn.name}\` in ${file.path} (calls, captures, pipes, atoms for apply, interpolations) other than its own ${clauses.length === 1 ? "definition" : `${clauses.length} clauses`} and @spec, and the templates in its folder`,
          isTest: file.isTest,
          confidence: "certain",
        });
      }
    }
  }
  return out;
}

/** Suffixes a module name can be written by after an alias: `MyApp.Accounts.User` → `User`, `Accounts.User`, itself. */
function writtenForms(name: string): string[] {
  const parts = name.split(".");
  return parts.map((_, i) => parts.slice(i).join("."));
}

const TEMPLATE = /\.(heex|eex|leex|sface|neex)$/;

/**
 * Modules no other file names (by full name or any alias-able suffix) and their own file names no more often
 * than it defines them. Tests, scripts, migrations, Mix tasks, protocol implementations and modules following a
 * framework naming convention (a controller's view, HTML or JSON module) are entry points, never unused.
 */
function unusedModules(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: ElixirSymbolFile }>,
  modules: Map<string, ModuleEntry>,
): UnreferencedDefinition[] {
  const wordFiles = new Map<string, Set<string>>();
  // A word names its module and, as a namespace, every dotted prefix (`A.B.C` names `A.B` too).
  const addWords = (path: string, words: Iterable<string>): void => {
    for (const word of words)
      for (let end = word.length; end > 0; end = word.lastIndexOf(".", end - 1)) {
        const prefix = word.slice(0, end);
        const set = wordFiles.get(prefix) ?? new Set<string>();
        set.add(path);
        wordFiles.set(prefix, set);
      }
  };
  for (const { file, value } of files) addWords(file.path, Object.keys(value.moduleWords));
  for (const file of index.files)
    if (TEMPLATE.test(file.path)) {
      const text = index.read(file.path) ?? "";
      addWords(file.path, text.match(/(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)*/g) ?? []);
    }
  const wordsOf = new Map(files.map(({ file, value }) => [file.path, value.moduleWords]));
  const dynamic = files.some(({ value }) => value.dynamic.some((d) => d !== "apply"));
  const controllers = new Set([...modules.keys()].filter((name) => name.endsWith("Controller")));
  const out: UnreferencedDefinition[] = [];
  for (const entry of modules.values()) {
    const definition = entry.definitions[0];
    if (!definition || entry.definitions.length > 1) continue;
    if (definition.isTest || definition.path.endsWith(".exs") || definition.kind !== "module") continue;
    if (/(^|\/)(priv|test|config)\//.test(definition.path)) continue;
    if (entry.name.startsWith("Mix.Tasks.")) continue;
    // A module holding protocol implementations or other modules is a namespace: its members are what is live.
    if ([...modules.keys()].some((other) => other.startsWith(`${entry.name}.`))) continue;
    if (
      files.some(
        ({ file, value }) =>
          file.path === definition.path &&
          value.modules.some(
            (m) => m.kind === "impl" && m.line > definition.line && m.endLine <= definition.endLine,
          ),
      )
    )
      continue;
    // Phoenix finds layouts and error views by name (`MyAppWeb.LayoutView`, `MyAppWeb.ErrorHTML`).
    if (controllers.size > 0 && /\.(LayoutView|Layouts|ErrorView|ErrorHTML|ErrorJSON)$/.test(entry.name))
      continue;
    if (/(View|HTML|JSON|Html|Json)$/.test(entry.name)) {
      const base = entry.name.replace(/(View|HTML|JSON|Html|Json)$/, "");
      if (controllers.has(`${base}Controller`)) continue;
    }
    const forms = writtenForms(entry.name);
    const elsewhere = forms.some((form) =>
      [...(wordFiles.get(form) ?? [])].some((path) => path !== definition.path),
    );
    if (elsewhere) continue;
    // In its own file: named more often than by its own `defmodule` head (a parent using a nested module).
    const own = wordsOf.get(definition.path) ?? {};
    if (forms.reduce((n, form) => n + (own[form] ?? 0), 0) > 1) continue;
    const site = { path: definition.path, line: definition.line };
    out.push({
      ...site,
      name: entry.name,
      kind: "module",
      endLine: definition.endLine,
      scope: entry.name,
      searched: `every file of the repository (${files.length} Elixir files and the templates) for \`${entry.name}\` and the names an alias gives it (${
        forms
          .slice(1)
          .map((f) => `\`${f}\``)
          .join(", ") || "none"
      })${dynamic ? "; the code also builds module names at run time (Module.concat or atoms from strings), which the search cannot see" : ""}`,
      isTest: false,
      // Modules can be named in ways no search sees (configuration read at run time, strings).
      confidence: "heuristic",
    });
  }
  return out;
}

/**
 * Callback names of the behaviours Elixir applications implement most (OTP, Plug, Phoenix, LiveView, channels,
 * Ecto types, Oban, Mix, Telemetry): a module that uses or declares any behaviour may define them without `@impl`,
 * and the behaviour's code calls them, not the repository's.
 */
const CALLBACK_NAMES = new Set([
  "init",
  "handle_call",
  "handle_cast",
  "handle_info",
  "handle_continue",
  "terminate",
  "code_change",
  "format_status",
  "child_spec",
  "start_link",
  "start",
  "stop",
  "config_change",
  "prep_stop",
  "start_phase",
  "call",
  "mount",
  "render",
  "handle_event",
  "handle_params",
  "handle_async",
  "update",
  "update_many",
  "preload",
  "join",
  "handle_in",
  "handle_out",
  "connect",
  "id",
  "perform",
  "backoff",
  "timeout",
  "run",
  "type",
  "cast",
  "load",
  "dump",
  "embed_as",
  "equal?",
  "autogenerate",
  "metrics",
  "encode",
  "decode",
  "to_param",
  "template_not_found",
]);

/** Libraries whose `use` (or behaviour) calls no function of the using module by a naming convention the word search misses. */
const KNOWN_USES =
  /^(GenServer|Supervisor|Agent|Task|DynamicSupervisor|Application|Ecto\.(Schema|Migration|Repo|Type|ParameterizedType)|Plug|Plug\.(Builder|Router|ErrorHandler)|Oban\.Worker|Mix\.Task|Phoenix\.(Component|LiveView|LiveComponent|Controller|View|Router|Channel|Socket|Endpoint|Presence|HTML|Template|VerifiedRoutes)|Gettext(\.Backend)?|Absinthe\.(Schema|Schema\.Notation|Relay\.Schema)|ExUnit\.(Case|CaseTemplate)|Bitwise|Tesla\.Builder|Broadway|GenStage|Ecto\.Migration)$/;

/**
 * Public functions of an application's modules whose names occur in no other file of the repository and nowhere
 * else in their own file: nothing can call them (no remote call, import, capture, router action, `apply` with a
 * literal name, template). Libraries (a mix.exs with `package:`) are left out: their public functions are an API.
 * Callbacks (`@impl`, well-known callback names in a module with a behaviour), `__using__`-style hooks, protocol
 * implementations and modules named by a file that builds calls at run time are not listed.
 */
function unusedPublicFunctions(
  index: RepoIndex,
  files: Array<{ file: FileSummary; value: ElixirSymbolFile }>,
  modules: Map<string, ModuleEntry>,
  unknown: UnknownTally,
): UnreferencedDefinition[] {
  const libraryDirs = index.files
    .filter((file) => /(^|\/)mix\.exs$/.test(file.path) && /\bpackage:\s/.test(index.read(file.path) ?? ""))
    .map((file) => file.path.slice(0, file.path.length - "mix.exs".length));
  const dynamicFiles = files.filter(({ value }) => value.dynamic.length > 0);
  const candidates: Array<{ module: ElixirModuleFacts; path: string; fn: ElixirFunction; arities: string }> =
    [];
  for (const { file, value } of files) {
    if (file.isTest || file.path.endsWith(".exs") || /(^|\/)(priv|test|config)\//.test(file.path)) continue;
    if (libraryDirs.some((dir) => file.path.startsWith(dir))) continue;
    if (file.syntaxErrorLine !== undefined) continue;
    for (const module of value.modules) {
      if (module.kind !== "module" || module.name.startsWith("Mix.Tasks.")) continue;
      if ((modules.get(module.name)?.definitions.length ?? 0) > 1) continue;
      const hasBehaviour = module.behaviours.length > 0 || module.uses.length > 0;
      const seen = new Set<string>();
      for (const fn of module.functions) {
        if (!PUBLIC_KINDS.has(fn.kind) || seen.has(fn.name)) continue;
        seen.add(fn.name);
        const clauses = module.functions.filter((other) => other.name === fn.name);
        if (fn.name.startsWith("__") || clauses.some((clause) => clause.impl)) continue;
        if (hasBehaviour && CALLBACK_NAMES.has(fn.name)) continue;
        if ((value.publicMentions?.[fn.name] ?? 1) > 0) continue;
        const site = { path: file.path, line: fn.line };
        if (module.open) {
          unknown.add(`module has ${module.open}`, site);
          continue;
        }
        // A library's `__using__` may call the module's functions by a naming convention (ExMachina's
        // `user_factory/0` for `insert(:user)`, `handle_<name>` of a strategy): only well-known ones are read.
        // Likewise a behaviour defined outside the repository (`@behaviour Sentry.EventFilter`): its code calls the
        // callbacks, whose names only it knows.
        const outside = [...module.uses, ...module.behaviours].find(
          (used) => !modules.has(used) && !KNOWN_USES.test(used),
        );
        if (outside) {
          unknown.add(
            `public functions of a module that uses ${outside}, whose __using__ may call them`,
            site,
          );
          continue;
        }
        // A file that builds calls at run time (`apply/3`, `Module.concat`) and names the module may call anything.
        const forms = writtenForms(module.name);
        const dynamicCaller = dynamicFiles.find(({ value: other }) =>
          forms.some((form) => (other.moduleWords[form] ?? 0) > 0),
        );
        if (dynamicCaller) {
          unknown.add("public functions of a module that code calling apply/3 or Module.concat names", site);
          continue;
        }
        const arities = [...new Set(clauses.map(arityText))].join(", ");
        candidates.push({ module, path: file.path, fn, arities });
      }
    }
  }
  const naming = filesNaming(index, new Set(candidates.map((candidate) => candidate.fn.name)));
  const out: UnreferencedDefinition[] = [];
  for (const { module, path, fn, arities } of candidates) {
    if ([...(naming.get(fn.name) ?? [])].some((other) => other !== path)) continue;
    out.push({
      path,
      line: fn.line,
      endLine: fn.endLine,
      name: `${fn.name}/${arities}`,
      kind: "function",
      scope: module.name,
      searched: `every file of the repository (${index.files.length} files: Elixir code, scripts, templates, configuration) for the word \`${fn.name}\` (remote calls, imports, captures, router actions, atoms), and ${path} beyond the definition of ${fn.name}/${arities} and its @spec`,
      isTest: false,
      confidence: "heuristic",
    });
  }
  return out;
}

/**
 * For each behaviour this repository defines, the modules (outside tests) that declare it, with the in-repo
 * modules each `use`s: "most agents `use PersistentAgent`, these do not" comes from here.
 */
function behaviourFamilies(modules: Map<string, ModuleEntry>): ContractFamily[] {
  const byContract = new Map<string, ContractFamily["members"]>();
  for (const entry of modules.values())
    for (const definition of entry.definitions) {
      if (definition.isTest || definition.kind !== "module") continue;
      const shared = [...usesThrough(entry.name, modules)].sort();
      // `use Contract` implements it too when the contract declares callbacks (its __using__ adds @behaviour).
      const contracts = [
        ...definition.behaviours,
        ...definition.uses.filter((used) => modules.get(used)?.definitions.some((d) => d.callbacks)),
      ];
      for (const behaviour of new Set(contracts)) {
        if (!modules.has(behaviour) || behaviour === entry.name) continue;
        const members = byContract.get(behaviour) ?? [];
        members.push({
          path: definition.path,
          line: definition.line,
          name: entry.name,
          shared: shared.filter((used) => used !== behaviour),
        });
        byContract.set(behaviour, members);
      }
    }
  const out: ContractFamily[] = [];
  for (const [contract, members] of byContract) {
    const defined = modules.get(contract)?.definitions[0];
    if (!defined) continue;
    out.push({
      contract,
      definedAt: { path: defined.path, line: defined.line },
      members: members.sort(bySite),
    });
  }
  return out.sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0));
}

/** The in-repo modules a module `use`s, directly or through the modules it uses. */
function usesThrough(name: string, modules: Map<string, ModuleEntry>, seen = new Set<string>()): Set<string> {
  for (const definition of modules.get(name)?.definitions ?? [])
    for (const used of definition.uses)
      if (modules.has(used) && !seen.has(used)) {
        seen.add(used);
        usesThrough(used, modules, seen);
      }
  return seen;
}
