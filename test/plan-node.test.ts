// `codeaudit plan` on a TypeScript service: classes found by definition pattern, exported functions from the
// symbol index, npm scripts, package.json keys, env reads, CI steps, a folder that must be gone, routes where no
// router is read (not decidable), and the roadmap drafted from its Phase / M2 / Milestone headings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { evaluatePlan } from "../src/plan/evaluate-plan.js";
import { parsePlanFile } from "../src/plan/plan-file.js";
import type { PlanReport } from "../src/plan/types.js";
import { auditRepository } from "../src/pipeline/audit-repository.js";
import { fakeIo } from "./helpers/fake-io.js";

const fixture = new URL("./fixtures/plan-node/", import.meta.url).pathname;

describe("plan on the TypeScript fixture", () => {
  let report: PlanReport;
  let drafted: string;
  beforeAll(async () => {
    const run = await auditRepository({ path: fixture, jobs: 1, noTimestamp: true, advisoryDir: null });
    const evaluate = (text: string): PlanReport =>
      evaluatePlan({
        plan: parsePlanFile(text, "plan.yml"),
        planFile: "plan.yml",
        engine: run.engine,
        audit: run.audit,
        generatedAt: null,
      });
    report = evaluate(readFileSync(join(fixture, "plan.yml"), "utf8"));
    const io = fakeIo(fixture);
    await main(["plan", "--draft", "docs/ROADMAP.md"], io);
    drafted = io.out();
  }, 60_000);
  const state = (title: string): string | undefined =>
    report.stages.flatMap((s) => s.items).find((item) => item.title === title)?.state;

  it("decides each item from the facts", () => {
    expect(
      Object.fromEntries(report.stages.flatMap((s) => s.items).map((item) => [item.title, item.state])),
    ).toEqual({
      "Invoice service": "done",
      "Invoice parsing exported": "done",
      "Legacy client removed": "missing",
      "No console.log in src": "missing",
      "Payment service": "missing",
      "Refund policy": "missing",
      "Type check in CI": "missing",
      "Health route": "not-decidable",
      "Billing key read from the environment": "done",
      "zod declared": "done",
      "Talk to finance about refund limits": "not-decidable",
      "Test script": "done",
      "Lint job runs in CI": "done",
      "End-to-end script": "missing",
      "Build config": "done",
    });
    expect(state("Health route")).toBe("not-decidable");
  });

  it("sums the effort left from the open items' estimates", () => {
    // 2h + 2d + 1d + 30m + 1d, the open items that carry an estimate.
    expect(report.summary.remainingMinutes).toBe(120 + 960 + 480 + 30 + 480);
    expect(report.summary.unestimated).toBe(1);
  });

  it("drafts stages from Phase, M2 and Milestone headings", () => {
    const plan = parsePlanFile(drafted, "draft.yml");
    expect(plan.stages.map((s) => `${s.id} ${s.title}`)).toEqual([
      "1 Foundations",
      "M2 Payments",
      "3 Quality",
    ]);
    expect(plan.stages.flatMap((s) => s.items).map((i) => `${i.source} ${i.check.kind}`)).toEqual([
      "docs/ROADMAP.md:5 class",
      "docs/ROADMAP.md:6 path",
      "docs/ROADMAP.md:7 count",
      "docs/ROADMAP.md:11 path",
      "docs/ROADMAP.md:12 class",
      "docs/ROADMAP.md:13 ci",
      "docs/ROADMAP.md:14 text",
      "docs/ROADMAP.md:18 coverage",
      "docs/ROADMAP.md:19 script",
    ]);
    const legacy = plan.stages[0]?.items[1]?.check;
    expect(legacy).toEqual({ kind: "path", names: ["src/legacy/"], gone: true, scope: [] });
  });
});
