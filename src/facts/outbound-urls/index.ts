// Facts pack `outbound-urls`: request input (query, form, body, path parameters) that reaches the URL of an
// outgoing HTTP request, in the handler itself or through up to MAX_DEPTH project functions whose parameter
// becomes the URL (`check(request)` → `load_website_metadata(url)` → `load_page(url)` → `requests.get(url)`).
import { defineCollector, definePack, type CollectContext } from "../define.js";
import { elixirCallsAnalyzer, type ElixirCallSite } from "../elixir/calls.js";
import {
  ELIXIR_DEPENDENCY_PATH,
  functionKey,
  projectFunctionsOf,
  resolveCall,
} from "../elixir/call-graph.js";
import type { FileSummary } from "../repo-facts.js";
import type { Language } from "../../model/language.js";
import {
  outboundUrlFlowsAnalyzer,
  type FlowOrigin,
  type FunctionFlows,
  type OutboundRequest,
  type ProjectCall,
  type StoreWrite,
  type DtoUrlField,
  SAFE_URL_DECORATOR,
} from "./flows.js";

export { DESTINATION_CHECK } from "./flows.js";

export interface FlowPlace {
  path: string;
  line: number;
  /** The function there ("" for an anonymous one). */
  name: string;
}

/** Request input reaching an outgoing request's URL. */
export interface RequestUrlFlow {
  /** Where the request input enters the flow: the outgoing call itself, or the call of the first project function. */
  path: string;
  line: number;
  endLine: number;
  /** The function that reads the request. */
  handler: string;
  /** How the value comes from the request (`` `target` ← `r.URL.Query().Get("url")` ``). */
  via: string;
  /** The outgoing request. */
  request: { path: string; line: number; callee: string; url: string };
  /** The project functions the value passes through, in call order (empty when the handler makes the request). */
  through: FlowPlace[];
  /**
   * Functions or files on the way that check destinations (allow-list, private-address check, guarded client), and
   * the handler's call when it first compares the value with known ones (`r.details_link == details_link`).
   */
  checks: FlowPlace[];
  /** The role or permission check guarding the handler (`withPermission(`, `@permission_required`), or null. */
  gate: string | null;
}

/**
 * A URL field of a stored record, which a request handler, form or serializer fills from request input, read back by
 * code that requests it (a background job's, or any function's that loads the record by itself).
 */
export interface StoredUrlFlow {
  /** Where the stored value enters the flow: the outgoing call, or the call of the first project function. */
  path: string;
  line: number;
  endLine: number;
  /** The function that loads the record. */
  reader: string;
  /** Whether that function runs as a background job (a task decorator, a worker or jobs file). */
  background: boolean;
  model: string;
  field: string;
  /** `` `bookmark.url` ← `Bookmark.objects.get(id=bookmark_id)` ``. */
  via: string;
  request: { path: string; line: number; callee: string; url: string };
  through: FlowPlace[];
  /** Destination checks on the way to the request, or in the file or function that stores the URL. */
  checks: FlowPlace[];
  /** Where request input is written into the field, and how (the first one found). */
  store: { path: string; line: number; via: string; through: FlowPlace[] };
}

export interface OutboundUrlFacts {
  flows: RequestUrlFlow[];
  storedFlows: StoredUrlFlow[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    outboundUrls: OutboundUrlFacts;
  }
}

/** How many project functions a value is followed through between the handler and the outgoing request. */
const MAX_DEPTH = 3;
/**
 * How many a stored URL is followed through between the function that loads it and the request: workers reach
 * their HTTP client through longer service chains (task → loader → metadata → cached variant → page fetch).
 */
const MAX_STORED_DEPTH = 5;
/** A call whose name more project functions define than this is not followed (too ambiguous to resolve). */
const MAX_CANDIDATES = 3;

