import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/insecure-skip-verify", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/insecure-skip-verify", {
      "internal/app/app.go": pkg(
        `"crypto/tls"`,
        "var c = &tls.Config{InsecureSkipVerify: true}\n\nfunc f(cfg *tls.Config) {\n\tcfg.InsecureSkipVerify = true\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([7, 10]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/insecure-skip-verify", {
        "internal/app/app.go": pkg(
          `"crypto/tls"`,
          "var c = &tls.Config{InsecureSkipVerify: insecure, MinVersion: tls.VersionTLS12}\nvar insecure = false",
        ),
        "internal/app/app_test.go": pkg(`"crypto/tls"`, "var c = &tls.Config{InsecureSkipVerify: true}"),
      }),
    ).toEqual([]);
  });
});
