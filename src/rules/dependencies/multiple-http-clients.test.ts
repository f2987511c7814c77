import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/multiple-http-clients";

describe(ID, () => {
  it("fires when production code imports requests and httpx", async () => {
    const findings = await findingsOf(ID, {
      "app/a.py": "import requests\n",
      "app/b.py": "import requests.adapters\n",
      "app/c.py": "\nfrom httpx import AsyncClient\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toEqual({ path: "app/c.py", startLine: 2, endLine: 2 });
    expect(findings[0]?.message).toContain("httpx (1 file), requests (2 files)");
  });

  it("stays silent with one client in production and another only in tests", async () => {
    expect(
      await findingsOf(ID, { "app/a.py": "import httpx\n", "tests/test_a.py": "import requests\n" }),
    ).toEqual([]);
    // urllib3 is the transport under requests (proxy adapters, retries), not a second client.
    expect(
      await findingsOf(ID, {
        "app/a.py": "import requests\n",
        "app/socks.py": "from urllib3 import PoolManager\n",
        "app/gdocs.py": "from httplib2 import Response\n",
      }),
    ).toEqual([]);
  });
});
