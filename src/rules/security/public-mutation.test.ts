import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const TRPC = [
  'import { initTRPC, TRPCError } from "@trpc/server";',
  "const t = initTRPC.context<Context>().create();",
  "export const createTRPCRouter = t.router;",
  "export const publicProcedure = t.procedure;",
  "const enforceUserIsAuthed = t.middleware(({ ctx, next }) => {",
  "  if (!ctx.session?.user) {",
  '    throw new TRPCError({ code: "UNAUTHORIZED" });',
  "  }",
  "  return next({ ctx: { session: ctx.session } });",
  "});",
  "export const protectedProcedure = t.procedure.use(enforceUserIsAuthed);",
].join("\n");

const ROUTER = [
  'import { z } from "zod";',
  'import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";',
  "export const postRouter = createTRPCRouter({",
  "  list: publicProcedure.query(({ ctx }) => ctx.db.post.findMany()),",
  "  create: protectedProcedure",
  "    .input(z.object({ name: z.string() }))",
  "    .mutation(({ ctx, input }) => ctx.db.post.create({ data: { name: input.name, createdById: ctx.session.user.id } })),",
  "  delete: publicProcedure",
  "    .input(z.object({ id: z.number() }))",
  "    .mutation(({ ctx, input }) => ctx.db.post.delete({ where: { id: input.id } })),",
  "  vote: publicProcedure",
  "    .input(z.object({ id: z.number(), token: z.string() }))",
  "    .mutation(({ ctx, input }) => ctx.db.vote.create({ data: { postId: input.id, token: input.token } })),",
  "  signUp: publicProcedure",
  "    .input(z.object({ email: z.string() }))",
  "    .mutation(({ ctx, input }) => ctx.db.user.create({ data: { email: input.email } })),",
  "});",
].join("\n");

