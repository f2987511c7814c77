import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/writes-outside-transaction", () => {
  it("fires on Repo.insert! per element outside a transaction, and lowers scripts", async () => {
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/a/import.ex":
        "defmodule A.Import do\n  def run(rows) do\n    Enum.each(rows, fn attrs -> Repo.insert!(User.changeset(%User{}, attrs)) end)\n  end\nend\n",
      "priv/repo/seeds.exs": "for attrs <- [%{}], do: A.Repo.insert!(attrs)\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["lib/a/import.ex", 3, "medium"],
      ["priv/repo/seeds.exs", 1, "low"],
    ]);
  });

  it("is low for updates and deletes, inspected results and mix tasks; silent with mode: :savepoint", async () => {
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/a/batches.ex": [
        "defmodule A.Batches do",
        "  def cancel(batches), do: Enum.each(batches, &Repo.delete!/1)",
        "  def link(rows) do",
        "    Enum.map(rows, fn row ->",
        "      case Repo.insert(row) do",
        "        {:ok, link} -> link",
        "        {:error, _} -> nil",
        "      end",
        "    end)",
        "  end",
        "  def check(conn, rows) do",
        "    Enum.each(rows, fn row -> Repo.insert(conn, row, mode: :savepoint) end)",
        "  end",
        "end",
      ].join("\n"),
      "lib/mix/cleanup.ex":
        "defmodule Mix.Tasks.Cleanup do\n  use Mix.Task\n  def run(rows), do: Enum.each(rows, &A.Repo.insert!/1)\nend\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["lib/a/batches.ex", 2, "low"],
      ["lib/a/batches.ex", 5, "low"],
      ["lib/mix/cleanup.ex", 3, "low"],
    ]);
  });

  it("stays silent inside Repo.transaction, Ecto.Multi, migrations, and on single writes", async () => {
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/a/import.ex": [
        "defmodule A.Import do",
        "  def run(rows) do",
        "    Repo.transaction(fn -> Enum.each(rows, &Repo.insert!/1) end)",
        "  end",
        "  def multi(rows) do",
        "    Enum.reduce(rows, Ecto.Multi.new(), fn row, multi -> Ecto.Multi.insert(multi, row.id, row) end) |> Repo.transaction()",
        "  end",
        "  def one(attrs), do: Repo.insert(User.changeset(%User{}, attrs))",
        "end",
      ].join("\n"),
      "priv/repo/migrations/1_backfill.exs":
        "defmodule A.Repo.Migrations.Backfill do\n  use Ecto.Migration\n  def up do\n    for u <- [1], do: A.Repo.update_all(User, set: [x: u])\n  end\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
