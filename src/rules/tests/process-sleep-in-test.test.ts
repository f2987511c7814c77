import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/process-sleep-in-test", () => {
  it("fires once per test file with the sleep count", async () => {
    const findings = await findingsOf("elixir/process-sleep-in-test", {
      "test/a/cache_test.exs":
        'defmodule A.CacheTest do\n  use ExUnit.Case\n  test "x" do\n    Process.sleep(100)\n    :timer.sleep(50)\n  end\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("2 sleep call(s) in this test file (lines 4, 5)");
  });

  it("stays silent on assert_receive and on sleeps in application code", async () => {
    const findings = await findingsOf("elixir/process-sleep-in-test", {
      "test/a/cache_test.exs":
        'defmodule A.CacheTest do\n  use ExUnit.Case\n  test "x" do\n    assert_receive :done, 500\n  end\nend\n',
      "lib/a/poller.ex": "defmodule A.Poller do\n  def wait, do: Process.sleep(1000)\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