describe("trpc/public-mutation", () => {
  it("fires on a public mutation that reads no caller or credential while other procedures are guarded", async () => {
    const findings = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": TRPC,
      "src/server/api/routers/post.ts": ROUTER,
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [
        8,
        "mutation `delete` is built on publicProcedure (src/server/api/trpc.ts:4), a base with no middleware that refuses anonymous callers, and its resolver reads no user, session or credential; 1 of 5 procedures of the app require a signed-in caller (e.g. create at src/server/api/routers/post.ts:5: enforceUserIsAuthed refuses callers without a user (src/server/api/trpc.ts:5))",
      ],
    ]);
  });

  it("takes a hash the caller presents (a signed link) as a credential; an id alone still fires", async () => {
    const router = (args: string): string =>
      ROUTER.replace(
        "  signUp: publicProcedure",
        [
          "  reSubscribe: publicProcedure",
          "    .input(z.object({ id: z.string(), hash: z.string() }))",
          `    .mutation(async ({ input }) => { await campaignService.subscribeContact(${args}); }),`,
          "  signUp: publicProcedure",
        ].join("\n"),
      );
    const signed = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": TRPC,
      "src/server/api/routers/post.ts": router("input.id, input.hash"),
    });
    expect(signed.map((f) => f.message.split(" ")[1])).toEqual(["`delete`"]);
    const unsigned = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": TRPC,
      "src/server/api/routers/post.ts": router("input.id"),
    });
    expect(unsigned.map((f) => f.message.split(" ")[1])).toEqual(["`delete`", "`reSubscribe`"]);
  });

  it("stays silent when no procedure is guarded, or the public base refuses anonymous callers inline", async () => {
    const open = TRPC.replace("t.procedure.use(enforceUserIsAuthed)", "t.procedure");
    expect(
      await findingsOf("trpc/public-mutation", {
        "src/server/api/trpc.ts": open.replace("protectedProcedure", "anyProcedure"),
        "src/server/api/routers/post.ts": ROUTER.replace(/protectedProcedure/g, "anyProcedure"),
      }),
    ).toEqual([]);
    const inline = TRPC.replace(
      "export const publicProcedure = t.procedure;",
      'export const publicProcedure = t.procedure.use(({ ctx, next }) => {\n  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED" });\n  return next();\n});',
    );
    expect(
      await findingsOf("trpc/public-mutation", {
        "src/server/api/trpc.ts": inline,
        "src/server/api/routers/post.ts": ROUTER,
      }),
    ).toEqual([]);
  });

  it("stays silent on mutations of a base built by a factory that returns a guarded procedure", async () => {
    const findings = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": [
        TRPC,
        "export function createScopedProcedure(scope: string) {",
        "  return protectedProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, scope } }));",
        "}",
      ].join("\n"),
      "src/server/api/routers/post.ts": [
        'import { z } from "zod";',
        'import { createTRPCRouter, createScopedProcedure, protectedProcedure } from "../trpc";',
        'const tagsProcedure = createScopedProcedure("tags");',
        'const feedsProcedure = createScopedProcedure("feeds").use(({ ctx, next }) => next({ ctx }));',
        "export const tagRouter = createTRPCRouter({",
        "  list: protectedProcedure.query(({ ctx }) => ctx.db.tag.findMany({ where: { ownerId: ctx.session.user.id } })),",
        "  rename: protectedProcedure",
        "    .input(z.object({ id: z.number(), name: z.string() }))",
        "    .mutation(({ ctx, input }) => ctx.db.tag.update({ where: { id: input.id, ownerId: ctx.session.user.id }, data: input })),",
        "  deleteUnused: tagsProcedure.mutation(({ ctx }) => ctx.db.tag.deleteMany({ where: { posts: { none: {} } } })),",
        "  merge: tagsProcedure",
        "    .input(z.object({ from: z.number(), into: z.number() }))",
        "    .mutation(({ ctx, input }) => ctx.db.tag.merge(input.from, input.into)),",
        "  createFeed: feedsProcedure.input(z.object({ url: z.string() })).mutation(({ ctx, input }) => ctx.db.feed.create({ data: input })),",
        "});",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
  it("reports a webhook receiver that checks no signature at medium, leaves survey answers, and keeps other public mutations high", async () => {
    const findings = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": TRPC,
      "src/server/api/routers/post.ts": ROUTER.replace(/\s+delete: publicProcedure[\s\S]*?\),\n/, "\n"),
      "src/server/api/routers/feed.ts": [
        'import { z } from "zod";',
        'import { createTRPCRouter, publicProcedure } from "../trpc";',
        "export const feedIntegrationRouter = createTRPCRouter({",
        "  github: publicProcedure",
        "    .meta({ openapi: { method: 'POST', path: '/feed/{channelId}/github', summary: 'integrate with github webhook' } })",
        "    .input(z.object({ channelId: z.string() }).passthrough())",
        "    .mutation(({ ctx, input }) => ctx.db.feedEvent.create({ data: { channelId: input.channelId } })),",
        "  signed: publicProcedure",
        "    .meta({ openapi: { method: 'POST', path: '/feed/{channelId}/stripe', summary: 'stripe webhook' } })",
        "    .mutation(({ ctx, input }) => { verifyStripeSignature(ctx.req); return ctx.db.feedEvent.create({ data: input }); }),",
        "});",
      ].join("\n"),
      "src/server/api/routers/survey.ts": [
        'import { z } from "zod";',
        'import { createTRPCRouter, publicProcedure } from "../trpc";',
        "export const surveyRouter = createTRPCRouter({",
        "  submit: publicProcedure",
        "    .input(z.object({ surveyId: z.string(), payload: z.record(z.string(), z.any()) }))",
        "    .mutation(({ ctx, input }) => ctx.db.surveyResult.create({ data: input })),",
        "  // Near miss: deleting a survey is not answering it.",
        "  remove: publicProcedure",
        "    .input(z.object({ surveyId: z.string() }))",
        "    .mutation(({ ctx, input }) => ctx.db.survey.delete({ where: { id: input.surveyId } })),",
        "});",
      ].join("\n"),
    });
    expect(
      findings.map((f) => [
        f.location?.path,
        f.location?.startLine,
        f.severity,
        f.message.split(" ").slice(0, 4).join(" "),
      ]),
    ).toEqual([
      ["src/server/api/routers/feed.ts", 4, "medium", "mutation `github` receives webhooks"],
      ["src/server/api/routers/survey.ts", 8, "high", "mutation `remove` is built"],
    ]);
  });

  it("leaves the mutations of a subscriber router public by design; a billing subscription router still fires", async () => {
    const router = (name: string) =>
      [
        'import { z } from "zod";',
        'import { createTRPCRouter, publicProcedure } from "../trpc";',
        `export const ${name} = createTRPCRouter({`,
        "  upsert: publicProcedure",
        "    .input(z.object({ email: z.string(), pageId: z.number() }))",
        "    .mutation(({ ctx, input }) => ctx.db.subscriber.upsert({ data: input })),",
        "});",
      ].join("\n");
    const findings = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": TRPC,
      "src/server/api/routers/post.ts": ROUTER,
      "src/server/api/routers/page-subscriber.ts": router("pageSubscriberRouter"),
      "src/server/api/routers/subscription.ts": router("subscriptionRouter"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["src/server/api/routers/post.ts", 8],
      ["src/server/api/routers/subscription.ts", 4],
    ]);
  });

  it("stays silent on a first-run wizard's base that refuses every call outside its step; the same factory without the refusal fires", async () => {
    const wizard = (refusal: string) =>
      [
        TRPC,
        "export const onboardingProcedure = {",
        "  requiresStep: (step: string) => {",
        "    return publicProcedure.use(async ({ ctx, input, next }) => {",
        "      const currentStep = await currentStepOf(ctx.db);",
        refusal,
        "      return next({ input, ctx });",
        "    });",
        "  },",
        "};",
      ].join("\n");
    const router = [
      'import { z } from "zod";',
      'import { createTRPCRouter, onboardingProcedure, protectedProcedure } from "../trpc";',
      "export const settingsRouter = createTRPCRouter({",
      "  update: protectedProcedure.mutation(({ ctx }) => ctx.db.settings.update({ by: ctx.session.user.id })),",
      "  initSettings: onboardingProcedure",
      '    .requiresStep("settings")',
      "    .input(z.object({ name: z.string() }))",
      "    .mutation(({ ctx, input }) => ctx.db.settings.create({ data: input })),",
      "});",
    ].join("\n");
    const refusing =
      '      if (currentStep !== step) throw new TRPCError({ code: "FORBIDDEN", message: "Step denied" });';
    expect(
      await findingsOf("trpc/public-mutation", {
        "src/server/api/trpc.ts": wizard(refusing),
        "src/server/api/routers/settings.ts": router,
      }),
    ).toEqual([]);
    const logging = "      if (currentStep !== step) console.log(currentStep);";
    const findings = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": wizard(logging),
      "src/server/api/routers/settings.ts": router,
    });
    expect(findings.map((f) => [f.location?.startLine, f.message.slice(0, 64)])).toEqual([
      [5, "mutation `initSettings` is built on onboardingProcedure.requires"],
    ]);
  });

  it("leaves the public steps of a first-run wizard router whose other procedures are step-restricted; a router with a guarded sibling still fires", async () => {
    const trpc = [
      TRPC,
      "export const onboardingProcedure = {",
      "  requiresStep: (step: string) =>",
      "    publicProcedure.use(async ({ ctx, input, next }) => {",
      "      const currentStep = await currentStepOf(ctx.db);",
      '      if (currentStep !== step) throw new TRPCError({ code: "FORBIDDEN", message: "Step denied" });',
      "      return next({ input, ctx });",
      "    }),",
      "};",
    ].join("\n");
    const onboard = (extra: string) =>
      [
        'import { z } from "zod";',
        'import { createTRPCRouter, onboardingProcedure, protectedProcedure, publicProcedure } from "../trpc";',
        "export const onboardRouter = createTRPCRouter({",
        "  nextStep: publicProcedure.mutation(async ({ ctx }) => { await nextOnboardingStep(ctx.db); }),",
        "  createIntegration: onboardingProcedure",
        '    .requiresStep("integrations")',
        "    .input(z.object({ name: z.string() }))",
        "    .mutation(({ ctx, input }) => ctx.db.integration.create({ data: input })),",
        extra,
        "});",
      ].join("\n");
    const posts = [
      'import { createTRPCRouter, protectedProcedure } from "../trpc";',
      "export const postRouter = createTRPCRouter({",
      "  create: protectedProcedure.mutation(({ ctx }) => ctx.db.post.create({ by: ctx.session.user.id })),",
      "});",
    ].join("\n");
    expect(
      await findingsOf("trpc/public-mutation", {
        "src/server/api/trpc.ts": trpc,
        "src/server/api/routers/onboard.ts": onboard(""),
        "src/server/api/routers/post.ts": posts,
      }),
    ).toEqual([]);
    const findings = await findingsOf("trpc/public-mutation", {
      "src/server/api/trpc.ts": trpc,
      "src/server/api/routers/onboard.ts": onboard(
        "  finish: protectedProcedure.mutation(({ ctx }) => ctx.db.onboarding.delete({ by: ctx.session.user.id })),",
      ),
      "src/server/api/routers/post.ts": posts,
    });
    expect(findings.map((f) => [f.location?.startLine, f.message.slice(0, 30)])).toEqual([
      [4, "mutation `nextStep` is built o"],
    ]);
  });
});
