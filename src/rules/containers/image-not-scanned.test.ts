import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "docker/image-not-scanned";
const wf = (steps: string[]): string =>
  ["on: push", "jobs:", "  image:", "    runs-on: x", "    steps:", ...steps, ""].join("\n");

describe("docker/image-not-scanned", () => {
  it("fires when CI builds an image and never scans it", async () => {
    const findings = await findingsOf("docker/image-not-scanned", {
      ".github/workflows/img.yml": wf([
        "      - run: docker build -t app:ci .",
        "      - run: docker push app:ci",
      ]),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(7);
  });

  it("stays silent with a trivy image scan, or when no image is built", async () => {
    expect(
      await findingsOf("docker/image-not-scanned", {
        ".github/workflows/img.yml": wf([
          "      - uses: docker/build-push-action@v6",
          "      - uses: aquasecurity/trivy-action@0.28.0",
          "        with:",
          "          image-ref: app:ci",
        ]),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("docker/image-not-scanned", {
        ".github/workflows/img.yml": wf(["      - run: make test"]),
      }),
    ).toEqual([]);
  });

  it("is medium only for pushed images no bot keeps fresh, and counts report-only scans", async () => {
    const push =
      "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n";
    expect((await findingsOf(ID, { ".github/workflows/d.yml": push })).map((f) => f.severity)).toEqual([
      "medium",
    ]);
    const withBot = await findingsOf(ID, {
      ".github/workflows/d.yml": push,
      ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: docker\n    directory: /\n",
    });
    expect(withBot.map((f) => f.severity)).toEqual(["low"]);
    const reportOnly = await findingsOf(ID, {
      ".github/workflows/d.yml":
        push +
        "      - uses: aquasecurity/trivy-action@0.28.0\n        continue-on-error: true\n        with:\n          image-ref: app\n",
    });
    expect(reportOnly).toEqual([]);
  });
});
