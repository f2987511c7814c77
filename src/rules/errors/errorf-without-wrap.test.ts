import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/errorf-without-wrap", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/errorf-without-wrap", {
      "internal/app/app.go": pkg(
        `"fmt"`,
        'func f(id int, err error) error {\n\treturn fmt.Errorf("load %d: %v", id, err)\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([8]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/errorf-without-wrap", {
        "internal/app/app.go": pkg(
          `"fmt"`,
          'func f(id int, err error, name string) error {\n\t_ = fmt.Errorf("load %d: %w", id, err)\n\t_ = fmt.Errorf("user %s not found", name)\n\treturn fmt.Errorf("load %v: %w", id, err)\n}',
        ),
      }),
    ).toEqual([]);
  });
});
