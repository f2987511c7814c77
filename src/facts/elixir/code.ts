// File analyzer for Elixir sources: modules (with their role and size), Ecto migrations (tables, references,
// indexes, execute calls) and Ecto schemas — what repository-level rules relate across files.
import type { SgNode } from "@ast-grep/napi";
import { defineAnalyzer } from "../define.js";
import {
  callArguments,
  callName,
  definedName,
  doBlock,
  enclosingFunction,
  enclosingModule,
  endLineOf,
  keywordMap,
  keywordPairs,
  lineOf,
  literal,
  pairKey,
  pairValue,
  remoteCall,
} from "./syntax.js";
import { migrationOf, type MigrationFacts } from "./migrations.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export type { MigrationFacts, MigrationIndex, MigrationReference } from "./migrations.js";

export type ModuleRole =
  | "liveview"
  | "live-component"
  | "controller"
  | "router"
  | "endpoint"
  | "schema"
  | "migration"
  | "repo"
  | "genserver"
  | "supervisor"
  | "application"
  | "test"
  | "other";

export interface ElixirModule {
  name: string;
  line: number;
  endLine: number;
  role: ModuleRole;
  /** Whether `@moduledoc` mentions deprecation while no `@deprecated` attribute exists, and where. */
  deprecatedInCommentLine: number | null;
  /** Modules it calls functions of (`Cachex`, `:ets`, `MyApp.Repo`), sorted, without its own nested modules. */
  calls: string[];
  /** Modules its own block imports (`import Plug.Conn`): their functions are called unqualified. */
  imports: string[];
}

export interface SchemaFacts {
  module: string;
  table: string;
  line: number;
  fields: string[];
}

/** A keyword-form Ecto query (`from u in User, where: ..., order_by: ...`) and the fields of its main binding it filters or sorts on. */
export interface QueryFacts {
  line: number;
  /** The schema as written (`User`, `Shop.Accounts.User`). */
  schema: string;
  fields: Array<{ field: string; clause: "where" | "order_by" }>;
}

/** `Supervisor.start_link(children, strategy: ...)` / `Supervisor.init(children, ...)` with the children it names. */
export interface SupervisionFacts {
  module: string;
  line: number;
  strategy: string | null;
  children: string[];
}

/** An ExUnit test module: `async: true`, the number of `test` blocks. */
export interface TestModuleFacts {
  module: string;
  line: number;
  async: boolean;
  tests: number;
}

/** A `socket "/path", Module, opts` an endpoint mounts. */
export interface EndpointSocket {
  endpoint: string;
  /** The URL path it is mounted at (`/socket`). */
  mount: string;
  module: string;
  line: number;
  /** `Phoenix.LiveView.Socket`: its connection carries the page's CSRF token. */
  liveView: boolean;
}

/** A module with a public `connect/2,3` (a socket) and whether it reads the params the client sends (a token). */
export interface SocketModule {
  module: string;
  line: number;
  /** False when every `connect` clause ignores its params (`_params`): it authenticates from the connection itself, if at all. */
  connectReadsParams: boolean;
}

/** A direct call to the Postgrex driver (`Postgrex.query!`, `Postgrex.start_link`, `{Postgrex, opts}` as a child). */
export interface PostgrexCall {
  fn: string;
  line: number;
}

export interface ElixirFileFacts {
  modules: ElixirModule[];
  postgrexCalls: PostgrexCall[];
  sockets: EndpointSocket[];
  socketModules: SocketModule[];
  migrations: MigrationFacts[];
  schemas: SchemaFacts[];
  queries: QueryFacts[];
  supervisors: SupervisionFacts[];
  testModules: TestModuleFacts[];
  /** `Mox.defmock(Name, for: Behaviour)` calls. */
  mocks: Array<{ name: string; line: number }>;
}

