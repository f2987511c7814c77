import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { checkPatches } from "../../../test/helpers/patch-check.js";

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

  it("is low in modules a person runs by what they say: invoke tasks, management commands, interactive scripts", async () => {
    const call = "import requests\n";
    const findings = await findingsOf(ID, {
      "proj/tasks.py": `${call}from invoke import task\n\n@task\ndef bootstrap(c):\n    requests.get("https://example.org/dump")\n`,
      "proj/nutrition/management/products.py": `${call}from django.core.management.base import BaseCommand\n\nclass ImportCommand(BaseCommand):\n    def fetch(self, url):\n        return requests.get(url)\n`,
      "extras/authors/generate.py": `${call}from getpass import getpass\n\ndef main():\n    requests.get("https://api.example.org", auth=getpass())\n\nif __name__ == "__main__":\n    main()\n`,
      // Celery's tasks.py runs in the worker, and a module with a __main__ guard but no prompt may be a service.
      "proj/jobs/tasks.py": `${call}from celery import shared_task\n\n@shared_task\ndef sync(url):\n    requests.get(url)\n`,
      "proj/server.py": `${call}def handler(url):\n    return requests.get(url)\n\nif __name__ == "__main__":\n    serve(handler)\n`,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "extras/authors/generate.py low",
      "proj/jobs/tasks.py medium",
      "proj/nutrition/management/products.py low",
      "proj/server.py medium",
      "proj/tasks.py low",
    ]);
  });

  it("patches calls without a timeout (one line, one argument per line, two on one line); nothing fires after", async () => {
    const source = [
      "import requests",
      "def a(url, data):",
      "    requests.get(url)",
      "    requests.post(",
      "        url,",
      "        json=data,  # the payload",
      "    )",
      "    requests.put(url,",
      "                 data=data)",
      "    return requests.get(url).json(), requests.head(url)",
      "",
    ].join("\n");
    const check = await checkPatches(ID, { "app/client.py": source });
    expect(check.findings).toHaveLength(5);
    expect(check.findings[0]?.message).toBe(
      "requests.get() without a timeout can block forever; the patch adds timeout=30 (seconds)",
    );
    // The two calls on the last line change the same line: one is combined now, the other after a re-run.
    expect(check.leftOut).toHaveLength(1);
    expect(check.texts["app/client.py"]).toBe(
      source
        .replace("requests.get(url)\n", "requests.get(url, timeout=30)\n")
        .replace("  # the payload\n", "  # the payload\n        timeout=30,\n")
        .replace("data=data)", "data=data, timeout=30)")
        .replace("requests.get(url).json()", "requests.get(url, timeout=30).json()"),
    );
    expect(check.remaining.map((f) => f.location?.startLine)).toEqual([11]);
    const second = await checkPatches(ID, check.texts);
    expect(second.remaining).toEqual([]);
  });

  it("withholds the patch for timeout=None, *args and httpx", async () => {
    const source = [
      "import requests, httpx",
      "def a(url, *args):",
      "    requests.get(url, timeout=None)",
      "    requests.get(*args)",
      "    httpx.get(url, timeout=None)",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/client.py": source });
    expect(findings.map((f) => [f.location?.startLine, f.patch])).toEqual([
      [3, null],
      [4, null],
      [5, null],
    ]);
  });
});
