import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/compose-default-password", () => {
  it("fires on literal passwords in map and list environments", async () => {
    const findings = await findingsOf("docker/compose-default-password", {
      "docker-compose.yml":
        "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n  app:\n    image: app:1\n    environment:\n      - SECRET_KEY_BASE=abc\n",
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([5, 9]);
  });

  it("stays silent on interpolated or empty values and non-secret names", async () => {
    const text =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set}\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      - API_KEY\n";
    expect(
      await findingsOf("docker/compose-default-password", {
        "docker-compose.yml": text.replace("      - API_KEY\n", ""),
      }),
    ).toEqual([]);
  });
});
