import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("ci/no-job-timeout", () => {
  it("fires listing the jobs without timeout-minutes", async () => {
    const findings = await findingsOf("ci/no-job-timeout", {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  lint:",
        "    runs-on: x",
        "    timeout-minutes: 5",
        "    steps:",
        "      - run: make lint",
        "  test:",
        "    runs-on: x",
        "    steps:",
        "      - run: make test",
        "",
      ].join("\n"),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("Job test has no timeout-minutes");
    expect(findings[0]?.location?.startLine).toBe(8);
  });

  it("stays silent when every job has a timeout or calls a reusable workflow", async () => {
    const findings = await findingsOf("ci/no-job-timeout", {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  test:",
        "    runs-on: x",
        "    timeout-minutes: 10",
        "    steps:",
        "      - run: make test",
        "  call:",
        "    uses: ./.github/workflows/reuse.yml",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
});
