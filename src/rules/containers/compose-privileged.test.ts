import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/compose-privileged", () => {
  it("fires on privileged services, lower in a dev compose file", async () => {
    const findings = await findingsOf("docker/compose-privileged", {
      "docker-compose.yml": "services:\n  agent:\n    image: acme/agent:1.0\n    privileged: true\n",
      "docker-compose.dev.yml": "services:\n  agent:\n    image: acme/agent:1.0\n    privileged: true\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["docker-compose.dev.yml", 4, "medium"],
      ["docker-compose.yml", 4, "high"],
    ]);
  });

  it("stays silent on privileged: false and capabilities", async () => {
    expect(
      await findingsOf("docker/compose-privileged", {
        "compose.yaml": "services:\n  a:\n    image: x:1\n    privileged: false\n    cap_add: [NET_ADMIN]\n",
      }),
    ).toEqual([]);
  });
});
