import { describe, expect, it } from "vitest";
import { normaliseRepoPath, parentDir } from "./repo-path.js";

describe("repository paths", () => {
  it("gives a path's folder, with the root named as the caller wants", () => {
    expect(parentDir("a/b/c.yml")).toBe("a/b");
    expect(parentDir("c.yml")).toBe(".");
    expect(parentDir("c.yml", "")).toBe("");
  });

  it("normalises dot segments and never climbs above the root", () => {
    expect(normaliseRepoPath("./a/./b/../c")).toBe("a/c");
    expect(normaliseRepoPath("a/..")).toBe(".");
    expect(normaliseRepoPath("../../x")).toBe("x");
  });
});
