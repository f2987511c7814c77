import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/body-limit-raised";

describe(ID, () => {
  it("fires on Express, body-parser and Fastify limits raised to an unbounded size", async () => {
    const findings = await findingsOf(ID, {
      "src/server.ts": [
        'import express from "express";',
        'import bodyParser from "body-parser";',
        "const app = express();",
        'app.use(express.json({ limit: "1gb" }));',
        "app.use(bodyParser.urlencoded({ extended: true, limit: Infinity }));",
        'app.use(express.raw({ type: "application/octet-stream", limit: 1024 * 1024 * 500 }));',
      ].join("\n"),
      "src/api.js":
        'const Fastify = require("fastify");\nconst app = Fastify({ logger: true, bodyLimit: 1073741824 });\n',
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "src/api.js:2",
      "src/server.ts:4",
      "src/server.ts:5",
      "src/server.ts:6",
    ]);
    expect(findings[1]?.message).toContain("1 GB");
  });

  it("fires on a Plug.Parsers length of a gigabyte", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/endpoint.ex": [
        "defmodule AppWeb.Endpoint do",
        "  use Phoenix.Endpoint, otp_app: :app",
        "  plug Plug.Parsers,",
        "    parsers: [:urlencoded, :multipart, :json],",
        '    pass: ["*/*"],',
        "    json_decoder: Phoenix.json_library(),",
        "    length: 1_000_000_000",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([7]);
  });

  it("stays silent on default, modest and computed limits, multipart-only lengths and tests", async () => {
    expect(
      await findingsOf(ID, {
        "src/server.ts": [
          'import express from "express";',
          "const app = express();",
          "app.use(express.json());",
          'app.use(express.json({ limit: "10mb" }));',
          "app.use(express.urlencoded({ limit: config.maxBody }));",
        ].join("\n"),
        "src/fastify.ts":
          'import Fastify from "fastify";\nexport const app = Fastify({ bodyLimit: 5 * 1024 * 1024 });\n',
        "src/other.ts":
          'const limit = { limit: "1gb" };\nexport const cache = new Map([["limit", "1gb"]]);\n',
        "lib/app_web/endpoint.ex": [
          "defmodule AppWeb.Endpoint do",
          "  plug Plug.Parsers,",
          "    parsers: [:urlencoded, {:multipart, length: 1_000_000_000}, :json],",
          "    json_decoder: Phoenix.json_library()",
          "end",
        ].join("\n"),
        "test/server.test.ts":
          'import express from "express";\nexpress().use(express.json({ limit: "1gb" }));\n',
      }),
    ).toEqual([]);
  });
});
