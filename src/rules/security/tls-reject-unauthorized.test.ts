import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/tls-reject-unauthorized", () => {
  it("fires on rejectUnauthorized: false and NODE_TLS_REJECT_UNAUTHORIZED = '0'", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/http.ts":
        "import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nprocess.env['NODE_TLS_REJECT_UNAUTHORIZED'] = \"0\";\n",
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([2, 3, 4]);
  });

  it("stays silent on true, computed values and tests", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/db.ts":
        "export const ssl = { rejectUnauthorized: true };\nexport const dev = { rejectUnauthorized: !isProd };\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';\n",
      "test/db.test.ts": "const ssl = { rejectUnauthorized: false };\n",
    });
    expect(findings).toEqual([]);
  });

  it("lowers scripts to medium", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "scripts/seed.ts": "const ssl = { rejectUnauthorized: false };\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["scripts/seed.ts", "medium"]]);
  });
});

describe("node/tls-reject-unauthorized: verification turned off by a named setting", () => {
  it("lowers a branch chosen by an sslmode or sslaccept value to low, not one chosen by credentials", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/db.ts": [
        "export const fromSslAccept = (value: string | null) => {",
        "  switch (value) {",
        '    case "accept_invalid_certs":',
        "      return { rejectUnauthorized: false };",
        "    default:",
        "      return { rejectUnauthorized: true };",
        "  }",
        "};",
        "export function fromSslMode(sslMode: string) {",
        "  if (sslMode === 'require' || sslMode === 'prefer') {",
        "    return { rejectUnauthorized: false };",
        "  }",
        "  return true;",
        "}",
      ].join("\n"),
      "src/kafka.ts": [
        "export const ssl = username && password ? { ssl: { rejectUnauthorized: false }, sasl: { username, password } } : {};",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/db.ts", 4, "low"],
      ["src/db.ts", 11, "low"],
      ["src/kafka.ts", 1, "high"],
    ]);
  });
});