interface Fn {
  path: string;
  family: string;
  stem: string;
  dir: string;
  flows: FunctionFlows;
  fileChecks: boolean;
  /** Parameter index → how it reaches an outgoing request. */
  sinks: Map<number, Sink>;
  /** Parameter index → the model field it is written into, directly or through project functions. */
  storeSinks: Map<number, StoreSink>;
}

interface StoreSink {
  write: StoreWrite & { path: string };
  through: FlowPlace[];
  checks: FlowPlace[];
}

interface Sink {
  request: OutboundRequest & { path: string };
  through: FlowPlace[];
  checks: FlowPlace[];
}

export const outboundUrlsCollector = defineCollector({
  id: "outboundUrls",
  collect(ctx) {
    const fns: Fn[] = [];
    /** Request input written into a model field: where, how, and the checks of the file that writes it. */
    const stores: Array<{ path: string; write: StoreWrite; through: FlowPlace[]; checks: FlowPlace[] }> = [];
    const dtoFields: Array<DtoUrlField & { path: string }> = [];
    const urlValidators = new Set<string>();
    for (const { file, value } of ctx.fileFacts(outboundUrlFlowsAnalyzer)) {
      if (file.isTest) continue;
      for (const field of value.dtoUrlFields ?? []) dtoFields.push({ ...field, path: file.path });
      for (const name of value.urlValidators ?? []) urlValidators.add(name);
      for (const flows of value.functions) fns.push(fnOf(file, flows, value.checksDestination));
      for (const write of value.boundFields ?? [])
        stores.push({
          path: file.path,
          write,
          through: [],
          checks: value.checksDestination ? [{ path: file.path, line: write.line, name: "" }] : [],
        });
    }
    const byName = new Map<string, Fn[]>();
    for (const fn of fns) {
      if (!fn.flows.name) continue;
      const key = `${fn.family}:${fn.flows.name}`;
      const named = byName.get(key);
      if (named) named.push(fn);
      else byName.set(key, [fn]);
    }
    const elixir = fns.some((fn) => fn.family === "elixir") ? elixirResolver(ctx, fns) : null;
    // A call's candidates depend on the caller and the call only: resolved once, whichever round asks.
    const resolved = new Map<ProjectCall, Fn[]>();
    const callees = (caller: Fn, call: ProjectCall): Fn[] => {
      let found = resolved.get(call);
      if (!found) {
        found = caller.family === "elixir" ? (elixir?.(caller, call) ?? []) : calleesOf(caller, call, byName);
        resolved.set(call, found);
      }
      return found;
    };
    for (const fn of fns)
      for (const request of fn.flows.requests)
        if ("param" in request.origin && !fn.sinks.has(request.origin.param))
          fn.sinks.set(request.origin.param, {
            request: { ...request, path: fn.path },
            through: [],
            checks: checksOf(fn),
          });
    propagateThroughCalls(
      fns,
      (fn) => fn.sinks,
      (fn, call, arg) => {
        const sink = sinkOfCall(fn, call, arg, callees);
        if (!sink) return null;
        const compared = arg.compared ? [{ path: fn.path, line: call.line, name: fn.flows.name }] : [];
        return { ...sink, checks: [...checksOf(fn), ...compared, ...sink.checks] };
      },
      MAX_STORED_DEPTH,
    );
    stores.push(...storesFromRequests(fns, callees));
    const validatedDtos = validatedDtoClasses(dtoFields, urlValidators);
    const flows: RequestUrlFlow[] = [];
    for (const fn of fns) {
      for (const request of fn.flows.requests)
        if ("request" in request.origin)
          flows.push({
            path: fn.path,
            line: request.line,
            endLine: request.endLine,
            handler: fn.flows.name,
            via: request.via,
            request: { path: fn.path, line: request.line, callee: request.callee, url: request.url },
            through: [],
            checks: [...checksOf(fn), ...dtoChecksOf(fn, request.origin, validatedDtos)],
            gate: fn.flows.gate,
          });
      for (const call of fn.flows.calls)
        for (const arg of call.args) {
          if (!("request" in arg.origin)) continue;
          const sink = sinkOfCall(fn, call, arg, callees);
          // Request input is followed through MAX_DEPTH functions; the longer chains serve stored URLs only.
          if (!sink || sink.through.length > MAX_DEPTH) continue;
          flows.push({
            path: fn.path,
            line: call.line,
            endLine: call.line,
            handler: fn.flows.name,
            via: arg.via,
            request: {
              path: sink.request.path,
              line: sink.request.line,
              callee: sink.request.callee,
              url: sink.request.url,
            },
            through: sink.through,
            // The handler's own body only: a check another handler of the same file makes (yarr's /page
            // calls isInternalFromURL, its feed discovery does not) does not guard this one.
            checks: [
              ...(fn.flows.checksDestination
                ? [{ path: fn.path, line: fn.flows.line, name: fn.flows.name }]
                : []),
              ...(arg.compared ? [{ path: fn.path, line: call.line, name: fn.flows.name }] : []),
              ...dtoChecksOf(fn, arg.origin, validatedDtos),
              ...sink.checks,
            ],
            gate: fn.flows.gate,
          });
          break;
        }
    }
    flows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    const storedFlows = stores.length > 0 ? storedFlowsOf(fns, stores, callees) : [];
    return { flows, storedFlows };
  },
});

