import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const workflow = (trigger: string, ref: string): string =>
  [
    `on: ${trigger}`,
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "        with:",
    `          ref: ${ref}`,
    "      - run: npm ci && npm test",
    "",
  ].join("\n");

describe("ci/pull-request-target-checkout", () => {
  it("fires when pull_request_target checks out the PR head", async () => {
    const findings = await findingsOf("ci/pull-request-target-checkout", {
      ".github/workflows/pr.yml": workflow(
        "pull_request_target",
        "${{ github.event.pull_request.head.sha }}",
      ),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toEqual({ path: ".github/workflows/pr.yml", startLine: 6, endLine: 6 });
  });

  it("stays silent for pull_request, and for pull_request_target on the base ref", async () => {
    expect(
      await findingsOf("ci/pull-request-target-checkout", {
        ".github/workflows/pr.yml": workflow("pull_request", "${{ github.event.pull_request.head.sha }}"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/pull-request-target-checkout", {
        ".github/workflows/pr.yml": workflow("pull_request_target", "main"),
      }),
    ).toEqual([]);
  });
});
