// trpc/public-mutation: a tRPC mutation on a public procedure whose resolver never looks at who is calling, in an
// app whose other procedures require a signed-in user.
import { defineRule } from "../define-rule.js";
import { isPublicRoute } from "../shared/route-auth.js";

/** Mutations public by design: sign-in and sign-up flows, password recovery, tracking and feedback beacons. */
const PUBLIC_MUTATION =
  /^(?:sign|log|register|signup|signin|login|logout|forgot|reset|recover|verify|confirm|request|resend|send|subscribe|unsubscribe|track|report|feedback|contact|accept|decline|join)/i;

/**
 * Routers of those flows, by the name of their variable: subscribers of a page or newsletter, feedback, sign-up and
 * waiting lists. (Not "subscription", often a billing router, nor "contact", often an address book.)
 */
const PUBLIC_ROUTER = /subscriber|feedback|signup|newsletter|waitlist/i;

/**
 * Answers to a survey, poll or form: `submit`/`answer`/`respond` of a router named for one (`surveyRouter.submit`),
 * which anonymous visitors fill in by design.
 */
const PUBLIC_SUBMISSION = /^(?:submit|answer|respond)/i;
const SUBMISSION_ROUTER = /survey|poll|questionnaire|quiz|form(?!at)/i;

/**
 * A webhook receiver: its published meta (`summary: "stripe webhook"`, `path: "/webhooks/github"`) or its name
 * (`stripeWebhook`, not `createWebhook`) says so. The sender cannot sign in; what protects it is a
 * signature or shared secret checked in the resolver.
 */
const WEBHOOK = /web-?hooks?|\bhooks?\b/i;

/** Names of procedures that manage webhook settings (`createWebhook`, `deleteHook`) rather than receive calls. */
const MANAGES =
  /^(?:create|update|delete|add|remove|edit|set|toggle|rotate|test|enable|disable|upsert|save)/i;

