// The fleet's job list: text lines or a JSON manifest, local paths made absolute, option-like values refused.
import { describe, expect, it } from "vitest";
import { readJobList } from "./read-job-list.js";

describe("readJobList", () => {
  it("reads `<url|path> [ref]` lines with comments, and resolves paths against the list's folder", () => {
    expect(
      readJobList(
        "# org\nhttps://example.com/a/b.git v1.2\n\nrepos/c  # local\ngit@example.com:d/e\n",
        "l",
        "/lists",
      ),
    ).toEqual([
      { repository: "https://example.com/a/b.git", ref: "v1.2" },
      { repository: "/lists/repos/c", ref: null },
      { repository: "git@example.com:d/e", ref: null },
    ]);
  });

  it("reads a JSON manifest of strings and { repository, ref } objects", () => {
    expect(
      readJobList(
        '{"repositories": ["/x", {"repository": "https://example.com/y", "ref": "main"}]}',
        "m",
        "/",
      ),
    ).toEqual([
      { repository: "/x", ref: null },
      { repository: "https://example.com/y", ref: "main" },
    ]);
  });

  it("refuses a ref or repository that git would take as an option", () => {
    expect(() => readJobList("https://example.com/a --upload-pack=evil\n", "l", "/")).toThrow(
      /may not start with "-"/,
    );
  });
});
