import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const wf = (cmd: string): string =>
  ["on: push", "jobs:", "  deploy:", "    runs-on: x", "    steps:", `      - run: ${cmd}`, ""].join("\n");

describe("ci/secret-echoed", () => {
  it("fires when a secret is echoed to the log", async () => {
    const findings = await findingsOf("ci/secret-echoed", {
      ".github/workflows/ci.yml": wf('echo "token is ${{ secrets.DEPLOY_TOKEN }}"'),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(6);
  });

  it("stays silent when the secret is piped, redirected or only used by a command", async () => {
    expect(
      await findingsOf("ci/secret-echoed", {
        ".github/workflows/ci.yml": wf(
          'echo "${{ secrets.REGISTRY_PASSWORD }}" | docker login -u ci --password-stdin',
        ),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/secret-echoed", {
        ".github/workflows/ci.yml": wf('echo "TOKEN=${{ secrets.TOKEN }}" >> $GITHUB_ENV'),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/secret-echoed", {
        ".github/workflows/ci.yml": wf('curl -H "Authorization: ${{ secrets.TOKEN }}" https://x'),
      }),
    ).toEqual([]);
    // The runner consumes the masking command; it prints nothing.
    expect(
      await findingsOf("ci/secret-echoed", {
        ".github/workflows/ci.yml": wf('echo "::add-mask::${{ secrets.DEPLOY_KEY }}"'),
      }),
    ).toEqual([]);
  });
});