export const elixirCodeAnalyzer = defineAnalyzer<ElixirFileFacts>({
  id: "elixir-code",
  languages: ["elixir"],
  needsTree: true,
  prefilter: (text, path) =>
    /\bdefmodule\b/.test(text) && !/(^|\/)(mix\.exs|\.credo\.exs|\.formatter\.exs)$/.test(path),
  analyze({ tree }) {
    if (!tree) return undefined;
    const facts: ElixirFileFacts = {
      modules: [],
      postgrexCalls: [],
      sockets: [],
      socketModules: [],
      migrations: [],
      schemas: [],
      queries: [],
      supervisors: [],
      testModules: [],
      mocks: [],
    };
    for (const from of tree.findAll({ rule: { kind: "call" } })) {
      const name = callName(from);
      if (name === "from") {
        const query = queryOf(from);
        if (query) facts.queries.push(query);
      } else if (name === "Supervisor.start_link" || name === "Supervisor.init") {
        facts.supervisors.push(supervisionOf(from));
      } else if (name?.startsWith("Postgrex.") && /^Postgrex\.\w+[!?]?$/.test(name)) {
        facts.postgrexCalls.push({ fn: name.slice("Postgrex.".length), line: lineOf(from) });
      } else if (name === "Mox.defmock" || name === "defmock") {
        const mock = callArguments(from)[0];
        if (mock?.kind() === "alias") facts.mocks.push({ name: mock.text(), line: lineOf(from) });
      }
    }
    // `{Postgrex, opts}` in a children list starts a connection the application owns.
    for (const tuple of tree.findAll({ rule: { kind: "tuple" } })) {
      const first = tuple.children().find((child) => child.isNamed());
      if (first?.kind() === "alias" && first.text() === "Postgrex")
        facts.postgrexCalls.push({ fn: "child_spec", line: lineOf(tuple) });
    }
    for (const mod of tree.findAll({ rule: { kind: "call" } })) {
      if (callName(mod) !== "defmodule") continue;
      const name = qualifiedModuleName(mod);
      const block = doBlock(mod);
      if (!block) continue;
      const own = ownCalls(block);
      const uses = own
        .filter((call) => callName(call) === "use")
        .map((call) =>
          callArguments(call)
            .map((arg) => arg.text())
            .join(", "),
        );
      const role = roleOf(uses, own);
      facts.modules.push({
        name,
        line: lineOf(mod),
        endLine: endLineOf(mod),
        role,
        deprecatedInCommentLine: deprecatedOnlyInDoc(block),
        calls: calledModules(block, name),
        imports: own
          .filter((call) => callName(call) === "import")
          .map((call) => callArguments(call)[0]?.text() ?? "")
          .filter((imported) => /^[A-Z][\w.]*$|^:\w+$/.test(imported))
          .sort(compareCodeUnits),
      });
      if (role === "migration") facts.migrations.push(migrationOf(name, own));
      if (role === "endpoint") {
        for (const call of own.filter((candidate) => callName(candidate) === "socket")) {
          const [socketPath, socketModule] = callArguments(call);
          const mount = literal(socketPath);
          if (typeof mount !== "string" || socketModule?.kind() !== "alias") continue;
          facts.sockets.push({
            endpoint: name,
            mount,
            module: socketModule.text(),
            line: lineOf(call),
            liveView: /(^|\.)LiveView\.Socket$/.test(socketModule.text()),
          });
        }
      }
      // Socket modules (`use Phoenix.Socket` or a project wrapper of it): any module with a public connect/2,3.
      const connects = own.filter((call) => {
        const head = callArguments(call)[0];
        const arity = head?.kind() === "call" ? callArguments(head).length : 0;
        return callName(call) === "def" && definedName(call) === "connect" && (arity === 2 || arity === 3);
      });
      if (connects.length > 0) {
        const readsParams = connects.some((def) => {
          const head = callArguments(def)[0];
          const first = head?.kind() === "call" ? callArguments(head)[0] : undefined;
          return first !== undefined && !(first.kind() === "identifier" && first.text().startsWith("_"));
        });
        facts.socketModules.push({ module: name, line: lineOf(mod), connectReadsParams: readsParams });
      }
      if (role === "test") {
        const useCase = own.find((call) => callName(call) === "use");
        const async = useCase
          ? keywordMap(callArguments(useCase).find((arg) => arg.kind() === "keywords"))
              .get("async")
              ?.text() === "true"
          : false;
        const tests = block
          .findAll({ rule: { kind: "call" } })
          .filter((call) => callName(call) === "test").length;
        if (tests > 0) facts.testModules.push({ module: name, line: lineOf(mod), async, tests });
      }
      if (role === "schema") {
        const schema = own.find((call) => callName(call) === "schema");
        const table = schema ? literal(callArguments(schema)[0]) : null;
        if (schema && typeof table === "string") {
          const fields = (doBlock(schema) ? ownCalls(doBlock(schema)!) : [])
            .filter((call) => ["field", "belongs_to", "timestamps"].includes(callName(call) ?? ""))
            .flatMap((call) => {
              const first = callArguments(call)[0];
              if (callName(call) === "timestamps") return ["inserted_at", "updated_at"];
              const field = first?.kind() === "atom" ? first.text().slice(1) : null;
              if (!field) return [];
              return callName(call) === "belongs_to" ? [`${field}_id`] : [field];
            });
          facts.schemas.push({ module: name, table, line: lineOf(schema), fields });
        }
      }
    }
    return facts.modules.length > 0 ? facts : undefined;
  },
});

