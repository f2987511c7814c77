import { describe, expect, it } from "vitest";
import { catastrophicRegexReason } from "./regex-safety.js";

describe("catastrophicRegexReason", () => {
  it("refuses nested and alternated repeated groups and backreferences", () => {
    for (const pattern of [
      "^(a+)+$",
      "(a*)*",
      "(a|aa)+",
      "(?:x+y?)*z",
      "((ab)*c)+",
      "(a{2,})+",
      "(\\w+)\\1",
      "(?<q>a)\\k<q>",
    ])
      expect(catastrophicRegexReason(pattern), pattern).not.toBeNull();
  });

  it("accepts the usual prefilters", () => {
    for (const pattern of [
      "eval\\(",
      "(foo|bar)",
      "(ab)+",
      "^import\\s+\\w+",
      "[(a+)+]",
      "(a+)?",
      "(\\d{4})-(\\d\\d)",
      "(a|b){2}",
      "(?:foo)+bar",
      "a+b*c?",
    ])
      expect(catastrophicRegexReason(pattern), pattern).toBeNull();
  });
});
