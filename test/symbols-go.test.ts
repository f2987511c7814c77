// The Go symbol index on a small module: each undefined name and unused function is found, and each
// near-miss (build-tag variants, generated files, dot-imports, cgo, assembly, linkname, gccgo files,
// import names the path does not give, locals shadowing imports) stays silent.
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";

const fixture = new URL("./fixtures/symbols-go/", import.meta.url).pathname;

async function audit() {
  const index = await openRepository(fixture);
  return runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
}

describe("symbols-go fixture", () => {
  it("reports each undefined name and unused unexported function, and nothing else", async () => {
    const result = await audit();
    const found = result.findings
      .filter((f) => f.ruleId === "go/undefined-identifier" || f.ruleId === "go/unused-unexported-function")
      .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.startLine} ${f.message.split(" ")[0]}`)
      .sort();
    expect(found).toEqual([
      "go/undefined-identifier cmd/shop/main.go:14 `report`",
      "go/undefined-identifier internal/engine/engine.go:16 `DreamManager`",
      "go/undefined-identifier internal/engine/engine.go:23 `NewDreamManager`",
      "go/undefined-identifier internal/engine/engine.go:40 `store.ErrMissing`",
      "go/unused-unexported-function internal/store/store.go:36 `legacyChecksum`",
    ]);
  });

  it("says what it searched and counts what it could not decide", async () => {
    const result = await audit();
    const symbols = result.facts.goSymbols;
    expect(symbols.summary.units).toBe(6);
    const missing = symbols.unresolved.find((u) => u.name === "store.ErrMissing");
    expect(missing?.searched).toContain("internal/store/");
    expect(symbols.summary.unknownReasons.map((r) => r.reason).sort()).toEqual([
      "file is built only by another toolchain (gccgo)",
      "package name not knowable from its import path",
    ]);
    const entry = result.areaFacts.find((fact) => fact.label === "Go symbol index");
    expect(entry?.value).toContain("6 packages");
  });
});
