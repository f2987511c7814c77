import { describe, expect, it } from "vitest";
import { matrixCombinations } from "./index.js";

describe("matrixCombinations", () => {
  it("takes the product of the lists and adds each include entry", () => {
    expect(
      matrixCombinations({ node: [18, 20], task: ["lint", "test"], include: [{ task: "e2e", node: 20 }] }),
    ).toEqual([
      { node: "18", task: "lint" },
      { node: "18", task: "test" },
      { node: "20", task: "lint" },
      { node: "20", task: "test" },
      { task: "e2e", node: "20" },
    ]);
  });

  it("gives nothing for an expression, and gives up past 64 combinations", () => {
    expect(matrixCombinations("${{ fromJSON(needs.plan.outputs.matrix) }}")).toEqual([]);
    const wide = Object.fromEntries(["a", "b", "c", "d"].map((k) => [k, [1, 2, 3]]));
    expect(matrixCombinations(wide)).toEqual([]);
    expect(matrixCombinations({ include: [{ os: "ubuntu" }] })).toEqual([{ os: "ubuntu" }]);
  });
});
