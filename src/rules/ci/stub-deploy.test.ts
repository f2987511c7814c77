import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const wf = (id: string, steps: string[]): string =>
  [
    "on: push",
    "jobs:",
    `  ${id}:`,
    "    runs-on: x",
    "    steps:",
    "      - uses: actions/checkout@v4",
    ...steps,
    "",
  ].join("\n");

describe("ci/stub-deploy", () => {
  it("fires for a deploy job that only echoes", async () => {
    const findings = await findingsOf("ci/stub-deploy", {
      ".github/workflows/cd.yml": wf("deploy", [
        '      - run: echo "Deploying to production..."',
        "      - run: echo done",
      ]),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(7);
  });

  it("stays silent for a real deploy, a deploy action, or a non-deploy job that echoes", async () => {
    expect(
      await findingsOf("ci/stub-deploy", {
        ".github/workflows/cd.yml": wf("deploy", [
          "      - run: echo start",
          "      - run: flyctl deploy --remote-only",
        ]),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/stub-deploy", {
        ".github/workflows/cd.yml": wf("deploy", [
          "      - uses: superfly/flyctl-actions/setup-flyctl@master",
          "      - run: echo ok",
        ]),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/stub-deploy", {
        ".github/workflows/cd.yml": wf("hello", ["      - run: echo hi"]),
      }),
    ).toEqual([]);
  });
});
