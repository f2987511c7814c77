import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const job = ["jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:", "      - run: make test", ""];

describe("ci/workflow-permissions", () => {
  it("fires on write-all (high) and on missing permissions (medium)", async () => {
    const findings = await findingsOf("ci/workflow-permissions", {
      ".github/workflows/a.yml": ["on: push", "permissions: write-all", ...job].join("\n"),
      ".github/workflows/b.yml": ["on: push", ...job].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".github/workflows/a.yml", 2, "high"],
      [".github/workflows/b.yml", 1, "medium"],
    ]);
  });

  it("stays silent with read permissions at workflow level or on every job", async () => {
    expect(
      await findingsOf("ci/workflow-permissions", {
        ".github/workflows/a.yml": ["on: push", "permissions:", "  contents: read", ...job].join("\n"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/workflow-permissions", {
        ".github/workflows/a.yml": [
          "on: push",
          "jobs:",
          "  test:",
          "    permissions: {}",
          "    runs-on: x",
          "    steps:",
          "      - run: make test",
          "",
        ].join("\n"),
      }),
    ).toEqual([]);
  });
});
