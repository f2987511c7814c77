import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../test/helpers/audit-harness.js";
import { ciJobTable } from "./ci-job-table.js";

describe("CI job table", () => {
  it("lists each job with triggers, needs, services, gates and permissions", async () => {
    const { facts } = await analyseFiles({
      ".github/workflows/ci.yml": [
        "on: [push, pull_request]",
        "permissions: { contents: read }",
        "jobs:",
        "  test:",
        "    runs-on: x",
        "    services:",
        "      db: { image: 'postgres:16' }",
        "    steps:",
        "      - run: go test ./...",
        "      - run: govulncheck ./... || true",
        "  release:",
        "    needs: test",
        "    permissions: { contents: write }",
        "    if: false",
        "    runs-on: x",
        "    steps:",
        "      - run: goreleaser release",
        "",
      ].join("\n"),
    });
    const table = ciJobTable(facts);
    expect(table?.columns).toEqual(["Where", "Job", "Triggers", "Needs", "Services", "Gates", "Permissions"]);
    expect(table?.rows).toEqual([
      [
        ".github/workflows/ci.yml:4",
        "test",
        "push, pull_request",
        "—",
        "postgres:16",
        "test, dependency-audit (does not gate)",
        "contents: read (workflow)",
      ],
      [
        ".github/workflows/ci.yml:11",
        "release (never runs)",
        "push, pull_request",
        "test",
        "—",
        "release (does not gate)",
        "contents: write",
      ],
    ]);
  });
});
