// Where a URL handed to an outgoing HTTP request comes from, per function: the request's own input (query, form,
// body, path parameters), or one of the function's parameters; and which project calls receive request input or
// a parameter as an argument. The collector (index.ts) joins these across functions and files.
import type { SgNode } from "@ast-grep/napi";
import type { Language } from "../../model/language.js";
import { defineAnalyzer } from "../define.js";
import { isThirdPartyCode, lineOf } from "../node/ast.js";
import { elixirFunctionFlows } from "./elixir.js";

/**
 * Where a value comes from: the request (the text that reads it), the function's parameter at `param`, or a URL field
 * of a record the function loads from the database (`bookmark.url` after `Bookmark.objects.get(id=…)`).
 */
export type FlowOrigin = { request: string } | { param: number } | { stored: StoredField };

/** A model's (or table's) field, as the code names them: `Bookmark`/`url`, `rssFeedsTable`/`url`. */
export interface StoredField {
  model: string;
  field: string;
}

/** A write of request input (or of a parameter, to follow to its callers) into a model's field. */
export interface StoreWrite {
  line: number;
  model: string;
  /** The field written, or `*` when a whole request object is stored (`data: input`). */
  field: string;
  origin: FlowOrigin;
  /** How: `` `url` ← request parameter `url` ``, or the form or serializer that binds the field. */
  via: string;
}

/** An outgoing request whose URL argument carries a value of the given origin. */
export interface OutboundRequest {
  line: number;
  endLine: number;
  /** The client call (`requests.get`, `http.NewRequest`, `fetch`). */
  callee: string;
  /** The URL argument's text (first 80 characters). */
  url: string;
  origin: FlowOrigin;
  /** Why the value carries that origin: `` `target` ← `r.URL.Query().Get("url")` ``. */
  via: string;
}

/** A call of a function that may be the project's, with the arguments that carry request input or a parameter. */
export interface ProjectCall {
  line: number;
  /** The called name (`load_page`), without its qualifier. */
  name: string;
  /** What precedes the name (`website_loader`, `self`, `h`, `this.service`), or null. */
  qualifier: string | null;
  args: Array<{
    position: number | null;
    keyword: string | null;
    origin: FlowOrigin;
    via: string;
    /** Whether the value is compared with known values in the caller first (`== r.details_link`, `in ALLOWED`). */
    compared: boolean;
  }>;
}

export interface FunctionFlows {
  /** The function's name, or "" for an anonymous function. */
  name: string;
  line: number;
  /** Parameter names in order (`self`/`cls` left out; destructured ones joined by `,`). */
  params: string[];
  /** Whether the function's text checks the destination (see DESTINATION_CHECK). */
  checksDestination: boolean;
  /**
   * The role or permission check that guards the function, when there is one (see PERMISSION_GATE): `withPermission(`
   * in the procedure chain, a decorator or dependency, a middleware before the handler, a check in its body.
   */
  gate: string | null;
  requests: OutboundRequest[];
  calls: ProjectCall[];
  /** Runs as a background job: a task decorator (`@task`, `@shared_task`, `@db_task`), a worker or jobs file. */
  background?: true;
  /** Request input (or a parameter) written into a model's URL field. */
  stores?: StoreWrite[];
  /** NestJS request parameters typed with a class (`@Query() query: OnlyURL`): the name and the class's name. */
  dtoParams?: Array<{ name: string; type: string }>;
}

/** A DTO class's URL-named field and the decorators validating it (`@IsUrl()`, `@IsSafeWebhookUrl({…})`). */
export interface DtoUrlField {
  className: string;
  field: string;
  line: number;
  /** Each decorator's name and whether its own text (options) restricts the host: `@IsUrl({ host_whitelist: […] })`. */
  decorators: Array<{ name: string; restrictsHost: boolean }>;
}

export interface OutboundUrlFileFacts {
  /** Whether the file checks destinations anywhere (an allow-list, a private-address check, a guarded client). */
  checksDestination: boolean;
  functions: FunctionFlows[];
  /** Fields that forms or serializers bind from the request (a Django `ModelForm`, a DRF `ModelSerializer`). */
  boundFields?: StoreWrite[];
  /** URL-named fields of classes validated by class-validator decorators (NestJS DTOs). */
  dtoUrlFields?: DtoUrlField[];
  /**
   * Custom class-validator decorators this file defines (`export function IsPublicUrl(…) { registerDecorator(…) }`)
   * when the file checks destinations (DESTINATION_CHECK): a field they validate holds a checked URL.
   */
  urlValidators?: string[];
}

interface LanguageSpec {
  functions: string[];
  call: string;
  assignments: string[];
  /** Reads of request input: query, form, body, path parameters. */
  source: RegExp;
  /** Outgoing HTTP calls: callee text → index of the URL argument. */
  client: (callee: string) => number | null;
}

