import { describe, expect, it } from "vitest";
import { parseSource } from "./grammar-registry.js";
import { KindIndex, kindIndexOf, registerKindIndex, searchKind } from "./kind-index.js";

const GO = `package main

import (
	"fmt"
	"sync"
)

func outer() {
	f := func() { fmt.Println(fmt.Sprint("x")) }
	go f()
	var mu sync.Mutex
	mu.Lock()
}

func (s *S) Method() { outer(); s.other(func() { outer() }) }
`;

const spans = (nodes: readonly { range(): { start: { index: number }; end: { index: number } } }[]) =>
  nodes.map((node) => `${node.range().start.index}-${node.range().end.index}`);

function goRoot() {
  const root = parseSource("go", GO)?.root();
  if (!root) throw new Error("no Go grammar");
  return root;
}

describe("KindIndex", () => {
  it("answers each declared kind as its own search would, nested nodes and document order included", () => {
    const root = goRoot();
    const kinds = ["call_expression", "func_literal", "function_declaration", "method_declaration"];
    const index = new KindIndex(root, "go", kinds);
    for (const kind of kinds)
      expect(spans(index.nodesOfKind(kind))).toEqual(spans(root.findAll({ rule: { kind } })));
    expect(index.nodesOfKind("call_expression")).toHaveLength(7);
  });

  it("still answers a kind nobody declared, and answers nothing for a kind the grammar lacks", () => {
    const root = goRoot();
    const index = new KindIndex(root, "go", ["call_expression", "no_such_kind"]);
    expect(spans(index.nodesOfKind("go_statement"))).toEqual(
      spans(root.findAll({ rule: { kind: "go_statement" } })),
    );
    expect(index.nodesOfKind("go_statement")).toHaveLength(1);
    expect(index.nodesOfKind("no_such_kind")).toEqual([]);
  });

  it("is found from the root it was registered for, never from a subtree", () => {
    const root = goRoot();
    const index = new KindIndex(root, "go", ["call_expression"]);
    registerKindIndex(root, index);
    expect(kindIndexOf(root)).toBe(index);
    const body = root.find({ rule: { kind: "block" } });
    expect(body && kindIndexOf(body)).toBeUndefined();
    expect(searchKind(root)("import_spec")).toHaveLength(2);
  });
});
