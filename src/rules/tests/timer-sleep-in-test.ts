// node/timer-sleep-in-test: tests that wait a fixed time (setTimeout promises, waitForTimeout) instead of an event.
import type { SgNode } from "@ast-grep/napi";
import { firstArgument, moduleBindings, calledExport } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

function isSleepPromise(node: SgNode): boolean {
  if (node.field("constructor")?.text() !== "Promise") return false;
  const executor = firstArgument(node);
  if (!executor || (executor.kind() !== "arrow_function" && executor.kind() !== "function_expression"))
    return false;
  const params = executor.field("parameters") ?? executor.field("parameter");
  const resolve =
    params?.kind() === "identifier" ? params.text() : params?.find({ rule: { kind: "identifier" } })?.text();
  if (!resolve) return false;
  return executor
    .findAll({
      rule: {
        kind: "call_expression",
        has: { field: "function", regex: "^(setTimeout|global\\.setTimeout|window\\.setTimeout)$" },
      },
    })
    .some((call) => {
      const first = firstArgument(call);
      if (!first) return false;
      // setTimeout(resolve) / setTimeout(resolve, 0) yields one macrotask: a tick flush, not a timed wait.
      const delay = call
        .field("arguments")
        ?.children()
        .filter((child) => child.isNamed() && child.kind() !== "comment")[1];
      if (!delay || delay.text() === "0") return false;
      if (first.text() === resolve) return true;
      return (
        (first.kind() === "arrow_function" || first.kind() === "function_expression") &&
        first.text().includes(`${resolve}(`)
      );
    });
}

const FUNCTION_KINDS = new Set([
  "arrow_function",
  "function_expression",
  "function_declaration",
  "method_definition",
  "generator_function",
]);
const TEST_CALLEE =
  /^(it|test|specify|beforeEach|afterEach|beforeAll|afterAll|before|after)(\.(only|concurrent|serial|each|skip)\b.*)?$/;

/**
 * True when the sleep sits directly in a test or hook body. A sleep inside a nested function (a mocked server
 * handler, a request hook, a fake implementation) simulates latency on purpose and is not a wait for a condition.
 */
function inTestBody(node: SgNode): boolean {
  let current = node.parent();
  while (current && !FUNCTION_KINDS.has(String(current.kind()))) current = current.parent();
  if (!current) return false;
  const call = current.parent()?.kind() === "arguments" ? current.parent()?.parent() : null;
  const callee = call?.kind() === "call_expression" ? call.field("function") : null;
  const text = callee?.kind() === "call_expression" ? callee.field("function")?.text() : callee?.text();
  return text !== undefined && TEST_CALLEE.test(text);
}

export default defineRule({
  id: "node/timer-sleep-in-test",
  area: "tests",
  severity: "low",
  title: "Fixed sleep in a test (setTimeout promise / waitForTimeout)",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["typescript", "tsx", "javascript"],
  includeTests: true,
  prefilter: /setTimeout|waitForTimeout/,
  docs: {
    rationale:
      "A test that sleeps for a fixed time guesses how long the code under test needs. Too short and it flakes on a loaded CI runner; too long and the suite gets slower with every such test.",
    impact: "Flaky CI runs, retried pipelines and slow feedback; real timing bugs get dismissed as flakes.",
    fix: "Wait for the condition itself (`await waitFor(...)`, `expect.poll`, Playwright auto-waiting locators, an awaited event) or use fake timers and advance them.",
    example: {
      language: "typescript",
      bad: "await new Promise((resolve) => setTimeout(resolve, 500));\nexpect(queue.size).toBe(0);",
      good: "await vi.waitFor(() => expect(queue.size).toBe(0));",
    },
  },
  notes: [
    "Zero-delay timers (`setTimeout(resolve)`, `setTimeout(resolve, 0)`) flush one macrotask and are not reported.",
    "Only sleeps directly in a test or hook body are reported: a sleep inside a nested function (mock server handler, request hook) simulates latency on purpose.",
    "Only test files outside fixture folders are checked; files that use fake timers (useFakeTimers) are skipped since their timers are advanced by hand.",
  ],
  checkFile({ tree, isTest, text, path, report }) {
    if (
      !tree ||
      !isTest ||
      /(^|\/)(fixtures|__fixtures__|testdata)\//.test(path) ||
      /useFakeTimers|\bclock\.install\b|sinon\.useFakeTimers/.test(text)
    )
      return;
    for (const node of tree.findAll({ rule: { kind: "new_expression" } })) {
      if (isSleepPromise(node) && inTestBody(node))
        report({
          node,
          message: "test sleeps on a setTimeout promise instead of waiting for a condition",
          key: "sleep:setTimeout-promise",
        });
    }
    const timers = moduleBindings(tree, ["timers/promises", "node:timers/promises"]);
    for (const call of tree.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      if (!inTestBody(call)) continue;
      if (callee?.kind() === "member_expression" && callee.field("property")?.text() === "waitForTimeout") {
        report({
          node: call,
          message: `${callee.text()}(${firstArgument(call)?.text() ?? ""}) waits a fixed time`,
          key: "sleep:waitForTimeout",
        });
      } else if (
        calledExport(call, timers) === "setTimeout" &&
        call.parent()?.kind() === "await_expression"
      ) {
        report({
          node: call,
          message: "test sleeps with timers/promises setTimeout",
          key: "sleep:timers-promises",
        });
      }
    }
  },
});