const GO: LanguageSpec = {
  functions: ["function_declaration", "method_declaration", "func_literal"],
  call: "call_expression",
  assignments: ["short_var_declaration", "assignment_statement", "var_spec"],
  source:
    /\b\w+\.(URL\.Query\(\)\.Get|FormValue|PostFormValue|PathValue|Query|DefaultQuery|QueryParam|Param|PostForm|Params)\(\s*"|\bchi\.URLParam\(|\bmux\.Vars\(/,
  client: (callee) => {
    if (/^http\.(Get|Head|Post|PostForm)$/.test(callee)) return 0;
    if (callee === "http.NewRequest") return 1;
    if (callee === "http.NewRequestWithContext") return 2;
    if (/^\w*[cC]lient\.(Get|Head|Post|PostForm)$/.test(callee)) return 0;
    return null;
  },
};

const PYTHON: LanguageSpec = {
  functions: ["function_definition"],
  call: "call",
  assignments: ["assignment"],
  source:
    /\brequest\.(GET|POST|args|form|values|json|data|query_params|path_params|match_info|rel_url\.query)\b|\brequest\.get_json\(/,
  client: (callee) => {
    if (
      /^(requests|httpx|aiohttp|session|self\.session|self\._session|client|self\.client|self\._client|http_client|async_client)\.(get|post|put|head|patch|delete)$/.test(
        callee,
      )
    )
      return 0;
    if (
      /^(requests|httpx|session|self\.session|client|self\.client|http_client|async_client)\.request$/.test(
        callee,
      )
    )
      return 1;
    if (/^(urllib\.request\.|request\.)?urlopen$/.test(callee)) return 0;
    return null;
  },
};

const NODE: LanguageSpec = {
  functions: ["function_declaration", "function_expression", "arrow_function", "method_definition"],
  call: "call_expression",
  assignments: ["variable_declarator", "assignment_expression"],
  source:
    /\b(req|request|ctx\.request|ctx)\.(query|body|params)\b|\b(req|request)\.(json|formData)\(\)|\bc\.req\.(json|query|param|queries|valid|formData|parseBody)\(|\bsearchParams\.get\(|\bformData\.get\(/,
  client: (callee) => {
    if (
      /^(fetch|globalThis\.fetch|got|got\.(get|post|head)|axios|ky|ky\.(get|post|head)|request|undici\.(request|fetch))$/.test(
        callee,
      )
    )
      return 0;
    if (/^axios\.(get|post|put|patch|head|delete)$/.test(callee)) return 0;
    return null;
  },
};

const SPECS: Partial<Record<Language, LanguageSpec>> = {
  go: GO,
  python: PYTHON,
  typescript: NODE,
  tsx: NODE,
  javascript: NODE,
};

/** A URL expression that starts with a literal scheme and host, or a literal path of the same site. */
const FIXED_HOST =
  /^(?:f|fmt\.Sprintf\(\s*|new URL\(\s*)?[`'"](?:[a-z][a-z0-9+.-]*:\/\/[^/'"`$%{]+|\/(?!\/))/i;

/**
 * Signs that a destination is checked: an allow-list, a private-address check, a guarded transport or fetch (a
 * dialer whose `Control` hook or restricted dial refuses addresses at connect time), a URL validator, or a comparison
 * with a fixed scheme and host (`url.startswith("https://example.com/")`), or a host matched against a pattern
 * (Elixir `uri.host =~ ~r{^sns\.[a-z0-9-]+\.amazonaws\.com$}`).
 */
export const DESTINATION_CHECK =
  /restricted_?\w{0,12}dial|Control:\s*\w|(?:is|check|ensure|raise_not|assert)_?valid_?url\b|isPrivate|IsPrivate|IsLoopback|is_private|is_loopback|is_global|private[_-]?(?:ip|net|network|address|addr|host|range)|non[_-]?public|allow[_-]?private|is_?(?:internal|local|public)_?\w{0,12}(?:url|ip|host|addr|address)\b|ip_address\(|allow_?list|allowlist|allowed_?hosts|allowedHosts|allowed_?domains|whitelist|safehttp|safe_?fetch|safeFetch|ssrf|validate_?\w{0,20}url\b|Validate\w{0,20}URL\b|isSafeUrl|is_safe_url|url_has_allowed_host|request-filtering-agent|\badvocate\b|(?:startswith|startsWith|HasPrefix|starts_with\?)\(\s*(?:\w+\s*,\s*)?[`'"]https?:\/\/[\w-]+\.|\.(?:origin|hostname|host)\s*[!=]==?\s*[`'"](?:https?:\/\/)?[\w-]+\.|\bhost(?:name)?\s+(?:not\s+)?in\s+[@\w[]|\.host(?:name)?\s*=~\s*~r/i;

/**
 * A role or permission check (not a plain sign-in): `withPermission("monitoring", "read")`, an `adminProcedure`,
 * `@permission_required`, `Depends(check_admin)`, `@Roles("admin")`, `requireAdmin`, `if not user.is_superuser`.
 */
export const PERMISSION_GATE =
  /\bwithPermissions?\s*\(|\b(?:admin|owner|superuser|super_?admin)(?:Procedure|Guard|Only|_only|_required|Required)\b|@(?:Roles|RequireRoles?|RequirePermissions?|Permissions)\s*\(|\b\w*(?:Roles?|Permissions?|Admin)Guard\b|\bIsAdminUser\b|\b(?:require|check|assert|ensure|verify|has)_?(?:admin|super_?user|super_?admin|owner|roles?|permissions?)\b|\bis_?(?:admin|super_?user|super_?admin|staff)\b|\b(?:staff_member|permission)_required\b|\brole\s*[!=]==?\s*['"`](?:admin|owner)\b/i;

/**
 * A comparison of the caller's credential with a key the server holds for its own jobs (`token !==
 * process.env.INTERNAL_API_KEY`, `` auth !== `Bearer ${process.env.CRON_SECRET}` ``): only the application's own
 * workers and schedulers can call the handler.
 */
export const SERVICE_KEY_GATE =
  /(?:process\.env\.|os\.environ(?:\.get)?\(?\[?\s*["']|os\.getenv\(\s*["']|os\.Getenv\(\s*"|System\.get_env\(\s*")\w*(?:INTERNAL|SERVICE|CRON|WORKER|JOB|QUEUE)\w*(?:KEY|TOKEN|SECRET)\b/;

/**
 * A check that the request was signed by the service that sends it (a webhook's signature verified with the
 * sender's key: `valid_signature?(conn.body_params)`, `verifySignature(req)`, Stripe's `constructEvent`): the
 * signing service, not an anonymous client, chose what the request holds.
 */
export const SIGNED_SENDER_GATE =
  /\b(?:valid|verify|verified|validate|check)_?\w{0,12}?signature\w*\??|\bsignature_?(?:is_?)?valid\w*\??|\bconstructEvent\b/i;

/** Lines of a body that decide who passes: a condition, an assertion or a guard call. */
const GATE_LINE =
  /\b(?:if|unless|assert|raise|throw|guard|abort)\b|\b(?:require|check|assert|ensure|verify)_?\w*\(/i;

/**
 * The permission check guarding a function: in what precedes it (decorators, the procedure chain or middleware of
 * the call it is passed to, dependencies in its parameters) or in a condition of its own body; null when none.
 */
function permissionGate(fn: SgNode, body: string): string | null {
  const before = [precedingDecorators(fn), precedingArguments(fn), fn.field("parameters")?.text() ?? ""].join(
    "\n",
  );
  const outside = PERMISSION_GATE.exec(before)?.[0];
  if (outside) return outside;
  for (const line of body.split("\n")) {
    if (!GATE_LINE.test(line)) continue;
    const inside =
      PERMISSION_GATE.exec(line)?.[0] ??
      SERVICE_KEY_GATE.exec(line)?.[0] ??
      SIGNED_SENDER_GATE.exec(line)?.[0];
    if (inside) return inside;
  }
  return null;
}

/** The decorators of a Python definition or a class method (`@router.get(...)`, `@Roles("admin")`). */
function precedingDecorators(fn: SgNode): string {
  const decorated = fn.parent();
  if (decorated?.kind() === "decorated_definition") {
    const text = decorated.text();
    const start = text.indexOf(fn.text().slice(0, 40));
    return start > 0 ? text.slice(0, start) : "";
  }
  return fn
    .children()
    .filter((child) => child.kind() === "decorator")
    .map((child) => child.text())
    .join("\n");
}

/**
 * What a function passed as an argument comes after: the callee and the earlier arguments of that call
 * (`withPermission("x", "read").input(...).query(`, `router.get("/x", requireAdmin, `).
 */
function precedingArguments(fn: SgNode): string {
  const args = fn.parent();
  const call = args?.parent();
  if (!args || !call || call.kind() !== "call_expression") return "";
  const head = call.text();
  const offset = fn.range().start.index - call.range().start.index;
  return offset > 0 ? head.slice(0, offset) : "";
}

/** Calls that hand their argument back as a URL: conversions, decoding, trimming, URL parsing. */
const PASS_THROUGH_CALL =
  /(?:^|\.)(?:String|str|decodeURIComponent|decodeURI|encodeURI|unquote|unquote_plus|trim|strip|toString|TrimSpace|QueryUnescape|PathUnescape|Parse|urlparse|urljoin|parse|get|Get|getAll|first)$/;

/** Names of fields that hold a URL: `url`, `feed_url`, `webhookUrl`, `link`, `website`. */
export const URL_FIELD =
  /^(?:url|uri|link|href|website|homepage|endpoint|\w+_(?:url|uri|link|endpoint)|\w+(?:Url|URL|Uri|Link|Endpoint))$/;

/**
 * A call that loads records of one model from the database, the model's name in group 1 (Python) or 2 (Node):
 * `Bookmark.objects.get(id=…)`, `get_object_or_404(Feed, …)`, `prisma.webhook.findMany(…)`,
 * `db.query.rssFeedsTable.findFirst(…)`, `db.select().from(feeds)`.
 */
const RECORD_LOOKUP: Partial<Record<Language, RegExp>> = {
  python:
    /^(?:await\s+)?(?:([A-Z]\w*)\.objects\.(?:get|filter|all|exclude|select_related|prefetch_related|only|order_by)\(|get_object_or_404\(\s*([A-Z]\w*)\b)/,
  typescript:
    /^(?:await\s+)?(?:(?:this\.|ctx\.)?(?:prisma|db|tx|client)\.(?:query\.)?(\w+)\.find(?:Unique|First|Many)(?:OrThrow)?\(|(?:this\.|ctx\.)?(?:db|tx)\.select\([^)]*\)\s*\.from\(\s*(\w+)\s*\))/,
};
RECORD_LOOKUP.tsx = RECORD_LOOKUP.typescript;
RECORD_LOOKUP.javascript = RECORD_LOOKUP.typescript;

/** Names bound to records loaded in a function: the record (or list of records) → its model and the lookup's text. */
type Records = Map<string, { model: string; lookup: string }>;

/** Python task decorators: huey, celery, dramatiq, rq, django-q. */
const TASK_DECORATOR =
  /@(?:[\w.]+\.)?(?:task|db_task|periodic_task|db_periodic_task|shared_task|actor|job)\b/;
/** Node files of background work: a `workers/` or `jobs/` folder, a `feedWorker.ts`, a BullMQ `new Worker(`. */
const BACKGROUND_PATH =
  /(?:^|\/)(?:workers?|jobs?|queues?|tasks?|cron)\/|(?:Worker|Job|Task|Cron|worker|job|task)s?\.[cm]?[jt]sx?$/;

/** Go request bodies bound into a variable by a web framework: `c.ShouldBindJSON(&req)`, `c.BodyParser(&req)`. */
const GO_BIND = /^\w+\.(?:ShouldBind\w*|Bind\w*|BodyParser)\(\s*&(\w+)\s*\)$/;
/** A net/http request body decoded into a variable: `json.NewDecoder(r.Body).Decode(&req)` (`r` checked apart). */
const GO_DECODE = /\b(\w+)\.Body\)\.Decode\(\s*&(\w+)\s*\)$/;

/** Builtins and logging: never the project's functions (other names are followed only to a project definition). */
const NOT_FOLLOWED =
  /^(print|len|str|int|float|bool|dict|list|set|tuple|isinstance|getattr|setattr|Errorf|Printf|Sprintf|Println|log|info|debug|warn|warning|error|exception)$/;

export const outboundUrlFlowsAnalyzer = defineAnalyzer<OutboundUrlFileFacts>({
  id: "outbound-url-flows",
  languages: ["go", "python", "typescript", "tsx", "javascript", "elixir"],
  needsTree: true,
  analyze({ tree, text, language, isTest, path }) {
    if (language === "elixir") {
      if (!tree || isTest) return undefined;
      const functions = elixirFunctionFlows(tree, text, {
        destinationCheck: DESTINATION_CHECK,
        permissionGate: PERMISSION_GATE,
        signedSenderGate: SIGNED_SENDER_GATE,
      });
      return functions.length > 0
        ? { checksDestination: DESTINATION_CHECK.test(text), functions }
        : undefined;
    }
    const spec = SPECS[language];
    if (!tree || !spec || isTest) return undefined;
    if (language !== "go" && language !== "python" && isThirdPartyCode(text)) return undefined;
    const procedures =
      language !== "go" && language !== "python" && /Procedure\b[\s\S]*\.(query|mutation)\(/.test(text);
    const fastapi = language === "python" && /\bfrom fastapi\b|\bimport fastapi\b/.test(text);
    const functions: FunctionFlows[] = [];
    const lookup = RECORD_LOOKUP[language];
    const backgroundFile =
      language !== "python" &&
      language !== "go" &&
      (BACKGROUND_PATH.test(path) || /\bnew Worker\(/.test(text));
    for (const fn of tree.findAll({ rule: { any: spec.functions.map((kind) => ({ kind })) } })) {
      const params = parameterNames(fn, language);
      const body = fn.text();
      const requestParams = requestParameters(fn, language, params, { procedures, fastapi });
      const loads = lookup !== undefined && /\.(?:objects|find\w*|from)\b|get_object_or_404/.test(body);
      if (params.length === 0 && !spec.source.test(body) && requestParams.size === 0 && !loads) continue;
      const records: Records = loads && lookup ? recordsOf(fn, spec, lookup, language) : new Map();
      // `feeds.map((feed) => fetch(feed.url))`: the callback's parameter is a record of the list it walks.
      const element = lookup && language !== "python" ? callbackRecord(fn, spec, lookup, language) : null;
      if (element) records.set(element.name, element.record);
      const ownParams = element ? params.map((names) => names.filter((n) => n !== element.name)) : params;
      const tainted = taintedNames(fn, spec, ownParams, requestParams, language, records);
      if (tainted.size === 0 && records.size === 0 && !spec.source.test(body)) continue;
      // Where each name is first compared with known values: a comparison after the call (`sources[0].URL ==
      // candidateUrl` on the page already fetched) does not vet what the call was given.
      const compared = new Map<string, number>();
      for (const name of tainted.keys()) {
        const at = firstComparison(body, name);
        if (at >= 0) compared.set(name, at);
      }
      const flows: FunctionFlows = {
        name: functionName(fn),
        line: fn.range().start.line + 1,
        params: params.map((names) => names.join(",")),
        checksDestination: DESTINATION_CHECK.test(body),
        gate: permissionGate(fn, body),
        requests: [],
        calls: [],
      };
      if (language === "python" ? TASK_DECORATOR.test(precedingDecorators(fn)) : backgroundFile)
        flows.background = true;
      const dtoParams = language === "python" || language === "go" ? [] : dtoParameters(fn);
      if (dtoParams.length > 0) flows.dtoParams = dtoParams;
      for (const call of fn.findAll({ rule: { kind: spec.call } })) {
        if (enclosingFunction(call, spec) !== fn.id()) continue;
        const callee = call.field("function")?.text() ?? "";
        const index = spec.client(callee);
        if (index !== null) {
          const url = urlArgument(call, index);
          const found = url ? originOf(url.text(), tainted, spec, records) : null;
          if (url && found)
            flows.requests.push({
              line: call.range().start.line + 1,
              endLine: call.range().end.line + 1,
              callee,
              url: url.text().slice(0, 80),
              ...found,
            });
          continue;
        }
        const write = storeWrite(call, callee, tainted, spec, language);
        if (write) (flows.stores ??= []).push(write);
        const projectCall = followedCall(
          call,
          callee,
          tainted,
          spec,
          compared,
          call.range().start.index - fn.range().start.index,
          records,
        );
        if (projectCall) flows.calls.push(projectCall);
      }
      if (flows.requests.length > 0 || flows.calls.length > 0 || flows.stores) functions.push(flows);
    }
    const boundFields = language === "python" ? formBoundFields(tree) : [];
    const node = language !== "python" && language !== "go";
    const dtoUrlFields = node && /@\w+\(/.test(text) ? dtoUrlFieldsOf(tree) : [];
    const urlValidators = node && /\bregisterDecorator\s*\(/.test(text) ? urlValidatorsOf(tree, text) : [];
    if (
      functions.length === 0 &&
      boundFields.length === 0 &&
      dtoUrlFields.length === 0 &&
      urlValidators.length === 0
    )
      return undefined;
    return {
      checksDestination: DESTINATION_CHECK.test(text),
      functions,
      ...(boundFields.length > 0 ? { boundFields } : {}),
      ...(dtoUrlFields.length > 0 ? { dtoUrlFields } : {}),
      ...(urlValidators.length > 0 ? { urlValidators } : {}),
    };
  },
});

type Tainted = Map<string, { origin: FlowOrigin; via: string }>;

/** A call of a possibly in-project function with at least one argument carrying request input or a parameter. */
function followedCall(
  call: SgNode,
  callee: string,
  tainted: Tainted,
  spec: LanguageSpec,
  compared: Map<string, number>,
  offset: number,
  records: Records,
): ProjectCall | null {
  const match = /^(?:(.+)\.)?([A-Za-z_$][\w$]*)$/.exec(callee);
  if (!match) return null;
  const name = match[2] ?? "";
  const qualifier = match[1] ?? null;
  if (NOT_FOLLOWED.test(name) || (qualifier !== null && qualifier.includes("("))) return null;
  const args: ProjectCall["args"] = [];
  let position = 0;
  for (const arg of callArguments(call)) {
    const keyword = arg.kind() === "keyword_argument" ? (arg.field("name")?.text() ?? null) : null;
    const value = keyword !== null ? arg.field("value") : arg;
    const found = value ? originOf(value.text(), tainted, spec, records) : null;
    if (found)
      args.push({
        position: keyword === null ? position : null,
        keyword,
        ...found,
        compared: [...compared].some(([name, at]) => at < offset && mentions(value?.text() ?? "", name)),
      });
    if (keyword === null) position += 1;
  }
  if (args.length === 0) return null;
  return { line: call.range().start.line + 1, name, qualifier, args };
}

function callArguments(call: SgNode): SgNode[] {
  return (
    call
      .field("arguments")
      ?.children()
      .filter((child) => child.isNamed() && child.kind() !== "comment") ?? []
  );
}

/** The URL argument of a call: the positional one at `index`, or a `url=` keyword / `{ url }` option. */
function urlArgument(call: SgNode, index: number): SgNode | null {
  const args = callArguments(call);
  const keyword = args.find(
    (arg) => arg.kind() === "keyword_argument" && arg.field("name")?.text() === "url",
  );
  if (keyword) return keyword.field("value");
  const positional = args.filter((arg) => arg.kind() !== "keyword_argument");
  return positional[index] ?? null;
}

/** The name a function is known by: its own, or the variable or property it is assigned to. */
function functionName(fn: SgNode): string {
  const own = fn.field("name")?.text();
  if (own) return own;
  const parent = fn.parent();
  if (parent?.kind() === "variable_declarator") return parent.field("name")?.text() ?? "";
  if (parent?.kind() === "pair") return parent.field("key")?.text() ?? "";
  return "";
}

/** Each parameter's bound names, in order; Python's `self`/`cls` left out. */
function parameterNames(fn: SgNode, language: Language): string[][] {
  const list = fn.field("parameters") ?? fn.field("parameter");
  if (!list) return [];
  if (list.kind() === "identifier") return [[list.text()]];
  const names: string[][] = [];
  for (const param of list.children().filter((child) => child.isNamed() && child.kind() !== "comment")) {
    if (language === "go") {
      const ids = param
        .children()
        .filter((child) => child.kind() === "identifier")
        .map((child) => child.text());
      for (const id of ids.length > 0 ? ids : ["_"]) names.push([id]);
      continue;
    }
    const target =
      param.field("pattern") ??
      param.field("name") ??
      param.field("left") ??
      param.children().find((c) => c.isNamed()) ??
      param;
    const bound =
      target.kind() === "identifier"
        ? [target.text()]
        : boundNames(
            target.kind() === "object_pattern" || target.kind() === "array_pattern"
              ? target.text()
              : target.text().replace(/[:=].*$/s, ""),
          );
    names.push(bound.length > 0 ? bound : ["_"]);
  }
  if (language === "python" && (names[0]?.[0] === "self" || names[0]?.[0] === "cls")) names.shift();
  return names;
}

/**
 * Parameters that are request input by the framework's contract: a FastAPI route's non-dependency parameters,
 * NestJS `@Body()`/`@Query()`/`@Param()` parameters, a tRPC procedure's `input`.
 */
function requestParameters(
  fn: SgNode,
  language: Language,
  params: string[][],
  file: { procedures: boolean; fastapi: boolean },
): Set<string> {
  const names = new Set<string>();
  if (language === "python") {
    const decorated = fn.parent();
    if (!file.fastapi || decorated?.kind() !== "decorated_definition") return names;
    if (!/@\w+\.(get|post|put|patch|delete|api_route)\(/.test(decorated.text().slice(0, 400))) return names;
    const list = fn.field("parameters");
    for (const param of list?.children().filter((c) => c.isNamed()) ?? []) {
      const text = param.text();
      if (
        /Depends\(|Security\(|:\s*(Request|Response|Session|AsyncSession|BackgroundTasks|WebSocket)\b/.test(
          text,
        )
      )
        continue;
      const name = /^\*{0,2}(\w+)/.exec(text)?.[1];
      if (name && name !== "self") names.add(name);
    }
    return names;
  }
  if (language === "go") return names;
  const list = fn.field("parameters");
  for (const param of list?.children().filter((c) => c.isNamed()) ?? []) {
    if (/^@(Body|Query|Param)\(/.test(param.text())) {
      const pattern = param.field("pattern");
      if (pattern) for (const name of boundNames(pattern.text())) names.add(name);
    }
  }
  if (file.procedures && params[0]?.includes("input") && /\.(query|mutation)\(\s*$/.test(precedingText(fn)))
    names.add("input");
  return names;
}

/** NestJS `@Body()`/`@Query()`/`@Param()` parameters typed with a class: `@Query() query: OnlyURL`. */
function dtoParameters(fn: SgNode): Array<{ name: string; type: string }> {
  const out: Array<{ name: string; type: string }> = [];
  for (const param of fn
    .field("parameters")
    ?.children()
    .filter((c) => c.isNamed()) ?? []) {
    if (!/^@(Body|Query|Param)\(/.test(param.text())) continue;
    const name = param.field("pattern");
    const type = param.field("type")?.text().replace(/^:\s*/, "") ?? "";
    if (name?.kind() === "identifier" && /^[A-Z][\w$]*$/.test(type)) out.push({ name: name.text(), type });
  }
  return out;
}

/**
 * A class-validator decorator named for a URL or host that is safe, public or allowed (`@IsSafeWebhookUrl`,
 * `@IsPublicUrl`, `@IsAllowedHost`, `@NotSsrf`): a check of the destination, not only of the URL's shape.
 */
export const SAFE_URL_DECORATOR =
  /^(?:Is)?\w*(?:Safe|Public|NotPrivate|NonPrivate|NotInternal|NoInternal|Allowed|Allowlisted|Whitelisted|Trusted)\w*(?:Url|URL|Uri|URI|Host|Domain|Origin)s?$|Ssrf|SSRF/;

/** `@IsUrl({ host_whitelist: [...] })`: class-validator's URL check limited to listed hosts. */
const HOST_LIST_OPTION = /\bhost_(?:whitelist|allowlist)\s*:\s*(?!\[\s*\])/;

/** Decorated URL-named fields of classes (NestJS DTOs), with the decorators on each. */
function dtoUrlFieldsOf(tree: SgNode): DtoUrlField[] {
  const out: DtoUrlField[] = [];
  for (const declaration of tree.findAll({ rule: { kind: "class_declaration" } })) {
    const className = declaration.field("name")?.text() ?? "";
    for (const member of declaration.field("body")?.children() ?? []) {
      if (member.kind() !== "public_field_definition") continue;
      const field = member.field("name")?.text() ?? "";
      if (!URL_FIELD.test(field)) continue;
      const decorators = member
        .children()
        .filter((child) => child.kind() === "decorator")
        .map((decorator) => ({
          name: /^@([\w$]+)/.exec(decorator.text())?.[1] ?? "",
          restrictsHost: HOST_LIST_OPTION.test(decorator.text()),
        }))
        .filter((decorator) => decorator.name !== "");
      if (decorators.length > 0)
        out.push({ className, field, line: lineOf(member.field("name") ?? member), decorators });
    }
  }
  return out;
}

/**
 * Signs that a file refuses internal addresses itself: DESTINATION_CHECK, or the ranges it names (link-local
 * `169.254`, `fe80:`, loopback) as a validator listing blocked addresses does.
 */
const ADDRESS_RANGES = /169\.254|\bfe80:|\bloopback\b|\blink-local\b/i;

/** Custom class-validator decorators the file defines (functions calling `registerDecorator`), when it checks addresses. */
function urlValidatorsOf(tree: SgNode, text: string): string[] {
  if (!DESTINATION_CHECK.test(text) && !ADDRESS_RANGES.test(text)) return [];
  const out: string[] = [];
  for (const fn of tree.findAll({ rule: { kind: "function_declaration" } }))
    if (/\bregisterDecorator\s*\(/.test(fn.text())) {
      const name = fn.field("name")?.text();
      if (name) out.push(name);
    }
  return out;
}

/** The text just before a function (its call's callee, when it is an argument). */
function precedingText(fn: SgNode): string {
  const args = fn.parent();
  const call = args?.parent();
  if (!call || call.kind() !== "call_expression") return "";
  return `${call.field("function")?.text() ?? ""}(`;
}

/** Names assigned, directly or through other such names, from request input or a parameter inside one function. */
function taintedNames(
  fn: SgNode,
  spec: LanguageSpec,
  params: string[][],
  requestParams: Set<string>,
  language: Language,
  records: Records,
): Tainted {
  const tainted: Tainted = new Map();
  params.forEach((names, index) => {
    for (const name of names)
      if (name !== "_" && name !== "ctx" && name !== "context")
        tainted.set(
          name,
          requestParams.has(name)
            ? { origin: { request: `parameter \`${name}\`` }, via: `request parameter \`${name}\`` }
            : { origin: { param: index }, via: `parameter \`${name}\`` },
        );
  });
  if (language === "go") {
    // The body is the request's only when it is read from the handler's own `*http.Request` parameter: a
    // response's `resp.Body` decoded the same way is what another server sent.
    const requestParam = /(\w+)\s+\*http\.Request\b/.exec(fn.field("parameters")?.text() ?? "")?.[1];
    for (const call of fn.findAll({ rule: { kind: "call_expression" } })) {
      const text = call.text();
      const decoded = GO_DECODE.exec(text);
      const name =
        GO_BIND.exec(text)?.[1] ?? (decoded && decoded[1] === requestParam ? decoded[2] : undefined);
      if (name)
        tainted.set(name, { origin: { request: text.slice(0, 60) }, via: `\`${text.slice(0, 60)}\`` });
    }
  }
  const assignments = assignmentsInOrder(fn, spec);
  for (const assignment of assignments) {
    const left = assignment.field("left") ?? assignment.field("name");
    const right = assignment.field("right") ?? assignment.field("value");
    if (!left || !right) continue;
    const rightText = urlPart(right);
    // `config_url = f"https://raw.githubusercontent.com/{org}/…"`, `url = f"{self.pay_link}?amount={amount}"`: a
    // URL whose host is fixed or configured carries the request only in its path or query.
    // A record loaded by id (`Bookmark.objects.get(id=bookmark_id)`) is the stored row, not the id: `records`.
    if (isDerivedByCall(right, spec) || hostIsFixed(rightText, tainted, spec)) continue;
    if (records.has(left.text()) && RECORD_LOOKUP[language]?.test(right.text())) continue;
    const read = spec.source.exec(rightText)?.[0];
    let carried: { origin: FlowOrigin; via: string } | undefined;
    if (read) carried = { origin: { request: read }, via: `\`${rightText.slice(0, 60)}\`` };
    else {
      const from = [...tainted.keys()].find((name) => mentions(rightText, name));
      const source = from ? tainted.get(from) : undefined;
      if (from && source)
        carried = {
          origin: source.origin,
          via: "param" in source.origin ? source.via : `\`${from}\` ← ${source.via}`,
        };
      else carried = storedRead(rightText, records) ?? undefined;
    }
    if (!carried) continue;
    // A name keeps the first origin it got: `request = book` after `book` came from `request` is not news.
    for (const name of boundNames(left.text()))
      if (!params.some((p) => p.includes(name)) && !tainted.has(name)) tainted.set(name, carried);
  }
  return tainted;
}

/**
 * Whether the assigned value is the result of a project call (`await getFile({ data: doc.file })`,
 * `findUnique({ where: { id } })`): a value the code derives — a stored record, a signed storage URL — not the
 * request's own text. Reads of request input (`request.args.get("url")`, `await req.json()`) and pass-through
 * conversions (`String(req.query.url)`) still carry it.
 */
function isDerivedByCall(right: SgNode, spec: LanguageSpec): boolean {
  let value = right;
  // Go's `link, file, err := fs.Link(c, path)`: one call on the right of a multi-value assignment.
  if (value.kind() === "expression_list") {
    const values = value.children().filter((c) => c.isNamed() && c.kind() !== "comment");
    if (values.length === 1 && values[0]) value = values[0];
  }
  while (value.kind() === "await_expression" || value.kind() === "await") {
    const inner = value.children().find((c) => c.isNamed());
    if (!inner) break;
    value = inner;
  }
  if (value.kind() !== spec.call) return false;
  // The call is itself a read of request input (`c.Query("url")`, `r.URL.Query().Get("url")`).
  if (spec.source.exec(value.text())?.index === 0) return false;
  const callee = value.field("function")?.text() ?? "";
  return !spec.source.test(callee) && !spec.source.test(`${callee}()`) && !PASS_THROUGH_CALL.test(callee);
}

/** Names a left-hand side binds: `a, err`, `{ url, title }`, `[a, b]`. */
function boundNames(left: string): string[] {
  return left
    .replace(/[{}[\]()]/g, " ")
    .split(/[\s,]+/)
    .map((part) => part.replace(/:.*$/, "").trim())
    .filter((part) => /^[A-Za-z_$][\w$]*$/.test(part) && part !== "err" && part !== "_");
}

/** Where a URL expression's value comes from: request input it reads itself, or a tainted name. */
function originOf(
  urlText: string,
  tainted: Tainted,
  spec: LanguageSpec,
  records: Records = new Map(),
): { origin: FlowOrigin; via: string } | null {
  if (hostIsFixed(urlText, tainted, spec)) return null;
  const read = spec.source.exec(urlText)?.[0];
  if (read) return { origin: { request: read }, via: `\`${urlText.slice(0, 60)}\`` };
  for (const [name, source] of tainted)
    if (mentions(urlText, name))
      return {
        origin: source.origin,
        via: "param" in source.origin ? source.via : `\`${name}\` ← ${source.via}`,
      };
  return storedRead(urlText, records);
}

/** A URL field of a loaded record read in a URL expression: `bookmark.url`, `str(feed.feed_url)`. */
function storedRead(text: string, records: Records): { origin: FlowOrigin; via: string } | null {
  for (const [name, record] of records) {
    const pattern = new RegExp(`(?:^|[^\\w$.])${name.replace(/\$/g, "\\$")}\\??\\.(\\w+)\\b(?!\\s*\\()`, "g");
    for (const match of text.matchAll(pattern)) {
      const field = match[1] ?? "";
      if (!URL_FIELD.test(field)) continue;
      return {
        origin: { stored: { model: record.model, field } },
        via: `\`${name}.${field}\` ← \`${record.lookup.slice(0, 60)}\``,
      };
    }
  }
  return null;
}

/** The assignments of a function body in source order. */
function assignmentsInOrder(fn: SgNode, spec: LanguageSpec): SgNode[] {
  return fn
    .findAll({ rule: { any: spec.assignments.map((kind) => ({ kind })) } })
    .sort((a, b) => a.range().start.index - b.range().start.index);
}

/**
 * Names bound to records the function loads: `bookmark = Bookmark.objects.get(id=bookmark_id)`, `const feed = await
 * db.query.rssFeedsTable.findFirst(…)`, and the loop variable over such a list (`for feed in feeds`,
 * `for (const hook of hooks)`).
 */
function recordsOf(fn: SgNode, spec: LanguageSpec, lookup: RegExp, language: Language): Records {
  const records: Records = new Map();
  const assignments = assignmentsInOrder(fn, spec);
  for (const assignment of assignments) {
    const left = assignment.field("left") ?? assignment.field("name");
    const right = assignment.field("right") ?? assignment.field("value");
    if (left?.kind() !== "identifier" || !right) continue;
    const match = lookup.exec(right.text());
    const model = match?.[1] ?? match?.[2];
    if (model) records.set(left.text(), { model, lookup: right.text().replace(/\s+/g, " ") });
  }
  const loopKind = language === "python" ? "for_statement" : "for_in_statement";
  for (const loop of fn.findAll({ rule: { kind: loopKind } })) {
    const right = loop.field("right");
    const left = loop.field("left");
    const direct = right ? lookup.exec(right.text()) : null;
    const model = direct?.[1] ?? direct?.[2];
    const list =
      right && model
        ? { model, lookup: right.text().replace(/\s+/g, " ") }
        : right
          ? records.get(right.text())
          : undefined;
    const name = left ? boundNames(left.text()).pop() : undefined;
    if (list && name) records.set(name, list);
  }
  return records;
}

const LIST_CALLBACK = /^(?:map|forEach|flatMap|filter|some|every|find)$/;

/**
 * A callback walking a list of loaded records (`feeds.map(async (feed) => …)`, `(await db.query.feeds.findMany())
 * .forEach(…)`): its first parameter, bound to the records of the list as the enclosing function loads them.
 */
function callbackRecord(
  fn: SgNode,
  spec: LanguageSpec,
  lookup: RegExp,
  language: Language,
): { name: string; record: Records extends Map<string, infer R> ? R : never } | null {
  const args = fn.parent();
  const call = args?.kind() === "arguments" ? args.parent() : null;
  const callee = call?.kind() === spec.call ? call.field("function") : null;
  if (callee?.kind() !== "member_expression" || !LIST_CALLBACK.test(callee.field("property")?.text() ?? ""))
    return null;
  const name = parameterNames(fn, language)[0]?.[0];
  const list = callee
    .field("object")
    ?.text()
    .replace(/^\(\s*(?:await\s+)?|\s*\)$/g, "");
  if (!name || !list) return null;
  const direct = lookup.exec(list);
  const model = direct?.[1] ?? direct?.[2];
  if (model) return { name, record: { model, lookup: list.replace(/\s+/g, " ") } };
  let outer = call?.parent() ?? null;
  while (outer && !spec.functions.includes(String(outer.kind()))) outer = outer.parent();
  if (!outer || !/\.(?:objects|find\w*|from)\b/.test(outer.text())) return null;
  const record = recordsOf(outer, spec, lookup, language).get(list);
  return record ? { name, record } : null;
}

/** Django `objects` writes and model constructors; Prisma and Drizzle writes (`insert(t).values`, `update(t).set`). */
const PY_WRITE = /^([A-Z]\w*)(?:\.objects\.(?:create|update_or_create|get_or_create|update))?$/;
const NODE_WRITE =
  /(?:^|\.)(?:prisma|db|tx|client)\.(\w+)\.(?:create|createMany|update|updateMany|upsert)$|\.(?:insert|update)\(\s*(\w+)\s*\)\s*\.(?:values|set)$/;

/** A write of request input (or a parameter) into a model's URL field. */
function storeWrite(
  call: SgNode,
  callee: string,
  tainted: Tainted,
  spec: LanguageSpec,
  language: Language,
): StoreWrite | null {
  const line = call.range().start.line + 1;
  if (language === "python") {
    const model = PY_WRITE.exec(callee)?.[1];
    if (!model) return null;
    for (const arg of callArguments(call)) {
      if (arg.kind() !== "keyword_argument") continue;
      const field = arg.field("name")?.text() ?? "";
      const value = arg.field("value");
      const found = value && URL_FIELD.test(field) ? originOf(value.text(), tainted, spec) : null;
      if (found && !("stored" in found.origin)) return { line, model, field, ...found };
    }
    return null;
  }
  if (language === "go") return null;
  const match = NODE_WRITE.exec(callee.replace(/\s+/g, ""));
  const model = match?.[1] ?? match?.[2];
  const object = callArguments(call)[0];
  if (!model || object?.kind() !== "object") return null;
  // Prisma puts the fields under `data:`; Drizzle takes them as the object itself.
  const dataPair = object
    .children()
    .find((child) => child.kind() === "pair" && child.field("key")?.text() === "data");
  const data = match?.[1] ? dataPair?.field("value") : object;
  if (!data) return null;
  if (data.kind() !== "object") {
    const found = originOf(data.text(), tainted, spec);
    return found && !("stored" in found.origin) ? { line, model, field: "*", ...found } : null;
  }
  for (const child of data.children()) {
    const field =
      child.kind() === "pair"
        ? (child.field("key")?.text() ?? "")
        : child.kind() === "shorthand_property_identifier"
          ? child.text()
          : child.kind() === "spread_element"
            ? "*"
            : "";
    const value =
      child.kind() === "pair"
        ? child.field("value")
        : child.kind() === "spread_element"
          ? child.children().find((node) => node.isNamed())
          : child;
    if (!value || (field !== "*" && !URL_FIELD.test(field))) continue;
    const found = originOf(value.text(), tainted, spec);
    if (found && !("stored" in found.origin)) return { line, model, field, ...found };
  }
  return null;
}

// Django and DRF classes that bind a model's fields from the request by their `Meta`.
const MODEL_BINDING_BASE = /(?:^|\.)(?:ModelForm|ModelSerializer|HyperlinkedModelSerializer)$/;
// Serializer fields that never take a value from the request.
const READ_ONLY_FIELD =
  /(?:^|\.)(?:ReadOnlyField|SerializerMethodField|HiddenField)\s*\(|\bread_only\s*=\s*True\b/;

/** The strings of a list or tuple literal with their nodes (`["url", "title"]`); null for anything else. */
function stringItems(node: SgNode | null | undefined): Array<{ value: string; node: SgNode }> | null {
  if (!node || (node.kind() !== "list" && node.kind() !== "tuple")) return null;
  return node
    .children()
    .filter((child) => child.kind() === "string")
    .map((child) => ({ value: child.text().replace(/^[rbuf]*(["']{1,3})([\s\S]*)\1$/i, "$2"), node: child }));
}

/** `name = value` statements directly in a class body, by name (the last one wins, as in Python). */
function classAssignments(body: SgNode | null): Map<string, SgNode> {
  const found = new Map<string, SgNode>();
  for (const statement of body?.children() ?? []) {
    const assignment = statement.kind() === "expression_statement" ? statement.child(0) : null;
    if (assignment?.kind() !== "assignment") continue;
    const left = assignment.field("left");
    const right = assignment.field("right");
    if (left?.kind() === "identifier" && right) found.set(left.text(), right);
  }
  return found;
}

/**
 * URL fields a Django `ModelForm` or a DRF `ModelSerializer` binds from the request, read from the syntax tree: the
 * `fields` of its inner `Meta` (`"__all__"`, or `exclude` without `fields`, binds every field but those excluded),
 * less those it makes read-only (`read_only_fields`, `extra_kwargs = {"url": {"read_only": True}}`, a declared
 * `ReadOnlyField`/`SerializerMethodField` or `read_only=True` field). A class built on another form or serializer of
 * the same file counts as that base does.
 */
function formBoundFields(tree: SgNode): StoreWrite[] {
  const found: StoreWrite[] = [];
  const classes = tree.findAll({ rule: { kind: "class_definition" } });
  const binding = new Set<string>();
  // Bases first: a file's classes in order, so `class BookmarkForm(BaseForm)` follows `class BaseForm(ModelForm)`.
  for (const cls of classes) {
    const name = cls.field("name")?.text() ?? "";
    const bases = (cls.field("superclasses")?.children() ?? [])
      .filter((c) => c.isNamed())
      .map((c) => c.text());
    if (bases.some((base) => MODEL_BINDING_BASE.test(base) || binding.has(base))) binding.add(name);
  }
  for (const cls of classes) {
    const name = cls.field("name")?.text() ?? "";
    if (!binding.has(name)) continue;
    const body = cls.field("body");
    const meta = body
      ?.children()
      .find((child) => child.kind() === "class_definition" && child.field("name")?.text() === "Meta");
    if (!meta) continue;
    const options = classAssignments(meta.field("body"));
    const model = /(?:^|\.)(\w+)$/.exec(options.get("model")?.text() ?? "")?.[1];
    const fields = options.get("fields");
    const exclude = options.get("exclude");
    if (!model || (!fields && !exclude)) continue;
    const declared = classAssignments(body ?? null);
    const readOnly = new Set((stringItems(options.get("read_only_fields")) ?? []).map((item) => item.value));
    const extra = options.get("extra_kwargs");
    for (const pair of extra?.kind() === "dictionary" ? extra.children() : []) {
      if (pair.kind() !== "pair") continue;
      const key = pair.field("key");
      if (key?.kind() === "string" && /\bread_only["']?\s*:\s*True\b/.test(pair.field("value")?.text() ?? ""))
        readOnly.add(key.text().slice(1, -1));
    }
    const isReadOnly = (field: string): boolean =>
      readOnly.has(field) || READ_ONLY_FIELD.test(declared.get(field)?.text() ?? "");
    const listed = stringItems(fields);
    const all = fields ? /^["']__all__["']$/.test(fields.text()) : listed === null;
    const excluded = new Set((stringItems(exclude) ?? []).map((item) => item.value));
    const bound: Array<{ field: string; node: SgNode }> = all
      ? [{ field: "*", node: fields ?? exclude ?? meta }]
      : (listed ?? []).map((item) => ({ field: item.value, node: item.node }));
    for (const { field, node } of bound) {
      if (field !== "*" && (!URL_FIELD.test(field) || isReadOnly(field))) continue;
      // `__all__` or `exclude`: every field, said as `*` and narrowed to the model's URL fields by the join; an
      // `exclude` that names a URL field is taken to keep the request away from URLs.
      if (field === "*" && [...excluded].some((ex) => URL_FIELD.test(ex))) continue;
      found.push({
        line: node.range().start.line + 1,
        model,
        field,
        origin: { request: `${name}.Meta.fields` },
        via: `\`${field === "*" ? (fields ? "__all__" : "every field but `exclude`") : field}\` bound from the request by \`${name}\``,
      });
    }
  }
  return found;
}

/**
 * The part of an assigned value that can become a URL: an options object (`{ url: …, data: request.body }`, as
 * `axios(config)` takes) passes on only its `url`/`baseURL`; anything else is its whole text.
 */
function urlPart(value: SgNode): string {
  if (value.kind() !== "object") return value.text();
  const pair = value
    .children()
    .find(
      (child) =>
        child.kind() === "pair" &&
        /^['"]?(url|baseURL|uri|href)['"]?$/.test(child.field("key")?.text() ?? ""),
    );
  const shorthand = value
    .children()
    .find(
      (child) =>
        child.kind() === "shorthand_property_identifier" && /^(url|baseURL|uri|href)$/.test(child.text()),
    );
  return pair?.field("value")?.text() ?? shorthand?.text() ?? "";
}

/** Whether a URL expression's host is fixed: a literal scheme and host, or a leading operand not from the request. */
function hostIsFixed(urlText: string, tainted: Tainted, spec: LanguageSpec): boolean {
  const text = unparenthesized(urlText);
  // `"https://api.example.com/items/" + id`, f"https://…/{id}", fmt.Sprintf("https://…/%s", id): the host is fixed.
  if (FIXED_HOST.test(text)) return true;
  // `settings.reviews_url + f"/reviews/{id}?{query}"`, `${config.apiBase}/items/${id}`: the host comes from the
  // configuration or a constant, and the request only fills in the path or the query.
  const head = leadingOperand(text);
  return (
    head !== null && !spec.source.test(head) && ![...tainted.keys()].some((name) => mentions(head, name))
  );
}

/**
 * An expression without the parentheses around it: `(\n  f"https://raw.githubusercontent.com/{org}/…"\n)`, a long
 * URL wrapped over lines, has the same host as the literal inside.
 */
function unparenthesized(text: string): string {
  let inner = text.trim();
  while (inner.startsWith("(") && inner.endsWith(")") && closingParen(inner) === inner.length - 1)
    inner = inner.slice(1, -1).trim();
  return inner;
}

/** The index of the parenthesis closing the one at 0, skipping string literals; -1 when unbalanced. */
function closingParen(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === "\\") i += 1;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(") depth += 1;
    else if (ch === ")") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** What a concatenation or template starts with (`base` of `base + path`, of `${base}/x`), or null. */
function leadingOperand(urlText: string): string | null {
  const interpolated = /^(?:f)?[`'"]\$?\{([^}]+)\}/.exec(urlText);
  if (interpolated) return interpolated[1] ?? null;
  const plus = /^([A-Za-z_$][\w$.]*(?:\(\))?)\s*\+/.exec(urlText);
  return plus ? (plus[1] ?? null) : null;
}

/**
 * Where the function first compares a name with something that is not empty (-1 when it never does) — `r.link == link`, `link in KNOWN`,
 * `known.includes(link)` — as a lookup among known values does before using it.
 */
function firstComparison(body: string, name: string): number {
  const n = name.replace(/\$/g, "\\$");
  const empty = String.raw`(?:None|nil|null|undefined|""|''|0|True|False|true|false)\b`;
  return (
    new RegExp(
      String.raw`[\w\])]\s*(?:===?|!==?)\s*${n}\b|\b${n}\s*(?:===?|!==?)\s*(?!${empty}|"|')[\w(]|(?<!\bfor\s+)\b${n}\s+(?:not\s+)?in\s+[\w.(]|\.(?:includes|has|contains|Contains)\(\s*${n}\s*\)`,
    ).exec(body)?.index ?? -1
  );
}

/** Whether code names `name`, outside plain string literals (`"/api/v1/list?site=%s"` does not name `list`). */
function mentions(text: string, name: string): boolean {
  const code = text.replace(/(^|[^\w])(["'])(?:\\.|(?!\2)[^\\\n])*\2/g, "$1$2$2");
  return new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, "\\$")}\\b`).test(code);
}

/** The id of the innermost function around a node, of the kinds the language spec searches. */
function enclosingFunction(node: SgNode, spec: LanguageSpec): number | null {
  for (let current = node.parent(); current; current = current.parent())
    if (spec.functions.includes(String(current.kind()))) return current.id();
  return null;
}
