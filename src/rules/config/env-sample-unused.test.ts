import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/env-sample-unused", () => {
  it("fires on a sample entry nothing reads or mentions", async () => {
    const findings = await findingsOf("generic/env-sample-unused", {
      ".env.example": "API_TOKEN=\nLEGACY_CACHE_TTL=60\n",
      "app.py": 'import os\nos.getenv("API_TOKEN")\n',
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([".env.example:2"]);
  });

  it("stays silent when a variable is used by config files rather than code", async () => {
    const findings = await findingsOf("generic/env-sample-unused", {
      ".env.example": "POSTGRES_PASSWORD=\nAPI_TOKEN=\n",
      "docker-compose.yml":
        "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n",
      "app.py": 'import os\nos.environ["API_TOKEN"]\n',
    });
    expect(findings).toEqual([]);
  });
});
