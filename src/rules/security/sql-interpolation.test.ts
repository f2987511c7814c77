import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/sql-interpolation", () => {
  it("fires on interpolated SQL passed to SQL.query!, Repo.query and piped calls", async () => {
    const source = [
      "defmodule A.Search do",
      "  def search(term), do: Ecto.Adapters.SQL.query!(Repo, \"SELECT id FROM users WHERE email LIKE '%#{term}%'\")",
      "  def by_name(name), do: A.Repo.query(\"SELECT * FROM users WHERE name = '#{name}'\")",
      '  def piped(id), do: Repo |> Ecto.Adapters.SQL.query!("DELETE FROM users WHERE id = #{id}")',
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/sql-interpolation", { "lib/a/search.ex": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([2, 3, 4]);
  });

  it("stays silent on parameters, module attributes and values from app config", async () => {
    const source = [
      "defmodule A.Search do",
      '  @table "users"',
      '  def search(term), do: Ecto.Adapters.SQL.query!(Repo, "SELECT id FROM users WHERE email LIKE $1", [term])',
      '  def count, do: Repo.query!("SELECT count(*) FROM #{@table}")',
      "  def wait do",
      "    wait = Application.fetch_env!(:a, :lock_wait)",
      '    Repo.query!("SET LOCAL lock_timeout = #{wait}")',
      "  end",
      '  def label(x), do: Logger.info("query #{x}")',
      "end",
    ].join("\n");
    expect(await findingsOf("elixir/sql-interpolation", { "lib/a/search.ex": source })).toEqual([]);
  });

  it("reads a quoted relation name (size functions, ::regclass) as an identifier, and a quoted value as a value", async () => {
    const source = [
      "defmodule A.Partitions do",
      "  def size(c), do: Repo.query(\"SELECT pg_total_relation_size('#{schema()}.#{partition_name(c)}')\")",
      "  def oid(c), do: Repo.query(\"SELECT '#{partition_name(c)}'::regclass::oid\")",
      "  def owner(c), do: Repo.query(\"SELECT * FROM partitions WHERE name = '#{partition_name(c)}'\")",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/sql-interpolation", { "lib/a/partitions.ex": source });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual([
      "2 medium",
      "3 medium",
      "4 high",
    ]);
  });

  it("reads the channel of NOTIFY/LISTEN as an identifier (low from configuration, else medium), a value in the payload's place as a value", async () => {
    const source = [
      "defmodule A.Cluster do",
      "  def beat(state), do: Postgrex.query(state.conn, \"NOTIFY #{state.config[:channel_name]}, '#{node()}'\", [])",
      '  def listen(state), do: Postgrex.query(state.conn, "LISTEN #{state.config[:channel_name]}", [])',
      "  def say(state, msg), do: Postgrex.query(state.conn, \"NOTIFY cluster, '#{msg}'\", [])",
      '  def join(state, params), do: Postgrex.query(state.conn, "LISTEN #{params["channel"]}", [])',
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/sql-interpolation", { "lib/a/cluster.ex": source });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual([
      "2 low",
      "3 low",
      "4 high",
      "5 medium",
    ]);
    expect(findings[0]?.message).toContain("as an identifier");
    expect(findings[0]?.message).toContain("a configured setting");
  });

  it("is low for a relation name built by a function of the same module, medium for one from elsewhere", async () => {
    const source = [
      "defmodule A.Consumers do",
      "  def size(c), do: Repo.query(\"SELECT pg_total_relation_size('#{schema()}.#{partition_name(c)}')\")",
      "  def other(c), do: Repo.query(\"SELECT pg_total_relation_size('#{schema()}.#{Names.partition(c)}')\")",
      '  def partition_name(c), do: "consumer_#{c.seq}"',
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/sql-interpolation", { "lib/a/consumers.ex": source });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual(["2 low", "3 medium"]);
  });

  it("keeps DDL, dynamic identifiers beside parameters and scripts low, and other dynamic identifiers medium", async () => {
    const source = [
      "defmodule A.Partitions do",
      '  def drop(conn, name), do: Postgrex.query!(conn, "DROP TABLE IF EXISTS realtime.#{name}", [])',
      '  def insert(table, text), do: Repo.query("INSERT INTO #{table} (demo_text) VALUES ($1)", [text])',
      "  def size(consumer), do: Repo.query(\"SELECT pg_total_relation_size('#{schema()}.#{part(consumer)}')\")",
      '  def count(table), do: Repo.query("SELECT count(*) FROM #{table}")',
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/sql-interpolation", { "lib/a/partitions.ex": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "2:low",
      "3:low",
      "4:medium",
      "5:medium",
    ]);
    const script = await findingsOf("elixir/sql-interpolation", {
      "priv/tests_e2e/tests.exs": "Postgrex.query(conn, \"DELETE FROM t WHERE a = '#{x}'\")\n",
    });
    expect(script.map((f) => f.severity)).toEqual(["low"]);
  });

  it("keeps a session setting (SET search_path = …), which takes no parameters, low; a value in an UPDATE … SET stays high", async () => {
    const source = [
      "defmodule A.SharedRepo do",
      "  def __after_connect__(conn, schema) do",
      '    Postgrex.query!(conn, "SET search_path=#{schema}", [])',
      '    Postgrex.query!(conn, "SET LOCAL statement_timeout TO #{schema}", [])',
      "    Postgrex.query!(conn, \"UPDATE users SET name = '#{schema}'\", [])",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/sql-interpolation", { "lib/a/shared_repo.ex": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "3:low",
      "4:low",
      "5:high",
    ]);
  });

  it("is low in a seed module, which fills a database by hand", async () => {
    const source = (module: string) =>
      `defmodule ${module} do\n  def reset(org), do: Repo.query!("DELETE FROM messages WHERE organization_id = #{org.id}")\nend\n`;
    const findings = await findingsOf("elixir/sql-interpolation", {
      "lib/app/seeds/seeds_scale.ex": source("App.Seeds.SeedsScale"),
      "lib/app/messages.ex": source("App.Messages"),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/app/messages.ex high",
      "lib/app/seeds/seeds_scale.ex low",
    ]);
  });
});
