import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const workflow = (...steps: string[]): string =>
  ["on: push", "jobs:", "  check:", "    runs-on: x", "    steps:", ...steps, ""].join("\n");

describe("ci/warn-only-gate", () => {
  it("fires on `|| true`, continue-on-error and GitLab allow_failure checks", async () => {
    const findings = await findingsOf("ci/warn-only-gate", {
      ".github/workflows/ci.yml": workflow(
        "      - run: npm audit --audit-level=high || true",
        "      - run: npx eslint .",
        "        continue-on-error: true",
      ),
      ".gitlab-ci.yml": ["pytest:", "  allow_failure: true", "  script: pytest", ""].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".github/workflows/ci.yml", 6, "low"],
      [".github/workflows/ci.yml", 7, "low"],
      [".gitlab-ci.yml", 3, "low"],
    ]);
    expect(findings[0]?.message).toContain("does not gate: its command ignores the exit status");
    expect(findings[1]?.message).toContain("the step has `continue-on-error: true`");
    expect(findings[2]?.message).toContain("the job has `allow_failure: true`");
  });

  it("stays silent when the same check is enforced elsewhere, and on ignored uploads", async () => {
    const findings = await findingsOf("ci/warn-only-gate", {
      ".github/workflows/ci.yml": workflow(
        "      - run: npx eslint . --format sarif -o out.sarif || true",
        "      - run: npx eslint .",
        "      - uses: codecov/codecov-action@v4",
        "        continue-on-error: true",
      ),
    });
    expect(findings).toEqual([]);
  });
});
