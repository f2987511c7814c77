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

  it("is medium on a fetch that sends no credential (a ping), high on one that sends a token", async () => {
    const agent = "dispatcher: new Agent({ connect: { rejectUnauthorized: false } })";
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/ping.ts": `import { Agent, fetch } from "undici";\nexport const ping = async (url: string) => {\n  const res = await fetch(url, {\n    ${agent},\n  });\n  return res.status;\n};\n`,
      "src/api.ts": `import { Agent, fetch } from "undici";\nexport const call = async (url: string, token: string) =>\n  fetch(url, {\n    headers: { Authorization: \`Bearer \${token}\` },\n    ${agent},\n  });\n`,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "src/api.ts high",
      "src/ping.ts medium",
    ]);
    expect(findings.find((f) => f.severity === "medium")?.message).toContain("sends no credential");
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

  it("is low in a health-check program that calls its own server on loopback, high when it calls another host", async () => {
    const check = (host: string): string =>
      [
        'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";',
        'const client = require("https");',
        `const request = client.request({ host: process.env.APP_HOST || "${host}", port: 3001 }, (res) => {`,
        "  process.exit(res.statusCode === 200 ? 0 : 1);",
        "});",
        "request.end();",
      ].join("\n");
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "extra/healthcheck.js": check("127.0.0.1"),
      "extra/health-check-remote.js": check("status.example.com"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["extra/health-check-remote.js", "high"],
      ["extra/healthcheck.js", "low"],
    ]);
    expect(findings[1]?.message).toContain("only calls its own server at 127.0.0.1");
  });
});

