import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/todo-cluster", () => {
  it("fires medium on a file where markers say work is missing", async () => {
    const source = [
      "defmodule Bootstrap do",
      "  # TODO: implement stream creation",
      "  def create_stream(_), do: :ok",
      "  # TODO: implement consumer creation",
      "  def create_consumer(_), do: :ok",
      "  # FIXME: use the JetStream API",
      "  def update(_), do: :ok",
      "  # TODO: hard-coded until the deletion endpoint exists",
      "  def delete(_), do: :ok",
      "end",
    ].join("\n");
    const findings = await findingsOf("generic/todo-cluster", { "lib/bootstrap.ex": source });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ["medium", "3 markers say work is missing (lines 2, 4, 8); 4 TODO/FIXME markers in all"],
    ]);
    expect(findings[0]?.location).toEqual({ path: "lib/bootstrap.ex", startLine: 2, endLine: 8 });
  });

  it("keeps a pile of improvement notes low", async () => {
    const source = [
      "export function layout() {",
      "  // TODO: this seems wrong, revisit",
      "  // TODO: find a better solution than clicking buttons",
      "  // FIXME: expensive with many elements, consider caching",
      "  // TODO: always overridden by the compose shortcut",
      "  // XXX It should be possible to test this implementation against a server",
      "  // TODO: enable aligning frames when implemented properly",
      "  // TODO: revisit this implementation once the API settles",
      "}",
    ].join("\n");
    const findings = await findingsOf("generic/todo-cluster", { "src/layout.ts": source });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ["low", "7 TODO/FIXME markers (lines 2, 3, 4, 5, 6, 7, 8)"],
    ]);
  });

  it("stays silent on three markers, on tests, on TODO inside strings and on tool-written suppressions", async () => {
    const migrated = Array.from(
      { length: 8 },
      (_, i) =>
        `    // @ts-expect-error ts-migrate(7053) FIXME: Element implicitly has an 'any' type\n    value${i} = options[key${i}];`,
    ).join("\n");
    const findings = await findingsOf("generic/todo-cluster", {
      "lib/a.ex": '# TODO: one\n# TODO: two\n# FIXME: three\nx = "TODO: not a comment"\n',
      "test/a_test.exs": "# TODO implement a\n# TODO implement b\n# TODO implement c\n# TODO d\n",
      "src/settings.tsx": `export function read(options, key0) {\n${migrated}\n}\n`,
    });
    expect(findings).toEqual([]);
  });
});