type Callees = (caller: Fn, call: ProjectCall) => Fn[];

/**
 * Carries each function's parameter sinks to its callers, one call level per round up to MAX_DEPTH: a caller passing
 * its own parameter to a callee's sink parameter gets a sink for that parameter (`viaCall` builds it, or says none).
 */
function propagateThroughCalls<S>(
  fns: Fn[],
  sinksOf: (fn: Fn) => Map<number, S>,
  viaCall: (fn: Fn, call: ProjectCall, arg: ProjectCall["args"][number]) => S | null,
  maxDepth = MAX_DEPTH,
): void {
  for (let depth = 1; depth < maxDepth; depth += 1) {
    // The names some function with a sink carries, as of this round: a call outside Elixir (whose calls the call
    // graph resolves) may reach a sink only when a function of its name has one (its candidates all carry the name).
    const named = new Set<string>();
    for (const fn of fns)
      if (fn.flows.name && sinksOf(fn).size > 0) named.add(`${fn.family}:${fn.flows.name}`);
    const found: Array<[Fn, number, S]> = [];
    for (const fn of fns)
      for (const call of fn.flows.calls) {
        if (fn.family !== "elixir" && !named.has(`${fn.family}:${call.name}`)) continue;
        for (const arg of call.args) {
          if (!("param" in arg.origin) || sinksOf(fn).has(arg.origin.param)) continue;
          const sink = viaCall(fn, call, arg);
          if (sink) found.push([fn, arg.origin.param, sink]);
        }
      }
    for (const [fn, param, sink] of found) if (!sinksOf(fn).has(param)) sinksOf(fn).set(param, sink);
  }
}

/** The callee's parameter an argument lands in: by keyword name, else by position; null or -1 when none. */
function parameterIndex(callee: Fn, arg: ProjectCall["args"][number]): number | null {
  return arg.keyword !== null
    ? callee.flows.params.findIndex((names) => names.split(",").includes(arg.keyword ?? ""))
    : arg.position;
}

/**
 * Writes of request input into model fields: in the handler itself, or through up to MAX_DEPTH project functions
 * whose parameter is written (`Feed.create(ctx, input)` → `insert(rssFeedsTable).values({ url: input.url })`).
 */
