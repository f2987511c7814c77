import { describe, expect, it } from "vitest";
import { md } from "./escape.js";

describe("md", () => {
  it("keeps a message's code spans as code and escapes everything else", () => {
    expect(md("run `npm uninstall <name>` to drop *it*")).toBe("run `npm uninstall <name>` to drop \\*it\\*");
  });

  it("escapes a code span holding a pipe, which would split a table cell, and an unpaired backtick", () => {
    expect(md("`a|b` and `c")).toBe("\\`a\\|b\\` and \\`c");
  });

  it("never lets markup of the content through outside code spans", () => {
    expect(md("[x](javascript:alert(1)) <img src=x> # h\nnext")).toBe(
      "\\[x\\](javascript:alert(1)) \\<img src=x> \\# h next",
    );
  });
});
