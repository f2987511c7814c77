// Code, comment and blank line counts, the way cloc counts them.
import { describe, expect, it } from "vitest";
import { countLines } from "./line-counts.js";

describe("countLines", () => {
  it("counts a Python docstring as comment and a triple-quoted value as code, closing quote included", () => {
    const source = [
      "def report(cursor):",
      '    """Run the report.',
      "",
      "    Long description.",
      '    """',
      '    query = """',
      "        SELECT *",
      "        FROM checks",
      '    """',
      "    return cursor.execute(query)",
      "",
      "",
      "def other():",
      '    """One line."""',
      "    return 1",
    ].join("\n");
    expect(countLines(source, "python")).toEqual({ code: 8, comment: 4, blank: 3 });
  });
});
