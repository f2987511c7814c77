import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/tls-disabled-in-scripts", () => {
  it("fires on scripts that set NODE_TLS_REJECT_UNAUTHORIZED=0, lower for dev scripts", async () => {
    const pkg = {
      name: "svc",
      scripts: {
        start: "NODE_TLS_REJECT_UNAUTHORIZED=0 node dist/server.js",
        dev: "cross-env NODE_TLS_REJECT_UNAUTHORIZED='0' tsx watch src",
      },
    };
    const findings = await findingsOf("node/tls-disabled-in-scripts", {
      "package.json": JSON.stringify(pkg, null, 2),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [4, "high"],
      [5, "medium"],
    ]);
  });

  it("stays silent on verification left on, extra CA certs and fixture manifests", async () => {
    const findings = await findingsOf("node/tls-disabled-in-scripts", {
      "package.json": JSON.stringify({
        name: "svc",
        scripts: {
          start: "NODE_TLS_REJECT_UNAUTHORIZED=1 node a.js",
          ca: "NODE_EXTRA_CA_CERTS=ca.pem node a.js",
          x: "NODE_TLS_REJECT_UNAUTHORIZED=01 node a.js",
        },
      }),
      "test/fixtures/app/package.json": JSON.stringify({
        name: "fx",
        scripts: { start: "NODE_TLS_REJECT_UNAUTHORIZED=0 node a.js" },
      }),
    });
    expect(findings).toEqual([]);
  });
});