export default defineRule({
  id: "trpc/public-mutation",
  area: "security",
  severity: "high",
  title: "tRPC mutation open to anonymous callers",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["typescript", "tsx", "javascript"],
  docs: {
    rationale:
      "A tRPC procedure is only as protected as the base it is built on: a mutation written on `publicProcedure` (or on `t.procedure`) is callable by anyone who can reach `/api/trpc`, whatever the UI shows. When the resolver does not read the caller (`ctx.session`, `ctx.user`) or a credential (a token, a signature) either, nothing decides who may change the data.",
    impact:
      "Anyone on the internet can create, change or delete the records the mutation writes, by posting to its tRPC endpoint.",
    fix: "Build the mutation on the app's guarded base (`protectedProcedure`, a base whose middleware throws `UNAUTHORIZED` without a session), or check the caller or a capability token in the resolver when it is meant to be public.",
    example: {
      language: "typescript",
      bad: "export const postRouter = createTRPCRouter({\n  delete: publicProcedure\n    .input(z.object({ id: z.string() }))\n    .mutation(({ ctx, input }) => ctx.db.post.delete({ where: { id: input.id } })),\n});",
      good: "export const postRouter = createTRPCRouter({\n  delete: protectedProcedure\n    .input(z.object({ id: z.string() }))\n    .mutation(({ ctx, input }) =>\n      ctx.db.post.delete({ where: { id: input.id, createdById: ctx.session.user.id } }),\n    ),\n});",
    },
  },
  notes: [
    "Procedures, bases and middlewares come from the tsweb facts: a base is guarded when a middleware it uses (inline or by name, followed across files and through the bases it is built on) refuses callers without a user or session (`if (!ctx.session?.user) throw new TRPCError({ code: \"UNAUTHORIZED\" })`), when an imported middleware's name says so (`isAuthed`, `enforceUserIsAuthed`), or when the base's own name does (`protectedProcedure`, `adminProcedure`) and not public (`publicProcedure`, `maybeAuthenticatedProcedure`).",
    "Reported only when the app has at least one guarded procedure (it has users to protect) and the public mutation's resolver reads neither the caller (`ctx.user`, `ctx.session`) nor a credential (a token, a session, an authorization header, a signature, a secret, a password, a captcha, an `input.hash`/`input.hmac` the caller presents as a signed link), calls no verify/authenticate/assert function, and throws no UNAUTHORIZED/FORBIDDEN. Mutations public by design are left out: sign-in/up, password recovery, verification, subscriptions and feedback (by their names or router keys, or the name of their router's variable: `pageSubscriberRouter`, `feedbackRouter`, `newsletterRouter`, `waitlistRouter`), and the answers to a survey, poll or form (`submit`/`answer`/`respond` of a `surveyRouter`).",
    "Webhook receivers (the procedure's `.meta(…)` — a trpc-openapi summary or path — or its name says webhook, not a name that manages them such as `createWebhook`) cannot require a signed-in sender: they are reported at medium when the resolver checks no signature or shared secret, since anyone who learns the URL can then post forged events.",
    'A base whose middleware refuses every call with FORBIDDEN or UNAUTHORIZED under a condition that is not about the caller (`if (currentStep !== step) throw new TRPCError({ code: "FORBIDDEN" })`, a first-run wizard open only at its step) is not public: it decides when it may be called. Bases built by a factory method of an object (`onboardingProcedure.requiresStep("group")`) are followed. The public mutations of a router whose other procedures are built on such a base and none on a guarded one (`onboardRouter`: `nextStep`, `previousStep` beside `onboardingProcedure.requiresStep(…)` steps) move that wizard along and are left out.',
    "Tests, stories and examples are skipped.",
  ],
  applies(facts) {
    if (!facts.tsweb) return { status: "unknown", reason: "tsweb facts were not collected" };
    return facts.tsweb.trpc.procedures.length > 0
      ? true
      : { status: "not-applicable", reason: "no tRPC procedures" };
  },
  check({ facts, report }) {
    const procedures = facts.tsweb.trpc.procedures.filter(
      (procedure) =>
        !procedure.isTest && !/(?:^|\/)(?:examples?|stories|__tests__|e2e)\//.test(procedure.path),
    );
    const guarded = procedures.filter((procedure) => procedure.guard.status === "guarded");
    const sibling = guarded[0];
    if (!sibling) return;
    // Routers of a first-run wizard: a router (by file and variable) with procedures on a base that refuses every call
    // outside its step and none on a guarded base. Its public mutations step the wizard (`nextStep`, `previousStep`)
    // before any user exists; the steps that write data are the restricted ones.
    const wizardRouters = new Set<string>();
    const guardedRouters = new Set<string>();
    for (const procedure of procedures) {
      if (procedure.router === null) continue;
      const key = `${procedure.path}\u0000${procedure.router}`;
      if (procedure.guard.status === "restricted") wizardRouters.add(key);
      if (procedure.guard.status === "guarded") guardedRouters.add(key);
    }
    for (const procedure of procedures) {
      if (procedure.kind !== "mutation" || procedure.guard.status !== "public") continue;
      if (procedure.router !== null) {
        const key = `${procedure.path}\u0000${procedure.router}`;
        if (wizardRouters.has(key) && !guardedRouters.has(key)) continue;
      }
      if (procedure.identityRead !== null) continue;
      const name = procedure.name ?? "";
      // A router named for the flow (`newsletterSubscriberRouter`, `feedbackRouter`) makes its `create`/`upsert` that flow.
      const router = procedure.router ?? "";
      if (PUBLIC_MUTATION.test(name) || isPublicRoute(null, name) || PUBLIC_ROUTER.test(router)) continue;
      if (PUBLIC_SUBMISSION.test(name) && SUBMISSION_ROUTER.test(router)) continue;
      const base = facts.tsweb.trpc.bases.find((candidate) => candidate.name === procedure.base);
      const where = base ? ` (${base.path}:${base.line})` : "";
      const published = /\bpath\s*:\s*[`'"]([^`'"]+)/.exec(procedure.meta ?? "")?.[1];
      if (WEBHOOK.test(procedure.meta ?? "") || (WEBHOOK.test(name) && !MANAGES.test(name))) {
        report({
          path: procedure.path,
          line: procedure.line,
          severity: "medium",
          message: `mutation \`${name || "(unnamed)"}\` receives webhooks${published ? ` at ${published}` : ""} on ${procedure.base}${where}, as a receiver must, but its resolver checks no signature or shared secret: anyone who learns the URL can post forged events; verify the sender's signature (the provider's signing header) before acting on the payload`,
          key: `${procedure.base}.${name}`,
        });
        continue;
      }
      report({
        path: procedure.path,
        line: procedure.line,
        message: `mutation \`${name || "(unnamed)"}\` is built on ${procedure.base}${where}, a base with no middleware that refuses anonymous callers, and its resolver reads no user, session or credential; ${guarded.length} of ${procedures.length} procedures of the app require a signed-in caller (e.g. ${sibling.name ?? sibling.base} at ${sibling.path}:${sibling.line}: ${sibling.guard.evidence})`,
        key: `${procedure.base}.${name}`,
      });
    }
  },
});
