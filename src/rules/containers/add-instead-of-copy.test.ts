import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

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

  it("patches ADD of local paths to COPY (adjacent lines, lower case, continuation); nothing fires after", async () => {
    const dockerfile = [
      "FROM alpine:3.19",
      "ADD --chown=app . /app",
      "add requirements.txt /app/",
      "ADD config/app.yml \\",
      "    /etc/app/",
      "RUN true",
      "",
    ].join("\n");
    const check = await checkPatches("docker/add-instead-of-copy", { Dockerfile: dockerfile });
    expect(check.findings.map((f) => f.patch !== null)).toEqual([true, true, true]);
    expect(check.leftOut).toEqual([]);
    expect(check.texts["Dockerfile"]).toBe(
      dockerfile
        .replace("ADD --chown", "COPY --chown")
        .replace("add requirements", "copy requirements")
        .replace("ADD config", "COPY config"),
    );
    expect(check.remaining).toEqual([]);
  });

  it("withholds the patch for variables, globs, compressed files and ADD-only options", async () => {
    const findings = await findingsOf("docker/add-instead-of-copy", {
      Dockerfile: [
        "FROM alpine:3.19",
        "ADD $SRC /app",
        "ADD dist/* /app/",
        "ADD data.gz /data/",
        "ADD --checksum=sha256:abc app.bin /app/",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.patch])).toEqual([
      [2, null],
      [3, null],
      [4, null],
      [5, null],
    ]);
  });
});
