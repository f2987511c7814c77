import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/ignored-error", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/ignored-error", {
      "internal/app/app.go": pkg(
        `"encoding/json"\n"strconv"`,
        "func parse(s string) error { return nil }\n\nfunc f(s string, b []byte, v any) {\n\tn, _ := strconv.Atoi(s)\n\t_ = parse(s)\n\tjson.Unmarshal(b, v)\n\t_ = n\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([11, 12, 13]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/ignored-error", {
        "internal/app/app.go": pkg(
          `"encoding/json"\n"io"\n"strconv"`,
          "func f(s string, w io.Writer, c io.Closer, m map[string]int) {\n\tv, ok := m[s]\n\t_ = c.Close()\n\t_, _ = w.Write([]byte(s))\n\t_ = json.NewEncoder(w).Encode(v)\n\tn, err := strconv.Atoi(s)\n\t_, _, _ = ok, n, err\n\tx, _ := lookup(s)\n\t_ = x\n}\n\nfunc lookup(s string) (int, bool) { return 0, false }",
        ),
        "internal/app/app_test.go": pkg(`"strconv"`, 'func g() {\n\tn, _ := strconv.Atoi("1")\n\t_ = n\n}'),
      }),
    ).toEqual([]);
  });
});
