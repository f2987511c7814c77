import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/process-dictionary", () => {
  it("fires once per file with the count of Process.put/get calls", async () => {
    const findings = await findingsOf("elixir/process-dictionary", {
      "lib/a/context.ex":
        "defmodule A.Context do\n  def put(user), do: Process.put(:user, user)\n  def get, do: Process.get(:user)\nend\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: "lib/a/context.ex", startLine: 2 });
    expect(findings[0]?.message).toContain("2 process dictionary call(s)");
  });

  it("stays silent on Map.put, Process.info and tests", async () => {
    const findings = await findingsOf("elixir/process-dictionary", {
      "lib/a/context.ex":
        "defmodule A.Context do\n  def put(m, u), do: Map.put(m, :user, u)\n  def info, do: Process.info(self())\nend\n",
      "test/a_test.exs": 'defmodule ATest do\n  test "x", do: Process.put(:k, 1)\nend\n',
    });
    expect(findings).toEqual([]);
  });
});
