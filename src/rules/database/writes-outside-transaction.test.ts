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

  it("is low for upserts (on_conflict other than :raise), which a re-run finishes; medium with on_conflict: :raise", async () => {
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/a/sources.ex": [
        "defmodule A.Sources do",
        "  def create_system(user) do",
        "    for type <- [:logs, :metrics] do",
        "      user",
        "      |> Ecto.build_assoc(:sources)",
        "      |> Repo.insert(on_conflict: :nothing, conflict_target: [:user_id, :type])",
        "    end",
        "  end",
        "  def import(rows) do",
        "    Enum.each(rows, fn row -> Repo.insert!(row, on_conflict: :raise) end)",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [6, "low"],
      [10, "medium"],
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

  it("stays silent when every caller outside tests runs the writing function inside a transaction", async () => {
    const files = {
      "lib/store/applier.ex": [
        "defmodule Store.Applier do",
        "  alias Store.Repo",
        "  def up(ops), do: persist(Enum.map(ops, &prepare/1))",
        "  defp prepare(op), do: op",
        "  defp persist(ops) do",
        "    Enum.map(ops, &Repo.insert!/1)",
        "  end",
        "end",
      ].join("\n"),
      "lib/store/base.ex": [
        "defmodule Store.Base do",
        "  alias Store.Applier",
        "  def execute(%{ops: []} = ctx), do: ctx",
        "  def execute(ctx) do",
        "    :telemetry.span([:store], %{}, fn -> {ctx |> run(), %{}} end)",
        "  end",
        "  defp run(ctx), do: Applier.up(ctx.ops)",
        "end",
      ].join("\n"),
      "lib/store/persisters/sync.ex": [
        "defmodule Store.Persisters.Sync do",
        "  alias Store.Base, as: BasePersister",
        "  alias Store.Repo",
        "  def persist(ctx), do: Repo.transaction(fn -> ctx |> BasePersister.execute() end)",
        "  def piped(ctx) do",
        "    fn -> BasePersister.execute(ctx) end",
        "    |> Repo.transaction()",
        "  end",
        "  def then_piped(ctx) do",
        "    ctx",
        "    |> then(&fn -> BasePersister.execute(&1) end)",
        "    |> Repo.transaction()",
        "  end",
        "  def multi(ctx) do",
        "    Ecto.Multi.new() |> Ecto.Multi.run(:base, fn _repo, _ -> {:ok, BasePersister.execute(ctx)} end) |> Repo.transaction()",
        "  end",
        "end",
      ].join("\n"),
      "test/store/base_test.exs":
        'defmodule Store.BaseTest do\n  use ExUnit.Case\n  test "runs", do: Store.Base.execute(%{ops: [1]})\nend\n',
    };
    expect(await findingsOf("elixir/writes-outside-transaction", files)).toEqual([]);
    // Near miss: one more caller that runs it outside a transaction.
    const outside = {
      ...files,
      "lib/store/worker.ex":
        "defmodule Store.Worker do\n  def perform(ctx), do: Store.Base.execute(ctx)\nend\n",
    };
    const findings = await findingsOf("elixir/writes-outside-transaction", outside);
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["lib/store/applier.ex", 6, "medium"],
    ]);
  });

  it("does not count a transaction whose function runs in another process, or an argument evaluated before it", async () => {
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/a/import.ex": [
        "defmodule A.Import do",
        "  def run(rows) do",
        "    Repo.transaction(fn -> Task.async(fn -> Enum.each(rows, &Repo.insert!/1) end) end)",
        "  end",
        "  def eager(rows) do",
        "    Repo.transaction(insert_each(rows))",
        "  end",
        "  defp insert_each(rows), do: Enum.each(rows, &Repo.insert!/1)",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "medium"],
      [8, "medium"],
    ]);
  });

  it("is low when each iteration records the outcome of an HTTP request", async () => {
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/hooks/post.ex": [
        "defmodule Hooks.Post do",
        "  def post_all(hooks, body) do",
        "    for hook <- hooks do",
        "      result = HTTPoison.post(hook.url, body)",
        "      Repo.insert!(%Execution{hook_id: hook.id, state: state(result)})",
        "    end",
        "  end",
        "  def save_all(hooks) do",
        "    for hook <- hooks do",
        "      Repo.insert!(%Execution{hook_id: hook.id})",
        '      HTTPoison.post(hook.url, "")',
        "    end",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [10, "medium"],
    ]);
    expect(findings[0]?.message).toContain("HTTPoison.post");
  });

  it("is low in seed modules and in functions only seeds and scripts call", async () => {
    const filler = (module: string) =>
      `defmodule ${module} do\n  def fill(rows) do\n    Enum.each(rows, &Repo.insert!/1)\n  end\nend\n`;
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/app/seeds/seeds_dev.ex": filler("App.Seeds.SeedsDev"),
      "lib/app/sample_data.ex": filler("App.SampleData"),
      "priv/repo/seeds.exs": "App.SampleData.fill([%{}])\n",
      "lib/app/importer.ex": filler("App.Importer"),
      "lib/app/import_worker.ex":
        "defmodule App.ImportWorker do\n  def perform(rows), do: App.Importer.fill(rows)\nend\n",
      "lib/mix/tasks/import.ex":
        "defmodule Mix.Tasks.Import do\n  use Mix.Task\n  def run(_), do: App.Importer.fill([])\nend\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lib/app/importer.ex", "medium"],
      ["lib/app/sample_data.ex", "low"],
      ["lib/app/seeds/seeds_dev.ex", "low"],
    ]);
  });

  it("is low in functions only tests call; medium when the application calls them too", async () => {
    const mock = `defmodule App.Directory.MockServer do\n  def prewarm(users) do\n    Enum.each(users, fn user -> Repo.insert!(user) end)\n  end\nend\n`;
    const findings = await findingsOf("elixir/writes-outside-transaction", {
      "lib/app/directory/mock_server.ex": mock,
      "lib/app/importer.ex": mock.replace("App.Directory.MockServer", "App.Importer"),
      "lib/app/import_worker.ex":
        "defmodule App.ImportWorker do\n  def perform(rows), do: App.Importer.prewarm(rows)\nend\n",
      "test/test_helper.exs":
        "ExUnit.start()\nApp.Directory.MockServer.prewarm([])\nApp.Importer.prewarm([])\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      [
        "lib/app/directory/mock_server.ex",
        "low",
        "Repo.insert! is repeated per element with no transaction around the loop; only tests call it",
      ],
      [
        "lib/app/importer.ex",
        "medium",
        "Repo.insert! is repeated per element with no transaction around the loop",
      ],
    ]);
  });
});
