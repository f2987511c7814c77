import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const SCHEMA =
  'defmodule A.Accounts.User do\n  use Ecto.Schema\n  schema "users" do\n    field :email, :string\n    field :role, :string\n    field :name, :string\n    timestamps()\n  end\nend\n';
const MIGRATION =
  'defmodule A.Repo.Migrations.Users do\n  use Ecto.Migration\n  def change do\n    create table(:users) do\n      add :email, :string\n      add :role, :string\n      add :name, :string\n      timestamps()\n    end\n    create unique_index(:users, [:email])\n    execute "CREATE INDEX users_name_idx ON users (name)", "DROP INDEX users_name_idx"\n  end\nend\n';

describe("elixir/unindexed-query-field", () => {
  it("fires on where/order_by columns with no index, once per column", async () => {
    const findings = await findingsOf("elixir/unindexed-query-field", {
      "mix.exs": MIX,
      "lib/a/accounts/user.ex": SCHEMA,
      "priv/repo/migrations/1_users.exs": MIGRATION,
      "lib/a/accounts.ex":
        'defmodule A.Accounts do\n  import Ecto.Query\n  alias A.Accounts.User\n  def by_role(r), do: Repo.all(from u in User, where: u.role == ^r, order_by: [desc: u.name])\n  def admins, do: Repo.all(from u in User, where: [role: "admin"])\n  def recent, do: Repo.all(from u in User, order_by: [desc: u.inserted_at])\nend\n',
    });
    expect(findings.map((f) => [f.location?.startLine, f.message]).sort()).toEqual([
      [4, "users.role is used in where (2 queries) and no migration indexes it"],
      [6, "users.inserted_at is used in order_by and no migration indexes it"],
    ]);
  });

  it("stays silent on indexed columns, id, unknown schemas and tests", async () => {
    const findings = await findingsOf("elixir/unindexed-query-field", {
      "mix.exs": MIX,
      "lib/a/accounts/user.ex": SCHEMA,
      "priv/repo/migrations/1_users.exs": MIGRATION,
      "lib/a/accounts.ex":
        'defmodule A.Accounts do\n  import Ecto.Query\n  def by_email(e), do: Repo.one(from u in User, where: u.email == ^e)\n  def by_name(n), do: Repo.all(from u in User, where: u.name == ^n and u.role == "x", order_by: u.inserted_at)\n  def search(t), do: Repo.all(from u in User, where: ilike(u.role, ^t))\n  def other(x), do: Repo.all(from o in Other, where: o.kind == ^x)\nend\n',
      "test/a/accounts_test.exs":
        'defmodule A.AccountsTest do\n  test "x", do: Repo.all(from u in User, where: u.role == "x")\nend\n',
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.message}`)).toEqual([]);
  });
});
