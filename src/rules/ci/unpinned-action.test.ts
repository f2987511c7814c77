import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("ci/unpinned-action", () => {
  it("fires once per tag-referenced action, lower for GitHub-owned ones", async () => {
    const findings = await findingsOf("ci/unpinned-action", {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  a:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - name: Checkout",
        "        uses: actions/checkout@v4",
        "      - uses: tj-actions/changed-files@v44",
        "      - uses: actions/checkout@v4",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [7, "low"],
      [8, "medium"],
    ]);
  });

  it("stays silent on SHA pins, local actions and digest-pinned docker actions", async () => {
    const findings = await findingsOf("ci/unpinned-action", {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  a:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
        "      - uses: ./.github/actions/setup",
        `      - uses: docker://alpine@sha256:${"a".repeat(64)}`,
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
});
