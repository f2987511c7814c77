import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/cors-allow-all-origins";

describe(ID, () => {
  it("fires on wildcard origins in code, headers and config", async () => {
    const findings = await findingsOf(ID, {
      "src/app.js": 'const cors = require("cors");\napp.use(cors({ origin: "*", credentials: true }));\n',
      "handlers/cors.go":
        'package h\nfunc f(w http.ResponseWriter) {\n\tw.Header().Set("Access-Control-Allow-Origin", "*")\n}\n',
      "config/production.yaml": 'server:\n  cors_allowed_origins: "*"\n',
      ".env": "CORS_ORIGINS=*\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".env", 1, "low"],
      ["config/production.yaml", 2, "low"],
      ["handlers/cors.go", 3, "low"],
      ["src/app.js", 2, "low"],
    ]);
  });

  it("is info in examples and docs", async () => {
    const findings = await findingsOf(ID, {
      "examples/server/app.js":
        'const cors = require("cors");\napp.use(cors({ origin: "*", credentials: true }));\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["examples/server/app.js", "info"]]);
  });

  it("says credentials only when the same CORS setup enables them", async () => {
    const findings = await findingsOf(ID, {
      // A config type with a credentials option, and a default that does not set it.
      "cors.go": [
        "package apis",
        "type CORSConfig struct {",
        "\tAllowOrigins []string",
        "\t// AllowCredentials: true lets the browser send cookies.",
        "\tAllowCredentials bool",
        "\tMaxAge int",
        "}",
        "",
        "func helper() {}",
        "",
        "func other() {}",
        "",
        "var DefaultCORSConfig = CORSConfig{",
        '\tAllowOrigins: []string{"*"},',
        "}",
        "",
      ].join("\n"),
      // rs/cors echoes the caller's origin when credentials are on: any site acts as the user.
      "api/cors.go":
        'package api\nvar c = cors.New(cors.Options{\n\tAllowedOrigins:   []string{"*"},\n\tAllowCredentials: true,\n})\n',
      // The cors package sends a literal `*`, which browsers refuse for credentialed requests.
      "src/server.js":
        'app.use(\n  cors({\n    origin: "*",\n    methods: ["GET"],\n    credentials: true,\n  }),\n);\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["api/cors.go", "high"],
      ["cors.go", "low"],
      ["src/server.js", "low"],
    ]);
    expect(findings[0]?.message).toContain("credentials enabled");
    expect(findings[2]?.message).toContain("browsers refuse credentialed responses");
  });

  it("is low for a hand-set wildcard header beside a credentials header, which browsers refuse", async () => {
    const findings = await findingsOf(ID, {
      "cli/receiver.go": [
        "package setup",
        "func router(e *gin.Engine) {",
        "\te.Use(func(c *gin.Context) {",
        '\t\tc.Writer.Header().Set("Access-Control-Allow-Origin", "*")',
        '\t\tc.Writer.Header().Set("Access-Control-Allow-Credentials", "true")',
        "\t})",
        "}",
        "",
      ].join("\n"),
      // gin-contrib/cors AllowAllOrigins sends `*` too.
      "web/socket.go":
        "package web\nvar h = cors.New(cors.Config{\n\tAllowAllOrigins:  true,\n\tAllowCredentials: true,\n})\n",
      // Near miss: a framework option with credentials, which echoes the caller's origin.
      "api/cors.go":
        'package api\nvar c = cors.New(cors.Options{\n\tAllowedOrigins:   []string{"*"},\n\tAllowCredentials: true,\n})\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["api/cors.go", "high"],
      ["cli/receiver.go", "low"],
      ["web/socket.go", "low"],
    ]);
    expect(findings[1]?.message).toContain("browsers refuse credentialed responses");
  });

  it("stays silent on explicit origins, comments, non-CORS stars and tests", async () => {
    const findings = await findingsOf(ID, {
      "src/app.js":
        'app.use(cors({ origin: ["https://app.example.com"] }));\n// origin: "*" is not allowed\n',
      "src/match.js": 'const rule = { origin: "*", path: "/assets" };\n',
      "src/mul.py": "x = a * b\n",
      "config/production.yaml": "cors_allowed_origins:\n  - https://app.example.com\nglob: '*'\n",
      "test/app.test.js": 'app.use(cors({ origin: "*" }));\n',
    });
    expect(findings).toEqual([]);
  });
});
