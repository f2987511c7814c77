import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/json-body-without-limit", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/json-body-without-limit", {
      "internal/app/app.go": pkg(
        `"encoding/json"\n"net/http"`,
        "func create(w http.ResponseWriter, r *http.Request) {\n\tvar in map[string]any\n\t_ = json.NewDecoder(r.Body).Decode(&in)\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([10]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/json-body-without-limit", {
        "internal/app/app.go": pkg(
          `"encoding/json"\n"net/http"`,
          "func create(w http.ResponseWriter, r *http.Request) {\n\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\tvar in map[string]any\n\t_ = json.NewDecoder(r.Body).Decode(&in)\n}",
        ),
        "internal/app/client.go": pkg(
          `"encoding/json"\n"net/http"`,
          "func read(resp *http.Response) error {\n\tvar out map[string]any\n\treturn json.NewDecoder(resp.Body).Decode(&out)\n}",
        ),
      }),
    ).toEqual([]);
  });
});
