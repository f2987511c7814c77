// go/goroutine-without-stop: a goroutine running an endless `for {}` with no way to stop it.
import type { SgNode } from "@ast-grep/napi";
import { calleeOf, findKind, FUNCTION_KINDS, isExamplePath } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/goroutine-without-stop",
  area: "concurrency",
  severity: "medium",
  title: "Goroutine with an endless loop and no stop signal",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /\bgo\s/,
  notes: [
    "Looks at `go func() {...}()` and `go f()`/`go x.m()` where f/m is declared in the same file.",
    "An endless loop (`for {`) is stoppable when its body has a return, break, goto, select, channel receive, or a panic/Exit/Fatal call.",
    "Low in examples, scripts and programs under tools/ (`package main`): run by hand, they end with the process.",
    "Not reported in a function that waits for OS signals (`signal.Notify`, `signal.NotifyContext`): a goroutine started there (a watchdog heartbeat, a daemon's loop) lives as long as the process and ends with it.",
  ],
  docs: {
    rationale: "A goroutine that loops forever with no context or stop channel cannot be shut down.",
    impact:
      "Graceful shutdown hangs or leaks workers; in tests and restarts goroutines accumulate and keep using CPU and connections.",
    fix: "Pass a context and select on ctx.Done() (or a stop channel) in the loop, e.g. with a time.Ticker.",
    example: {
      language: "go",
      bad: "go func() {\n\tfor {\n\t\tm.check()\n\t\ttime.Sleep(30 * time.Second)\n\t}\n}()",
      good: "go func() {\n\tt := time.NewTicker(30 * time.Second)\n\tdefer t.Stop()\n\tfor {\n\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn\n\t\tcase <-t.C:\n\t\t\tm.check()\n\t\t}\n\t}\n}()",
    },
  },
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const byHand = isExamplePath(path, text);
    const functions = new Map<string, SgNode>();
    for (const fn of [...findKind(tree, "function_declaration"), ...findKind(tree, "method_declaration")]) {
      const name = fn.field("name")?.text();
      if (name) functions.set(name, fn);
    }
    for (const statement of findKind(tree, "go_statement")) {
      const call = statement.child(1);
      if (call?.kind() !== "call_expression") continue;
      const fnNode = call.field("function");
      let body: SgNode | null = null;
      let label = "";
      if (fnNode?.kind() === "func_literal") body = fnNode.field("body");
      else {
        const name = calleeOf(call)?.name;
        const target = name ? functions.get(name) : undefined;
        if (target) {
          body = target.field("body");
          label = ` (${name})`;
        }
      }
      if (!body || waitsForSignals(statement)) continue;
      const loop = endlessLoops(body).find((candidate) => !stoppable(candidate));
      if (!loop) continue;
      report({
        node: statement,
        message: `goroutine${label} runs an endless loop (line ${loop.range().start.line + 1}) with no context or stop channel${byHand ? " (low: an example or a tool run by hand, it ends with the process)" : ""}`,
        key: `goroutine-loop${label}`,
        ...(byHand ? { severity: "low" as const } : {}),
      });
    }
  },
});

function endlessLoops(body: SgNode): SgNode[] {
  return findKind(body, "for_statement").filter((loop) => {
    if (
      loop
        .children()
        .some((child) => child.isNamed() && child.kind() !== "block" && child.kind() !== "comment")
    )
      return false;
    let current = loop.parent();
    while (current && current.range().start.index >= body.range().start.index) {
      if (FUNCTION_KINDS.has(String(current.kind()))) return false;
      if (current === body || current.range().start.index === body.range().start.index) break;
      current = current.parent();
    }
    return true;
  });
}

function stoppable(loop: SgNode): boolean {
  const block = loop.field("body") ?? loop;
  if (
    ["return_statement", "break_statement", "goto_statement", "select_statement"].some(
      (kind) => findKind(block, kind).length > 0,
    )
  )
    return true;
  if (findKind(block, "unary_expression").some((node) => node.child(0)?.text() === "<-")) return true;
  if (
    findKind(block, "for_statement").some((inner) =>
      inner.children().some((child) => child.kind() === "range_clause"),
    )
  )
    return true;
  return findKind(block, "call_expression").some((call) =>
    /^(panic|os\.Exit|log\.Fatal\w*|runtime\.Goexit|\w+\.Fatal\w*)$/.test(
      call.field("function")?.text() ?? "",
    ),
  );
}

/** Whether the function starting the goroutine runs until the process is told to stop (a daemon's main loop). */
function waitsForSignals(statement: SgNode): boolean {
  let outer: SgNode | null = null;
  for (let at = statement.parent(); at; at = at.parent())
    if (FUNCTION_KINDS.has(String(at.kind()))) outer = at;
  return outer !== null && /\bsignal\.Notify(Context)?\(/.test(outer.text());
}
