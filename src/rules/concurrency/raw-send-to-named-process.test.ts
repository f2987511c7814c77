import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/raw-send-to-named-process", () => {
  it("fires on send to a module alias and to __MODULE__", async () => {
    const findings = await findingsOf("elixir/raw-send-to-named-process", {
      "lib/a/cache.ex":
        "defmodule A.Cache do\n  def invalidate(k), do: send(A.Cache, {:invalidate, k})\n  def tick, do: send(__MODULE__, :tick)\nend\n",
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([2, 3]);
  });

  it("stays silent on pids, self() and GenServer.cast", async () => {
    const findings = await findingsOf("elixir/raw-send-to-named-process", {
      "lib/a/cache.ex":
        "defmodule A.Cache do\n  def reply(pid, m), do: send(pid, m)\n  def me, do: send(self(), :tick)\n  def inv(k), do: GenServer.cast(__MODULE__, {:invalidate, k})\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
