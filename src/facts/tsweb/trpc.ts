// tRPC in one file: procedures (`base.input(...).mutation(fn)`), the procedure bases a project builds
// (`export const protectedProcedure = t.procedure.use(isAuthed)`) and its middlewares (`t.middleware(fn)`), with
// what each middleware does with an anonymous caller. Which base is guarded is decided across files by the collector.
import type { SgNode } from "@ast-grep/napi";
import { asFunction, firstArgument, lineOf, pairKey } from "../node/ast.js";

/** A `.use(x)` step of a procedure chain: the middleware's name, or an inline function. */
export interface TrpcUse {
  /** The identifier or call passed (`isAuthed`, `rateLimit(...)` → `rateLimit`), or null for an inline function. */
  name: string | null;
  /** For an inline function: whether it refuses callers without a user or session. */
  refusesAnonymous: boolean;
  /**
   * For an inline function that does not test the caller: the condition under which it refuses every call with
   * FORBIDDEN or UNAUTHORIZED (`currentStep !== step`), or null.
   */
  refusesWhen: string | null;
  line: number;
}

export interface TrpcProcedureSite {
  /** The router key or variable it is bound to (`delete`, `deletePasskeyRoute`), or null. */
  name: string | null;
  /** The variable of the router object it is a key of (`pageSubscriberRouter`), or null. */
  router: string | null;
  kind: "query" | "mutation" | "subscription";
  /** The chain's root: a base (`protectedProcedure`) or `t.procedure`. */
  base: string;
  /**
   * The method called first on the root when it is not a chain method (`requiresStep` of
   * `onboardingProcedure.requiresStep("group")`): a factory of bases on an object, recorded as base `root.method`.
   */
  baseMethod: string | null;
  uses: TrpcUse[];
  /** Whether the chain declares an input schema (`.input(...)`). */
  hasInput: boolean;
  /** The first text in the resolver that reads who is calling or a credential (`ctx.user`, `token`), or null. */
  identityRead: string | null;
  /**
   * The text of the chain's `.meta(…)` argument (trpc-openapi's `{ openapi: { method, path, summary } }`, or a helper
   * call building it), or null: what the procedure is published as.
   */
  meta: string | null;
  line: number;
  endLine: number;
}

export interface TrpcBaseSite {
  name: string;
  /** What it is built on: another base or `t.procedure`. */
  root: string;
  uses: TrpcUse[];
  line: number;
}

export interface TrpcMiddlewareSite {
  name: string;
  refusesAnonymous: boolean;
  /** The condition under which it refuses every call with FORBIDDEN or UNAUTHORIZED, when it does not test the caller. */
  refusesWhen: string | null;
  line: number;
}

export interface TrpcFileFacts {
  procedures: TrpcProcedureSite[];
  bases: TrpcBaseSite[];
  middlewares: TrpcMiddlewareSite[];
}

