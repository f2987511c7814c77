// `codeaudit plan` on the Elixir/OTP fixture: every item kind decided from one audit run, each state reached
// (done, done elsewhere, partial, missing, not decidable), plan.json valid against schema/plan.schema.json,
// reruns byte-identical under --no-timestamp, and the drafted plan from the fixture's own plan document.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { evaluatePlan } from "../src/plan/evaluate-plan.js";
import { parsePlanFile } from "../src/plan/plan-file.js";
import type { PlanItemResult, PlanReport } from "../src/plan/types.js";
import { auditRepository } from "../src/pipeline/audit-repository.js";
import { fakeIo } from "./helpers/fake-io.js";

const fixture = new URL("./fixtures/plan-elixir/", import.meta.url).pathname;

async function planReport(planText: string): Promise<PlanReport> {
  const run = await auditRepository({ path: fixture, jobs: 1, noTimestamp: true, advisoryDir: null });
  return evaluatePlan({
    plan: parsePlanFile(planText, "plan.yml"),
    planFile: "plan.yml",
    engine: run.engine,
    audit: run.audit,
    generatedAt: null,
  });
}

describe("plan on the Elixir/OTP fixture", () => {
  let report: PlanReport;
  let byTitle: Map<string, PlanItemResult>;
  beforeAll(async () => {
    report = await planReport(readFileSync(join(fixture, "plan.yml"), "utf8"));
    byTitle = new Map(report.stages.flatMap((s) => s.items).map((item) => [item.title, item]));
  }, 60_000);
  const item = (title: string): PlanItemResult => {
    const found = byTitle.get(title);
    if (!found) throw new Error(`no item ${title}`);
    return found;
  };

  it("decides modules from the symbol index, with evidence or the search that found nothing", () => {
    expect(item("Persistence base module")).toMatchObject({
      state: "done",
      evidence: [{ path: "lib/foundation/persistent_agent.ex", line: 1 }],
    });
    expect(item("NoRawSend Credo check exists")).toMatchObject({ state: "missing", evidence: [] });
    expect(item("NoRawSend Credo check exists").searched).toContain("module definitions");
  });

  it("reports a module that exists under another namespace as done elsewhere, never missing", () => {
    const workflow = item("Workflow supervisor");
    expect(workflow.state).toBe("done-elsewhere");
    expect(workflow.evidence[0]).toMatchObject({
      path: "lib/jido_system/agents/workflow_supervisor.ex",
      line: 1,
    });
    expect(workflow.fraction).toBe(1);
  });

  it("keeps a generic name at another place missing: Foundation.Config.Helpers is not Foundation.Test.Helpers", () => {
    expect(item("Test helpers")).toMatchObject({ state: "missing", evidence: [] });
  });

  it("gives partial items with what is missing", () => {
    const errors = item("Error handling modules");
    expect(errors.state).toBe("partial");
    expect(errors.missing).toEqual(["Foundation.ErrorBoundary", "Foundation.RetryStrategy"]);
    expect(errors.fraction).toBeCloseTo(1 / 3, 3);
    expect(errors.remainingMinutes).toBe(Math.round(3 * 480 * (2 / 3)));
  });

  it("decides functions with arity, behaviours and uses", () => {
    expect(item("Error wrapping")).toMatchObject({
      state: "done",
      evidence: [{ path: "lib/foundation/error.ex", line: 7 }],
    });
    expect(item("TaskAgent implements GenServer").state).toBe("done");
    expect(item("TaskAgent persists its state").state).toBe("missing");
  });

  it("counts patterns in a path scope and checks absences", () => {
    const sleeps = item("No Process.sleep in tests");
    expect(sleeps.state).toBe("missing");
    expect(sleeps.summary).toContain("2 occurrence(s)");
    expect(sleeps.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([
      "test/task_agent_test.exs:6",
      "test/task_agent_test.exs:11",
    ]);
    expect(item("No process dictionary in lib")).toMatchObject({
      state: "missing",
      evidence: [{ path: "lib/foundation/task_agent.ex", line: 13 }],
    });
    expect(item("Supervision strategy corrected").state).toBe("done");
  });

  it("reads CI jobs and steps, scripts, Mix tasks, config, dependencies, tables and migrations from the facts", () => {
    expect(item("Format check in CI")).toMatchObject({
      state: "done",
      evidence: [{ path: ".github/workflows/ci.yml", line: 9 }],
    });
    expect(item("Test job in CI").state).toBe("done");
    expect(item("Dependency audit in CI").state).toBe("missing");
    expect(item("Pre-integration check task")).toMatchObject({
      state: "done",
      evidence: [{ path: "lib/mix/tasks/pre_integration_check.ex" }],
    });
    expect(item("Lint alias")).toMatchObject({ state: "done", evidence: [{ path: "mix.exs", line: 15 }] });
    expect(item("Pool size")).toMatchObject({
      state: "done",
      evidence: [{ path: "config/config.exs", line: 3 }],
    });
    expect(item("Jason declared").state).toBe("done");
    expect(item("Agent state table").state).toBe("done");
    expect(item("Agent state migration").state).toBe("done");
    expect(item("Legacy folder removed").state).toBe("done");
  });

  it("decides rule items from the audit's findings", () => {
    expect(item("Unsupervised processes gone").state).toBe("done");
  });

  it("never counts free text or coverage without a report as done", () => {
    expect(item("Agree the rollout plan with operations")).toMatchObject({
      state: "not-decidable",
      fraction: 0,
    });
    expect(item("Coverage at 80%").state).toBe("not-decidable");
    expect(report.summary.counts["not-decidable"]).toBe(2);
    expect(report.summary.decidable).toBe(report.summary.items - 2);
  });

  it("weights the percentages, lists risk areas and findings outside the plan, and says a verdict", () => {
    const stage1 = report.stages[0];
    // 1.3 and 1.4 done (weight 1 each) of 1 + 1 + 1 + 1 + 2.
    expect(stage1?.percent).toBe(33.3);
    expect(report.riskAreas.map((r) => r.area)).toEqual(["database", "ci"]);
    expect(report.uncoveredFindings.every((f) => f.severity === "high" || f.severity === "critical")).toBe(
      true,
    );
    expect(report.summary.verdict).toMatch(/^\d+(\.\d)?% complete \(/);
    expect(report.summary.verdict).toContain("not ready");
  });
});

describe("codeaudit plan command", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "codeaudit-plan-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("writes PLAN.md, plan.json (valid against the schema) and plan.html, byte-identical on a rerun", async () => {
    const args = [
      "plan",
      join(fixture, "plan.yml"),
      fixture,
      "--out",
      out,
      "--no-timestamp",
      "--quiet",
      "--jobs",
      "1",
      "--format",
      "md,json,html",
    ];
    expect(await main(args, fakeIo(fixture))).toBe(0);
    const first = ["PLAN.md", "plan.json", "plan.html"].map((f) => readFileSync(join(out, f), "utf8"));
    expect(await main(args, fakeIo(fixture))).toBe(0);
    const second = ["PLAN.md", "plan.json", "plan.html"].map((f) => readFileSync(join(out, f), "utf8"));
    expect(second).toEqual(first);
    const schema = JSON.parse(readFileSync(new URL("../schema/plan.schema.json", import.meta.url), "utf8"));
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
    expect(validate(JSON.parse(first[1] ?? "")), JSON.stringify(validate.errors)).toBe(true);
    expect(first[0]).toContain("## Stage 2: State persistence");
    expect(first[0]).toContain("done elsewhere");
  }, 120_000);

  it("shows the plan file format in --help", async () => {
    const io = fakeIo(fixture);
    expect(await main(["plan", "--help"], io)).toBe(0);
    expect(io.out()).toContain("Plan file (YAML)");
    expect(io.out()).toContain("count: Process.sleep in test/** <= 5");
  });

  it("names the line of a bad plan file and what is allowed", async () => {
    const bad = join(out, "bad-plan.yml");
    writeFileSync(bad, "plan: x\nstages:\n  - stage: 1\n    items:\n      - modul: Foo.Bar\n");
    const io = fakeIo(fixture);
    expect(await main(["plan", bad, fixture, "--quiet"], io)).toBe(2);
    expect(io.err()).toMatch(/bad-plan\.yml:5: unknown item key `modul`; checks: path, module/);
    const yaml = fakeIo(fixture);
    expect(
      await main(["plan", join(fixture, "docs/plan/01_otp_refactor.md"), fixture, "--quiet"], yaml),
    ).toBe(2);
    expect(yaml.err()).toMatch(/01_otp_refactor\.md:5: not valid YAML/);
  });

  it("drafts a plan.yml from the fixture's plan document that `plan` accepts", async () => {
    const io = fakeIo(fixture);
    expect(await main(["plan", "--draft", "docs/plan/01_otp_refactor.md"], io)).toBe(0);
    const drafted = parsePlanFile(io.out(), "draft.yml");
    expect(drafted.stages.map((s) => `${s.id} ${s.title}`)).toEqual([
      "1 Critical fixes",
      "2 State persistence",
      "3 Tooling",
    ]);
    const report = await planReport(io.out());
    const states = report.stages.flatMap((s) => s.items).map((i) => `${i.source} ${i.kind} ${i.state}`);
    expect(states).toContain("docs/plan/01_otp_refactor.md:20 module done-elsewhere");
    expect(states).toContain("docs/plan/01_otp_refactor.md:6 count missing");
    expect(states).toContain("docs/plan/01_otp_refactor.md:21 module missing");
  }, 60_000);
});
