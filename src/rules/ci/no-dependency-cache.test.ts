import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const wf = (setup: string[]): string =>
  [
    "on: push",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    ...setup,
    "      - run: npm ci",
    "      - run: npm test",
    "",
  ].join("\n");

describe("ci/no-dependency-cache", () => {
  it("fires when setup-node installs with no cache", async () => {
    const findings = await findingsOf("ci/no-dependency-cache", {
      ".github/workflows/ci.yml": wf([
        "      - uses: actions/setup-node@v4",
        "        with:",
        "          node-version: 20",
      ]),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(3);
  });

  it("stays silent with a cache input, actions/cache, setup-go v5, or no install", async () => {
    expect(
      await findingsOf("ci/no-dependency-cache", {
        ".github/workflows/ci.yml": wf([
          "      - uses: actions/setup-node@v4",
          "        with:",
          "          cache: npm",
        ]),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("ci/no-dependency-cache", {
        ".github/workflows/ci.yml": wf([
          "      - uses: actions/setup-node@v4",
          "      - uses: actions/cache@v4",
          "        with:",
          "          path: ~/.npm",
        ]),
      }),
    ).toEqual([]);
    const go = [
      "on: push",
      "jobs:",
      "  t:",
      "    runs-on: x",
      "    steps:",
      "      - uses: actions/setup-go@v5",
      "      - run: go test ./...",
      "",
    ].join("\n");
    expect(await findingsOf("ci/no-dependency-cache", { ".github/workflows/ci.yml": go })).toEqual([]);
    const lint = [
      "on: push",
      "jobs:",
      "  t:",
      "    runs-on: x",
      "    steps:",
      "      - uses: actions/setup-python@v5",
      "      - run: echo hi",
      "",
    ].join("\n");
    expect(await findingsOf("ci/no-dependency-cache", { ".github/workflows/ci.yml": lint })).toEqual([]);
  });
});
