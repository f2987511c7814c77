import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

// A line generic/todo-comment reports (FIXME), to suppress or not.
const FLAGGED = "// FIXME: retry on timeout\n";

describe("generic/unused-suppression", () => {
  it("reports a directive that silences nothing and one without a reason", async () => {
    const findings = await findingsOf("generic/unused-suppression", {
      "a.ts": `// codeaudit-ignore generic/todo-comment: nothing to hide any more\nconst a = 1;\n`,
      "b.ts": `// codeaudit-ignore generic/todo-comment\n${FLAGGED}`,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["a.ts", 1, "low"],
      ["b.ts", 1, "low"],
    ]);
    expect(findings[0]?.message).toContain("suppresses nothing: no generic/todo-comment finding");
    expect(findings[1]?.message).toContain("gives no reason");
  });

  it("a directive without a reason does not suppress; with a reason it does", async () => {
    const bare = await findingsOf("generic/todo-comment", {
      "b.ts": `// codeaudit-ignore generic/todo-comment\n${FLAGGED}`,
    });
    expect(bare).toHaveLength(1);
    const reasoned = await findingsOf("generic/todo-comment", {
      "b.ts": `// codeaudit-ignore generic/todo-comment: tracked in the roadmap\n${FLAGGED}`,
    });
    expect(reasoned).toEqual([]);
  });

  it("stays silent on a used directive, a rule that did not run, prose, and bare ids when reasons are optional", async () => {
    expect(
      await findingsOf("generic/unused-suppression", {
        "b.ts": `// codeaudit-ignore generic/todo-comment: tracked in the roadmap\n${FLAGGED}`,
        "README.md": "Write `codeaudit-ignore generic/todo-comment: why` above the line.\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf(
        "generic/unused-suppression",
        { "c.ts": "// codeaudit-ignore generic/todo-comment: off here\nconst c = 1;\n" },
        { rules: { "generic/todo-comment": { enabled: false } } },
      ),
    ).toEqual([]);
    expect(
      await findingsOf(
        "generic/unused-suppression",
        {
          "b.ts": `// codeaudit-ignore generic/todo-comment\n${FLAGGED}`,
        },
        { requireSuppressionReason: false },
      ),
    ).toEqual([]);
  });
});
