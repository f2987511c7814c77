// The draft extractor: stage headings, checkboxes, action lines, modules and files in code, commands and counts,
// each drafted item with the document line it came from; the YAML it writes is a valid plan file.
import { describe, expect, it } from "vitest";
import { parsePlanFile } from "../plan-file.js";
import { checkFromText, draftPlan } from "./draft-plan.js";
import { renderDraftYaml } from "./render-draft-yaml.js";

const ROADMAP = [
  "# Roadmap", // 1
  "", // 2
  "Intro text that is not an item.", // 3
  "", // 4
  "## Phase 1.3: Hardening", // 5
  "", // 6
  "- [x] Add `Foundation.CredoChecks.NoRawSend`", // 7
  "- [ ] Reduce `Process.sleep` in tests to 0", // 8
  "- Talk to the operations team", // 9
  "", // 10
  "### Notes", // 11
  "", // 12
  "Implement the retry budget in `lib/foundation/retry.ex`", // 13
  "", // 14
  "## M3 Tooling", // 15
  "", // 16
  "```elixir", // 17
  "defmodule Foundation.FeatureFlags do", // 18
  "end", // 19
  "```", // 20
  "", // 21
  "```bash", // 22
  "# scripts/check.sh", // 23
  "mix foundation.check", // 24
  "npm run test:e2e", // 25
  "```", // 26
  "", // 27
  "## Milestone 4", // 28
  "", // 29
  "1. Run `mix deps.audit` in CI", // 30
  "2. Reach 85% test coverage", // 31
  "", // 32
  "## Appendix", // 33
  "", // 34
  "- Add a glossary", // 35
].join("\n");

describe("draftPlan", () => {
  const plan = draftPlan([{ path: "docs/ROADMAP.md", text: ROADMAP }]);
  const items = plan.stages.flatMap((stage) => stage.items.map((item) => ({ stage: stage.id, ...item })));

  it("opens a stage at each stage heading (Phase 1.3, M3, Milestone 4) and stops at a non-stage heading of that level", () => {
    expect(plan.title).toBe("Roadmap");
    expect(plan.stages.map((s) => `${s.id} ${s.title} ${s.source}`)).toEqual([
      "1.3 Hardening docs/ROADMAP.md:5",
      "M3 Tooling docs/ROADMAP.md:15",
      "4 Milestone 4 docs/ROADMAP.md:28",
    ]);
    expect(items.some((i) => i.title.includes("glossary"))).toBe(false);
    expect(items.some((i) => i.title.includes("Intro"))).toBe(false);
  });

  it("keeps checkbox state and the source line of every item", () => {
    expect(items.map((i) => `${i.source} ${JSON.stringify(i.check)} ${i.checked}`)).toEqual([
      'docs/ROADMAP.md:7 {"module":"Foundation.CredoChecks.NoRawSend"} true',
      'docs/ROADMAP.md:8 {"count":"Process.sleep in test/** <= 0"} false',
      'docs/ROADMAP.md:9 {"text":"Talk to the operations team"} null',
      'docs/ROADMAP.md:13 {"path":"lib/foundation/retry.ex"} null',
      'docs/ROADMAP.md:18 {"module":"Foundation.FeatureFlags"} null',
      'docs/ROADMAP.md:23 {"path":"scripts/check.sh"} null',
      'docs/ROADMAP.md:24 {"script":"mix foundation.check"} null',
      'docs/ROADMAP.md:25 {"script":"npm run test:e2e"} null',
      'docs/ROADMAP.md:30 {"ci":"mix deps.audit"} null',
      'docs/ROADMAP.md:31 {"coverage":">= 85"} null',
    ]);
  });

  it("writes YAML that is a valid plan file, deterministically", () => {
    const yaml = renderDraftYaml(plan, ["docs/ROADMAP.md"]);
    expect(
      renderDraftYaml(draftPlan([{ path: "docs/ROADMAP.md", text: ROADMAP }]), ["docs/ROADMAP.md"]),
    ).toBe(yaml);
    const parsed = parsePlanFile(yaml, "plan.yml");
    expect(parsed.stages.flatMap((s) => s.items).map((i) => i.check.kind)).toEqual([
      "module",
      "count",
      "text",
      "path",
      "module",
      "path",
      "script",
      "script",
      "ci",
      "coverage",
    ]);
    expect(parsed.stages[0]?.items[0]?.source).toBe("docs/ROADMAP.md:7");
  });

  it("makes each top section a stage in a document without stage headings", () => {
    const flat = draftPlan([
      {
        path: "TODO.md",
        text: "# TODO\n\n## Backend\n\n- [ ] Add `app/billing.py`\n\n## Frontend\n\n- [ ] Create `src/Cart.tsx`\n",
      },
    ]);
    expect(flat.stages.map((s) => `${s.id} ${s.title}`)).toEqual(["1 Backend", "2 Frontend"]);
  });

  it("numbers repeated stage ids from several documents apart", () => {
    const two = draftPlan([
      { path: "a.md", text: "## Stage 1\n\n- [ ] Add `lib/a.ex`\n" },
      { path: "b.md", text: "## Stage 1\n\n- [ ] Add `lib/b.ex`\n" },
    ]);
    expect(two.stages.map((s) => s.id)).toEqual(["1", "1-2"]);
  });
});

