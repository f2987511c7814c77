import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/todo-cluster", () => {
  it("fires on a file with four TODO/FIXME markers", async () => {
    const source = [
      "defmodule Bootstrap do",
      "  # TODO: implement stream creation",
      "  def create_stream(_), do: :ok",
      "  # TODO: implement consumer creation",
      "  def create_consumer(_), do: :ok",
      "  # FIXME: use the JetStream API",
      "  def update(_), do: :ok",
      "  # TODO: implement deletion",
      "  def delete(_), do: :ok",
      "end",
    ].join("\n");
    const findings = await findingsOf("generic/todo-cluster", { "lib/bootstrap.ex": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toEqual({ path: "lib/bootstrap.ex", startLine: 2, endLine: 8 });
    expect(findings[0]?.message).toContain("4 TODO/FIXME markers");
  });

  it("stays silent on three markers, on tests, and on TODO inside strings", async () => {
    const findings = await findingsOf("generic/todo-cluster", {
      "lib/a.ex": '# TODO: one\n# TODO: two\n# FIXME: three\nx = "TODO: not a comment"\n',
      "test/a_test.exs": "# TODO a\n# TODO b\n# TODO c\n# TODO d\n",
    });
    expect(findings).toEqual([]);
  });
});