/** A module's full name: a nested `defmodule Cache` inside `defmodule A.Sink` defines `A.Sink.Cache`. */
function qualifiedModuleName(mod: SgNode): string {
  const own = callArguments(mod)[0]?.text() ?? "?";
  for (let current = mod.parent(); current; current = current.parent()) {
    if (callName(current) !== "defmodule") continue;
    const parent = qualifiedModuleName(current);
    return own.startsWith("__MODULE__.") ? `${parent}${own.slice("__MODULE__".length)}` : `${parent}.${own}`;
  }
  return own;
}

/** The modules a module body calls functions of (remote calls' receivers), sorted by code unit. */
function calledModules(block: SgNode, own: string): string[] {
  const receivers = new Set<string>();
  // `defmodule Cache do` nested inside is called as `Cache.get`: the module's own code.
  const nested = block
    .findAll({ rule: { kind: "call" } })
    .filter((call) => callName(call) === "defmodule")
    .map((call) => callArguments(call)[0]?.text() ?? "");
  for (const call of block.findAll({ rule: { kind: "call" } })) {
    const remote = remoteCall(call);
    if (!remote || !/^(:\w+|[A-Z][\w.]*)$/.test(remote.receiver) || remote.receiver === "__MODULE__")
      continue;
    if (remote.receiver === own || remote.receiver.startsWith(`${own}.`)) continue;
    if (nested.some((name) => name && (remote.receiver === name || remote.receiver.startsWith(`${name}.`))))
      continue;
    receivers.add(remote.receiver);
  }
  return [...receivers].sort(compareCodeUnits);
}

/** Calls directly in a block (not in nested modules). */
function ownCalls(block: SgNode): SgNode[] {
  return block.children().filter((child) => child.kind() === "call");
}

function roleOf(uses: string[], own: SgNode[]): ModuleRole {
  const used = uses.join(" ");
  if (/\bEcto\.Migration\b/.test(used)) return "migration";
  // TypedEctoSchema's `typed_schema`/`typed_embedded_schema` wrap Ecto's `schema`/`embedded_schema`.
  if (
    /\b(Ecto\.Schema|TypedEctoSchema)\b/.test(used) ||
    own.some((call) => /^(typed_)?(schema|embedded_schema)$/.test(callName(call) ?? ""))
  )
    return "schema";
  if (/\bEcto\.Repo\b/.test(used)) return "repo";
  if (/:live_view\b|Phoenix\.LiveView\b(?!\.)/.test(used)) return "liveview";
  if (/:live_component\b|Phoenix\.LiveComponent\b/.test(used)) return "live-component";
  if (/:controller\b|Phoenix\.Controller\b/.test(used)) return "controller";
  if (/:router\b|Phoenix\.Router\b/.test(used)) return "router";
  if (/Phoenix\.Endpoint\b/.test(used)) return "endpoint";
  if (/ExUnit\.Case|\.(ConnCase|DataCase|ChannelCase)\b/.test(used)) return "test";
  if (/\bApplication\b/.test(used)) return "application";
  if (/\bSupervisor\b/.test(used)) return "supervisor";
  if (/\bGenServer\b/.test(used)) return "genserver";
  return "other";
}

