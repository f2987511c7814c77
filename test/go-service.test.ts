// The Go fixture service: every planted problem is found at its exact place, and the facts read go.mod, go.sum and the code.
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import goPack from "../src/facts/go/index.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const fixture = new URL("./fixtures/go-service/", import.meta.url).pathname;

async function audit() {
  const index = await openRepository(fixture);
  return runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
}

describe("go-service fixture", () => {
  it("finds each planted Go problem once, at its line", async () => {
    const result = await audit();
    const found = result.findings
      .filter((f) => f.ruleId.startsWith("go/"))
      .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.startLine}`)
      .sort();
    expect(found).toEqual(
      [
        "go/errorf-without-wrap internal/llm/openrouter.go:32",
        "go/goroutine-unsynced-write internal/monitor/monitor.go:26",
        "go/goroutine-without-stop internal/monitor/monitor.go:21",
        "go/hand-written-sort internal/llm/router.go:25",
        "go/http-client-without-timeout internal/llm/openrouter.go:63",
        "go/ignored-error internal/api/server.go:58",
        "go/ignored-error internal/store/store.go:61",
        "go/insecure-skip-verify internal/llm/openrouter.go:75",
        "go/json-body-without-limit internal/api/server.go:50",
        "go/multiple-logging-libraries internal/api/server.go:10",
        "go/request-without-context internal/llm/openrouter.go:30",
        "go/server-without-timeouts cmd/server/main.go:13",
        "go/sql-built-with-sprintf internal/store/store.go:29",
        "go/time-sleep-in-test internal/monitor/monitor_test.go:14",
        "go/unclosed-body-or-rows internal/llm/openrouter.go:52",
        "go/unclosed-body-or-rows internal/store/store.go:54",
        "go/unused-unexported-function internal/api/upload.go:9",
        "go/unused-unexported-function internal/llm/openrouter.go:72",
        "go/websocket-check-origin internal/api/server.go:14",
        "go/websocket-without-read-limit internal/api/server.go:38",
      ].sort(),
    );
  });

  it("collects go.mod, go.sum and code facts", async () => {
    const { facts } = await audit();
    const go = facts.go;
    expect(go.modules).toEqual([
      {
        manifest: "go.mod",
        module: "github.com/example/phoenix",
        line: 1,
        goVersion: "1.22",
        goLine: 3,
        toolchain: null,
        hasGoSum: true,
      },
    ]);
    expect(
      go.dependencies.declared.map((d) => `${d.name}@${d.requirement}:${d.line}:${d.source.kind}`),
    ).toEqual([
      "github.com/gorilla/websocket@v1.5.1:6:registry",
      "github.com/lib/pq@v1.10.9:7:path",
      "github.com/sirupsen/logrus@v1.9.3:8:registry",
    ]);
    expect(go.dependencies.locked.find((p) => p.name === "golang.org/x/sys")).toMatchObject({
      direct: false,
      dev: false,
      lockfile: "go.mod",
    });
    expect(go.dependencies.locked.find((p) => p.name === "golang.org/x/net")).toMatchObject({
      version: "v0.10.0",
      lockfile: "go.sum",
      line: 7,
    });
    expect(go.replaces).toMatchObject([
      { from: "github.com/lib/pq", to: "../pq-fork", local: true, line: 13 },
    ]);
    expect(go.routes.map((r) => `${r.pattern}@${r.line}`)).toEqual([
      "/ws@25",
      "/api/prompt@26",
      "/api/history@27",
    ]);
    expect(go.upgraders).toEqual([{ path: "internal/api/server.go", line: 13, checkOrigin: "always-true" }]);
    expect(go.servers.map((s) => `${s.kind} ${s.path}:${s.line} ${s.timeouts.join("/")}`)).toEqual([
      "ListenAndServe cmd/server/main.go:13 ",
      "http.Server internal/api/server.go:64 ReadHeaderTimeout/WriteTimeout/IdleTimeout",
    ]);
    expect(go.database).toEqual({
      usesDatabaseSql: true,
      opens: [{ path: "internal/store/store.go", line: 20, driver: "postgres" }],
    });
    expect(go.locks).toEqual({ mutex: 1, rwMutex: 1, lockCalls: 3, deferUnlock: 2 });
    expect(go.goroutines.filter((g) => !g.isTest)).toHaveLength(2);
    expect(go.testFiles).toBe(1);
    expect(go.packages.map((p) => `${p.dir}:${p.name}:${p.files}/${p.testFiles}`)).toEqual([
      "cmd/server:main:1/0",
      "internal/api:api:2/0",
      "internal/llm:llm:2/0",
      "internal/monitor:monitor:1/1",
      "internal/store:store:1/0",
    ]);
    const described = goPack.describe?.(facts) ?? [];
    expect(described.find((entry) => entry.label === "Locks")?.value).toBe(
      "sync.Mutex 1, sync.RWMutex 1; Lock/RLock calls 3, defer Unlock 2",
    );
    expect(described.find((entry) => entry.label === "WebSocket upgrader")?.location).toEqual({
      path: "internal/api/server.go",
      startLine: 13,
      endLine: 13,
    });
  });

  it("renders the golden AUDIT.md", async () => {
    const md = await renderFixtureReport(fixture);
    await expect(md).toMatchFileSnapshot("./__golden__/go-service.AUDIT.md");
  });
});
