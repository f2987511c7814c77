import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "node/swallowed-errors";

describe(ID, () => {
  it("fires once per server module that turns errors into defaults in three or more places", async () => {
    const source = [
      "import { prisma } from '@prisma/client';",
      "export async function load(id: string) {",
      "  const team = await getTeam(id).catch(() => null);",
      "  const members = await listMembers(id).catch(() => []);",
      "  await sendWebhook(id).catch(() => {});",
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
