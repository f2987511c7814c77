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
});
