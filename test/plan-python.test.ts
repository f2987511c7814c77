// `codeaudit plan` routes on a FastAPI service: a route declared with its full path is done, one whose router
// prefix the audit does not read is left to a reader (never called missing), an absent one is missing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluatePlan } from "../src/plan/evaluate-plan.js";
import { parsePlanFile } from "../src/plan/plan-file.js";
import type { PlanItemResult } from "../src/plan/types.js";
import { auditRepository } from "../src/pipeline/audit-repository.js";

const fixture = new URL("./fixtures/plan-python/", import.meta.url).pathname;

describe("plan routes on the FastAPI fixture", () => {
  let items: Map<string, PlanItemResult>;
  beforeAll(async () => {
    const run = await auditRepository({ path: fixture, jobs: 1, noTimestamp: true, advisoryDir: null });
    const report = evaluatePlan({
      plan: parsePlanFile(readFileSync(join(fixture, "plan.yml"), "utf8"), "plan.yml"),
      planFile: "plan.yml",
      engine: run.engine,
      audit: run.audit,
      generatedAt: null,
    });
    items = new Map(report.stages.flatMap((s) => s.items).map((item) => [item.title, item]));
  }, 60_000);

  it("finds a route declared with its full path", () => {
    expect(items.get("Health endpoint")).toMatchObject({
      state: "done",
      evidence: [{ path: "app/main.py", line: 10 }],
    });
  });

  it("never calls a route missing when a router with an unread prefix declares its tail", () => {
    const heartbeat = items.get("Heartbeat endpoint");
    expect(heartbeat?.state).toBe("not-decidable");
    expect(heartbeat?.summary).toContain("POST /{step_id}/heartbeat at app/routers/steps.py:7");
  });

  it("calls an absent route missing, and a declared path with another method missing too", () => {
    expect(items.get("Debug rerun endpoint")?.state).toBe("missing");
    const post = items.get("Health answers POST");
    expect(post?.state).toBe("missing");
    expect(post?.searched).toContain("the path is declared for GET");
  });
});
