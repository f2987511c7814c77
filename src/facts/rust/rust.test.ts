import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("rust facts pack", () => {
  it("reads Cargo.toml declarations and Cargo.lock registry packages with lines", async () => {
    const { facts } = await analyseFiles({
      "Cargo.toml": [
        "[package]",
        'name = "svc"',
        "",
        "[dependencies]",
        'serde = { version = "1", features = ["derive"] }',
        'tokio = "1.37"',
        'internal = { path = "../internal" }',
        'forked = { git = "https://github.com/acme/forked", rev = "abc123" }',
        "",
        "[dev-dependencies]",
        'proptest = "1"',
      ].join("\n"),
      "Cargo.lock": [
        "version = 3",
        "",
        "[[package]]",
        'name = "serde"',
        'version = "1.0.203"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        "",
        "[[package]]",
        'name = "svc"',
        'version = "0.1.0"',
        "",
        "[[package]]",
        'name = "tokio"',
        'version = "1.37.0"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
      ].join("\n"),
    });
    const deps = facts.rust.dependencies;
    expect(deps.declared.map((d) => [d.name, d.requirement, d.dev, d.source.kind, d.line])).toEqual([
      ["serde", "1", false, "registry", 5],
      ["tokio", "1.37", false, "registry", 6],
      ["internal", null, false, "path", 7],
      ["forked", null, false, "git", 8],
      ["proptest", "1", true, "registry", 11],
    ]);
    expect(deps.locked.map((p) => [p.name, p.version, p.line, p.direct])).toEqual([
      ["serde", "1.0.203", 4, true],
      ["tokio", "1.37.0", 13, true],
    ]);
    expect(facts.dependencies.locked.some((p) => p.ecosystem === "crates.io")).toBe(true);
  });
});
