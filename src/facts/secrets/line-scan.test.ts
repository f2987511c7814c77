import { describe, expect, it } from "vitest";
import { blankTripleQuotedStrings } from "./line-scan.js";

describe("blankTripleQuotedStrings", () => {
  it("blanks an Elixir @doc heredoc and Python docstrings, keeping the code around them", () => {
    const elixir = ['  @doc """', "  Argon2.verify_pass/2", '  """', "  def f, do: 1"];
    expect(blankTripleQuotedStrings(elixir, "elixir")).toEqual([
      '  @doc """',
      " ".repeat("  Argon2.verify_pass/2".length),
      '  """',
      "  def f, do: 1",
    ]);
    const python = ["def f():", "    '''", "    bcrypt.checkpw", "    '''", "    return 1"];
    expect(blankTripleQuotedStrings(python, "python")).toEqual([
      "def f():",
      "    '''",
      " ".repeat(18),
      "    '''",
      "    return 1",
    ]);
    expect(blankTripleQuotedStrings(['x = """a""" + check_password(p)'], "python")).toEqual([
      'x = """ """ + check_password(p)',
    ]);
  });

  it("keeps the other quote kind inside a string, comments and other languages as they are", () => {
    expect(blankTripleQuotedStrings(['    """ opens', "with ''' inside", '"""', "x"], "python")).toEqual([
      '    """' + " ".repeat(" opens".length),
      " ".repeat(15),
      '"""',
      "x",
    ]);
    expect(blankTripleQuotedStrings(['# a comment with """', "x = 1"], "python")).toEqual([
      '# a comment with """',
      "x = 1",
    ]);
    const ts = ['const a = """', "b"];
    expect(blankTripleQuotedStrings(ts, "typescript")).toBe(ts);
  });
});
