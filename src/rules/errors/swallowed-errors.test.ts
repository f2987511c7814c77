import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "node/swallowed-errors";

describe(ID, () => {
  it("fires once per server module that turns errors into defaults in three or more places", async () => {
    const source = [
      "import { prisma } from '@prisma/client';",
      "export async function load(id: string) {",
      "  await prisma.job.update({ where: { id }, data: { status: 'RUNNING' } }).catch(() => null);",
      "  await prisma.job.update({ where: { id }, data: { status: 'DONE' } }).catch(() => null);",
      "  redis.del(`job:${id}`).catch(() => {});",
      "  try {",
      "    return await prisma.user.findMany();",
      "  } catch {",
      "    return [];",
      "  }",
      "}",
    ].join("\n");
    const findings = await findingsOf(ID, { "server/teams.ts": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
    expect(findings[0]?.location?.startLine).toBe(3);
    expect(findings[0]?.message).toMatch(/^4 places/);
    const browser = await findingsOf(ID, { "src/components/teams.ts": source.replace(/^import.*\n/, "") });
    expect(browser.map((f) => f.severity)).toEqual(["low"]);
    // Defaults that stand in for failed reads, then checked: the "not found" idiom stays low on the server too.
    const reads = [
      "import { prisma } from '@prisma/client';",
      "export async function loader(token: string) {",
      "  const [doc, recipient, fields] = await Promise.all([",
      "    getDocument(token).catch(() => null),",
      "    getRecipient(token).catch(() => null),",
      "    getFields(token).catch(() => []),",
      "  ]);",
      "  if (!doc || !recipient) throw new Response('Not Found', { status: 404 });",
      "}",
    ].join("\n");
    const lookups = await findingsOf(ID, { "app/routes/sign.tsx": reads });
    expect(lookups.map((f) => f.severity)).toEqual(["low"]);
    // The project's own functions may log before they rethrow: dropping their rejection stays low.
    const own = [
      "import express from 'express';",
      "export function created(id: string) {",
      "  sendToPipeline({ event: 'created', id }).catch(() => {});",
      "  sendToPipeline({ event: 'finished', id }).catch(() => {});",
      "  audit.record(id).catch(() => {});",
      "}",
    ].join("\n");
    const projectCalls = await findingsOf(ID, { "server/responses.ts": own });
    expect(projectCalls.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays silent when errors are logged, on idioms that mean 'absent', and under the threshold", async () => {
    const source = [
      "import express from 'express';",
      "export async function load(id: string) {",
      "  const team = await getTeam(id).catch((error) => { logger.warn(error); return null; });",
      "  const ok = await verify(id).then(() => true).catch(() => false);",
      "  pending.finally(() => { pending = null; }).catch(() => {});",
      "  try { return JSON.parse(raw); } catch { return null; }",
      "  try { await save(); } catch { return; }",
      "  await sendWebhook(id).catch(() => {});",
      "  return members.catch(() => []);",
      "}",
    ].join("\n");
    expect(await findingsOf(ID, { "server/teams.ts": source })).toEqual([]);
  });
});
