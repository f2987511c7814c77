import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/requests-without-timeout";

describe(ID, () => {
  it("fires on requests calls without timeout, aliased imports, and httpx with timeout=None", async () => {
    const source = [
      "import requests",
      "from requests import post as send",
      "import httpx",
      "def a(url):",
      "    requests.get(url)",
      "    send(url, json={})",
      "    requests.request('GET', url, timeout=None)",
      "    httpx.get(url, timeout=None)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/client.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([5, 6, 7, 8]);
  });

  it("stays silent with a timeout, **kwargs, httpx defaults and unrelated get()", async () => {
    const source = [
      "import requests, httpx",
      "def a(url, cache, **kw):",
      "    requests.get(url, timeout=5)",
      "    requests.post(url, **kw)",
      "    httpx.get(url)",
      "    cache.get(url)",
      "    session.get(url)",
    ].join("\n");
    expect(await findingsOf(ID, { "app/client.py": source })).toEqual([]);
    const script = await findingsOf(ID, { "scripts/ping.py": "import requests\nrequests.get('http://x')\n" });
    expect(script.map((f) => f.severity)).toEqual(["low"]);
  });
});
