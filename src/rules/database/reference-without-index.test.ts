import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const migration = (module: string, body: string) =>
  `defmodule A.Repo.Migrations.${module} do\n  use Ecto.Migration\n${body}\nend\n`;
const DIR = "priv/repo/migrations";

describe("elixir/reference-without-index", () => {
  it("fires on a references/2 column no migration indexes", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_orders.exs": [
        "defmodule A.Repo.Migrations.Orders do",
        "  use Ecto.Migration",
        "  def change do",
        "    create table(:orders) do",
        "      add :user_id, references(:users), null: false",
        "      add :coupon_id, references(:coupons)",
        "    end",
        "    create index(:orders, [:coupon_id, :user_id])",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [
        5,
        "orders.user_id references users and no index starts with it after the 1 migrations of priv/repo/migrations",
      ],
    ]);
  });

  it("stays silent when an index (later migration, unique, composite-first, or raw CREATE INDEX) covers the column", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_orders.exs":
        'defmodule A.Repo.Migrations.Orders do\n  use Ecto.Migration\n  def change do\n    create table(:orders) do\n      add :user_id, references(:users)\n      add :shop_id, references(:shops)\n      add :cart_id, references(:carts)\n    end\n    create unique_index(:orders, [:shop_id, :number])\n    execute "CREATE INDEX orders_cart_idx ON orders (cart_id, inserted_at DESC) INCLUDE (total)", "DROP INDEX orders_cart_idx"\n  end\nend\n',
      "priv/repo/migrations/2_index.exs":
        "defmodule A.Repo.Migrations.Index do\n  use Ecto.Migration\n  def change do\n    create_if_not_exists(index(:orders, [:user_id]))\n  end\nend\n",
    });
    expect(findings).toEqual([]);
  });

  it("replays the history: dropped tables and columns, renamed tables and columns, primary keys, helpers, down/0", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      // Created with a foreign key, table dropped two migrations later.
      [`${DIR}/20200101000000_create.exs`]: migration(
        "Create",
        [
          "  def change do",
          "    create table(:tenants_users) do",
          "      add :tenant_id, references(:tenants)",
          "    end",
          "    create table(:legacy) do",
          "      add :owner_id, references(:users)",
          "    end",
          "    create table(:memberships, primary_key: false) do",
          "      add :org_id, references(:orgs), primary_key: true",
          "      add :user_id, references(:users), primary_key: true",
          "    end",
          "    create table(:notes) do",
          "      add :author_id, references(:users)",
          "      add :doc_id, references(:docs)",
          "    end",
          "    create index(:tenants_users, [:tenant_id])",
          "    create_tables()",
          "  end",
          "",
          "  defp create_tables do",
          "    create table(:events) do",
          "      add :stream_id, references(:streams)",
          "    end",
          '    execute("CREATE INDEX events_stream ON #{@prefix}.events USING btree (stream_id)")',
          "  end",
        ].join("\n"),
      ),
      // Index created on the old table name, then the table and its column are renamed.
      [`${DIR}/20200201000000_rename.exs`]: migration(
        "Rename",
        [
          "  def change do",
          "    rename table(:tenants_users), to: table(:org_users)",
          "    rename table(:org_users), :tenant_id, to: :org_id",
          "    drop table(:legacy)",
          "    alter table(:notes) do",
          "      remove :author_id",
          "    end",
          '    execute "ALTER TABLE notes DROP COLUMN doc_id"',
          "  end",
        ].join("\n"),
      ),
      // A reference only in down/0 restores old state; it does not exist after the replay.
      [`${DIR}/20200301000000_split.exs`]: migration(
        "Split",
        [
          "  def up do",
          "    alter table(:org_users) do",
          "      add :role, :string",
          "    end",
          "  end",
          "  def down do",
          "    alter table(:org_users) do",
          "      add :legacy_id, references(:legacy)",
          "    end",
          "  end",
        ].join("\n"),
      ),
      // Test support migrations are not judged.
      "test/support/migrations/1_test.exs": migration(
        "TestTables",
        "  def change do\n    create table(:things) do\n      add :owner_id, references(:users)\n    end\n  end",
      ),
    });
    // memberships.user_id is second in the composite key: still unindexed.
    expect(findings.map((f) => f.message.split(" and ")[0])).toEqual([
      "memberships.user_id references users",
    ]);
  });

  it("is low when the column follows a scope column leading indexes on several tables (`[:site, :page_id]`), medium after another foreign key or an attribute", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_links.exs": migration(
        "Links",
        [
          "  def change do",
          "    create table(:pages) do",
          "      add :site, :text, null: false",
          "    end",
          "    create index(:pages, [:site])",
          "    create table(:layouts) do",
          "      add :site, :text, null: false",
          "    end",
          "    create index(:layouts, [:site, :title])",
          "    create table(:links) do",
          "      add :site, :text, null: false",
          "      add :email, :text",
          "      add :page_id, references(:pages, on_delete: :delete_all)",
          "      add :user_id, references(:users)",
          "      add :coupon_id, references(:coupons)",
          "      add :org_id, references(:orgs)",
          "    end",
          "    create index(:links, [:site, :page_id])",
          "    create index(:links, [:coupon_id, :user_id])",
          "    create unique_index(:links, [:email, :org_id])",
          "  end",
        ].join("\n"),
      ),
    });
    expect(findings.map((f) => [f.message.split(" references")[0], f.severity])).toEqual([
      ["links.page_id", "low"],
      ["links.user_id", "medium"],
      ["links.org_id", "medium"],
    ]);
    expect(findings[0]?.message).toContain("indexes it after `site`");
  });

  it("is low for audit references such as created_by_id", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      [`${DIR}/1_create.exs`]: migration(
        "Create",
        "  def change do\n    create table(:scripts) do\n      add :product_id, references(:products)\n      add :created_by_id, references(:users)\n      add :invited_by_user_id, references(:users)\n    end\n  end",
      ),
    });
    expect(findings.map((f) => [f.message.split(" and ")[0], f.severity])).toEqual([
      ["scripts.product_id references products", "medium"],
      ["scripts.created_by_id references users", "low"],
      ["scripts.invited_by_user_id references users", "low"],
    ]);
  });

  it("is low when a later migration dropped the covering index on purpose, and names the drop", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      [`${DIR}/1_create.exs`]: migration(
        "Create",
        "  def change do\n    create table(:posts) do\n      add :user_id, references(:users)\n    end\n    create index(:posts, [:user_id])\n  end",
      ),
      [`${DIR}/2_drop.exs`]: migration("Drop", "  def change do\n    drop index(:posts, [:user_id])\n  end"),
    });
    expect(findings.map((f) => [f.message.split(" and ")[0], f.severity])).toEqual([
      ["posts.user_id references users", "low"],
    ]);
    expect(findings[0]?.message).toContain(
      "priv/repo/migrations/2_drop.exs:4 dropped its index posts_user_id_index",
    );
  });

  it("stays medium when the index went with a dropped and re-added column, which is no decision about the index", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      [`${DIR}/1_create.exs`]: migration(
        "Create",
        "  def change do\n    create table(:posts) do\n      add :user_id, references(:users)\n    end\n    create index(:posts, [:user_id])\n  end",
      ),
      [`${DIR}/2_readd.exs`]: migration(
        "Readd",
        "  def change do\n    alter table(:posts) do\n      remove :user_id\n      add :user_id, references(:users, on_delete: :delete_all)\n    end\n  end",
      ),
    });
    expect(findings.map((f) => [f.message.split(" and ")[0], f.severity])).toEqual([
      ["posts.user_id references users", "medium"],
    ]);
  });
});
