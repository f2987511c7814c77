import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/goroutine-without-stop", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/goroutine-without-stop", {
      "internal/app/app.go": pkg(
        `"time"`,
        "type M struct{}\n\nfunc (m *M) poll() {\n\tfor {\n\t\ttime.Sleep(time.Second)\n\t}\n}\n\nfunc (m *M) Start() {\n\tgo m.poll()\n\tgo func() {\n\t\tfor {\n\t\t\ttime.Sleep(time.Second)\n\t\t}\n\t}()\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([16, 17]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/goroutine-without-stop", {
        "internal/app/app.go": pkg(
          `"context"\n"time"`,
          "func run(ctx context.Context, jobs chan int) {\n\tgo func() {\n\t\tfor {\n\t\t\tselect {\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\tcase <-time.After(time.Second):\n\t\t\t}\n\t\t}\n\t}()\n\tgo func() {\n\t\tfor {\n\t\t\tj, ok := <-jobs\n\t\t\tif !ok {\n\t\t\t\treturn\n\t\t\t}\n\t\t\t_ = j\n\t\t}\n\t}()\n\tgo func() {\n\t\tfor i := 0; i < 3; i++ {\n\t\t}\n\t}()\n}",
        ),
      }),
    ).toEqual([]);
  });

  it("is silent on a process-lifetime goroutine started by a function that waits for OS signals", async () => {
    const body = [
      "func startDaemon(ping func() error) {",
      "\tstop := make(chan os.Signal, 1)",
      "\tsignal.Notify(stop, os.Interrupt)",
      "\tgo func() {",
      "\t\tfor {",
      "\t\t\t_ = ping()",
      "\t\t\ttime.Sleep(time.Second)",
      "\t\t}",
      "\t}()",
      "\t<-stop",
      "}",
    ].join("\n");
    expect(
      await findingsOf("go/goroutine-without-stop", {
        "internal/cli/daemon.go": pkg(`"os"\n"os/signal"\n"time"`, body),
      }),
    ).toEqual([]);
  });
});
