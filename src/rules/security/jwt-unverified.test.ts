import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/jwt-unverified";

describe(ID, () => {
  it("fires on the none algorithm and unverified decodes", async () => {
    const findings = await findingsOf(ID, {
      "app/auth.py":
        'import jwt\n\ndef claims(token):\n    return jwt.decode(token, options={"verify_signature": False})\n',
      "internal/auth/jwt.go":
        "package auth\nfunc peek(s string) { tok, _, _ := parser.ParseUnverified(s, claims) ; _ = tok }\n",
      "src/middleware/auth.ts":
        'import jwt from "jsonwebtoken";\nexport function user(token: string) {\n  return jwt.decode(token);\n}\n',
      "src/config/jwt.js": 'module.exports = { algorithms: ["none"] };\n',
      "lib/app_web/auth.ex":
        "defmodule AppWeb.Auth do\n  def user(token), do: Joken.peek_claims(token)\nend\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/auth.py", 4, "medium"],
      ["internal/auth/jwt.go", 2, "medium"],
      ["lib/app_web/auth.ex", 2, "medium"],
      ["src/config/jwt.js", 1, "high"],
      ["src/middleware/auth.ts", 3, "medium"],
    ]);
  });

  it("is low for a peek in a file that also verifies", async () => {
    const findings = await findingsOf(ID, {
      "lib/app/jwt.ex":
        "defmodule App.Jwt do\n  def jti(t), do: Joken.peek_claims(t)\n  def verify(t), do: Token.verify_and_validate(t, signer())\nend\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[2, "low"]]);
  });

  it("stays silent on verified tokens, explicit algorithms and tests", async () => {
    const findings = await findingsOf(ID, {
      "app/auth.py": 'claims = jwt.decode(token, key, algorithms=["RS256"])\n',
      "src/middleware/auth.ts":
        'import jwt from "jsonwebtoken";\nconst header = jwt.decode(token, { complete: true });\nconst claims = jwt.verify(token, key, { algorithms: ["RS256"] });\n',
      "src/ui/select.ts": 'const align = { alignment: "none" };\n',
      "tests/test_auth.py": 'jwt.decode(t, options={"verify_signature": False})\n',
    });
    expect(findings).toEqual([]);
  });

  it("is low where the code shows why it reads claims unverified", async () => {
    const findings = await findingsOf(ID, {
      // The key id, to fetch the verification key.
      "tools/jwk.go":
        'package jwk\nfunc Validate(token string) error {\n\tt, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})\n\tif err != nil {\n\t\treturn err\n\t}\n\tkid, _ := t.Header["kid"].(string)\n\treturn check(kid)\n}\n',
      // An OIDC id_token from the provider's token endpoint.
      "tools/oidc.go":
        'package auth\nfunc user(token *oauth2.Token) {\n\tidToken := token.Extra("id_token").(string)\n\tclaims := jwt.MapClaims{}\n\t_, _, _ = jwt.NewParser().ParseUnverified(idToken, claims)\n}\n',
      // Claims copied into log metadata.
      "lib/app/logging.ex":
        'defmodule App.Logging do\n  def meta(token) do\n    case Joken.peek_claims(token) do\n      {:ok, claims} -> Logger.metadata(sub: claims["sub"])\n      _ -> :ok\n    end\n  end\nend\n',
    });
    expect(findings.map((f) => f.severity)).toEqual(["low", "low", "low"]);
  });

  it("is low when the decode is a fallback after the identity a verifying guard set", async () => {
    const decorator = (guard: string) =>
      [
        "import jwt from 'jsonwebtoken';",
        "export const User = createParamDecorator((data, ctx) => {",
        "  const req = ctx.switchToHttp().getRequest();",
        guard,
        "  const parts = req.headers.authorization.split(' ');",
        "  return jwt.decode(parts[1]);",
        "});",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "src/guarded.decorator.ts": decorator("  if (req.user) return req.user;"),
      "src/plain.decorator.ts": decorator("  if (!req.headers) return null;"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`).sort()).toEqual([
      "src/guarded.decorator.ts:low",
      "src/plain.decorator.ts:medium",
    ]);
    expect(findings.find((f) => f.severity === "low")?.message).toContain("fallback");
  });

  it("is low in browser code and beside a verifying passport-jwt strategy, medium in server code", async () => {
    const store = (imports: string) =>
      `${imports}\nimport jwt from 'jsonwebtoken'\n\nexport function refresh(st) {\n  const data = jwt.decode(readCookie('jwt'))\n  st.name = data.name\n}\n`;
    const findings = await findingsOf(ID, {
      "client/store/user.js": store("import Cookies from 'js-cookie'"),
      "client/store/session.js": store("import fs from 'fs'"),
      "server/core/auth.js": [
        "const passportJWT = require('passport-jwt')",
        "const jwt = require('jsonwebtoken')",
        "passport.use('jwt', new passportJWT.Strategy({ secretOrKey: key }, (p, cb) => cb(null, p)))",
        "function renew(req) {",
        "  return jwt.decode(extract(req))",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`).sort()).toEqual([
      "client/store/session.js:medium",
      "client/store/user.js:low",
      "server/core/auth.js:low",
    ]);
    expect(findings.find((f) => f.location?.path === "client/store/user.js")?.message).toContain(
      "browser code",
    );
  });
  it("is low on a provider's token the application obtained, an audit attribution and a decode helper; medium on a token from the request", async () => {
    const findings = await findingsOf(ID, {
      "server/lib/hooks/sellsy/post-connection.ts": [
        'import jwt from "jsonwebtoken";',
        "export default async function execute(nango: Nango) {",
        "  const connection = await nango.getConnection();",
        "  const credentials = connection.credentials as OAuth2Credentials;",
        "  const token = credentials.type === 'OAUTH2' ? credentials.access_token : credentials.token;",
        "  const decoded = jwt.decode(token);",
        "  return decoded?.corpId;",
        "}",
      ].join("\n"),
      "server/lib/middleware/auditAuth.middleware.ts": [
        'import jwt from "jsonwebtoken";',
        "export const auditAuthPasswordReset = auditAuth('password_reset', async (req) => {",
        "  const token = req.body.token;",
        "  const decoded = jwt.decode(token);",
        "  return principalFromUser(decoded.user);",
        "});",
      ].join("\n"),
      "shared/lib/auth/jwt.ts": [
        'import jwt from "jsonwebtoken";',
        "export function decode(token: string): Record<string, any> | null {",
        "  try {",
        "    return jwt.decode(token) as Record<string, any>;",
        "  } catch {",
        "    return null;",
        "  }",
        "}",
      ].join("\n"),
      "server/lib/middleware/session.ts": [
        'import jwt from "jsonwebtoken";',
        "export function currentUser(req: Request) {",
        "  const token = req.headers.authorization?.split(' ')[1];",
        "  const claims = jwt.decode(token);",
        "  return claims?.sub;",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["server/lib/hooks/sellsy/post-connection.ts", 6, "low"],
      ["server/lib/middleware/auditAuth.middleware.ts", 4, "low"],
      ["server/lib/middleware/session.ts", 4, "medium"],
      ["shared/lib/auth/jwt.ts", 4, "low"],
    ]);
    expect(findings[0]?.message).toContain("obtained from a provider");
    expect(findings[3]?.message).toContain("inside `decode`");
  });
});
