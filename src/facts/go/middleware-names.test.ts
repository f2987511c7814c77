import { describe, expect, it } from "vitest";
import { isAuthMiddlewareName, isAuthWrapperName, isWrapperName } from "./middleware-names.js";

describe("go middleware names", () => {
  it("recognises authentication and authorisation middleware by name", () => {
    const auth = [
      "AuthRequired",
      "middleware.BasicAuth",
      "keyauth.New",
      "jwtauth.Verifier",
      "echojwt.WithConfig",
      "s.requireAuthenticatedUser",
      "requireUser",
      "isOwner",
      "AdminOnly",
      "mw.RBAC",
      "acl.Check",
      "casbinMW.Enforce",
      "oauth2.RequireToken",
      "RequireAPIKey",
      "rejectAnonUser",
      "sessions.Sessions",
      "loginRequired",
      "logged",
    ];
    expect(auth.filter((name) => !isAuthMiddlewareName(name))).toEqual([]);
  });

  it("does not take logging, CSRF, CORS, rate limits, optional auth or authors for auth", () => {
    const other = [
      "logInfoWithBody",
      "csrf.Protect",
      "cors.New",
      "tokenBucket",
      "authentication.Optional",
      "authMiddleware.Trace",
      "loadAuthor",
      "middleware.Logger",
      "loggerMiddleware",
      "gzip.Gzip",
    ];
    expect(other.filter(isAuthMiddlewareName)).toEqual([]);
  });

  it("tells a wrapper around a handler from a handler factory", () => {
    expect(
      ["requireAuth", "auth.Middleware", "jwtMiddleware.Handler", "withUser", "s.protect"].every(
        isWrapperName,
      ),
    ).toBe(true);
    expect(
      [
        "users.NewHandler",
        "h.GetUser",
        "auth.Login",
        "promhttp.Handler",
        "http.FileServer",
        "api.Routes",
      ].some(isWrapperName),
    ).toBe(false);
    // A handler of an admin package is no admin check; the auth word must be the wrapper's own.
    expect(isAuthWrapperName("admin.Stats")).toBe(false);
    expect(isAuthWrapperName("auth.Required")).toBe(true);
    expect(isAuthWrapperName("csrf.Protect")).toBe(false);
  });
});
