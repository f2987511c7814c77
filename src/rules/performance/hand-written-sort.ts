// go/hand-written-sort: nested index loops with an element swap — a quadratic bubble/selection sort.
import type { SgNode } from "@ast-grep/napi";
import { assignmentSides, findKind, FUNCTION_KINDS } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/hand-written-sort",
  area: "performance",
  severity: "medium",
  title: "Hand-written quadratic sort",
  effortMinutes: 15,
  confidence: "heuristic",
  languages: ["go"],
  prefilter: /for\b[\s\S]*for\b/,
  notes: [
    "Two nested counting or range loops whose inner body swaps two elements of one slice (`a[i], a[j] = a[j], a[i]`) under an `if` that compares elements.",
  ],
  docs: {
    rationale:
      "Bubble and selection sorts compare every pair: O(n²) where sort.Slice or slices.SortFunc is O(n log n).",
    impact:
      "Fine for ten items, seconds of CPU per request for ten thousand; the cost grows silently with data.",
    fix: "Use sort.Slice / slices.SortFunc with a comparison function.",
    example: {
      language: "go",
      bad: "for i := 0; i < len(m)-1; i++ {\n\tfor j := i + 1; j < len(m); j++ {\n\t\tif m[i].score < m[j].score {\n\t\t\tm[i], m[j] = m[j], m[i]\n\t\t}\n\t}\n}",
      good: "sort.Slice(m, func(i, j int) bool { return m[i].score > m[j].score })",
    },
  },
  checkFile({ tree, report }) {
    if (!tree) return;
    const seen = new Set<number>();
    for (const swap of findKind(tree, "assignment_statement")) {
      if (!isSwap(swap) || !guardedByComparison(swap)) continue;
      const loops: SgNode[] = [];
      let current = swap.parent();
      while (current && !FUNCTION_KINDS.has(String(current.kind()))) {
        if (current.kind() === "for_statement") loops.push(current);
        current = current.parent();
      }
      const outer = loops[1];
      if (!loops.slice(0, 2).every(isIndexLoop)) continue;
      if (!outer || seen.has(outer.range().start.index)) continue;
      seen.add(outer.range().start.index);
      report({
        node: outer,
        message: `nested loops swap elements of ${swapBase(swap)}: an O(n²) hand-written sort; use sort.Slice or slices.SortFunc`,
        key: `sort:${swapBase(swap)}`,
      });
    }
  },
});

function swapBase(swap: SgNode): string {
  return (
    swap
      .field("left")
      ?.children()
      .find((child) => child.kind() === "index_expression")
      ?.field("operand")
      ?.text() ?? "slice"
  );
}

function isSwap(statement: SgNode): boolean {
  if (
    statement.field("operator")?.text() !== "=" &&
    !statement.children().some((child) => child.text() === "=")
  )
    return false;
  const { left, right } = assignmentSides(statement);
  if (left.length !== 2 || right.length !== 2) return false;
  if (
    !left.every((node) => node.kind() === "index_expression") &&
    !left.every((node) => node.kind() === "selector_expression")
  )
    return false;
  const [a, b] = left.map((node) => node.text().replace(/\s+/g, ""));
  const [c, d] = right.map((node) => node.text().replace(/\s+/g, ""));
  if (a !== d || b !== c || a === b) return false;
  const bases = left.map((node) =>
    node.kind() === "index_expression"
      ? node.field("operand")?.text()
      : node.field("operand")?.field("operand")?.text(),
  );
  return bases[0] !== undefined && bases[0] === bases[1];
}

/** The swap sits under an `if` comparing elements (`a[j] < a[i]`, `less(a[j], a[i])`), the mark of a sort. */
function guardedByComparison(swap: SgNode): boolean {
  let current = swap.parent();
  while (current && current.kind() !== "for_statement") {
    if (current.kind() === "if_statement") {
      const condition = current.field("condition");
      const text = condition?.text() ?? "";
      const compares =
        condition?.kind() === "binary_expression" &&
        /^(<|>|<=|>=)$/.test(condition.field("operator")?.text() ?? "");
      if ((compares && /\[/.test(text)) || /less|Less|compare|Compare/.test(text)) return true;
    }
    current = current.parent();
  }
  return false;
}

/** A counting loop (`for i := 0; i < n; i++`) or a range loop. */
function isIndexLoop(loop: SgNode): boolean {
  return loop.children().some((child) => child.kind() === "for_clause" || child.kind() === "range_clause");
}
