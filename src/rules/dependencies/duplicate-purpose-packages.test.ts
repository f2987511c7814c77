import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/duplicate-purpose-packages", () => {
  it("fires on two HTTP clients and two date libraries", async () => {
    const pkg = {
      name: "svc",
      dependencies: {
        axios: "^1.6.0",
        express: "^4.0.0",
        "node-fetch": "^3.3.0",
        moment: "^2.29.0",
        dayjs: "^1.11.0",
      },
    };
    const findings = await findingsOf("node/duplicate-purpose-packages", {
      "package.json": JSON.stringify(pkg, null, 2),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [6, "2 HTTP clients in one package: axios, node-fetch"],
      [8, "2 date libraries in one package: moment, dayjs"],
    ]);
  });

  it("stays silent on companions of one family and dev-only duplicates", async () => {
    const pkg = {
      name: "svc",
      dependencies: { moment: "^2.29.0", "moment-timezone": "^0.5.0", axios: "^1.6.0" },
      devDependencies: { nock: "^13.0.0", supertest: "^7.0.0", "node-fetch": "^3.0.0" },
    };
    expect(
      await findingsOf("node/duplicate-purpose-packages", { "package.json": JSON.stringify(pkg, null, 2) }),
    ).toEqual([]);
  });
});
