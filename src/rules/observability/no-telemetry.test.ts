import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("observability/no-telemetry", () => {
  it("fires for an Express service with no logging, metrics, tracing or health route", async () => {
    const findings = await findingsOf("observability/no-telemetry", {
      "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4.19.0" } }),
      "src/server.js":
        "import express from 'express';\nconst app = express();\napp.get('/orders', (req, res) => res.json([]));\napp.listen(3000);\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence.snippet).toContain("express");
  });

  it("stays silent with a health route, with pino, and for a library without a server", async () => {
    const pkg = JSON.stringify({ name: "api", dependencies: { express: "^4.19.0" } });
    expect(
      await findingsOf("observability/no-telemetry", {
        "package.json": pkg,
        "src/server.js": "app.get('/healthz', (req, res) => res.send('ok'));\napp.listen(3000);\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("observability/no-telemetry", {
        "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4.19.0", pino: "^9.0.0" } }),
        "src/server.js": "app.listen(3000);\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("observability/no-telemetry", {
        "package.json": JSON.stringify({ name: "lib" }),
        "src/index.js": "export const add = (a, b) => a + b;\n",
      }),
    ).toEqual([]);
  });

  it("is low, and sees health routes served from files and go-pkgz's Ping", async () => {
    const next = {
      "package.json": JSON.stringify({ name: "web", dependencies: { next: "^15.0.0" } }),
      "src/app/page.tsx": "export default function Page() { return null; }\n",
    };
    const bare = await findingsOf("observability/no-telemetry", next);
    expect(bare.map((f) => f.severity)).toEqual(["low"]);
    expect(
      await findingsOf("observability/no-telemetry", {
        ...next,
        "src/app/api/heartbeat/route.ts":
          "export async function GET() { return Response.json({ ok: true }); }\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("observability/no-telemetry", {
        "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.0\n",
        "main.go": 'package main\nfunc main() {\n\tr.Use(rest.Ping)\n\thttp.ListenAndServe(":8080", r)\n}\n',
      }),
    ).toEqual([]);
  });
});
