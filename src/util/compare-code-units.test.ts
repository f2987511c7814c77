import { describe, expect, it } from "vitest";
import { compareCodeUnits } from "./compare-code-units.js";

describe("compareCodeUnits", () => {
  it("orders by UTF-16 code units: upper case before lower case, ASCII before accented and dotless letters", () => {
    const names = ["zebra", "äpple", "Banana", "apricot", "ılık", "Ispanak", "iplik", "a_b", "a-b", "ab"];
    expect([...names].sort(compareCodeUnits)).toEqual([
      "Banana",
      "Ispanak",
      "a-b",
      "a_b",
      "ab",
      "apricot",
      "iplik",
      "zebra",
      "äpple",
      "ılık",
    ]);
    expect([compareCodeUnits("a", "a"), compareCodeUnits("a", "b"), compareCodeUnits("b", "a")]).toEqual([
      0, -1, 1,
    ]);
  });
});
