// The Elixir/Phoenix fixture: every planted problem is found once at its line, the clean twin raises no elixir/ finding,
// and the facts read mix.exs, mix.lock, config/*.exs, .credo.exs, .formatter.exs, migrations and schemas.
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { openRepository } from "../src/repo/open-repository.js";
import elixirPack from "../src/facts/elixir/index.js";
import { renderFixtureReport } from "./helpers/render-fixture.js";

const fixture = new URL("./fixtures/elixir-phoenix/", import.meta.url).pathname;
const clean = new URL("./fixtures/elixir-clean/", import.meta.url).pathname;

async function audit(path: string) {
  const index = await openRepository(path);
  return runEngine(index, DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
}

describe("elixir-phoenix fixture", () => {
  it("finds each planted Elixir problem once, at its line", async () => {
    const result = await audit(fixture);
    const found = result.findings
      .filter((f) => f.ruleId.startsWith("elixir/"))
      .map((f) => `${f.ruleId} ${f.location ? `${f.location.path}:${f.location.startLine}` : "(repository)"}`)
      .sort();
    expect(found).toEqual(
      [
        "elixir/check-origin-disabled config/prod.exs:5",
        "elixir/competing-implementations lib/shop/catalog/price_cache.ex:1",
        "elixir/credo-check-commented-out .credo.exs:13",
        "elixir/credo-strict-mismatch .github/workflows/ci.yml:22",
        "elixir/demonitor-without-flush lib/shop/inventory/cache.ex:19",
        "elixir/deprecated-only-in-comment lib/shop/orders/reporter.ex:2",
        "elixir/duplicate-purpose-deps mix.exs:31",
        "elixir/execute-in-change priv/repo/migrations/20240102000000_create_orders.exs:14",
        "elixir/hardcoded-signing-secret config/config.exs:10",
        "elixir/infinity-timeout lib/shop/inventory/cache.ex:7",
        "elixir/local-path-dep mix.exs:36",
        "elixir/missing-dialyzer (repository)",
        "elixir/process-dictionary lib/shop/inventory/cache.ex:15",
        "elixir/process-sleep-in-test test/shop/accounts_test.exs:16",
        "elixir/raw-postgrex-query lib/shop/orders/reporter.ex:8",
        "elixir/raw-send-to-named-process lib/shop/inventory/cache.ex:11",
        "elixir/scope-without-auth lib/shop_web/router.ex:26",
        "elixir/scope-without-auth lib/shop_web/router.ex:27",
        "elixir/reference-without-index priv/repo/migrations/20240102000000_create_orders.exs:7",
        "elixir/repo-in-loop lib/shop/accounts.ex:30",
        "elixir/repo-in-web-layer lib/shop_web/controllers/user_controller.ex:10",
        "elixir/rescue-catch-all lib/shop/orders/reporter.ex:24",
        "elixir/skipped-test test/shop/accounts_test.exs:9",
        "elixir/sql-interpolation lib/shop/accounts.ex:39",
        "elixir/unindexed-query-field lib/shop/accounts.ex:10",
        "elixir/unpinned-git-dep mix.exs:37",
        "elixir/unsupervised-process lib/shop/orders/reporter.ex:12",
        "elixir/unvalidated-prod-env config/runtime.exs:22",
        "elixir/writes-outside-transaction lib/shop/accounts.ex:18",
      ].sort(),
    );
  });

  it("collects mix.exs, mix.lock, config, credo, formatter, migration and schema facts", async () => {
    const { facts } = await audit(fixture);
    const ex = facts.elixir;
    expect(ex.projects[0]).toMatchObject({
      path: "mix.exs",
      app: "shop",
      version: "0.4.0",
      elixir: "~> 1.15",
      dialyzerLine: null,
      coverageThreshold: 80,
      coverageLine: 13,
    });
    expect(ex.projects[0]?.aliases.find((alias) => alias.name === "precommit")).toEqual({
      name: "precommit",
      commands: ["compile --warnings-as-errors", "format --check-formatted", "credo --strict", "test"],
      line: 49,
    });
    const deps = ex.dependencies;
    expect(deps.manifests).toEqual(["mix.exs"]);
    expect(deps.lockfiles).toEqual(["mix.lock"]);
    expect(deps.declared).toHaveLength(15);
    expect(deps.declared.find((dep) => dep.name === "shop_pricing")).toMatchObject({
      ecosystem: "Hex",
      source: { kind: "path", path: "../shop_pricing" },
      line: 36,
      dev: false,
    });
    expect(deps.declared.find((dep) => dep.name === "nats_client")?.source).toEqual({
      kind: "git",
      url: "https://github.com/acme/nats_client.git",
      pinned: false,
      ref: "branch main",
    });
    expect(deps.declared.find((dep) => dep.name === "telemetry_poller")?.source).toMatchObject({
      kind: "git",
      pinned: true,
      ref: "v1.0.0",
    });
    expect(deps.declared.find((dep) => dep.name === "credo")).toMatchObject({
      dev: true,
      requirement: "~> 1.7",
    });
    expect(deps.locked.find((pkg) => pkg.name === "phoenix")).toEqual({
      ecosystem: "Hex",
      name: "phoenix",
      version: "1.7.10",
      lockfile: "mix.lock",
      line: 10,
      direct: true,
      dev: false,
    });
    expect(deps.locked).toHaveLength(14);

    expect(ex.configFiles).toEqual([
      "config/config.exs",
      "config/dev.exs",
      "config/prod.exs",
      "config/runtime.exs",
      "config/test.exs",
    ]);
    expect(ex.config.find((entry) => entry.name === "check_origin" && entry.env === "prod")).toMatchObject({
      path: "config/prod.exs",
      line: 5,
      key: "ShopWeb.Endpoint",
      value: false,
    });
    expect(ex.envReads.map((read) => [read.name, read.line, read.validated, read.hasDefault])).toEqual([
      ["DATABASE_URL", 5, true, false],
      ["POOL_SIZE", 12, false, true],
      ["PHX_HOST", 14, false, true],
      ["PORT", 15, false, true],
      ["SECRET_KEY_BASE", 20, true, false],
      ["NATS_TOKEN", 22, false, false],
      ["MIX_TEST_PARTITION", 4, false, false],
    ]);
    expect(ex.credo).toMatchObject({
      strict: false,
      strictLine: 7,
      commented: [{ check: "Shop.Credo.NoRawSend", line: 13, custom: true }],
    });
    expect(ex.formatter).toMatchObject({
      importDeps: [":ecto", ":ecto_sql", ":phoenix"],
      plugins: ["Phoenix.LiveView.HTMLFormatter"],
    });
    const orders = ex.migrations.find(
      (migration) => migration.module === "Shop.Repo.Migrations.CreateOrders",
    );
    expect(orders?.references).toEqual([
      { table: "orders", column: "user_id", references: "users", line: 6 },
      { table: "orders", column: "coupon_id", references: "coupons", line: 7 },
    ]);
    expect(orders?.executes).toEqual([
      { line: 14, fn: "change", reversible: false, sql: "CREATE EXTENSION IF NOT EXISTS citext" },
      {
        line: 15,
        fn: "change",
        reversible: true,
        sql: "CREATE INDEX orders_total_idx ON orders (total_cents)",
      },
    ]);
    expect(ex.schemas).toEqual([
      {
        module: "Shop.Accounts.User",
        table: "users",
        line: 5,
        fields: ["email", "hashed_password", "role", "inserted_at", "updated_at"],
        path: "lib/shop/accounts/user.ex",
      },
    ]);
    expect(ex.modules.filter((mod) => !mod.isTest).map((mod) => `${mod.name}:${mod.role}`)).toContain(
      "ShopWeb.CartLive:liveview",
    );

    expect(ex.supervisors).toEqual([
      {
        module: "Shop.Application",
        line: 15,
        strategy: "one_for_one",
        children: [
          "Shop.Repo",
          "Phoenix.PubSub",
          "Task.Supervisor",
          "Shop.Inventory.Cache",
          "ShopWeb.Endpoint",
        ],
        path: "lib/shop/application.ex",
        isTest: false,
      },
    ]);
    expect(ex.testModules).toEqual([
      { module: "Shop.AccountsTest", line: 1, async: true, tests: 3, path: "test/shop/accounts_test.exs" },
    ]);
    expect(ex.pipelines.map((pipeline) => `${pipeline.name}:${pipeline.plugs.length}`)).toEqual([
      "browser:5",
      "api:1",
      "require_authenticated_user:1",
    ]);
    expect(ex.mocks).toEqual([{ name: "Shop.PricingMock", line: 2, path: "test/support/mocks.ex" }]);
    expect(ex.queries).toEqual([
      {
        line: 10,
        schema: "User",
        fields: [
          { field: "role", clause: "where" },
          { field: "inserted_at", clause: "order_by" },
        ],
        path: "lib/shop/accounts.ex",
        isTest: false,
      },
      {
        line: 35,
        schema: "User",
        fields: [{ field: "id", clause: "where" }],
        path: "lib/shop/accounts.ex",
        isTest: false,
      },
    ]);

    const described = elixirPack.describe?.(facts) ?? [];
    expect(described.find((entry) => entry.label === "shop_pricing source")).toMatchObject({
      area: "dependencies",
      value: "path ../shop_pricing",
      location: { path: "mix.exs", startLine: 36 },
    });
    expect(described.find((entry) => entry.label === "Credo")?.value).toContain("strict: false");
  });

  it("raises no elixir/ finding on the clean twin", async () => {
    const result = await audit(clean);
    expect(
      result.findings
        .filter((f) => f.ruleId.startsWith("elixir/"))
        .map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.startLine}`),
    ).toEqual([]);
    expect(result.facts.elixir.dependencies.declared).toHaveLength(9);
  });

  it("renders the golden AUDIT.md", async () => {
    const md = await renderFixtureReport(fixture);
    await expect(md).toMatchFileSnapshot("./__golden__/elixir-phoenix.AUDIT.md");
  });
});
