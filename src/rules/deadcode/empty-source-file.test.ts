import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/empty-source-file", () => {
  it("fires on an empty module and on a comment-only module", async () => {
    const findings = await findingsOf("generic/empty-source-file", {
      "lib/tools/knowledge_temp.ex": "",
      "src/legacy.ts": "// moved to src/modern.ts\n\n",
    });
    expect(findings.map((f) => [f.location?.path, f.message])).toEqual([
      ["lib/tools/knowledge_temp.ex", "lib/tools/knowledge_temp.ex is empty (0 bytes)"],
      ["src/legacy.ts", "src/legacy.ts has no code (1 comment and 1 blank lines)"],
    ]);
  });

  it("stays silent on package markers, data files and files with code", async () => {
    const findings = await findingsOf("generic/empty-source-file", {
      "pkg/__init__.py": "",
      "pkg/py.typed": "",
      "data/empty.json": "",
      "lib/a.ex": "defmodule A do\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
