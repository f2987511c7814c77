import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("go/unused-unexported-function", () => {
  it("fires on an unexported function no file of the package names", async () => {
    const findings = await findingsOf("go/unused-unexported-function", {
      "store/store.go": [
        "package store",
        "",
        "func Sum(xs []int) int { return add(xs) }",
        "",
        "func add(xs []int) (n int) {",
        "\tfor _, x := range xs {",
        "\t\tn += x",
        "\t}",
        "\treturn n",
        "}",
        "",
        "func legacySum(xs []int) int { return 0 }",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "store/store.go:12",
    ]);
    expect(findings[0]?.message).toContain("`legacySum`");
  });

  it("stays silent on functions used from another file, a test, a linkname or cgo export, and methods", async () => {
    const findings = await findingsOf("go/unused-unexported-function", {
      "store/a.go":
        "package store\n\nfunc helper() int { return 1 }\n\nfunc (s *S) unusedMethod() {}\n\ntype S struct{}\n",
      "store/b.go": "package store\n\nvar answer = helper()\n",
      "store/c.go": "package store\n\nfunc onlyTested() bool { return true }\n",
      "store/c_test.go":
        'package store\n\nimport "testing"\n\nfunc TestOnly(t *testing.T) { _ = onlyTested() }\n',
      "store/d.go": 'package store\n\nimport "C"\n\n//export callback\nfunc callback() {}\n',
    });
    expect(findings).toEqual([]);
  });
});
