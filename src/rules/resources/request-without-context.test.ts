import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/request-without-context", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/request-without-context", {
      "internal/app/app.go": pkg(
        `"context"\n"net/http"`,
        'func fetch(ctx context.Context, url string) {\n\tgo func() {\n\t\treq, _ := http.NewRequest("GET", url, nil)\n\t\t_ = req\n\t}()\n}',
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([10]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/request-without-context", {
        "internal/app/app.go": pkg(
          `"context"\n"net/http"`,
          'func fetch(ctx context.Context, url string) {\n\treq, _ := http.NewRequestWithContext(ctx, "GET", url, nil)\n\t_ = req\n}\n\nfunc plain(url string) {\n\treq, _ := http.NewRequest("GET", url, nil)\n\t_ = req\n}',
        ),
      }),
    ).toEqual([]);
  });
});
