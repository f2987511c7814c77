import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/unsupervised-process", () => {
  it("fires on Task.start, spawn and GenServer.start; low for spawned inline functions", async () => {
    const source = [
      "defmodule A.Jobs do",
      "  def refresh, do: Task.start(fn -> :ok end)",
      "  def fire, do: spawn(fn -> :ok end)",
      "  def boot, do: GenServer.start(A.Worker, [])",
      "  def listen, do: spawn(A.Listener, :loop, [])",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/unsupervised-process", { "lib/a/jobs.ex": source });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "medium"],
      [3, "low"],
      [4, "high"],
      [5, "medium"],
    ]);
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
      "    Task.start(fn -> clear_removed(vehicles) end)",
      "  end",
      "  def notify(user) do",
      "    # Send the welcome email.",
      "    Task.start(fn -> send_welcome(user) end)",
      "  end",
      "  def hook(event) do",
      "    # TODO: how should we handle errors/retry logic?",
      "    Task.start(fn -> post(event) end)",
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
});
