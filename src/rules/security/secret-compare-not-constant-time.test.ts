import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/secret-compare-not-constant-time";

const at = (findings: Awaited<ReturnType<typeof findingsOf>>) =>
  findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`).sort();

describe(ID, () => {
  it("fires on TS/JS digests, configured secrets and request credentials compared with === / !==", async () => {
    const findings = await findingsOf(ID, {
      // A method of the same class computes the digest (nango's HmacService).
      "server/lib/hmac.service.ts": [
        "import * as crypto from 'node:crypto';",
        "class HmacService {",
        "  verify(receivedDigest: string, key: string, values: string[]): boolean {",
        "    const actualDigest = this.computeDigest(key, values);",
        "    return receivedDigest === actualDigest;",
        "  }",
        "  computeDigest(key: string, values: string[]): string {",
        "    const hmac = crypto.createHmac('sha256', key);",
        "    hmac.update(values.join(':'));",
        "    return hmac.digest('hex');",
        "  }",
        "}",
        "export default new HmacService();",
      ].join("\n"),
      "package.json": '{ "name": "svc", "main": "server/index.ts" }',
      "server/index.ts":
        "import hmac from './lib/hmac.service';\nimport apiKey from './middleware/api-key';\nimport { validate } from './webhook/xero';\nimport { isAdminInviteToken } from '../packages/shared/lib/services/invitations';\nexport { hmac, apiKey, validate, isAdminInviteToken };\n",
      "app/api/webhook/route.ts": [
        "import { createHmac } from 'crypto';",
        "export async function POST(req: Request) {",
        "  const body = await req.text();",
        "  const signature = req.headers.get('x-signature');",
        "  const computed = createHmac('sha256', process.env.WEBHOOK_SECRET!).update(body).digest('hex');",
        "  if (signature !== computed) return new Response('bad', { status: 401 });",
        "  return new Response('ok');",
        "}",
      ].join("\n"),
      "app/api/callback/route.ts": [
        "export async function POST(req: Request) {",
        "  const token = req.headers.get('authorization')?.replace('Bearer ', '');",
        "  if (token !== process.env.CALLBACK_WEBHOOK_SECRET) return new Response('no', { status: 401 });",
        "  return new Response('ok');",
        "}",
      ].join("\n"),
      // The digest and the received signature are both normalised before the comparison (nango's Xero route).
      "server/webhook/xero.ts": [
        "import crypto from 'node:crypto';",
        "export function validate(rawBody: string, signature: string, webhookKey: string): boolean {",
        "  const hmac = crypto.createHmac('sha256', webhookKey);",
        "  hmac.update(rawBody);",
        "  const calculatedSignature = hmac.digest('base64');",
        "  return calculatedSignature.replace(/\\//g, '') === signature.replace(/\\//g, '');",
        "}",
      ].join("\n"),
      // A service module of a shared package, with no Node import (nango's invitations.ts).
      "packages/shared/lib/services/invitations.ts": [
        "import db from '@acme/database';",
        "export function isAdminInviteToken(token: string): boolean {",
        "  return process.env['ADMIN_INVITE_TOKEN'] === token;",
        "}",
        "export const table = db;",
      ].join("\n"),
      "server/middleware/api-key.js": [
        "const express = require('express');",
        "module.exports = function apiKey(req, res, next) {",
        "  const apiKey = req.headers['x-api-key'];",
        "  const expectedApiKey = loadKey();",
        "  if (apiKey != expectedApiKey) return res.status(401).end();",
        "  next();",
        "};",
      ].join("\n"),
    });
    expect(at(findings)).toEqual([
      "app/api/callback/route.ts:3:medium",
      "app/api/webhook/route.ts:6:medium",
      "packages/shared/lib/services/invitations.ts:3:medium",
      "server/lib/hmac.service.ts:5:medium",
      "server/middleware/api-key.js:5:medium",
      "server/webhook/xero.ts:6:medium",
    ]);
    expect(findings.find((f) => f.location?.path === "server/lib/hmac.service.ts")?.message).toContain(
      "computeDigest(…)",
    );
  });

  it("stays silent on TS/JS constant-time checks, plain hashes, literals and browser code", async () => {
    const findings = await findingsOf(ID, {
      "app/api/webhook/route.ts": [
        "import { createHmac, timingSafeEqual } from 'crypto';",
        "export async function POST(req: Request) {",
        "  const signature = Buffer.from(req.headers.get('x-signature') ?? '');",
        "  const computed = Buffer.from(createHmac('sha256', process.env.WEBHOOK_SECRET!).update('x').digest('hex'));",
        "  if (signature.length !== computed.length || !timingSafeEqual(signature, computed)) return new Response('bad');",
        "  return new Response('ok');",
        "}",
      ].join("\n"),
      "server/cache.ts": [
        "import { createHash } from 'node:crypto';",
        "export function same(a: string, stored: string) {",
        "  return createHash('sha256').update(a).digest('hex') === stored;",
        "}",
      ].join("\n"),
      "server/env.ts": [
        "import http from 'node:http';",
        "export const missing = process.env.API_SECRET === undefined || process.env.API_SECRET === '';",
        "export const prod = process.env.NODE_ENV === mode;",
        "export function sameHeader(req: http.IncomingMessage, previous: string) { return req.headers['content-type'] === previous; }",
      ].join("\n"),
      "src/components/Token.tsx": [
        "export function Token({ value }: { value: string }) {",
        "  return value === process.env.NEXT_PUBLIC_TOKEN ? <b>same</b> : null;",
        "}",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("fires on Go == and bytes.Equal of an HMAC or a configured token, not on hmac.Equal or plain hashes", async () => {
    const findings = await findingsOf(ID, {
      "internal/webhook/verify.go": [
        "package webhook",
        "",
        'import ("crypto/hmac"; "crypto/sha256"; "encoding/hex"; "net/http"; "os")',
        "",
        "func Verify(r *http.Request, body, secret []byte) bool {",
        "\tmac := hmac.New(sha256.New, secret)",
        "\tmac.Write(body)",
        "\texpected := hex.EncodeToString(mac.Sum(nil))",
        '\treturn expected == r.Header.Get("X-Signature")',
        "}",
        "",
        "func Raw(body, secret, sig []byte) bool {",
        "\tmac := hmac.New(sha256.New, secret)",
        "\tmac.Write(body)",
        "\treturn bytes.Equal(mac.Sum(nil), sig)",
        "}",
        "",
        "func Admin(r *http.Request) bool {",
        '\treturn r.Header.Get("Authorization") == "Bearer "+os.Getenv("ADMIN_TOKEN")',
        "}",
        "",
        "func (s *Server) Guard(r *http.Request) bool {",
        '\tcookie, err := r.Cookie("token")',
        "\tif err != nil {",
        "\t\treturn false",
        "\t}",
        "\treturn cookie.Value == s.Token",
        "}",
        "",
        "func (s *Server) SameTheme(r *http.Request) bool {",
        '\tcookie, _ := r.Cookie("theme")',
        "\treturn cookie.Value == s.Theme",
        "}",
        "",
        "func (s *Server) Runner(r *http.Request) bool {",
        '\ttoken := r.Header.Get("X-Runner-Token")',
        '\trunner, _ := s.store.GetRunner(r.URL.Query().Get("id"))',
        "\treturn runner.Token == token",
        "}",
      ].join("\n"),
      "internal/webhook/good.go": [
        "package webhook",
        "",
        "func Good(body, secret, sig []byte) bool {",
        "\tmac := hmac.New(sha256.New, secret)",
        "\tmac.Write(body)",
        "\treturn hmac.Equal(mac.Sum(nil), sig)",
        "}",
        "",
        "func Same(a []byte, digest string) bool {",
        "\tsum := sha256.Sum256(a)",
        "\treturn hex.EncodeToString(sum[:]) == digest",
        "}",
        "",
        "func Unset() bool {",
        '\treturn os.Getenv("ADMIN_TOKEN") == ""',
        "}",
        "",
        "// The runner was looked up by this token: comparing it again leaks nothing the lookup did not.",
        "func (s *Server) RunnerByToken(r *http.Request) bool {",
        '\ttoken := r.Header.Get("X-Runner-Token")',
        "\trunner, err := s.store.GetRunnerByToken(token)",
        "\tif err != nil {",
        "\t\treturn false",
        "\t}",
        "\treturn runner.Token == token",
        "}",
      ].join("\n"),
    });
    expect(at(findings)).toEqual([
      "internal/webhook/verify.go:15:medium",
      "internal/webhook/verify.go:19:medium",
      "internal/webhook/verify.go:27:medium",
      "internal/webhook/verify.go:38:medium",
      "internal/webhook/verify.go:9:medium",
    ]);
  });

  it("fires on Python == of an HMAC or a settings secret, not on compare_digest", async () => {
    const findings = await findingsOf(ID, {
      "app/webhooks.py": [
        "import hashlib, hmac, os",
        "",
        "def verify(request, body):",
        '    expected = hmac.new(os.environ["HOOK_KEY"].encode(), body, hashlib.sha256).hexdigest()',
        '    if expected != request.headers.get("X-Signature"):',
        '        raise PermissionError("bad signature")',
        "",
        "def internal(request):",
        '    return request.headers.get("X-Internal-Token") == settings.INTERNAL_API_TOKEN',
      ].join("\n"),
      "app/good.py": [
        "import hashlib, hmac",
        "",
        "def verify(request, body, key):",
        "    expected = hmac.new(key, body, hashlib.sha256).hexdigest()",
        '    return hmac.compare_digest(expected, request.headers.get("X-Signature", ""))',
        "",
        "def etag(body, previous):",
        "    return hashlib.sha256(body).hexdigest() == previous",
        "",
        "def unset():",
        '    return os.environ.get("HOOK_SECRET") == None',
        "",
        "def session(token):",
        "    token_hash = get_token_hash(token, secret=settings.SECRET)",
        "    return select(UserSession).where(UserSession.token == token_hash)",
      ].join("\n"),
    });
    expect(at(findings)).toEqual(["app/webhooks.py:5:medium", "app/webhooks.py:9:medium"]);
  });

  it("does not read an ORM condition on a stored token hash as a comparison (SQLAlchemy columns, Ecto pins)", async () => {
    const findings = await findingsOf(ID, {
      "app/kit/crypto.py": [
        "import hashlib, hmac",
        "",
        "def get_token_hash(token, *, secret):",
        "    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()",
      ].join("\n"),
      "app/sessions.py": [
        "import hashlib, hmac",
        "from app.kit.crypto import get_token_hash",
        "def by_token(token):",
        "    token_hash = get_token_hash(token, secret=settings.SECRET)",
        "    return select(UserSession).where(UserSession.token == token_hash, UserSession.expires_at > now())",
        "",
        "def by_code(code):",
        "    return query.filter(AuthorizationCode.code == get_token_hash(code, secret=settings.SECRET))",
        "",
        "def verify(request, body):",
        "    expected = hmac.new(settings.SECRET.encode(), body, hashlib.sha256).hexdigest()",
        '    return expected == request.headers.get("X-Signature")',
      ].join("\n"),
      "lib/app/sessions.ex": [
        "defmodule App.Sessions do",
        "  import Ecto.Query",
        "  def by_token(token) do",
        "    hash = :crypto.mac(:hmac, :sha256, secret(), token)",
        "    Repo.one(from s in Session, where: s.token == ^hash)",
        "  end",
        "end",
      ].join("\n"),
    });
    // Only the webhook check compares bytes in the application.
    expect(at(findings)).toEqual(["app/sessions.py:12:medium"]);
  });

  it("fires on Elixir == of :crypto.mac or a configured API key, not on secure_compare", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/plugs/signature.ex": [
        "defmodule AppWeb.Plugs.Signature do",
        "  def valid?(body, signature, secret) do",
        "    expected = :crypto.mac(:hmac, :sha256, secret, body) |> Base.encode16(case: :lower)",
        "    signature == expected",
        "  end",
        "",
        "  def valid_key?(key) do",
        "    key == Application.get_env(:app, :api_key)",
        "  end",
        "",
        "  defp valid_token?(token) do",
        "    case Application.get_env(:app, :api_keys) do",
        "      nil -> false",
        "      keys when is_list(keys) -> token in keys",
        "      key when is_binary(key) -> token == key",
        "    end",
        "  end",
        "end",
      ].join("\n"),
      "lib/app_web/plugs/good.ex": [
        "defmodule AppWeb.Plugs.Good do",
        "  def valid?(body, signature, secret) do",
        "    expected = :crypto.mac(:hmac, :sha256, secret, body) |> Base.encode16(case: :lower)",
        "    Plug.Crypto.secure_compare(signature, expected)",
        "  end",
        "",
        "  def configured? do",
        "    Application.get_env(:app, :api_key) != nil",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(at(findings)).toEqual([
      "lib/app_web/plugs/signature.ex:15:medium",
      "lib/app_web/plugs/signature.ex:4:medium",
      "lib/app_web/plugs/signature.ex:8:medium",
    ]);
  });
  it("fires on a Web Crypto HMAC encoded to hex and on a Python digest encoded before the comparison", async () => {
    const findings = await findingsOf(ID, {
      "package.json": '{ "name": "edge", "main": "src/index.ts" }',
      "src/index.ts": "export { verify } from './verify';\n",
      // An edge runtime's webhook check: crypto.subtle.sign of an HMAC key, hex-encoded.
      "src/verify.ts": [
        "export async function verify(request: Request, secret: string): Promise<boolean> {",
        "  const body = await request.text();",
        "  const enc = new TextEncoder();",
        "  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);",
        "  const sig = await crypto.subtle.sign('HMAC', key, enc.encode(body));",
        "  const expected = Array.from(new Uint8Array(sig)).map((b) => b.toString(16).padStart(2, '0')).join('');",
        "  return request.headers.get('x-signature') === expected;",
        "}",
        "export async function fingerprint(data: ArrayBuffer, known: string): Promise<boolean> {",
        "  const sum = await crypto.subtle.digest('SHA-256', data);",
        "  const hex = Array.from(new Uint8Array(sum)).join('');",
        "  return hex === known;",
        "}",
      ].join("\n"),
      "app/hooks.py": [
        "import base64, hashlib, hmac",
        "",
        "def verify(request, body, key):",
        "    digest = hmac.new(key, body, hashlib.sha256).digest()",
        '    return base64.b64encode(digest).decode() == request.headers.get("X-Hook-Signature")',
        "",
        "def allowed(request, valid_tokens):",
        '    return request.headers.get("X-Token") in valid_tokens',
      ].join("\n"),
    });
    expect(at(findings)).toEqual(["app/hooks.py:5:medium", "src/verify.ts:7:medium"]);
  });

  it("fires on an Elixir case clause that pins the expected signature", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/webhook_plug.ex": [
        "defmodule AppWeb.WebhookPlug do",
        "  def run(conn, key) do",
        "    {:ok, body, _} = read_body(conn)",
        '    [signature] = get_req_header(conn, "x-hub-signature")',
        "    hmac = :crypto.mac(:hmac, :sha, key, body)",
        "    case hmac do",
        "      ^signature -> conn",
        "      _ -> halt(conn)",
        "    end",
        "  end",
        "",
        "  def kind(conn, expected) do",
        "    case conn.method do",
        "      ^expected -> :same",
        "      _ -> :other",
        "    end",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(at(findings)).toEqual(["lib/app_web/webhook_plug.ex:7:medium"]);
  });

  it("lowers to low a cancel-only token, an upstream's response check and a Go program listening on loopback", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      // A server reachable from the network: its checks stay medium.
      "cmd/server/main.go": [
        "package main",
        "",
        'import "net/http"',
        "",
        "func main() {",
        '	http.ListenAndServe(":8080", nil)',
        "}",
      ].join("\n"),
      "internal/api/device.go": [
        "package api",
        "",
        'import "net/http"',
        "",
        "func (s *Server) CancelDeviceAuth(r *http.Request) bool {",
        '	cancelToken := r.URL.Query().Get("cancelToken")',
        "	return s.cache.CancelToken != cancelToken",
        "}",
        "",
        "func (s *Server) Guard(r *http.Request) bool {",
        '	cookie, err := r.Cookie("token")',
        "	if err != nil {",
        "		return false",
        "	}",
        "	return cookie.Value == s.Token",
        "}",
      ].join("\n"),
      // A desktop app: its UI server is served on a loopback listener only.
      "app/cmd/app/app.go": [
        "package main",
        "",
        'import ("net"; "net/http")',
        "",
        "func main() {",
        '	ln, _ := net.Listen("tcp", "127.0.0.1:0")',
        "	srv := &http.Server{Handler: ui.Handler()}",
        "	srv.Serve(ln)",
        "}",
      ].join("\n"),
      "app/ui/ui.go": [
        "package ui",
        "",
        'import "net/http"',
        "",
        "func (s *Server) Guard(r *http.Request) bool {",
        '	cookie, err := r.Cookie("token")',
        "	if err != nil {",
        "		return false",
        "	}",
        "	return cookie.Value != s.Token",
        "}",
      ].join("\n"),
      // A client verifying the signature of the answer of the service it called.
      "app/yubico.py": [
        "import hashlib, hmac, requests",
        "",
        "def check(otp, api_key, url):",
        "    r = requests.get(url, params={'otp': otp})",
        "    data = dict(line.split('=', 1) for line in r.text.split())",
        "    expected = hmac.new(api_key, data['otp'].encode(), hashlib.sha1).hexdigest()",
        "    return data['h'] == expected",
      ].join("\n"),
    });
    expect(at(findings)).toEqual([
      "app/ui/ui.go:10:low",
      "app/yubico.py:7:low",
      "internal/api/device.go:15:medium",
      "internal/api/device.go:7:low",
    ]);
    // A server that also offers a Unix socket, but whose own ListenAndServe binds the address its settings give:
    // the network reaches it, so the check stays medium.
    const both = await findingsOf(ID, {
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      "application/app.go": [
        "package application",
        "",
        'import ("net"; "net/http")',
        "",
        "func (s *App) Run(unix bool) error {",
        "	s.server = &http.Server{Handler: s.api}",
        "	if unix {",
        '		ln, _ := net.Listen("unix", s.socket)',
        "		return s.server.Serve(ln)",
        "	}",
        "	s.server.Addr = s.listen",
        "	return s.server.ListenAndServe()",
        "}",
      ].join("\n"),
      "application/guard.go": [
        "package application",
        "",
        'import "net/http"',
        "",
        "func (s *App) Guard(r *http.Request) bool {",
        '	return r.Header.Get("X-Token") == s.Token',
        "}",
      ].join("\n"),
    });
    expect(at(both)).toEqual(["application/guard.go:6:medium"]);
  });
  it("follows a signing helper of another file: Elixir module functions, Python imports, Go package functions", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs": "defmodule App.MixProject do\n  use Mix.Project\nend\n",
      "lib/app.ex": [
        "defmodule App do",
        "  def signature(org_id, body, timestamp) do",
        "    secret = App.Partners.secret(org_id)",
        '    hmac = :crypto.mac(:hmac, :sha256, secret, "#{timestamp}.#{body}")',
        "    Base.encode16(hmac, case: :lower)",
        "  end",
        "",
        "  def checksum(body), do: :crypto.hash(:sha256, body) |> Base.encode16()",
        "end",
      ].join("\n"),
      "lib/app/flows/webhook.ex": [
        "defmodule App.Flows.Webhook do",
        "  alias App.Flows.Other",
        "  def validate(org_id, fields) do",
        '    new_signature = App.signature(org_id, fields["body"], fields["timestamp"])',
        '    new_signature != fields["signature"]',
        "  end",
        "",
        "  def same_body?(body, checksum) do",
        "    App.checksum(body) == checksum",
        "  end",
        "end",
      ].join("\n"),
      "app/utils/signing.py": [
        "import hmac as _hmac, hashlib",
        "",
        "def hmac(data, secret):",
        "    return _hmac.new(key=secret, msg=data, digestmod=hashlib.sha1).hexdigest()",
      ].join("\n"),
      "app/views.py": [
        "from flask import request, session",
        "from app.utils.signing import hmac",
        "",
        "def hook(secret):",
        '    return hmac(request.data, secret) == request.headers.get("X-Hook")',
        "",
        "def current(user):",
        '    return session.get("hash") != hmac(user.password, "k")',
      ].join("\n"),
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      "internal/sign/sign.go": [
        "package sign",
        "",
        'import ("crypto/hmac"; "crypto/sha256"; "encoding/hex")',
        "",
        "func signBody(secret, data []byte) string {",
        "\tmac := hmac.New(sha256.New, secret)",
        "\tmac.Write(data)",
        "\treturn hex.EncodeToString(mac.Sum(nil))",
        "}",
      ].join("\n"),
      "internal/sign/verify.go": [
        "package sign",
        "",
        "func Verify(secret, data []byte, sig string) bool {",
        "\treturn signBody(secret, data) == sig",
        "}",
        "",
        "func Same(a, b string) bool {",
        "\treturn normalise(a) == b",
        "}",
      ].join("\n"),
    });
    expect(at(findings)).toEqual([
      "app/views.py:5:medium",
      "internal/sign/verify.go:4:medium",
      "lib/app/flows/webhook.ex:5:medium",
    ]);
  });
});
