import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/infinity-timeout", () => {
  it("fires once per file on GenServer.call and Task.await with :infinity, piped or not", async () => {
    const source = [
      "defmodule A do",
      "  def get(k), do: GenServer.call(__MODULE__, {:get, k}, :infinity)",
      "  def run, do: Task.async(fn -> 1 end) |> Task.await(:infinity)",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/infinity-timeout", {
      "lib/a.ex": source,
      "lib/a/bench/runner.ex":
        "defmodule A.Bench.Runner do\n  def run(tasks), do: Task.await_many(tasks, :infinity)\nend\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity, f.message])).toEqual([
      [
        "lib/a.ex",
        2,
        "medium",
        "2 calls wait forever (:infinity timeout): GenServer.call, Task.await (lines 2, 3)",
      ],
      ["lib/a/bench/runner.ex", 2, "low", "Task.await_many waits forever (:infinity timeout)"],
    ]);
  });

  it("stays silent on bounded timeouts and :infinity elsewhere", async () => {
    const source = [
      "defmodule A do",
      "  def get(k), do: GenServer.call(__MODULE__, {:get, k}, 5_000)",
      "  def child_spec(_), do: %{id: A, start: {A, :start_link, []}, shutdown: :infinity}",
      "  def wait, do: receive(do: (:x -> :ok), after: (1000 -> :timeout))",
      "  def call(k), do: GenServer.call(__MODULE__, {:get, k})",
      "end",
    ].join("\n");
    expect(await findingsOf("elixir/infinity-timeout", { "lib/a.ex": source })).toEqual([]);
  });

  it("is low when the code above the call says why it waits without a bound", async () => {
    const documented = [
      "defmodule A.Scope do",
      '  @doc """',
      "  Applies a snapshot. We pass `:infinity` for the inner call (a few ETS writes that never block);",
      "  the caller's RPC timeout is the real bound.",
      '  """',
      "  def apply(scope, snapshot) do",
      "    GenServer.call(",
      "      scope,",
      "      {:apply, snapshot},",
      "      :infinity",
      "    )",
      "  end",
      "end",
    ].join("\n");
    const plain = documented.replace(/  @doc """\n[\s\S]*?"""\n/, "");
    const findings = await findingsOf("elixir/infinity-timeout", {
      "lib/a/scope.ex": documented,
      "lib/a/plain.ex": plain.replace("A.Scope", "A.Plain"),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a/plain.ex medium",
      "lib/a/scope.ex low",
    ]);
  });

  it("lets one explanation cover the file's other calls into the same process, not calls elsewhere", async () => {
    const call = (fn: string, target: string) => [
      `  def ${fn}(scope, x) do`,
      "    GenServer.call(",
      `      ${target},`,
      `      {:${fn}, x},`,
      "      :infinity",
      "    )",
      "  end",
    ];
    const source = (second: string) =>
      [
        "defmodule A.Scope do",
        '  @doc """',
        "  We pass `:infinity` for the inner call (a few ETS writes that never block); the caller's RPC timeout is the real bound.",
        '  """',
        ...call("apply_snapshot", "A.Supervisor.name(scope)"),
        ...Array.from({ length: 40 }, (_, i) => `  def helper_${i}(x), do: x + ${i}`),
        ...call("apply_delta", second),
        "end",
      ].join("\n");
    const findings = await findingsOf("elixir/infinity-timeout", {
      "lib/a/scope.ex": source("A.Supervisor.name(scope)"),
      "lib/a/other.ex": source("A.Registry.lookup(scope)").replace("A.Scope", "A.Other"),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a/other.ex medium",
      "lib/a/scope.ex low",
    ]);
  });

  it("is low in a background task no caller waits on and under a doc that says the call waits on purpose; a plain call stays medium", async () => {
    const background = [
      "defmodule A.Runtime do",
      "  def transfer(pid, path) do",
      "    {:ok, _pid} =",
      "      Task.Supervisor.start_child(A.TaskSupervisor, fn ->",
      "        GenServer.call(pid, {:transfer, path}, :infinity)",
      "      end)",
      "  end",
      "end",
    ].join("\n");
    const documented = [
      "defmodule A.Tracker do",
      '  @doc """',
      "  Removes the reference. This function synchronously awaits all monitoring acknowledgements.",
      '  """',
      "  def remove_sync(tracker, ref) do",
      "    GenServer.call(tracker, {:remove_sync, ref}, :infinity)",
      "  end",
      "end",
    ].join("\n");
    const plain = [
      "defmodule A.Pool do",
      '  @doc """',
      "  Returns the pool's nodes.",
      '  """',
      "  def nodes(pool) do",
      "    GenServer.call(pool, :nodes, :infinity)",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/infinity-timeout", {
      "lib/a/runtime.ex": background,
      "lib/a/tracker.ex": documented,
      "lib/a/pool.ex": plain,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a/pool.ex medium",
      "lib/a/runtime.ex low",
      "lib/a/tracker.ex low",
    ]);
  });

  it("stays silent on awaiting a task bounded by its own receive … after; fires when the receive has no after", async () => {
    const task = (after: string) =>
      [
        "Task.async(fn ->",
        "      GenServer.cast(__MODULE__, {:query, self()})",
        "      receive do",
        "        {:result, result} -> result",
        after,
        "      end",
        "    end)",
      ].join("\n");
    const bounded = "      after\n        timeout -> {:error, :timeout}";
    const source = (after: string) =>
      [
        "defmodule A do",
        "  def query(timeout) do",
        `    ${task(after)}`,
        "    |> Task.await(:infinity)",
        "  end",
        "  def query2(timeout) do",
        `    t = ${task(after)}`,
        "    Task.await(t, :infinity)",
        "  end",
        "end",
      ].join("\n");
    expect(await findingsOf("elixir/infinity-timeout", { "lib/a.ex": source(bounded) })).toEqual([]);
    const findings = await findingsOf("elixir/infinity-timeout", { "lib/a.ex": source("") });
    expect(findings.map((f) => f.message)).toEqual([
      "2 calls wait forever (:infinity timeout): Task.await (lines 10, 20)",
    ]);
  });
});
