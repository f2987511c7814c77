import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

// Tests a job runs inside a container it built earlier in the job: `docker run IMAGE CMD`, `docker exec`.
const ui = {
  Dockerfile: "FROM node:20 AS ui\nWORKDIR /app/ui\nCOPY ui/ /app/ui\nRUN npm ci\n",
  "ui/package.json": JSON.stringify({ name: "web-ui", scripts: { "test:ci": "vitest --run" } }),
  "ui/src/app.ts": "export const x = 1;\n",
  "ui/src/app.test.ts": "test('x', () => {});\n",
};
const job = (run: string): string =>
  [
    "on: [push, pull_request]",
    "jobs:",
    "  test-ui:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: docker/build-push-action@v6",
    "        with: { target: ui, tags: acme/ui, load: true }",
    "      - run: |",
    ...run.split("\n").map((line) => `          ${line}`),
    "",
  ].join("\n");
const testGate = (findings: Array<{ message: string; severity: string }>): string[] =>
  findings.filter((f) => f.message.startsWith("No test gate")).map((f) => f.severity);

describe("ci/missing-gate with commands run in a container", () => {
  it("counts `docker run IMAGE CMD` as the job running CMD", async () => {
    expect(
      testGate(
        await findingsOf("ci/missing-gate", {
          ...ui,
          ".github/workflows/test.yml": job("docker run --name test -e CI=1 acme/ui npm run test:ci"),
        }),
      ),
    ).toEqual([]);
  });

  it("still reports a container started with the image's own command (no command of the job)", async () => {
    expect(
      testGate(
        await findingsOf("ci/missing-gate", {
          ...ui,
          ".github/workflows/test.yml": job("docker run -d --name test acme/ui"),
        }),
      ),
    ).toEqual(["high"]);
  });
});