describe("checkFromText", () => {
  it.each([
    ["Reduce `Process.sleep` usage to 5", ["Process.sleep"], { count: "Process.sleep <= 5" }],
    ["Process.sleep: 58 → 0 in tests", [], null],
    ["Eliminate `Process.put` in lib/", ["Process.put"], { absent: "Process.put" }],
    [
      "Create `MyApp.Accounts` and `MyApp.Billing`",
      ["MyApp.Accounts", "MyApp.Billing"],
      { module: ["MyApp.Accounts", "MyApp.Billing"] },
    ],
    ["Coverage must stay above 70%", [], { coverage: ">= 70" }],
    ["Improve the docs", [], null],
  ])("%s", (text, codes, expected) => {
    expect(checkFromText(text, codes)).toEqual(expected);
  });
});

describe("checkFromText on changes to what exists", () => {
  it.each([
    ["Fix the monitor leak in `lib/foundation/signal_router.ex`", ["lib/foundation/signal_router.ex"]],
    ["Refactor `Foundation.ErrorHandler` to stop catching everything", ["Foundation.ErrorHandler"]],
  ])("%s is no existence check: the file or module was there before the work", (text, codes) => {
    expect(checkFromText(text, codes)).toBeNull();
  });
});

describe("checkFromText on task lists that write paths and names as plain text", () => {
  it.each([
    [
      "T001 Create go-service template directory structure at templates/go-service/",
      { path: "templates/go-service/" },
    ],
    [
      "T005 Define Executor interface in internal/generator/executor.go",
      { class: "Executor", in: "internal/generator/executor.go" },
    ],
    [
      "T010 [P] Add ValidateGoModule function in internal/validation/validators.go",
      { function: "ValidateGoModule", in: "internal/validation/validators.go" },
    ],
    [
      "T030 [P] [US2] Remove the old loader in internal/legacy/loader.go",
      { path: "internal/legacy/loader.go", gone: true },
    ],
  ])("%s", (text, expected) => {
    expect(checkFromText(text, [])).toEqual(expected);
  });
});

describe("draft items from prose checklists", () => {
  it("reads routes and files named without their folder", () => {
    expect(checkFromText("POST /api/pipeline-runs/{id}/debug-rerun endpoint", [])).toEqual({
      route: "POST /api/pipeline-runs/{id}/debug-rerun",
    });
    expect(checkFromText("Write test_terminal_connection.py (defines the protocol)", [])).toEqual({
      path: "**/test_terminal_connection.py",
    });
  });

  it("takes plain bullets under a Tasks heading, not under Tech Decisions", () => {
    const plan = draftPlan([
      {
        path: "phase.md",
        text: "# Phase 1: Foundation\n\n## Tasks\n\n- Initialise the backend\n\n## Tech Decisions\n\n- FastAPI for the API\n- [x] Add `app/main.py`\n",
      },
    ]);
    expect(plan.stages[0]?.items.map((i) => i.title)).toEqual(["Initialise the backend", "Add app/main.py"]);
  });
});

describe("checkFromText type names", () => {
  it("takes compound or code-spelled type names, not a capitalised word before 'type'", () => {
    expect(
      checkFromText("Docker-in-Docker required: For type: docker steps, mount the socket", []),
    ).toBeNull();
    expect(checkFromText("ChaosController class (tdd/shared/chaos.py):", [])).toEqual({
      class: "ChaosController",
      in: "tdd/shared/chaos.py",
    });
    expect(checkFromText("Create the `Role` enum", ["Role"])).toEqual({ class: "Role" });
    expect(checkFromText("Enable method security in SecurityConfig", [])).toBeNull();
  });
});