describe("node/tls-reject-unauthorized: verification turned off by a named setting", () => {
  it("lowers a branch chosen by an allow-self-signed or ignore-cert setting to low, not one chosen by another flag", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/mail.ts": [
        "import nodemailer from 'nodemailer';",
        "export const transport = (settings: Settings) =>",
        "  nodemailer.createTransport({",
        "    host: settings.options.smtpHost,",
        "    tls: settings.options.allowSelfSigned ? { rejectUnauthorized: false } : undefined,",
        "  });",
        "export const agent = (o: Options) => new https.Agent({ ...(o.ignoreCertErrors && { rejectUnauthorized: false }) });",
        "export const other = (o: Options) => (o.useProxy ? { rejectUnauthorized: false } : {});",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [7, "low"],
      [8, "high"],
    ]);
    expect(findings[0]?.message).toContain("`settings.options.allowSelfSigned` is on");
  });

  it("is medium when a setting turning TLS on chooses the options (no TLS otherwise), high when TLS is on by default", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "lib/app.ts":
        "export const db = new DatabaseClient({\n  url,\n  ssl: envs.ORCHESTRATOR_DB_SSL ? { rejectUnauthorized: false } : false,\n});\n",
      "lib/config.ts": "export const connection = { ssl: opts.db.ssl && { rejectUnauthorized: false } };\n",
      // Near misses: TLS on by default in production, and a flag that is not about TLS.
      "lib/database.ts":
        "export const options = {\n  ssl: env.isProduction && !isSSLDisabled ? { rejectUnauthorized: false } : false,\n};\n",
      "lib/kafka.ts": "export const kafka = { ssl: opts.sasl ? { rejectUnauthorized: false } : false };\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "lib/app.ts:3 medium",
      "lib/config.ts:1 medium",
      "lib/database.ts:2 high",
      "lib/kafka.ts:1 high",
    ]);
    expect(findings.find((f) => f.location?.path === "lib/app.ts")?.message).toContain(
      "when the setting `envs.ORCHESTRATOR_DB_SSL` turns TLS on",
    );
  });

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
  it("is low on a TLS probe that reads the certificate or times the handshake, high when the socket is written (near miss)", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/ssl-info.ts": [
        "import tls from 'node:tls';",
        "export function sslInfo(host: string) {",
        "  return new Promise((resolve) => {",
        "    const socket = tls.connect({ host, port: 443, servername: host, rejectUnauthorized: false }, () => {",
        "      const cert = socket.getPeerCertificate(true);",
        "      socket.destroy();",
        "      resolve(cert.valid_to);",
        "    });",
        "  });",
        "}",
        "export function timing(socket: any, host: string) {",
        "  const tlsSocket = tls.connect({ socket, servername: host, rejectUnauthorized: false });",
        "  tlsSocket.on('secureConnect', () => tlsSocket.destroy());",
        "}",
        "",
      ].join("\n"),
      "src/client.ts": [
        "import tls from 'node:tls';",
        "export function send(host: string, payload: string) {",
        "  const socket = tls.connect({ host, port: 443, rejectUnauthorized: false }, () => {",
        "    console.log(socket.getPeerCertificate().subject);",
        "    socket.write(payload);",
        "  });",
        "}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/client.ts", 3, "high"],
      ["src/ssl-info.ts", 4, "low"],
      ["src/ssl-info.ts", 12, "low"],
    ]);
    expect(findings[1]?.message).toContain("only reads the peer certificate and sends nothing");
  });

  it("is low on a certificate fetch whose method reads the socket a Promise callback hands back, and on an unsafe-TLS setting's branch", async () => {
    const findings = await findingsOf("node/tls-reject-unauthorized", {
      "src/certificate.ts": [
        "import tls from 'node:tls';",
        "export class TestConnection {",
        "  async fetchCertificateAsync(url: URL) {",
        "    const socket = await new Promise<tls.TLSSocket>((resolve) => {",
        "      const inner = tls.connect({ host: url.hostname, port: 443, rejectUnauthorized: false }, () => resolve(inner));",
        "    });",
        "    const x509 = socket.getPeerX509Certificate();",
        "    socket.destroy();",
        "    return x509;",
        "  }",
        "  async sendAsync(url: URL, body: string) {",
        "    const socket = await new Promise<tls.TLSSocket>((resolve) => {",
        "      const inner = tls.connect({ host: url.hostname, port: 443, rejectUnauthorized: false }, () => resolve(inner));",
        "    });",
        "    socket.write(body);",
        "  }",
        "}",
        "",
      ].join("\n"),
      "src/notify.ts": [
        "import https from 'node:https';",
        "export function config(notification: { unsafeTls: boolean; verbose: boolean }) {",
        "  const options: Record<string, unknown> = {};",
        "  if (notification.unsafeTls) options.httpsAgent = new https.Agent({ rejectUnauthorized: false });",
        "  if (notification.verbose) options.agent = new https.Agent({ rejectUnauthorized: false });",
        "  return options;",
        "}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/certificate.ts", 5, "low"],
      ["src/certificate.ts", 13, "high"],
      ["src/notify.ts", 4, "low"],
      ["src/notify.ts", 5, "high"],
    ]);
  });

  it("is medium in the default branch of an sslmode switch whose named branches verify, high when none does", async () => {
    const db = (verifyFull: string): string =>
      [
        "export function sslOptions(mode) {",
        "  let ssl = null;",
        "  switch (mode) {",
        '    case "require":',
        "      ssl = { require: true, rejectUnauthorized: false };",
        "      break;",
        '    case "verify-full":',
        `      ssl = { require: true, rejectUnauthorized: ${verifyFull}, ca: process.env.DB_CA };`,
        "      break;",
        "    default:",
        "      ssl = { require: true, rejectUnauthorized: false };",
        "      break;",
        "  }",
        "  return ssl;",
        "}",
        "",
      ].join("\n");
    const verifying = await findingsOf("node/tls-reject-unauthorized", { "server/db.js": db("true") });
    expect(verifying.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [11, "medium"],
    ]);
    const none = await findingsOf("node/tls-reject-unauthorized", {
      "server/db.js": db("process.env.X === '1'"),
    });
    expect(none.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [11, "high"],
    ]);
  });
});