/** The line of a `@moduledoc` that says the module is deprecated, when no `@deprecated` attribute is set in it. */
function deprecatedOnlyInDoc(block: SgNode): number | null {
  let docLine: number | null = null;
  let seenDef = false;
  for (const child of block.children()) {
    if (child.kind() === "call" && /^def/.test(callName(child) ?? "")) seenDef = true;
    if (child.kind() === "unary_operator" && child.text().startsWith("@")) {
      const text = child.text();
      if (/^@deprecated\b/.test(text)) return null;
      if (/^@moduledoc\b/.test(text) && /\bdeprecated\b/i.test(text) && docLine === null)
        docLine = lineOf(child);
    }
    if (
      !seenDef &&
      child.kind() === "comment" &&
      /^#\s*(@?deprecated\b|DEPRECATED)/i.test(child.text()) &&
      docLine === null
    )
      docLine = lineOf(child);
  }
  return docLine;
}

function queryOf(from: SgNode): QueryFacts | null {
  const [source, keywords] = callArguments(from);
  if (source?.kind() !== "binary_operator" || keywords?.kind() !== "keywords") return null;
  const [binding, schema] = source.children().filter((child) => child.isNamed());
  if (binding?.kind() !== "identifier" || schema?.kind() !== "alias") return null;
  const fields: QueryFacts["fields"] = [];
  for (const pair of keywordPairs(keywords)) {
    const key = pairKey(pair);
    const clause = key === "where" || key === "or_where" ? "where" : key === "order_by" ? "order_by" : null;
    const value = pairValue(pair);
    if (!clause || !value) continue;
    // `where: [email: ^email]`
    if (clause === "where" && value.kind() === "list")
      for (const inner of keywordPairs(value)) fields.push({ field: pairKey(inner), clause });
    for (const call of value.findAll({ rule: { kind: "call" } })) {
      const head = call.child(0);
      if (head?.kind() !== "dot" || call.children().some((child) => child.kind() === "arguments")) continue;
      // Pattern matches and raw fragments cannot use a plain b-tree index; they say nothing about one.
      if (insideCall(call, value, /^(ilike|like|fragment)$/)) continue;
      const [receiver, field] = head.children().filter((child) => child.isNamed());
      if (receiver?.text() === binding.text() && field?.kind() === "identifier")
        fields.push({ field: field.text(), clause });
    }
  }
  const unique = fields.filter(
    (entry, index) =>
      fields.findIndex((other) => other.field === entry.field && other.clause === entry.clause) === index,
  );
  return unique.length > 0 ? { line: lineOf(from), schema: schema.text(), fields: unique } : null;
}

function supervisionOf(call: SgNode): SupervisionFacts {
  const [childrenArg, optionsArg] = callArguments(call);
  const options = keywordMap(
    optionsArg?.kind() === "keywords" ? optionsArg : optionsArg?.kind() === "list" ? optionsArg : null,
  );
  let list: SgNode | null | undefined = childrenArg?.kind() === "list" ? childrenArg : null;
  if (!list && childrenArg?.kind() === "identifier") {
    // `children = [...]` earlier in the same function.
    const fn = enclosingFunction(call);
    const assignment = fn
      ?.findAll({ rule: { kind: "binary_operator" } })
      .find(
        (op) =>
          op.child(0)?.kind() === "identifier" &&
          op.child(0)?.text() === childrenArg.text() &&
          op.children().some((child) => !child.isNamed() && child.text() === "="),
      );
    const value = assignment?.children().filter((child) => child.isNamed())[1];
    list = value?.kind() === "list" ? value : null;
  }
  const children = list
    ? list
        .children()
        .filter((child) => child.isNamed() && child.kind() !== "comment")
        .map((child) =>
          child.kind() === "tuple"
            ? (child
                .children()
                .filter((part) => part.isNamed())[0]
                ?.text() ?? "?")
            : child.text().split("\n")[0]!,
        )
    : [];
  const strategy = options.get("strategy")?.text() ?? null;
  return {
    module: enclosingModule(call) ?? "?",
    line: lineOf(call),
    strategy: strategy ? strategy.replace(/^:/, "") : null,
    children,
  };
}

/** True when a node sits inside a call named by `pattern`, below `limit`. */
function insideCall(node: SgNode, limit: SgNode, pattern: RegExp): boolean {
  for (let current = node.parent(); current; current = current.parent()) {
    if (pattern.test(callName(current) ?? "")) return true;
    if (current.id() === limit.id()) return false;
  }
  return false;
}
