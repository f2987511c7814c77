import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/skipped-test", () => {
  it("fires on @tag :skip, @tag skip: reason and @moduletag :skip", async () => {
    const source =
      'defmodule ATest do\n  use ExUnit.Case\n  @moduletag :skip\n  @tag :skip\n  test "a", do: :ok\n  @tag skip: "flaky"\n  test "b", do: :ok\nend\n';
    const findings = await findingsOf("elixir/skipped-test", { "test/a_test.exs": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3, 4, 6]);
  });

  it("stays silent on other tags and outside tests", async () => {
    const findings = await findingsOf("elixir/skipped-test", {
      "test/a_test.exs":
        'defmodule ATest do\n  use ExUnit.Case\n  @tag :slow\n  @tag capture_log: true\n  test "a", do: :ok\nend\n',
      "lib/a.ex": "defmodule A do\n  @tag :skip\nend\n",
    });
    expect(findings).toEqual([]);
  });
});
