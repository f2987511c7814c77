// go/goroutine-unsynced-write: a goroutine writes its receiver's fields with no lock, atomic or channel hand-off.
import { enclosingFunction, findKind, receiverName } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/goroutine-unsynced-write",
  area: "concurrency",
  severity: "medium",
  title: "Shared field written from a goroutine without synchronisation",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /\bgo\s+func/,
  notes: [
    "Looks at `go func() {...}()` inside a method and at writes (`=`, `+=`, `++`) to fields of the method's receiver.",
    "Silent when the goroutine body calls Lock/RLock, uses sync/atomic, sends on a channel or calls Done() (a WaitGroup hand-off); the race detector is the authority, hence heuristic.",
  ],
  docs: {
    rationale:
      "A field written from a goroutine while other goroutines read it is a data race unless a lock, atomic or channel orders the accesses.",
    impact:
      "Torn or stale values, corrupted maps (fatal `concurrent map writes`), counters that lose updates under load.",
    fix: "Guard the field with the struct's mutex, use sync/atomic types, or send the result over a channel.",
    example: {
      language: "go",
      bad: "func (m *Monitor) Start() {\n\tgo func() {\n\t\tm.lastCheck = time.Now()\n\t\tm.failures++\n\t}()\n}",
      good: "func (m *Monitor) Start() {\n\tgo func() {\n\t\tm.mu.Lock()\n\t\tdefer m.mu.Unlock()\n\t\tm.lastCheck = time.Now()\n\t\tm.failures++\n\t}()\n}",
    },
  },
  checkFile({ tree, report }) {
    if (!tree) return;
    for (const statement of findKind(tree, "go_statement")) {
      const literal = statement.child(1)?.field("function");
      if (literal?.kind() !== "func_literal") continue;
      const method = enclosingFunction(statement);
      const receiver = method ? receiverName(method) : null;
      if (!receiver) continue;
      const body = literal.field("body");
      if (!body) continue;
      const text = body.text();
      if (/\.(R?Lock|Done)\(\)|atomic\.|<-|\.Store\(|\.Add\(/.test(text)) continue;
      const writes = [
        ...findKind(body, "assignment_statement").map((node) => node.field("left")),
        ...findKind(body, "inc_statement").map((node) => node.child(0)),
        ...findKind(body, "dec_statement").map((node) => node.child(0)),
      ]
        .flatMap((target) =>
          target?.kind() === "expression_list" ? target.children() : target ? [target] : [],
        )
        .filter(
          (target) => target.kind() === "selector_expression" && target.field("operand")?.text() === receiver,
        );
      const first = writes[0];
      if (!first) continue;
      const fields = [...new Set(writes.map((write) => write.text()))];
      report({
        node: first,
        message: `goroutine writes ${fields.join(", ")} without a lock, atomic or channel`,
        key: `unsynced:${fields.join(",")}`,
      });
    }
  },
});
