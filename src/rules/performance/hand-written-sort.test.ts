import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/hand-written-sort", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/hand-written-sort", {
      "internal/app/app.go": pkg(
        `"fmt"`,
        "func sortScores(a []int) {\n\tfor i := 0; i < len(a)-1; i++ {\n\t\tfor j := i + 1; j < len(a); j++ {\n\t\t\tif a[i] < a[j] {\n\t\t\t\ta[i], a[j] = a[j], a[i]\n\t\t\t}\n\t\t}\n\t}\n\tfmt.Println(a)\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([8]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/hand-written-sort", {
        "internal/app/app.go": pkg(
          `"fmt"`,
          "func reverse(a []int) {\n\tfor i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {\n\t\ta[i], a[j] = a[j], a[i]\n\t}\n\tfmt.Println(a)\n}\n\nfunc shuffle(rows [][]int) {\n\tfor _, r := range rows {\n\t\tfor i := range r {\n\t\t\tif i > 0 {\n\t\t\t\tr[0], r[i] = r[i], r[0]\n\t\t\t}\n\t\t}\n\t}\n}",
        ),
      }),
    ).toEqual([]);
  });
});
