import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";
import { headerSitesOf, normalizeHeaderValue } from "../../facts/security-headers/index.js";

const nextConfig = (csp: string): string =>
  [
    "module.exports = {",
    "  async headers() {",
    "    return [{ source: '/(.*)', headers: [",
    `      { key: 'Content-Security-Policy', value: "${csp}" },`,
    "    ] }];",
    "  },",
    "};",
    "",
  ].join("\n");

const nginx = (...headers: string[]): string =>
  [
    "server {",
    "  listen 80;",
    ...headers.map((h) => `  add_header ${h} always;`),
    "  location / { proxy_pass http://web:3000; }",
    "}",
    "",
  ].join("\n");

describe("security/security-header-conflict", () => {
  it("reads header places in every layer", () => {
    const lines = (text: string) => text.split("\n");
    expect(headerSitesOf("deploy/nginx.conf", "", lines(nginx("X-Frame-Options DENY")))).toMatchObject([
      { header: "X-Frame-Options", layer: "proxy", value: "DENY", line: 3 },
    ]);
    const go = 'w.Header().Set("Content-Security-Policy", "default-src \'self\'")';
    expect(headerSitesOf("server.go", go, [go])).toMatchObject([
      { layer: "app", value: "default-src 'self'" },
    ]);
    const helmet = "app.use(helmet({ contentSecurityPolicy: false }));";
    expect(headerSitesOf("src/main.ts", helmet, [helmet])).toMatchObject([
      { header: "X-Frame-Options", value: "SAMEORIGIN" },
    ]);
    expect(normalizeHeaderValue("Content-Security-Policy", "script-src 'self';  default-src 'self';")).toBe(
      "default-src 'self'; script-src 'self'",
    );
  });

  it("fires low when the proxy and next.config send different CSPs, medium when one switches HSTS off", async () => {
    const findings = await findingsOf("security/security-header-conflict", {
      "package.json": JSON.stringify({ name: "web" }),
      "next.config.js": nextConfig("default-src 'self'; img-src *"),
      "server.js": [
        "const app = require('express')();",
        "app.use((req, res, next) => { res.setHeader('Strict-Transport-Security', 'max-age=0'); next(); });",
        "",
      ].join("\n"),
      "deploy/nginx.conf": nginx(
        `Content-Security-Policy "default-src 'self'"`,
        `Strict-Transport-Security "max-age=31536000; includeSubDomains"`,
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["deploy/nginx.conf", 3, "low"],
      ["server.js", 2, "medium"],
    ]);
    expect(findings[0]?.message).toContain(
      "Content-Security-Policy is set in 2 places with different values: deploy/nginx.conf:3 (nginx add_header) `default-src 'self'`; next.config.js:4 (next.config headers()) `default-src 'self'; img-src *`",
    );
  });

  it("stays silent on equal policies, per-route values in one layer, computed values and separate applications", async () => {
    const findings = await findingsOf("security/security-header-conflict", {
      "package.json": JSON.stringify({ name: "web" }),
      "next.config.js": nextConfig("default-src 'self';  img-src *"),
      "deploy/nginx.conf": nginx(`Content-Security-Policy "img-src *; default-src 'self'"`),
      "api/go.mod": "module example.com/api\n",
      "api/image.go": 'w.Header().Set("Content-Security-Policy", "default-src \'none\'")\n',
      "api/page.go": 'w.Header().Set("Content-Security-Policy", policy.String())\n',
      "admin/package.json": JSON.stringify({ name: "admin" }),
      "admin/next.config.js": nextConfig("default-src 'none'"),
    });
    expect(findings).toEqual([]);
    const result = await analyseFiles({
      "next.config.js": nextConfig("default-src 'self'"),
      "api/page.go": 'w.Header().Set("Content-Security-Policy", policy.String())\n',
    });
    expect(result.facts.securityHeaders.headers[0]?.places.map((p) => [p.path, p.value])).toEqual([
      ["api/page.go", null],
      ["next.config.js", "default-src 'self'"],
    ]);
  });
});
