import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/route-missing-auth";

describe(ID, () => {
  it("fires on the one route that skips the auth middleware of its siblings", async () => {
    const findings = await findingsOf(ID, {
      "src/routes/orders.js": [
        'const { requireAuth } = require("../middleware/auth");',
        "const router = require('express').Router();",
        "router.get('/', requireAuth, list);",
        "router.get('/:id', requireAuth, show);",
        "router.post('/', requireAuth, validate(schema), create);",
        "router.delete('/:id', remove);",
        "router.get('/health', health);",
        "module.exports = router;",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["src/routes/orders.js", 6],
    ]);
    expect(findings[0]?.message).toContain("DELETE /:id");
  });

  it("is low on a route that passes its own rate limiter and no auth, medium on one with neither", async () => {
    const findings = await findingsOf(ID, {
      "server/api/UserRoute.js": [
        "module.exports = (app) => {",
        "  app.get('/user', verifyToken, (req, res) => res.send(req.user));",
        "  app.put('/user/:id', verifyUser, (req, res) => update(req));",
        "  app.delete('/user/:id', verifyToken, (req, res) => remove(req));",
        "  app.put('/user/password/change', apiLimiter(10), (req, res) => changePassword(req.body));",
        "  app.put('/user/:id/email', (req, res) => changeEmail(req.body));",
        "};",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [6, "medium"],
    ]);
    expect(findings[0]?.message).toContain("its own rate limiter (`apiLimiter(10)`)");
  });

  it("stays silent on HTTP client calls that send a token, where the same calls on a router fire", async () => {
    const calls = (receiver: string, base: string) =>
      [
        `export const list = () => ${receiver}.get(${base}"/roles", { headers: authHeaders }, done);`,
        `export const save = (d) => ${receiver}.put(${base}"/roles", d, { headers: authHeaders }, done);`,
        `export const add = (d) => ${receiver}.post(${base}"/roles", d, { headers: authHeaders }, done);`,
        `export const drop = (d) => ${receiver}.delete(${base}"/roles", { data: d }, done);`,
      ].join("\n");
    expect(
      await findingsOf(ID, {
        "src/lib/useRoles.ts": calls("axios", ""),
        "src/lib/useRolesAt.ts": calls("api", "baseApiUrl + ")
          .replace(/"\/roles"/g, "`${base}/roles`")
          .replace(/baseApiUrl \+ /g, ""),
      }),
    ).toEqual([]);
    const server = await findingsOf(ID, { "src/routes/roles.ts": calls("router", "") });
    expect(server.map((f) => f.location?.startLine)).toEqual([4]);
  });

  it("stays silent with router-wide auth, with mostly public routes, and on public paths", async () => {
    const findings = await findingsOf(ID, {
      "src/routes/a.ts":
        "router.use(passport.authenticate('jwt'));\nrouter.get('/a', a);\nrouter.post('/b', requireRole('admin'), b);\nrouter.post('/c', requireRole('admin'), c);\n",
      "src/routes/b.ts":
        "router.get('/a', a);\nrouter.get('/b', b);\nrouter.get('/c', c);\nrouter.post('/d', requireAuth, d);\n",
      "src/routes/c.ts":
        "router.get('/me', requireAuth, me);\nrouter.put('/me', requireAuth, update);\nrouter.post('/login', login);\nrouter.get('/healthz', ok);\n",
      "src/client.ts": "const res = await http.get('/orders', config);\nawait http.post('/orders', body);\n",
    });
    expect(findings).toEqual([]);
  });

  const userRoutes = [
    'import { Router } from "express";',
    'import { isAuthenticated } from "../../middleware/auth";',
    "const userRoutes = Router();",
    "userRoutes.get('/', isAuthenticated('MANAGE_USERS'), list);",
    "userRoutes.post('/', isAuthenticated('MANAGE_USERS'), create);",
    "userRoutes.put('/:id/settings', isAuthenticated(), update);",
    "userRoutes.get('/:id', show);",
    "userRoutes.delete('/:id', remove);",
    "export default userRoutes;",
  ].join("\n");
  const index = (mount: string) =>
    [
      'import { Router } from "express";',
      'import { isAuthenticated } from "../middleware/auth";',
      'import user from "./user";',
      'import settingsRoutes from "@server/routes/settings";',
      "const router = Router();",
      mount,
      "router.use('/settings', isAuthenticated('ADMIN'), settingsRoutes);",
      "router.get('/status', status);",
      "export default router;",
    ].join("\n");
  // The `@server/*` alias the index's import is written with, declared as the server's tsconfig declares it.
  const serverTsconfig = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@server/*": ["*"] } } });
  const settingsRoutes = [
    "const { Router } = require('express');",
    "const settings = Router();",
    "settings.get('/main', requireRole('admin'), main);",
    "settings.post('/main', requireRole('admin'), save);",
    "settings.post('/jobs/:id/run', run);",
    "module.exports = settings;",
  ].join("\n");

  it("stays silent on routers mounted behind an auth middleware in another file (relative and alias imports)", async () => {
    const findings = await findingsOf(ID, {
      "server/routes/index.ts": index("router.use('/user', isAuthenticated(), user);"),
      "server/routes/user/index.ts": userRoutes,
      "server/routes/settings.js": settingsRoutes,
      "server/tsconfig.json": serverTsconfig,
    });
    expect(findings).toEqual([]);
  });

  it("still fires when a mount leading to the router has no auth middleware", async () => {
    const findings = await findingsOf(ID, {
      "server/routes/index.ts": index("router.use('/user', user);"),
      "server/routes/user/index.ts": userRoutes,
      "server/routes/settings.js": settingsRoutes,
      "server/tsconfig.json": serverTsconfig,
      "server/app.ts":
        'import routes from "./routes";\nimport express from "express";\nconst app = express();\napp.use("/api", routes);\n',
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine]).sort()).toEqual([
      ["server/routes/user/index.ts", 7],
      ["server/routes/user/index.ts", 8],
    ]);
  });

  it("follows Koa-router mounts (`router.use(prefix, auth, sub.routes())`) through a guarded parent", async () => {
    const sub = [
      "const Router = require('koa-router');",
      "const sub = new Router();",
      "sub.get('/a', requireAuth, a);",
      "sub.post('/b', requireAuth, b);",
      "sub.delete('/c', c);",
      "module.exports = sub;",
    ].join("\n");
    const parent = (auth: string) =>
      [
        "const Router = require('koa-router');",
        "const sub = require('./sub');",
        "const api = new Router();",
        auth,
        "api.use('/sub', sub.routes(), sub.allowedMethods());",
        "module.exports = api;",
      ].join("\n");
    expect(await findingsOf(ID, { "src/sub.js": sub, "src/api.js": parent("api.use(jwtAuth());") })).toEqual(
      [],
    );
    const open = await findingsOf(ID, { "src/sub.js": sub, "src/api.js": parent("api.use(logger());") });
    expect(open.map((f) => f.location?.startLine)).toEqual([5]);
  });

  it("judges a middleware by its own name: optional auth is a decision, a feature flag in an auth module no guard", async () => {
    const pages = (settings: string) =>
      [
        "const router = require('express').Router();",
        "router.get('/', asyncHandler(auth.jwtLoosePage), helpers.adminSetup, asyncHandler(renders.homepage));",
        "router.get('/stats', asyncHandler(auth.jwtPage), asyncHandler(renders.stats));",
        `router.get('/settings', asyncHandler(${settings}), asyncHandler(renders.settings));`,
        "router.get('/support-email', locals.viewTemplate('partials/auth/form'), asyncHandler(renders.supportEmail));",
        "router.post('/links', auth.featureAccess([env.LINKS]), validators.createAdmin, asyncHandler(links.create));",
        "router.post('/links/:id/ban', asyncHandler(auth.jwt), auth.admin, asyncHandler(links.ban));",
        "router.get('/links/:id/stats', asyncHandler(auth.jwt), asyncHandler(links.stats));",
        "module.exports = router;",
      ].join("\n");
    // 4 of 7 guarded (jwtPage ×2, jwt ×2): the unguarded /support-email and /links (a feature flag) are reported.
    const findings = await findingsOf(ID, { "server/routes/renders.routes.js": pages("auth.jwtPage") });
    expect(findings.map((f) => f.location?.startLine)).toEqual([5, 6]);
    // jwtLoose lets anonymous callers through: 3 of 7 guarded is no majority, and the optional routes are never reported.
    expect(await findingsOf(ID, { "server/routes/renders.routes.js": pages("auth.jwtLoose") })).toEqual([]);
  });
  it("skips forms anonymous visitors submit by design (abuse report, a protected link's password) but not a write beside them", async () => {
    const findings = await findingsOf(ID, {
      "server/routes/link.routes.js": [
        "const router = require('express').Router();",
        "router.get('/', asyncHandler(auth.jwt), asyncHandler(link.get));",
        "router.patch('/:id', asyncHandler(auth.jwt), asyncHandler(link.edit));",
        "router.delete('/:id', asyncHandler(auth.jwt), asyncHandler(link.remove));",
        "router.get('/:id/stats', asyncHandler(auth.jwt), asyncHandler(link.stats));",
        "router.post('/:id/protected', locals.protected, validators.redirectProtected, asyncHandler(link.redirectProtected));",
        "router.post('/report', auth.featureAccess([env.MAIL_ENABLED]), validators.reportLink, asyncHandler(link.report));",
        "router.post('/:id/reports', asyncHandler(link.listReports));",
        "module.exports = router;",
      ].join("\n"),
    });
    // /:id/reports is not a form: it is reported; the password form and the abuse report are not.
    expect(findings.map((f) => f.location?.startLine)).toEqual([8]);
  });
  it("skips sign-up, invitation acceptance and shared or embedded views, not a write on a shared resource", async () => {
    const findings = await findingsOf(ID, {
      "server/api/UserRoute.js": [
        "const router = require('express').Router();",
        "router.get('/user/:id', requireAuth, getUser);",
        "router.put('/user/:id', requireAuth, updateUser);",
        "router.delete('/user/:id', requireAuth, removeUser);",
        "router.get('/chart/:id', requireAuth, getChart);",
        "router.put('/chart/:id', requireAuth, updateChart);",
        "router.delete('/chart/:id', requireAuth, removeChart);",
        "router.post('/chart', requireAuth, createChart);",
        "router.get('/user', requireAuth, listUsers);",
        "router.post('/user', createUser);",
        "router.post('/user/invited', acceptInvite);",
        "router.get('/chart/share/:share_string', sharedChart);",
        "router.get('/chart/:share_string/embedded', embeddedChart);",
        "router.post('/chart/:id/share', shareChart);",
        "router.post('/user/:id/avatar', uploadAvatar);",
        "module.exports = router;",
      ].join("\n"),
    });
    // Sharing a chart and uploading an avatar write: reported; the sign-up, the invitation and the views are not.
    expect(findings.map((f) => f.location?.startLine)).toEqual([14, 15]);
  });
  it("follows a mount through the module resolution of the symbol index (tsconfig baseUrl, workspace packages)", async () => {
    const users = [
      'import { Router } from "express";',
      "const router = Router();",
      "router.get('/', requireAuth, list);",
      "router.get('/:id', requireAuth, show);",
      "router.delete('/:id', remove);",
      "export default router;",
    ].join("\n");
    const app = (guard: string) =>
      [
        'import express from "express";',
        'import users from "routes/users";',
        'import teams from "@acme/teams";',
        "const app = express();",
        `app.use("/users", ${guard}users);`,
        `app.use("/teams", ${guard}teams);`,
      ].join("\n");
    const repo = (guard: string) => ({
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: "src" } }),
      "package.json": JSON.stringify({ name: "acme", private: true, workspaces: ["packages/*"] }),
      "src/app.ts": app(guard),
      "src/routes/users.ts": users,
      "packages/teams/package.json": JSON.stringify({ name: "@acme/teams", main: "src/index.ts" }),
      "packages/teams/src/index.ts": users,
    });
    // Both routers are mounted behind requireAuth only: their DELETE routes are guarded by the mount.
    expect(await findingsOf(ID, repo("requireAuth, "))).toEqual([]);
    // Mounted without a guard: each router's unguarded DELETE is reported.
    expect(
      (await findingsOf(ID, repo(""))).map((f) => [f.location?.path, f.location?.startLine]).sort(),
    ).toEqual([
      ["packages/teams/src/index.ts", 5],
      ["src/routes/users.ts", 5],
    ]);
  });
  it("treats a Fastify request hook that refuses unauthenticated requests as a gateway for the routes below it", async () => {
    const tickets = [
      "export function ticketRoutes(fastify) {",
      '  fastify.post("/api/v1/ticket/create", { preHandler: requirePermission(["issue::create"]) }, create);',
      '  fastify.put("/api/v1/ticket/update", { preHandler: requirePermission(["issue::update"]) }, update);',
      '  fastify.get("/api/v1/tickets/open", { preHandler: requirePermission(["issue::read"]) }, open);',
      '  fastify.delete("/api/v1/ticket/delete", remove);',
      "}",
    ].join("\n");
    const main = (hook: string) =>
      [
        'import Fastify from "fastify";',
        'import { ticketRoutes } from "./controllers/ticket";',
        "const server = Fastify();",
        "ticketRoutes(server);",
        `server.addHook("preHandler", async function (request, reply) {`,
        "  try {",
        `    ${hook}`,
        "  } catch (err) {",
        '    reply.status(401).send({ message: "Unauthorized" });',
        "  }",
        "});",
      ].join("\n");
    const verifying = main('const bearer = request.headers.authorization.split(" ")[1]; checkToken(bearer);');
    expect(
      await findingsOf(ID, {
        "apps/api/src/main.ts": verifying,
        "apps/api/src/controllers/ticket.ts": tickets,
      }),
    ).toEqual([]);
    // A hook of another server (a sibling folder) guards nothing here; a hook that only logs is no gateway.
    const logging = main("request.log.info(request.url);").replace(/reply\.status\(401\)[^;]*;/, "");
    const cases: Array<Record<string, string>> = [
      { "apps/admin/src/main.ts": verifying, "apps/api/src/controllers/ticket.ts": tickets },
      { "apps/api/src/main.ts": logging, "apps/api/src/controllers/ticket.ts": tickets },
    ];
    for (const files of cases)
      expect((await findingsOf(ID, files)).map((f) => f.location?.startLine)).toEqual([5]);
  });
});
