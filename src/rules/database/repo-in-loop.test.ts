import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/repo-in-loop", () => {
  it("fires on Repo reads inside for, Enum.map fn and &capture", async () => {
    const source = [
      "defmodule A.Accounts do",
      "  def emails(ids) do",
      "    for id <- ids, do: Repo.get(User, id).email",
      "  end",
      "  def users(ids), do: Enum.map(ids, fn id -> A.Repo.get!(User, id) end)",
      "  def preload_all(users), do: Enum.map(users, &Repo.preload(&1, :orders))",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/repo-in-loop", { "lib/a/accounts.ex": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3, 5, 6]);
    expect(findings[0]?.message).toContain("Repo.get runs once per element of for");
  });

  it("is low in seeds and scripts, which run once by hand", async () => {
    const seeds = "for id <- [1, 2, 3] do\n  user = Repo.get(User, id)\n  IO.inspect(user)\nend\n";
    const findings = await findingsOf("elixir/repo-in-loop", {
      "mix.exs": "defmodule A.MixProject do\nend\n",
      "priv/repo/seeds.exs": seeds,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["priv/repo/seeds.exs", "low"]]);
  });

  it("is low in modules an operator runs from IEx or a release eval, medium in the application", async () => {
    const body = (name: string, doc: string) =>
      `defmodule ${name} do\n  @moduledoc """\n  ${doc}\n  """\n  def purge(user) do\n    Enum.map(user.packages, fn p -> Repo.aggregate(Ecto.assoc(p, :owners), :count) end)\n  end\nend\n`;
    const findings = await findingsOf("elixir/repo-in-loop", {
      "mix.exs": "defmodule A.MixProject do\nend\n",
      "lib/a/admin_tasks.ex": body(
        "A.AdminTasks",
        "These functions are intended to be called from iex for administrative operations.",
      ),
      "lib/a/release.ex": body("A.Release", "Release tasks."),
      "lib/a/packages.ex": body("A.Packages", "Package ownership, used by the web controllers."),
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["lib/a/admin_tasks.ex", "low"],
      ["lib/a/packages.ex", "medium"],
      ["lib/a/release.ex", "low"],
    ]);
  });

  it("stays silent on one query for the list, the enumerable argument itself, generators and tests", async () => {
    const source = [
      "defmodule A.Accounts do",
      "  def emails(ids), do: Repo.all(from u in User, where: u.id in ^ids, select: u.email)",
      "  def names, do: Enum.map(Repo.all(User), & &1.name)",
      "  def pairs, do: for(u <- Repo.all(User), do: {u.id, u.name})",
      "  def export(query) do",
      "    query |> Repo.stream() |> Stream.chunk_every(100) |> Stream.flat_map(&Repo.preload(&1, :certificates))",
      "  end",
      "  def delete_all(ids) do",
      "    Enum.reduce(ids, Ecto.Multi.new(), fn id, multi ->",
      "      Ecto.Multi.run(multi, id, fn _, _ -> Repo.get(Firmware, id) |> Firmwares.delete() end)",
      "    end)",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/repo-in-loop", {
      "lib/a/accounts.ex": source,
      "test/a/accounts_test.exs":
        'defmodule A.AccountsTest do\n  test "x" do\n    for id <- [1], do: Repo.get(User, id)\n  end\nend\n',
    });
    expect(findings).toEqual([]);
  });

  it("stays silent when each element is itself a query (a stream of batches), fires when a record builds it", async () => {
    const source = [
      "defmodule A.Batch do",
      "  def records(queryable), do: queryable |> query_batches() |> Stream.flat_map(&Repo.all/1)",
      "  def ids(queryable) do",
      "    queryable |> query_batches() |> Enum.each(fn batch -> Repo.all(select(batch, [x], x.id)) end)",
      "  end",
      "  def pages(results, queries) do",
      "    Enum.map(Enum.zip(results, queries), fn {page, q} -> q |> where([m], m.id in ^page) |> Repo.all() end)",
      "  end",
      "  def posts(users), do: Enum.map(users, fn user -> user |> Ecto.assoc(:posts) |> Repo.all() end)",
      "  def counts(users), do: Enum.map(users, fn u -> Repo.all(from p in Post, where: p.user_id == ^u.id) end)",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/repo-in-loop", { "lib/a/batch.ex": source });
    // Only the reads a record builds a query for: Ecto.assoc(user, …) and from … where ^u.id.
    expect(findings.map((f) => f.location?.startLine)).toEqual([9, 10]);
  });
  it("stays silent in a clause for one filter option and on reloading the carried record; fires per element", async () => {
    const source = [
      "defmodule A.Messages do",
      "  def filter(query, filter) do",
      "    Enum.reduce(filter, query, fn",
      "      {:tags_included, tags}, query ->",
      "        ids = MessageTag |> where([p], p.tag_id in ^tags) |> select([p], p.message_id) |> Repo.all()",
      "        query |> where([m], m.id in ^ids)",
      "      _, query ->",
      "        query",
      "    end)",
      "  end",
      "  def check_ins(project, items) do",
      "    Enum.reduce_while(items, {:ok, project}, fn item, {:ok, current} ->",
      "      {:ok, _} = create(current, item)",
      "      {:cont, {:ok, Repo.reload(current)}}",
      "    end)",
      "  end",
      "  def owners(items) do",
      "    Enum.reduce(items, [], fn item, acc -> [Repo.reload(item) | acc] end)",
      "  end",
      "  def tagged(tags) do",
      "    Enum.map(tags, fn {tag, _} -> MessageTag |> where([p], p.tag_id == ^tag) |> Repo.all() end)",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/repo-in-loop", { "lib/a/messages.ex": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([18, 21]);
  });

  it("stays silent over a literal list of schemas or atoms; fires over a list of values", async () => {
    const source = [
      "defmodule A.Import do",
      "  def empty? do",
      "    [Work, Collection, FileSet] |> Enum.all?(&(Repo.aggregate(&1, :count) == 0))",
      "  end",
      "  def counts, do: for(s <- [Work, Collection], do: Repo.aggregate(s, :count))",
      "  def totals, do: Enum.map([:works, :collections], fn t -> Repo.aggregate(t, :count) end)",
      "  def users(ids), do: Enum.map([ids, 1], fn id -> Repo.get(User, id) end)",
      "  def more(a, b), do: Enum.map([a, b], fn id -> Repo.get(User, id) end)",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/repo-in-loop", { "lib/a/import.ex": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([7, 8]);
  });
});
