import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const file = (imp: string) => `package app\n\nimport ${imp}\n\nfunc f() {}\n`;

describe("go/multiple-logging-libraries", () => {
  it("fires when production code imports two logging libraries", async () => {
    const findings = await findingsOf("go/multiple-logging-libraries", {
      "internal/a/a.go": file('"go.uber.org/zap"'),
      "internal/b/b.go": file('"go.uber.org/zap"'),
      "cmd/main.go": file('"github.com/sirupsen/logrus"'),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.path).toBe("cmd/main.go");
    expect(findings[0]?.message).toContain("logrus (1 files), zap (2 files)");
  });

  it("stays silent on one library, and on a second one only in tests", async () => {
    const findings = await findingsOf("go/multiple-logging-libraries", {
      "internal/a/a.go": file('"log/slog"'),
      "internal/a/a_test.go": file('"log"'),
      "internal/b/b.go": file('"github.com/example/catalog"'),
    });
    expect(findings).toEqual([]);
  });
});
