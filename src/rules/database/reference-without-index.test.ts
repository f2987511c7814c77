import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

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
      [5, "orders.user_id references users and no migration indexes it"],
    ]);
  });

  it("stays silent when an index (later migration, unique, composite-first, or raw CREATE INDEX) covers the column", async () => {
    const findings = await findingsOf("elixir/reference-without-index", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_orders.exs":
        'defmodule A.Repo.Migrations.Orders do\n  use Ecto.Migration\n  def change do\n    create table(:orders) do\n      add :user_id, references(:users)\n      add :shop_id, references(:shops)\n      add :cart_id, references(:carts)\n    end\n    create unique_index(:orders, [:shop_id, :number])\n    execute "CREATE INDEX orders_cart_idx ON orders (cart_id)", "DROP INDEX orders_cart_idx"\n  end\nend\n',
      "priv/repo/migrations/2_index.exs":
        "defmodule A.Repo.Migrations.Index do\n  use Ecto.Migration\n  def change do\n    create_if_not_exists(index(:orders, [:user_id]))\n  end\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
