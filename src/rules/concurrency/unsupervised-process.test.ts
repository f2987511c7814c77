import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/unsupervised-process", () => {
  it("fires on Task.start, spawn and GenServer.start; low for inline functions fired and forgotten", async () => {
    const source = [
      "defmodule A.Jobs do",
      "  def refresh, do: Task.start(fn -> :ok end)",
      "  def fire, do: spawn(fn -> :ok end)",
      "  def boot, do: GenServer.start(A.Worker, [])",
      "  def listen, do: spawn(A.Listener, :loop, [])",
      "  def poll, do: Task.start(A.Poller, :loop, [])",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unsupervised-process", { "lib/a/jobs.ex": source });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "low"],
      [3, "low"],
      [4, "high"],
      [5, "medium"],
      [6, "medium"],
    ]);
    expect(findings[0]?.message).toContain("a supervised task would not be restarted either");
  });

  it("is low for a named process started on demand, medium when nothing starts it again", async () => {
    const source = [
      "defmodule A.Keys do",
      "  defp counter do",
      "    case Agent.start(fn -> 0 end, name: __MODULE__) do",
      "      {:ok, pid} -> pid",
      "      {:error, {:already_started, pid}} -> pid",
      "    end",
      "  end",
      "  def boot do",
      "    {:ok, pid} = Agent.start(fn -> 0 end, name: A.Counter)",
      "    pid",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unsupervised-process", { "lib/a/keys.ex": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["3:low", "9:medium"]);
    expect(findings[0]?.message).toContain("started on demand");
  });

  it("stays silent on supervised and linked starts and in tests", async () => {
    const source = [
      "defmodule A.Jobs do",
      "  def refresh, do: Task.Supervisor.start_child(A.TaskSup, fn -> :ok end)",
      "  def link, do: Task.start_link(fn -> :ok end)",
      "  def boot, do: GenServer.start_link(A.Worker, [])",
      "  def async, do: Task.async(fn -> :ok end) |> Task.await(5_000)",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unsupervised-process", {
      "lib/a/jobs.ex": source,
      "test/a/jobs_test.exs": 'defmodule A.JobsTest do\n  test "x", do: Task.start(fn -> :ok end)\nend\n',
    });
    expect(findings).toEqual([]);
  });

  it("is low when the comment above accepts its failure, medium when the comment only says what it does", async () => {
    const source = [
      "defmodule A.Discovery do",
      "  def init(vehicles) do",
      "    # Runs concurrently with the children starting up. Failures are only",
      "    # logged; the cleanup is idempotent and repeated on every start.",
      "    Task.start(__MODULE__, :clear_removed, [vehicles])",
      "  end",
      "  def notify(user) do",
      "    # Send the welcome email.",
      "    Task.start(A.Mailer, :send_welcome, [user])",
      "  end",
      "  def hook(event) do",
      "    # TODO: how should we handle errors/retry logic?",
      "    Task.start(A.Hooks, :post, [event])",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unsupervised-process", { "lib/a/discovery.ex": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "5:low",
      "9:medium",
      "13:medium",
    ]);
    expect(findings[0]?.message).toContain("Failures are only logged;");
  });

  it("is low for a module's own `start` beside its `start_link`, medium for a lone `start` wrapper", async () => {
    const paired = [
      "defmodule A.Proxy do",
      "  use GenServer",
      "  def start(args) do",
      "    GenServer.start(__MODULE__, args)",
      "  end",
      "  def start_link(args) do",
      "    GenServer.start_link(__MODULE__, args)",
      "  end",
      "end",
    ].join("\n");
    const lone = [
      "defmodule A.Cache do",
      "  use GenServer",
      "  def start(args) do",
      "    GenServer.start(__MODULE__, args, name: __MODULE__)",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unsupervised-process", {
      "lib/a/proxy.ex": paired,
      "lib/a/cache.ex": lone,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`)).toEqual([
      "lib/a/cache.ex:medium",
      "lib/a/proxy.ex:low",
    ]);
  });
});
