import { describe, expect, it } from "vitest";
import { nearbyNames, UnknownTally } from "./model.js";

describe("symbol index model", () => {
  it("suggests names one or two edits away, closest first", () => {
    expect(nearbyNames("NewDreamManger", ["NewDreamManager", "NewManager", "DreamManager"])).toEqual([
      "NewDreamManager",
    ]);
    expect(nearbyNames("cfg", ["cfgs", "ctx", "config"])).toEqual(["cfgs"]);
    expect(nearbyNames("x", ["x"])).toEqual([]);
  });

  it("tallies unknown references by reason, most frequent first, keeping the first place", () => {
    const tally = new UnknownTally();
    tally.add("b", { path: "b.go", line: 1 });
    tally.add("a", { path: "a.go", line: 2 }, 2);
    tally.add("b", { path: "c.go", line: 3 }, 2);
    expect(tally.total).toBe(5);
    expect(tally.list()).toEqual([
      { reason: "b", count: 3, example: { path: "b.go", line: 1 } },
      { reason: "a", count: 2, example: { path: "a.go", line: 2 } },
    ]);
  });
});