const RESOLVERS = new Set(["query", "mutation", "subscription"]);
/** Roots a chain can start from to be a procedure: `t.procedure`, `publicProcedure`, `authedProcedure` … */
export const PROCEDURE_NAME = /(?:^|\.)procedure$|Procedure$/;
/** A condition that is true when nobody is signed in: `!ctx.session?.user`, `!ctx.user`, `ctx.session == null`. */
const NO_USER_CONDITION =
  /!\s*\(?\s*(?:ctx|opts\.ctx)\s*\.\s*(?:session|user|auth|userId|viewer|account|member)\b|!\s*(?:session|currentUser|userId|authUser|sessionUser)\b|(?:ctx|opts\.ctx)\s*\.\s*(?:session|user|auth|userId)\s*(?:\?\.\s*\w+\s*)?={2,3}\s*(?:null|undefined)/;
/** Refusing: a throw, or a tRPC error code that stops the call. */
const REFUSAL = /\bthrow\b|UNAUTHORIZED|FORBIDDEN/;
/** Reads of who is calling or of a credential carried by the request. */
// A hash or HMAC the caller must present (`input.hash` of a signed resubscribe link) is a credential too.
const IDENTITY_READ =
  /\bctx\s*\.\s*(?:user|session|auth|userId|apiKey|apiToken|viewer|member|account)\b|\binput\s*\.\s*(?:hash|hmac|digest)\b|\w*(?:[Tt]oken|[Ss]ession|[Aa]uthoriz\w*|[Ss]ignature|[Ss]ecret|[Pp]assword|[Cc]aptcha|apiKey)\b|\bUNAUTHORIZED\b|\bFORBIDDEN\b|\b(?:verify|authenticate|authorize|assert)\w*\s*\(/;

/** A tRPC error code that denies access (not a rate limit or a bad request). */
const ACCESS_DENIAL = /\bcode\s*:\s*["'](?:FORBIDDEN|UNAUTHORIZED)["']/;

/**
 * The condition under which a middleware refuses every call with FORBIDDEN or UNAUTHORIZED whoever calls
 * (`if (currentStep !== step) throw new TRPCError({ code: "FORBIDDEN" })`: a first-run wizard open only at its step), or
 * null. The base then decides when it may be called, even if not by whom.
 */
export function refusesWhen(fn: SgNode): string | null {
  for (const branch of fn.findAll({ rule: { kind: "if_statement" } })) {
    const condition = branch.field("condition")?.text() ?? "";
    const consequence = branch.field("consequence")?.text() ?? "";
    if (/\bthrow\b/.test(consequence) && ACCESS_DENIAL.test(consequence))
      return condition.replace(/^\(\s*|\s*\)$/g, "").replace(/\s+/g, " ");
  }
  return null;
}

/** Whether a middleware function refuses callers without a user or session (`if (!ctx.user) throw …`). */
export function refusesAnonymous(fn: SgNode): boolean {
  for (const branch of fn.findAll({ rule: { kind: "if_statement" } })) {
    const condition = branch.field("condition")?.text() ?? "";
    const consequence = branch.field("consequence")?.text() ?? "";
    if (NO_USER_CONDITION.test(condition) && REFUSAL.test(consequence)) return true;
  }
  return false;
}

interface ChainStep {
  method: string;
  call: SgNode;
}

/** The method calls of a chain from its root outwards, and the root's text (`t.procedure`, `publicProcedure`). */
function unwindChain(call: SgNode): { root: string; steps: ChainStep[] } | null {
  const steps: ChainStep[] = [];
  let node: SgNode | null = call;
  while (node?.kind() === "call_expression") {
    const callee: SgNode | null = node.field("function");
    // `createScopedAuthedProcedure("feeds").use(...)`: a base factory's result, named after the factory.
    if (callee?.kind() === "identifier" && PROCEDURE_NAME.test(callee.text()) && steps.length > 0)
      return { root: callee.text(), steps };
    if (callee?.kind() !== "member_expression") return null;
    steps.unshift({ method: callee.field("property")?.text() ?? "", call: node });
    node = callee.field("object");
  }
  if (!node || (node.kind() !== "identifier" && node.kind() !== "member_expression")) return null;
  return { root: node.text(), steps };
}

function useOf(step: ChainStep): TrpcUse {
  const argument = firstArgument(step.call);
  const fn = asFunction(argument);
  if (fn)
    return {
      name: null,
      refusesAnonymous: refusesAnonymous(fn),
      refusesWhen: refusesWhen(fn),
      line: lineOf(step.call),
    };
  const named = argument?.kind() === "call_expression" ? argument.field("function") : argument;
  return { name: named?.text() ?? null, refusesAnonymous: false, refusesWhen: null, line: lineOf(step.call) };
}

/** The name a value is bound to: a router key (`delete: …`) or a variable (`const deleteRoute = …`). */
function boundName(node: SgNode): string | null {
  const parent = node.parent();
  if (parent?.kind() === "pair") return pairKey(parent);
  if (parent?.kind() === "variable_declarator") return parent.field("name")?.text() ?? null;
  return null;
}

/** The variable a router object holding this procedure is assigned to (`const pageSubscriberRouter = createTRPCRouter({ … })`). */
function routerName(node: SgNode): string | null {
  const pair = node.parent();
  if (pair?.kind() !== "pair") return null;
  const call = pair.parent()?.parent()?.parent();
  if (call?.kind() !== "call_expression") return null;
  const declarator = call.parent();
  return declarator?.kind() === "variable_declarator" ? (declarator.field("name")?.text() ?? null) : null;
}

/** The tRPC procedures, bases and middlewares written in one file. */
export function trpcFacts(tree: SgNode): TrpcFileFacts | undefined {
  const facts: TrpcFileFacts = { procedures: [], bases: [], middlewares: [] };
  for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
    const callee = call.field("function");
    if (callee?.kind() !== "member_expression") continue;
    const method = callee.field("property")?.text() ?? "";
    if (!RESOLVERS.has(method)) continue;
    const resolver = asFunction(firstArgument(call));
    if (!resolver) continue;
    const chain = unwindChain(call);
    if (!chain) continue;
    const match = IDENTITY_READ.exec(resolver.text());
    // `onboardingProcedure.requiresStep("group").input(…).mutation(…)`: built by a factory method of an object of
    // bases (recorded below as the base `onboardingProcedure.requiresStep`).
    const first = chain.steps[0]?.method ?? "";
    facts.procedures.push({
      name: boundName(call),
      router: routerName(call),
      kind: method as TrpcProcedureSite["kind"],
      base: chain.root,
      baseMethod: CHAIN_METHODS.has(first) || RESOLVERS.has(first) ? null : first,
      uses: chain.steps.filter((step) => step.method === "use").map(useOf),
      hasInput: chain.steps.some((step) => step.method === "input"),
      identityRead: match ? match[0] : null,
      meta:
        chain.steps
          .filter((step) => step.method === "meta")
          .map((step) => firstArgument(step.call)?.text() ?? "")
          .join("\n") || null,
      line: lineOf(call),
      endLine: call.range().end.line + 1,
    });
  }
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const name = declarator.field("name");
    const value = declarator.field("value");
    if (name?.kind() !== "identifier" || !value) continue;
    // const isAuthed = t.middleware(fn) / middleware(fn) / experimental_standaloneMiddleware<…>().create(fn)
    if (value.kind() === "call_expression") {
      const fnText = value.field("function")?.text() ?? "";
      const middlewareFn = asFunction(firstArgument(value));
      if (middlewareFn && /(?:^|\.)middleware$|Middleware$|Middleware\b.*\.create$/.test(fnText)) {
        facts.middlewares.push({
          name: name.text(),
          refusesAnonymous: refusesAnonymous(middlewareFn),
          refusesWhen: refusesWhen(middlewareFn),
          line: lineOf(declarator),
        });
        continue;
      }
    }
    // const backupsProcedure = createScopedAuthedProcedure("backups"): a base built by a factory (below).
    const factory = value.kind() === "call_expression" ? value.field("function") : null;
    if (factory?.kind() === "identifier" && PROCEDURE_NAME.test(factory.text())) {
      facts.bases.push({ name: name.text(), root: factory.text(), uses: [], line: lineOf(declarator) });
      continue;
    }
    // const protectedProcedure = t.procedure.use(isAuthed) / publicProcedure.use(...).use(...)
    const chain =
      value.kind() === "member_expression" || value.kind() === "call_expression" ? unwindChain(value) : null;
    if (!chain || !PROCEDURE_NAME.test(chain.root)) continue;
    if (chain.steps.some((step) => RESOLVERS.has(step.method))) continue;
    if (
      !chain.steps.every((step) =>
        ["use", "meta", "input", "output", "concat", "unstable_concat"].includes(step.method),
      )
    )
      continue;
    facts.bases.push({
      name: name.text(),
      root: chain.root,
      uses: chain.steps.filter((step) => step.method === "use").map(useOf),
      line: lineOf(declarator),
    });
  }
  // function createScopedAuthedProcedure(resource) { return authedProcedure.use(...) }: a factory of bases, recorded
  // as a base named after the function so that the bases it builds inherit its guard.
  for (const fn of tree.findAll({ rule: { kind: "function_declaration" } })) {
    const name = fn.field("name")?.text() ?? "";
    if (!PROCEDURE_NAME.test(name)) continue;
    const returned = fn
      .findAll({ rule: { kind: "return_statement" } })
      .map((r) => r.children().find((c) => c.isNamed()))
      .find((v) => v?.kind() === "call_expression" || v?.kind() === "member_expression");
    const chain = returned ? unwindChain(returned) : null;
    if (!chain || !PROCEDURE_NAME.test(chain.root)) continue;
    if (
      !chain.steps.every((step) =>
        ["use", "meta", "input", "output", "concat", "unstable_concat"].includes(step.method),
      )
    )
      continue;
    facts.bases.push({
      name,
      root: chain.root,
      uses: chain.steps.filter((step) => step.method === "use").map(useOf),
      line: lineOf(fn),
    });
  }
  // export const onboardingProcedure = { requiresStep: (step) => publicProcedure.use(…) }: an object whose methods
  // build bases, each recorded as the base `onboardingProcedure.requiresStep`.
  for (const declarator of tree.findAll({ rule: { kind: "variable_declarator" } })) {
    const name = declarator.field("name")?.text() ?? "";
    const value = declarator.field("value");
    if (!PROCEDURE_NAME.test(name) || value?.kind() !== "object") continue;
    for (const pair of value.children()) {
      const fn =
        pair.kind() === "pair"
          ? asFunction(pair.field("value"))
          : pair.kind() === "method_definition"
            ? pair
            : null;
      const key = pair.kind() === "pair" ? pairKey(pair) : pair.field("name")?.text();
      if (!fn || !key) continue;
      const chain = returnedChain(fn);
      if (!chain || !PROCEDURE_NAME.test(chain.root)) continue;
      if (!chain.steps.every((step) => CHAIN_METHODS.has(step.method))) continue;
      facts.bases.push({
        name: `${name}.${key}`,
        root: chain.root,
        uses: chain.steps.filter((step) => step.method === "use").map(useOf),
        line: lineOf(pair),
      });
    }
  }
  return facts.procedures.length + facts.bases.length + facts.middlewares.length > 0 ? facts : undefined;
}

/** Methods that configure a procedure base without resolving it. */
const CHAIN_METHODS = new Set(["use", "meta", "input", "output", "concat", "unstable_concat"]);

/** The procedure chain a function returns: its expression body, or the value of a `return`. */
function returnedChain(fn: SgNode): { root: string; steps: ChainStep[] } | null {
  const body = fn.field("body");
  const returned =
    body && body.kind() !== "statement_block"
      ? body
      : fn
          .findAll({ rule: { kind: "return_statement" } })
          .map((r) => r.children().find((c) => c.isNamed()))
          .find((v) => v?.kind() === "call_expression" || v?.kind() === "member_expression");
  return returned && (returned.kind() === "call_expression" || returned.kind() === "member_expression")
    ? unwindChain(returned)
    : null;
}