function storesFromRequests(
  fns: Fn[],
  callees: Callees,
): Array<{ path: string; write: StoreWrite; through: FlowPlace[]; checks: FlowPlace[] }> {
  for (const fn of fns)
    for (const write of fn.flows.stores ?? [])
      if ("param" in write.origin && !fn.storeSinks.has(write.origin.param))
        fn.storeSinks.set(write.origin.param, {
          write: { ...write, path: fn.path },
          through: [],
          checks: checksOf(fn),
        });
  propagateThroughCalls(
    fns,
    (fn) => fn.storeSinks,
    (fn, call, arg) => {
      const sink = storeSinkOfCall(fn, call, arg, callees);
      return sink ? { ...sink, checks: [...checksOf(fn), ...sink.checks] } : null;
    },
  );
  const out: Array<{ path: string; write: StoreWrite; through: FlowPlace[]; checks: FlowPlace[] }> = [];
  for (const fn of fns) {
    for (const write of fn.flows.stores ?? [])
      if ("request" in write.origin) out.push({ path: fn.path, write, through: [], checks: checksOf(fn) });
    for (const call of fn.flows.calls)
      for (const arg of call.args) {
        if (!("request" in arg.origin)) continue;
        const sink = storeSinkOfCall(fn, call, arg, callees);
        if (sink)
          out.push({
            path: fn.path,
            write: { ...sink.write, line: call.line, via: arg.via },
            through: sink.through,
            checks: [...checksOf(fn), ...sink.checks],
          });
      }
  }
  return out;
}

function storeSinkOfCall(
  caller: Fn,
  call: ProjectCall,
  arg: ProjectCall["args"][number],
  callees: Callees,
): StoreSink | null {
  const candidates = callees(caller, call);
  if (candidates.length === 0 || candidates.length > MAX_CANDIDATES) return null;
  for (const callee of candidates) {
    if (callee === caller) continue;
    const index = parameterIndex(callee, arg);
    const sink = index !== null && index >= 0 ? callee.storeSinks.get(index) : undefined;
    if (sink)
      return {
        write: sink.write,
        through: [{ path: callee.path, line: callee.flows.line, name: callee.flows.name }, ...sink.through],
        checks: sink.checks,
      };
  }
  return null;
}

/** Names of one model as code spells them: `Bookmark`, `bookmarks`, `rssFeedsTable`, `rss_feeds` → one key. */
function modelKey(model: string): string {
  return model
    .replace(/Table$|_table$/, "")
    .replace(/[_-]/g, "")
    .toLowerCase()
    .replace(/(?:es|s)$/, "");
}

