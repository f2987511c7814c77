import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/empty-catch", () => {
  it("fires at medium in a request handler of server code that swallows an error, at low elsewhere", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "src/cache.ts": [
        "import { createClient } from 'redis';",
        "export async function put(req: Request, res: Response) { const k = req.params.key;",
        "  try {",
        "    await cache.set(k);",
        "  } catch {}",
        "  try { a(); } catch (e) {",
        "  }",
        "  void send().catch(() => {});",
        "  try { a(); b(); } catch {}",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [6, "medium"],
      [8, "low"],
      [9, "medium"],
    ]);
  });

  it("stays silent on handled errors, commented ignores, tests and copies of third-party code", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "src/ok.ts":
        "try { a(); } catch (e) { log(e); }\ntry { b(); } catch {\n  // optional file: absence is fine\n}\np.catch((e) => log(e));\np.catch(() => undefined);\n",
      "test/x.test.ts": "try { a(); } catch {}\n",
      "assets/js/vue.js":
        "/*!\n * Vue.js v2.6.8\n * (c) 2014-2019 Evan You\n * Released under the MIT License.\n */\nimport fs from 'fs';\ntry { a(); b(); } catch (e) {}\n",
    });
    expect(findings).toEqual([]);
  });

  it("lowers deliberate fallbacks, browser code and promise .catch(() => {}) to low", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "server/flags.ts": [
        "import { readFileSync } from 'node:fs';",
        "export function flags(raw: string) {",
        "  let parsed = null;",
        "  try {",
        "    parsed = JSON.parse(raw);",
        "    validate(parsed);",
        "  } catch (e) {}",
        "  return parsed;",
        "}",
        "export function link(url: string) {",
        "  try {",
        "    const { searchParams } = lookup(url);",
        "    if (searchParams) return searchParams.get('id');",
        "  } catch {}",
        "  return null;",
        "}",
        "export function notify(job: Job) {",
        "  job.finally(() => cleanup()).catch(() => {});",
        "}",
      ].join("\n"),
      "src/components/Stats.tsx": [
        "export const Stats = () => (",
        "  <button onClick={async () => { try { await copy(version); toast(); } catch {} }} />",
        ");",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["server/flags.ts", 7, "low"],
      ["server/flags.ts", 14, "low"],
      ["server/flags.ts", 18, "low"],
      ["src/components/Stats.tsx", 2, "low"],
    ]);
  });
  it("lowers a try that only cleans up (disconnect, kill, remove) and keeps medium when it also does work", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "src/personas/export.js": [
        "import fs from 'node:fs';",
        "export async function cleanup(req, res) { const { browser, pid, dir } = req.body;",
        "  try {",
        "    await browser.disconnect();",
        "  } catch (error) {}",
        "  try {",
        "    await chromeUtils.killChrome(pid, dir);",
        "    fs.rmSync(dir, { recursive: true, force: true });",
        "  } catch (error) {}",
        "  try {",
        "    await browser.disconnect();",
        "    await saveState(dir);",
        "  } catch (error) {}",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [9, "low"],
      [13, "medium"],
    ]);
  });

  it("lowers a removal by a named function, an underscore binding and a catch before a throw; keeps work swallowed medium", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "server/routers/app.ts": [
        "import { db } from '../db';",
        "export async function remove(req: Request, res: Response) { const id = req.params.id;",
        "  for (const preview of await listPreviews(id)) {",
        "    try {",
        "      await removePreviewDeployment(preview.id);",
        "    } catch (error) {}",
        "  }",
        "  try {",
        "    await db.update(apps).set({ status: 'gone' });",
        "  } catch (_) {}",
        "  if (!res.ok) {",
        "    let detail = '';",
        "    try {",
        "      detail = (await res.json()).error_description;",
        "    } catch (error) {}",
        "    throw new Error(`failed: ${detail}`);",
        "  }",
        "  try {",
        "    await db.update(apps).set({ status: 'gone' });",
        "    await notify(id);",
        "  } catch (error) {}",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [6, "low"],
      [10, "low"],
      [15, "low"],
      [21, "medium"],
    ]);
    expect(findings[1]?.message).toContain("marks the error as ignored on purpose");
    expect(findings[2]?.message).toContain("the error thrown right after it");
  });

  it("lowers a try that ends an if branch before a throw, and Angular browser code; keeps a swallow before more work medium", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "src/auth/api-key.strategy.ts": [
        "import { Injectable } from '@nestjs/common';",
        "export async function validate(apiKey: string) {",
        "  if (apiKey) {",
        "    try {",
        "      const { id } = await keys.find(apiKey);",
        "      const user = await users.find(id);",
        "      if (user) return user;",
        "    } catch {}",
        "  }",
        "  throw new UnauthorizedException();",
        "}",
        "export async function sync(req: Request, res: Response) { const items: string[] = req.body;",
        "  if (items.length) {",
        "    try {",
        "      await store.save(items);",
        "      await store.flush();",
        "    } catch {}",
        "  }",
        "  await audit.record(items);",
        "}",
      ].join("\n"),
      "apps/client/src/app/services/import.service.ts": [
        "import { Injectable } from '@angular/core';",
        "import { DataSource } from '@prisma/client';",
        "export function pick(item: Record<string, string>) {",
        "  try {",
        "    const a = parse(item.date);",
        "    use(a, DataSource.MANUAL);",
        "  } catch {}",
        "  next();",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["apps/client/src/app/services/import.service.ts", 7, "low"],
      ["src/auth/api-key.strategy.ts", 8, "low"],
      ["src/auth/api-key.strategy.ts", 17, "medium"],
    ]);
  });
  it("keeps medium for request handlers (route facts, Express inline handlers) and lowers server code outside them and cleanup inside a catch", async () => {
    const findings = await findingsOf("node/empty-catch", {
      "pages/api/documents/[id].ts": [
        "import prisma from '@/lib/prisma';",
        "export default async function handle(req: NextApiRequest, res: NextApiResponse) {",
        "  if (req.method === 'PATCH') {",
        "    try {",
        "      await prisma.document.update({ where: { id: req.query.id }, data: req.body });",
        "      return res.status(200).json({ ok: true });",
        "    } catch (error) {}",
        "  }",
        "}",
      ].join("\n"),
      "package.json": JSON.stringify({ name: "wiki", main: "server/index.js" }),
      "server/index.js": "require('./setup.js');\nrequire('./services/mount.ts');\n",
      "server/setup.js": [
        "const express = require('express');",
        "const app = express();",
        "app.post('/finalize', async (ctx, next) => {",
        "  try {",
        "    await knex('settings').insert(ctx.body);",
        "    await boot();",
        "  } catch (err) {",
        "    try {",
        "      await knex('settings').truncate();",
        "      await knex('users').truncate();",
        "    } catch (err) {}",
        "    next(err);",
        "  }",
        "  try {",
        "    await knex('users').insert(ctx.body.admin);",
        "    await notify();",
        "  } catch (err) {}",
        "});",
        "app.post('/chat', async (req, res) => {",
        "  const result = stream(req.body);",
        "  result.pipeToResponse(res, {",
        "    async onFinish() {",
        "      try {",
        "        const usage = await result.usage;",
        "        res.write(JSON.stringify(usage));",
        "      } catch {}",
        "    },",
        "  });",
        "  req.on('close', () => {",
        "    try {",
        "      result.abortAll();",
        "      audit.record(req.body);",
        "    } catch (e) {}",
        "  });",
        "  const saved = items.map(async (item) => {",
        "    try {",
        "      await knex('items').insert(item);",
        "      await notify(item);",
        "    } catch (e) {}",
        "  });",
        "});",
      ].join("\n"),
      "server/services/mount.ts": [
        "import { execAsync } from '../utils/process';",
        "export async function deleteMount(id: string) {",
        "  try {",
        "    await execAsync(`rm -rf ${dir(id)}`);",
        "    await db.delete(mounts).where(eq(mounts.id, id));",
        "  } catch (error) {}",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["pages/api/documents/[id].ts", 7, "medium"],
      ["server/services/mount.ts", 6, "low"],
      ["server/setup.js", 11, "low"],
      ["server/setup.js", 17, "medium"],
      ["server/setup.js", 26, "low"],
      ["server/setup.js", 33, "low"],
      ["server/setup.js", 39, "medium"],
    ]);
    expect(findings[4]?.message).toContain("event callback `onFinish`");
    expect(findings[0]?.message).toContain("in the ANY /api/documents/[id] handler");
    expect(findings[1]?.message).toContain("no request handler around it");
    expect(findings[2]?.message).toContain("inside another catch");
  });
});
