// Fixture repository test: a FastAPI + SQLAlchemy + Alembic service with each Python problem planted once,
// next to near-misses (bound SQL, literal shell command, SafeLoader, timeout, closed session, downgrade with ops,
// conditional skip) where the rules must stay silent.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/python-service", import.meta.url));

describe("python-service fixture", () => {
  it("reports each planted Python problem exactly once, at its line", async () => {
    const result = await runEngine(await openRepository(FIXTURE), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    const python = result.findings
      .filter((f) => f.ruleId.startsWith("python/"))
      .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.startLine}`);
    expect(python).toEqual([
      "python/data-access-in-route app/api/orders.py:12",
      "python/sql-string-interpolation app/api/orders.py:14",
      "python/commit-in-loop app/api/orders.py:28",
      "python/bare-except app/api/orders.py:36",
      "python/bare-except app/api/orders.py:41",
      "python/hardcoded-secret-key app/config.py:8",
      "python/debug-enabled app/config.py:15",
      "python/engine-without-pool-settings app/db/session.py:8",
      "python/session-not-closed app/db/session.py:13",
      "python/cors-wildcard-credentials app/main.py:9",
      "python/multiple-http-clients app/services/catalog.py:1",
      "python/getenv-without-validation app/services/payments.py:10",
      "python/requests-without-timeout app/services/payments.py:14",
      "python/unsafe-deserialization app/services/payments.py:25",
      "python/unsafe-deserialization app/services/payments.py:34",
      "python/subprocess-shell-injection app/services/payments.py:38",
      "python/eval-exec app/services/payments.py:46",
      "python/alembic-downgrade-pass migrations/versions/0002_add_paid.py:17",
      "python/skipped-test tests/test_orders.py:15",
      "python/sleep-in-test tests/test_orders.py:24",
    ]);
    expect(result.diagnostics.filter((d) => d.kind === "rule-error" || d.kind === "invalid-config")).toEqual(
      [],
    );
  });

  it("collects the service's Python facts", async () => {
    const { facts } = await runEngine(await openRepository(FIXTURE), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    const py = facts.python;
    expect(py.dependencies.manifests).toEqual(["pyproject.toml"]);
    expect(py.dependencies.lockfiles).toEqual(["uv.lock"]);
    expect(py.dependencies.declared.filter((d) => !d.dev).map((d) => d.name)).toEqual([
      "fastapi",
      "uvicorn",
      "sqlalchemy",
      "alembic",
      "pydantic-settings",
      "requests",
      "httpx",
      "pyyaml",
    ]);
    expect(py.dependencies.locked.find((l) => l.name === "sqlalchemy")).toMatchObject({
      version: "2.0.29",
      lockfile: "uv.lock",
      line: 35,
    });
    expect(py.routes.map((r) => `${r.method} ${r.urlPath} ${r.handler} ${r.path}:${r.line}`)).toContain(
      "POST /import import_orders app/api/orders.py:25",
    );
    expect(py.frameworks.map((f) => `${f.framework} ${f.path}:${f.line}`)).toEqual(["fastapi app/main.py:7"]);
    expect(py.migrations.map((m) => `${m.revision}<-${m.downRevision} empty=${m.downgradeEmpty}`)).toEqual([
      "0001<-null empty=false",
      "0002<-0001 empty=true",
    ]);
    expect(py.tools.map((t) => t.tool)).toEqual(["coverage", "mypy", "pytest", "ruff"]);
    expect(py.settingsClasses.map((c) => `${c.name} ${c.path}:${c.line}`)).toEqual([
      "Settings app/config.py:4",
    ]);
  });

  it("renders the golden AUDIT.md", async () => {
    const md = await renderFixtureReport(FIXTURE);
    await expect(md).toMatchFileSnapshot("./__golden__/python-service.AUDIT.md");
  });
});
