// Which names are specific enough for "done elsewhere": a planned `Foundation.Test.Helpers` is not done because
// `Foundation.JidoConfig.Helpers` exists, a planned `JidoSystem.WorkflowSupervisor` is when
// `JidoSystem.Agents.WorkflowSupervisor` exists.
import { describe, expect, it } from "vitest";
import { isDistinctiveName } from "./evaluate-item.js";

describe("isDistinctiveName", () => {
  it.each([
    "WorkflowSupervisor",
    "CircuitBreaker",
    "circuit_breaker.ex",
    "feature-flags.ts",
    "StartWorkflow",
  ])("%s is distinctive", (name) => expect(isDistinctiveName(name)).toBe(true));
  it.each(["Helpers", "Supervisor", "Application", "supervisor.ex", "index.ts", "Worker", "a_b"])(
    "%s is generic",
    (name) => expect(isDistinctiveName(name)).toBe(false),
  );
});
