import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { grepBanOf, grepPatternToRegExp } from "../../facts/ci/grep-bans.js";

const workflow = (...commands: string[]): string =>
  [
    "on: push",
    "jobs:",
    "  ban:",
    "    runs-on: x",
    "    steps:",
    "      - run: |",
    ...commands.map((c) => `          ${c}`),
    "",
  ].join("\n");

const tree = {
  "lib/app/cache.ex": "defmodule App.Cache do\n  def put(k, v), do: Process.put(k, v)\nend\n",
  "lib/app/worker.ex":
    "defmodule App.Worker do\n  def start, do: Task.Supervisor.start_child(S, fn -> :ok end)\nend\n",
  "test/app_test.exs": "Process.put(:x, 1)\n",
};

describe("ci/grep-ban-fails", () => {
  it("fires with the matches when the tree still contains a banned pattern", async () => {
    const findings = await findingsOf("ci/grep-ban-fails", {
      ...tree,
      ".github/workflows/ci.yml": workflow(
        '! grep -rnE "Process\\.(spawn|put)" lib',
        "if git grep -q 'Process.put' -- '*.exs'; then",
        "  exit 1",
        "fi",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [7, "medium"],
      [8, "medium"],
    ]);
    expect(findings[0]?.message).toContain("matches 1 line of the tracked files (lib/app/cache.ex:2)");
    expect(findings[1]?.message).toContain("(test/app_test.exs:1)");
  });

  it("stays silent when the ban holds, or when the search reads a pipe or a variable", async () => {
    const findings = await findingsOf("ci/grep-ban-fails", {
      ...tree,
      ".github/workflows/ci.yml": workflow(
        '! grep -rn "Process.spawn" lib',
        "! grep -rn 'Process.put' lib --exclude-dir=app",
        'docker logs x | grep -q "Process.put" && exit 1',
        '! grep -q "Process.put" "$FILE"',
      ),
    });
    expect(findings).toEqual([]);
  });

  it("translates grep syntaxes", () => {
    expect(grepPatternToRegExp("a\\|b(", "basic")?.source).toBe("a|b\\(");
    expect(grepPatternToRegExp("[[:space:]]x+", "extended")?.test(" xx")).toBe(true);
    expect(grepPatternToRegExp("a.b", "fixed")?.test("axb")).toBe(false);
    expect(grepBanOf("grep -c x lib && exit 1", [])).toBeNull();
    expect(grepBanOf('test -z "$(rg -n TODO src)"', [])?.patterns).toEqual(["TODO"]);
  });
});
