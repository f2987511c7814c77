import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/stub-implementation", () => {
  it("fires on constant returns beside a TODO and on not-implemented raises", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "lib/security_policy.ex": [
        "defmodule SecurityPolicy do",
        "  # TODO: Check user permissions for codebase",
        "  def check_permissions(_user, _codebase, _action), do: true",
        "end",
      ].join("\n"),
      "src/export.ts":
        'export function exportCsv(rows: string[]): string {\n  throw new Error("Not implemented");\n}\n',
      "tools/sync.py": "def sync_all():\n    raise NotImplementedError\n",
      "metrics/query.go":
        "package metrics\n\n// TODO: query latency\nfunc AvgLatency() float64 {\n\treturn 0\n}\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "lib/security_policy.ex:3",
      "metrics/query.go:4",
      "src/export.ts:2",
      "tools/sync.py:2",
    ]);
    expect(findings[0]?.message).toContain("check_permissions returns a constant (true)");
  });

  it("fires on metric fields hard-coded to 0.0 or nil beside a TODO, and not on zeros without one", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "lib/metrics/query.ex": [
        "defmodule Metrics.Query do",
        "  def summary(period) do",
        "    %{",
        "      period: period,",
        "      total_cost_usd: 0.0, # TODO: Query cost data",
        "      # TODO: Query latency",
        "      avg_latency_ms: 0.0,",
        "      retries: 0",
        "    }",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [5, 'total_cost_usd is hard-coded to 0.0 beside "TODO: Query cost data"'],
      [7, 'avg_latency_ms is hard-coded to 0.0 beside "TODO: Query latency"'],
    ]);
  });

  it("stays silent on abstract-method conventions, real bodies and constants without a TODO", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "pkg/base.py":
        "class Handler:\n    def handle(self, request):\n        raise NotImplementedError\n\n    async def serve(self):\n        raise NotImplementedError\n",
      "lib/flags.ex": "defmodule Flags do\n  def enabled?(_), do: true\nend\n",
      "src/parse.ts":
        "// TODO: support yaml\nexport function parse(text: string): unknown {\n  return JSON.parse(text);\n}\n",
      "src/errors.ts": 'export function fail(): never {\n  throw new Error("connection refused");\n}\n',
    });
    expect(findings).toEqual([]);
  });
});
