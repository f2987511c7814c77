import { describe, expect, it } from "vitest";
import { formatVerbs } from "./format-verbs.js";

describe("formatVerbs", () => {
  it("gives each verb the argument it prints, skipping %% and following explicit indexes", () => {
    const verbs = formatVerbs("100%% of %s: %05d, %[1]q then %v, %*d");
    expect(verbs.map((v) => [v.letter, v.argument, v.starred])).toEqual([
      ["s", 0, false],
      ["d", 1, false],
      ["q", 0, false],
      ["v", 1, false],
      ["d", 2, true],
    ]);
    const text = "id=%d&q=%s";
    expect(formatVerbs(text).map((v) => text.slice(v.start, v.end))).toEqual(["%d", "%s"]);
  });
});
