import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "node/http-client-without-timeout";

describe(ID, () => {
  it("fires on fetch, axios and got calls without a timeout in server code", async () => {
    const source = [
      "import express from 'express';",
      "import axios from 'axios';",
      "import got from 'got';",
      "export async function notify(req: Request, url: string, body: string) {",
      "  await fetch(url, { method: 'POST', body });",
      "  await fetch(url);",
      "  await axios.post(url, { body }, { headers: {} });",
      "  await axios.get(url);",
      "  const client = axios.create({ baseURL: url });",
      "  await got(url, { method: 'POST' });",
      "}",
    ].join("\n");
    const findings = await findingsOf(ID, { "src/webhooks.ts": source });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "medium"],
      [6, "medium"],
      [7, "medium"],
      [8, "medium"],
      [9, "medium"],
      [10, "medium"],
    ]);
    const fixed = await findingsOf(ID, {
      "server/stars.ts":
        "import express from 'express';\nexport const stars = () => fetch('https://api.github.com/repos/a/b');\n",
    });
    expect(fixed.map((f) => f.severity)).toEqual(["low"]);
    // Outside request handling (a job, a library), Node's 300 s header limit bounds fetch: low.
    const job = await findingsOf(ID, {
      "server/jobs/sync.ts":
        "import { Queue } from 'bullmq';\nexport async function sync(url: string) {\n  await fetch(url);\n}\n",
    });
    expect(job.map((f) => f.severity)).toEqual(["low"]);
    const cli = await findingsOf(ID, {
      "src/cli.ts": "import { Command } from 'commander';\nexport const get = (u: string) => fetch(u);\n",
    });
    expect(cli.map((f) => f.severity)).toEqual(["low"]);
    const cliPackage = await findingsOf(ID, {
      "packages/tool-cli/src/get.ts":
        "import axios from 'axios';\nimport fs from 'node:fs';\nexport const get = (u: string) => axios.get(u);\n",
    });
    expect(cliPackage.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays silent with a signal or timeout, options it cannot see, relative URLs, and browser code", async () => {
    const source = [
      "import express from 'express';",
      "import axios from 'axios';",
      "export async function notify(url: string, init: RequestInit) {",
      "  await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5000) });",
      "  await fetch(url, init);",
      "  await fetch(url, { ...init, method: 'GET' });",
      "  await fetch('/api/health');",
      "  await Promise.race([fetch(url, { method: 'POST' }), new Promise((r) => setTimeout(r, 150))]);",
      "  await axios.get(url, { timeout: 5000 });",
      "  const client = axios.create({ baseURL: url, timeout: 10_000 });",
      "  await client.get(url);",
      "}",
    ].join("\n");
    const devProxy = [
      "import type { NextRequest } from 'next/server';",
      "import express from 'express';",
      "export const proxy = async (request: NextRequest) => {",
      "  if (IS_PRODUCTION) {",
      "    return new Response(null, { status: 404 });",
      "  }",
      "  return fetch(upstreamUrl(request));",
      "};",
    ].join("\n");
    expect(await findingsOf(ID, { "src/hub/proxy.ts": devProxy })).toEqual([]);
    const browser = "export const load = (url: string) => fetch(url).then((r) => r.json());\n";
    expect(await findingsOf(ID, { "src/webhooks.ts": source, "src/components/load.ts": browser })).toEqual(
      [],
    );
  });

  it("reads only the loaders and actions of component modules, and not type-only server imports", async () => {
    const route = [
      "import { useState } from 'react';",
      "export async function loader({ params }) {",
      "  return fetch(`https://api.example.com/${params.id}`);",
      "}",
      "export default function Page() {",
      "  const resolve = async (url: string) => fetch(url, { method: 'POST' });",
      "  const token = async () => fetch(formatPath('/api/token'));",
      "  return null;",
      "}",
    ].join("\n");
    const typeOnly =
      "import type { User } from '@prisma/client';\nexport const get = (u: string) => fetch(u);\n";
    const server = "import { db } from 'pg';\nexport const token = () => fetch(formatPath('/api/token'));\n";
    const findings = await findingsOf(ID, {
      "app/routes/page.tsx": route,
      "lib/download.ts": typeOnly,
      "lib/token.ts": server,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["app/routes/page.tsx", 3],
    ]);
  });

  it("lowers a request to the application's own deployment, not one to another service's address", async () => {
    const route = [
      "import type { NextApiRequest, NextApiResponse } from 'next';",
      "import axios from 'axios';",
      "const base = process.env.NEXTAUTH_URL ?? 'http://localhost:3000';",
      "export default async function handle(req: NextApiRequest, res: NextApiResponse) {",
      "  await fetch(`${process.env.NEXTAUTH_URL}/api/revalidate?secret=${process.env.REVALIDATE_TOKEN}&id=${req.query.id}`);",
      "  await fetch(`${base}/api/annotate`, { method: 'POST', body: '{}' });",
      "  await axios.post(env.NEXT_PUBLIC_BASE_URL + '/api/jobs', {});",
      "  await fetch(`${process.env.API_URL}/v1/documents`);",
      "  await fetch(`${process.env.NEXTAUTH_URL}${req.query.path}`);",
      "  await fetch(req.body.fileUrl);",
      "  res.status(200).end();",
      "}",
    ].join("\n");
    const findings = await findingsOf(ID, { "pages/api/links/[id].ts": route });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [6, "low"],
      [7, "low"],
      [8, "medium"],
      [9, "medium"],
      [10, "medium"],
    ]);
    expect(findings[0]?.message).toContain("a route of this application itself (under `NEXTAUTH_URL`)");
  });

  it("does not report the default axios instance where the package sets axios.defaults.timeout in another module", async () => {
    const caller = [
      "const axios = require('axios');",
      "const express = require('express');",
      "async function checkVersion(req, res) {",
      "  const res2 = await axios.get('https://example.org/version.json');",
      "  const client = axios.create({ baseURL: process.env.UPSTREAM });",
      "  res.json(res2.data);",
      "}",
      "module.exports = { checkVersion };",
    ].join("\n");
    const server = [
      "const axios = require('axios');",
      "const express = require('express');",
      "axios.defaults.timeout = 300 * 1000;",
      "module.exports = express();",
    ].join("\n");
    const bounded = await findingsOf(ID, {
      "package.json": '{ "name": "app" }',
      "server/check-version.js": caller,
      "server/server.js": server,
    });
    // The default instance is bounded; an instance of its own made by axios.create is not.
    expect(bounded.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["server/check-version.js", 5],
    ]);
    // Near misses: a timeout of 0 turns the limit off, and a default set in another package does not reach this one.
    const off = await findingsOf(ID, {
      "package.json": '{ "name": "app" }',
      "server/check-version.js": caller,
      "server/server.js": server.replace("300 * 1000", "0"),
    });
    expect(off.map((f) => f.location?.startLine)).toEqual([4, 5]);
    const elsewhere = await findingsOf(ID, {
      "package.json": '{ "name": "root", "private": true }',
      "packages/api/package.json": '{ "name": "api" }',
      "packages/api/src/check-version.js": caller,
      "packages/worker/package.json": '{ "name": "worker" }',
      "packages/worker/src/server.js": server,
    });
    expect(elsewhere.map((f) => f.location?.startLine)).toEqual([4, 5]);
  });

  it("skips an axios client with a relative baseURL (the browser's same-origin client)", async () => {
    const client = (base: string): string =>
      [
        "import axios from 'axios';",
        "import express from 'express';",
        `export const http = axios.create({ baseURL: ${base}, withCredentials: false });`,
      ].join("\n");
    expect(
      await findingsOf(ID, { "src/api/index.js": client("import.meta.env.VUE_APP_ROOT_URL || '/'") }),
    ).toEqual([]);
    expect(await findingsOf(ID, { "src/api/index.js": client("'/api'") })).toEqual([]);
    const absolute = await findingsOf(ID, {
      "src/api/index.js": client("process.env.UPSTREAM || 'http://localhost:4000'"),
    });
    expect(absolute.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("lowers a request made by a health-check route", async () => {
    const route = [
      "import type { RequestHandler } from '@sveltejs/kit';",
      "import axios from 'axios';",
      "export const GET: RequestHandler = async () => {",
      "  const ok = await axios.get(process.env.INTERNAL_BACKEND_URL + '/healthz').then(() => true, () => false);",
      "  return new Response(ok ? 'ok' : 'down', { status: ok ? 200 : 500 });",
      "};",
    ].join("\n");
    const health = await findingsOf(ID, { "frontend/src/routes/healthz/+server.ts": route });
    expect(health.map((f) => f.severity)).toEqual(["low"]);
    const other = await findingsOf(ID, { "frontend/src/routes/status/+server.ts": route });
    expect(other.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("leaves axios calls of a package whose start-up code sets axios.defaults.timeout; another package still fires", async () => {
    const check = [
      'const axios = require("axios");',
      "exports.checkVersion = async () => {",
      '  const res = await axios.get("https://updates.example.com/version.json");',
      "  return res.data;",
      "};",
      "",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "package.json": JSON.stringify({ name: "app", dependencies: { axios: "1.7.0" } }),
      "server/server.js": [
        'const axios = require("axios");',
        'const express = require("express");',
        "axios.defaults.timeout = 300 * 1000;",
        "express().listen(3000);",
        "",
      ].join("\n"),
      "server/check-version.js": check,
      "packages/agent/package.json": JSON.stringify({ name: "agent", dependencies: { axios: "1.7.0" } }),
      "packages/agent/server/check-version.js": check,
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["packages/agent/server/check-version.js"]);
  });

  it("skips a module under a server/ folder that drives the page through a browser-only library", async () => {
    const mixin = (ui: string): string =>
      [
        "import axios from 'axios';",
        ui,
        "export default {",
        "  methods: {",
        "    load(url) {",
        "      return axios.get(url);",
        "    },",
        "  },",
        "};",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "server/ui-src/mixins/Common.js": mixin("import { Modal } from 'bootstrap';"),
      "server/lib/common.js": mixin("import dayjs from 'dayjs';"),
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["server/lib/common.js"]);
  });
});
