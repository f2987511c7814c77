import { describe, expect, it } from "vitest";
import { commentSaysWhy, lineCommentStart } from "./why-comment.js";

describe("commentSaysWhy", () => {
  it("reads a // comment on the line or the lines above", () => {
    expect(commentSaysWhy(["// Clients are not browsers", "ok := check(r)"], 1)).toBe(true);
    expect(commentSaysWhy(['req, _ := http.NewRequest("GET", url, nil) // the URL is a constant'], 0)).toBe(
      true,
    );
  });

  it("takes no // inside a string literal for a comment (a URL)", () => {
    expect(commentSaysWhy(['req, _ := http.NewRequest("GET", "https://api.example.com/v1", nil)'], 0)).toBe(
      false,
    );
    expect(
      commentSaysWhy(["u := `http://localhost:8080/x`", "req, _ := http.NewRequest(m, u, nil)"], 1),
    ).toBe(false);
    expect(commentSaysWhy(["const u = 'https://x.dev/a\\'b' + path;"], 0)).toBe(false);
    expect(commentSaysWhy(['x := "a\\"b//c" // escaped quote kept the string open'], 0)).toBe(true);
  });

  it("still ignores //nolint", () => {
    expect(commentSaysWhy(['_ = f("http://x") //nolint:errcheck'], 0)).toBe(false);
    expect(lineCommentStart('f("http://x") // why')).toBe(14);
  });
});
