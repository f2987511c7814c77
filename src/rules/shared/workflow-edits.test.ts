import { describe, expect, it } from "vitest";
import { applyPatches } from "../../../test/helpers/patch-check.js";
import { insertTopLevelBlock } from "./workflow-edits.js";

const read = { contents: "read" };

describe("insertTopLevelBlock", () => {
  it("inserts before jobs: without a blank line when there is none, indented like the jobs", () => {
    const text = "on: push\njobs:\n   a:\n      runs-on: x\n";
    const patch = insertTopLevelBlock("w.yml", text, "permissions", read) ?? "";
    expect(applyPatches({ "w.yml": text }, [patch]).texts["w.yml"]).toBe(
      "on: push\npermissions:\n   contents: read\njobs:\n   a:\n      runs-on: x\n",
    );
  });

  it("gives no patch for flow style, several jobs: keys, or a key already there", () => {
    expect(insertTopLevelBlock("w.yml", "{on: push, jobs: {a: {}}}\n", "permissions", read)).toBeNull();
    expect(
      insertTopLevelBlock("w.yml", "on: push\njobs:\n  a: {}\n---\njobs:\n  b: {}\n", "permissions", read),
    ).toBeNull();
    expect(
      insertTopLevelBlock("w.yml", "on: push\njobs:\n  a: {}\npermissions: {}\n", "permissions", read),
    ).toBeNull();
  });

  it("gives no patch when the value would not read back as written", () => {
    expect(insertTopLevelBlock("w.yml", "on: push\njobs:\n  a: {}\n", "x", { y: "a: b" })).toBeNull();
  });
});
