import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/add-instead-of-copy", () => {
  it("fires on ADD of local files", async () => {
    const findings = await findingsOf("docker/add-instead-of-copy", {
      Dockerfile: "FROM alpine:3.19\nADD --chown=app . /app\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(2);
  });

  it("stays silent on COPY, URLs and archives", async () => {
    expect(
      await findingsOf("docker/add-instead-of-copy", {
        Dockerfile:
          "FROM alpine:3.19\nCOPY . /app\nADD https://example.com/x.tgz /tmp/\nADD rootfs.tar.gz /\n",
      }),
    ).toEqual([]);
  });
});
