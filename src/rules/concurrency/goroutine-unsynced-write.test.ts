import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/goroutine-unsynced-write", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/goroutine-unsynced-write", {
      "internal/app/app.go": pkg(
        `"time"`,
        "type M struct{ last time.Time }\n\nfunc (m *M) Start() {\n\tgo func() {\n\t\tm.last = time.Now()\n\t}()\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([11]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/goroutine-unsynced-write", {
        "internal/app/app.go": pkg(
          `"sync"\n"time"`,
          "type M struct {\n\tmu   sync.Mutex\n\tlast time.Time\n}\n\nfunc (m *M) Start(wg *sync.WaitGroup) {\n\tgo func() {\n\t\tm.mu.Lock()\n\t\tdefer m.mu.Unlock()\n\t\tm.last = time.Now()\n\t}()\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tm.last = time.Now()\n\t}()\n\tgo func() {\n\t\tx := &M{}\n\t\tx.last = time.Now()\n\t}()\n}\n\nfunc Start(m *M) {\n\tgo func() {\n\t\tm.last = time.Now()\n\t}()\n}",
        ),
      }),
    ).toEqual([]);
  });
});
