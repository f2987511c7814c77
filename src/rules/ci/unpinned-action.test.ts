import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("ci/unpinned-action", () => {
  it("reports a workflow once, medium when a third-party action follows a branch", async () => {
    const findings = await findingsOf("ci/unpinned-action", {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  a:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - name: Checkout",
        "        uses: actions/checkout@v4",
        "      - uses: coverallsapp/coveralls-action@develop",
        "      - uses: actions/checkout@v4",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[8, "medium"]]);
    expect(findings[0]?.message).toContain("2 actions not pinned");
    expect(findings[0]?.message).toContain("follows a branch");
  });

  it("is medium for a tagged third-party action in a job with secrets, low in a read-only job", async () => {
    const workflow = (env: string): string =>
      [
        "on: push",
        "jobs:",
        "  publish:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: docker/login-action@v3",
        env,
        "",
      ].join("\n");
    const withSecret = await findingsOf("ci/unpinned-action", {
      ".github/workflows/release.yml": workflow(
        "        with:\n          password: ${{ secrets.DOCKERHUB_TOKEN }}",
      ),
    });
    expect(withSecret.map((f) => [f.location?.startLine, f.severity])).toEqual([[7, "medium"]]);
    expect(withSecret[0]?.message).toContain("reads secret DOCKERHUB_TOKEN");
    // Near miss: the same tags in a job that holds no secret and no write scope.
    const readOnly = await findingsOf("ci/unpinned-action", {
      ".github/workflows/release.yml": workflow("        with:\n          registry: ghcr.io"),
    });
    expect(readOnly.map((f) => f.severity)).toEqual(["low"]);
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
        "      - uses: acme/app/.github/actions/prepare@dev",
        `      - uses: docker://alpine@sha256:${"a".repeat(64)}`,
        "",
      ].join("\n"),
      ".github/actions/prepare/action.yml": "runs:\n  using: composite\n  steps: []\n",
    });
    expect(findings).toEqual([]);
  });
});
