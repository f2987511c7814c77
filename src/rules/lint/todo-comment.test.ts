import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/todo-comment", () => {
  it("lists markers in comments with their tag and line, FIXME as low", async () => {
    const findings = await findingsOf("generic/todo-comment", {
      "main.go": "package main\n\n// FIXME(ana): race on shutdown\nfunc main() {} /* TODO: flags */\n",
      "app.py": "x = 1  # HACK: patched for the demo\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity, f.message])).toEqual([
      ["app.py", 1, "low", "HACK: patched for the demo"],
      ["main.go", 3, "low", "FIXME: race on shutdown"],
      ["main.go", 4, "info", "TODO: flags"],
    ]);
  });

  it("stays silent on marker words in strings, identifiers and tests", async () => {
    const findings = await findingsOf("generic/todo-comment", {
      "app.ts": 'const label = "TODO list";\nconst TODO_LIMIT = 3;\n',
      "app.test.ts": "// TODO: more cases\n",
    });
    expect(findings).toEqual([]);
  });
});
