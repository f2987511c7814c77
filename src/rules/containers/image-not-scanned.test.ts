import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

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
    expect(findings[0]?.location?.startLine).toBe(6);
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
});
