import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { readmeHeadings, sectionsOf } from "./index.js";

describe("docs facts", () => {
  it("finds README headings outside code fences and maps sections", () => {
    const headings = readmeHeadings("# Title\n\n## Installation\n```sh\n# not a heading\n```\nUsage\n-----\n<h2>Configuration</h2>\n## Running the tests\n");
    expect(headings.map((h) => `${h.level}:${h.text}@${h.line}`)).toEqual(["1:Title@1", "2:Installation@3", "2:Usage@7", "2:Configuration@9", "2:Running the tests@10"]);
    expect(sectionsOf(headings)).toEqual({ install: 3, usage: 7, configuration: 9, test: 10 });
  });

  it("measures doc-comment coverage for Go, Python, TypeScript and Elixir", async () => {
    const { facts } = await analyseFiles({
      "pkg/a.go": "package a\n\n// Open opens.\nfunc Open() {}\n\nfunc Close() {}\n\nfunc helper() {}\n",
      "app/m.py": 'def run():\n    """Runs."""\n\n\ndef stop():\n    pass\n\n\ndef _private():\n    pass\n',
      "src/x.ts": "/** Adds. */\nexport function add(a: number, b: number) { return a + b; }\nexport const sub = (a: number, b: number) => a - b;\nexport const K = 1;\n",
      "lib/a.ex": 'defmodule A do\n  @moduledoc "A."\n  @doc "f"\n  def f(1), do: 1\n  def f(x), do: x\n  def g, do: 2\n  @doc false\n  def h, do: 3\n  defp p, do: 4\nend\n',
    });
    const dc = facts.docs.docComments;
    expect([dc.go?.documented, dc.go?.publicItems]).toEqual([1, 2]);
    expect([dc.python?.documented, dc.python?.publicItems]).toEqual([1, 2]);
    expect([dc.typescript?.documented, dc.typescript?.publicItems]).toEqual([1, 2]);
    expect([dc.elixir?.documented, dc.elixir?.publicItems]).toEqual([2, 3]);
  });
});
