import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const job = ["jobs:", "  t:", "    runs-on: x", "    steps:", "      - run: make test", ""];

describe("ci/no-concurrency-cancel", () => {
  it("fires for a pull_request workflow with no concurrency group, and for one that does not cancel", async () => {
    const findings = await findingsOf("ci/no-concurrency-cancel", {
      ".github/workflows/a.yml": ["on: [pull_request]", ...job].join("\n"),
      ".github/workflows/b.yml": ["on: pull_request", "concurrency: ci-${{ github.ref }}", ...job].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      ".github/workflows/a.yml:1",
      ".github/workflows/b.yml:2",
    ]);
  });

  it("stays silent with cancel-in-progress, or for push-only workflows", async () => {
    expect(
      await findingsOf("ci/no-concurrency-cancel", {
        ".github/workflows/a.yml": [
          "on: pull_request",
          "concurrency:",
          "  group: ci-${{ github.ref }}",
          "  cancel-in-progress: true",
          ...job,
        ].join("\n"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/no-concurrency-cancel", {
        ".github/workflows/a.yml": ["on: push", ...job].join("\n"),
      }),
    ).toEqual([]);
  });
});