/** Reads of stored URL fields that reach an outgoing request, joined with a write of request input to that field. */
function storedFlowsOf(
  fns: Fn[],
  stores: Array<{ path: string; write: StoreWrite; through: FlowPlace[]; checks: FlowPlace[] }>,
  callees: Callees,
): StoredUrlFlow[] {
  const storeOf = (model: string, field: string) =>
    stores.find(
      (store) =>
        modelKey(store.write.model) === modelKey(model) &&
        (store.write.field === field || store.write.field === "*"),
    );
  const out: StoredUrlFlow[] = [];
  for (const fn of fns) {
    const entries: Array<{
      line: number;
      endLine: number;
      origin: FlowOrigin;
      via: string;
      sink: Sink;
    }> = [];
    for (const request of fn.flows.requests)
      entries.push({
        line: request.line,
        endLine: request.endLine,
        origin: request.origin,
        via: request.via,
        sink: { request: { ...request, path: fn.path }, through: [], checks: [] },
      });
    for (const call of fn.flows.calls)
      for (const arg of call.args) {
        if (!("stored" in arg.origin)) continue;
        const sink = sinkOfCall(fn, call, arg, callees);
        if (sink)
          entries.push({ line: call.line, endLine: call.line, origin: arg.origin, via: arg.via, sink });
        break;
      }
    for (const entry of entries) {
      if (!("stored" in entry.origin)) continue;
      const { model, field } = entry.origin.stored;
      const store = storeOf(model, field);
      if (!store) continue;
      out.push({
        path: fn.path,
        line: entry.line,
        endLine: entry.endLine,
        reader: fn.flows.name,
        background: fn.flows.background === true,
        model,
        field,
        via: entry.via,
        request: {
          path: entry.sink.request.path,
          line: entry.sink.request.line,
          callee: entry.sink.request.callee,
          url: entry.sink.request.url,
        },
        through: entry.sink.through,
        checks: [...checksOf(fn), ...entry.sink.checks, ...store.checks],
        store: { path: store.path, line: store.write.line, via: store.write.via, through: store.through },
      });
    }
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return out;
}

function fnOf(file: FileSummary, flows: FunctionFlows, fileChecks: boolean): Fn {
  const slash = file.path.lastIndexOf("/");
  const base = file.path.slice(slash + 1);
  const dir = slash >= 0 ? file.path.slice(0, slash) : "";
  return {
    path: file.path,
    family: familyOf(file.language),
    stem: base.replace(/\.[^.]+$/, ""),
    dir,
    flows,
    fileChecks,
    sinks: new Map(),
    storeSinks: new Map(),
  };
}

function familyOf(language: Language): string {
  return language === "typescript" || language === "tsx" || language === "javascript" ? "node" : language;
}

/**
 * DTO classes whose every URL-named field a validator checks for its destination: a decorator named for a safe,
 * public or allowed URL (SAFE_URL_DECORATOR), `@IsUrl({ host_whitelist: [...] })`, or a custom decorator defined in
 * a file that refuses internal addresses. A plain `@IsUrl()` checks the shape only (`http://169.254.169.254/` passes).
 * A class name defined more than once counts only when every definition is validated. Class name → the field checked.
 */
function validatedDtoClasses(
  fields: Array<DtoUrlField & { path: string }>,
  validators: Set<string>,
): Map<string, FlowPlace> {
  const verdicts = new Map<string, FlowPlace | null>();
  for (const field of fields) {
    const safe = field.decorators.some(
      (d) => d.restrictsHost || SAFE_URL_DECORATOR.test(d.name) || validators.has(d.name),
    );
    const known = verdicts.get(field.className);
    if (!safe) verdicts.set(field.className, null);
    else if (known === undefined)
      verdicts.set(field.className, { path: field.path, line: field.line, name: field.className });
  }
  const out = new Map<string, FlowPlace>();
  for (const [name, place] of verdicts) if (place) out.set(name, place);
  return out;
}

/** The DTO check of a value read from a NestJS parameter typed with a validated class (`@Query() query: OnlyURL`). */
function dtoChecksOf(fn: Fn, origin: FlowOrigin, validated: Map<string, FlowPlace>): FlowPlace[] {
  if (!("request" in origin) || !fn.flows.dtoParams) return [];
  const name = /^parameter `([\w$]+)`$/.exec(origin.request)?.[1];
  const type = fn.flows.dtoParams.find((param) => param.name === name)?.type;
  const place = type ? validated.get(type) : undefined;
  return place ? [place] : [];
}

function checksOf(fn: Fn): FlowPlace[] {
  return fn.flows.checksDestination || fn.fileChecks
    ? [{ path: fn.path, line: fn.flows.line, name: fn.flows.name }]
    : [];
}

/** The sink a call's argument reaches when every project function the call may name passes it to a request. */
function sinkOfCall(
  caller: Fn,
  call: ProjectCall,
  arg: ProjectCall["args"][number],
  callees: Callees,
): Sink | null {
  const candidates = callees(caller, call);
  if (candidates.length === 0 || candidates.length > MAX_CANDIDATES) return null;
  let first: Sink | null = null;
  for (const callee of candidates) {
    if (callee === caller) return null;
    const index = parameterIndex(callee, arg);
    const sink = index !== null && index >= 0 ? callee.sinks.get(index) : undefined;
    if (!sink) return null;
    first ??= {
      request: sink.request,
      through: [{ path: callee.path, line: callee.flows.line, name: callee.flows.name }, ...sink.through],
      checks: sink.checks,
    };
  }
  return first;
}

/** The project functions a call may name: same file first, then the module or package its qualifier names. */
function calleesOf(caller: Fn, call: ProjectCall, byName: Map<string, Fn[]>): Fn[] {
  const all = byName.get(`${caller.family}:${call.name}`) ?? [];
  if (all.length === 0) return [];
  const module = call.qualifier?.split(".").pop() ?? null;
  // `preview_image_loader.load_preview_image(url)` names that module's function, even when the caller's file
  // defines one of the same name (a task wrapper `load_preview_image(user, bookmark)`).
  const named = module
    ? all.filter((fn) => fn.stem === module || fn.dir.endsWith(`/${module}`) || fn.dir === module)
    : [];
  if (named.length > 0 && named.some((fn) => fn.path !== caller.path)) return named;
  const sameFile = all.filter((fn) => fn.path === caller.path);
  if (sameFile.length > 0) return sameFile;
  if (named.length > 0) return named;
  if (caller.family === "go") {
    const samePackage = all.filter((fn) => fn.dir === caller.dir);
    if (samePackage.length > 0) return samePackage;
  }
  // `api.exchangeCode(code)` on an object the caller made (`const api = new BankingApi()`) is that object's method:
  // a function of the same name elsewhere in the project is another one, unless the qualifier is `this`.
  if (caller.family === "node" && module && !/^(this|super)$/.test(call.qualifier?.split(".")[0] ?? ""))
    return [];
  return all;
}

/**
 * Elixir calls are resolved by the call graph (facts/elixir/call-graph.ts), by `defmodule` names with aliases (`alias
 * App.Previews.Fetcher, as: Unfurl`), `__MODULE__` and imports expanded, whatever the files are called: the call site
 * on the caller's line with the called name gives the function's key, whose clauses are the candidates.
 */
function elixirResolver(ctx: CollectContext, fns: Fn[]): (caller: Fn, call: ProjectCall) => Fn[] {
  const files = ctx
    .fileFacts(elixirCallsAnalyzer)
    .filter(({ file }) => !ELIXIR_DEPENDENCY_PATH.test(file.path));
  const project = projectFunctionsOf(files);
  const at = (path: string, line: number): string => `${path}:${line}`;
  /** `Mod.fun/arity` → where its clauses start. */
  const clauses = new Map<string, string[]>();
  /** `path:line` → the call sites that start there. */
  const sites = new Map<string, ElixirCallSite[]>();
  for (const { file, value } of files) {
    for (const fn of value.functions)
      for (let arity = fn.minArity; arity <= fn.arity; arity++) {
        const key = functionKey({ ...fn, arity });
        clauses.set(key, [...(clauses.get(key) ?? []), at(file.path, fn.line)]);
      }
    for (const site of value.calls) {
      const place = at(file.path, site.line);
      sites.set(place, [...(sites.get(place) ?? []), site]);
    }
  }
  const fnAt = new Map<string, Fn>();
  for (const fn of fns) if (fn.family === "elixir") fnAt.set(at(fn.path, fn.flows.line), fn);
  return (caller, call) => {
    const keys = new Set<string>();
    for (const site of sites.get(at(caller.path, call.line)) ?? []) {
      if (site.name !== call.name) continue;
      const target = resolveCall(site, project);
      if (target !== "external" && target !== "injected" && target !== "unresolved") keys.add(target);
    }
    const found = new Set<Fn>();
    for (const key of keys)
      for (const place of clauses.get(key) ?? []) {
        const fn = fnAt.get(place);
        if (fn) found.add(fn);
      }
    return [...found];
  };
}

export type { FlowOrigin };

export default definePack({
  name: "outbound-urls",
  analyzers: [outboundUrlFlowsAnalyzer],
  collectors: [outboundUrlsCollector],
});
