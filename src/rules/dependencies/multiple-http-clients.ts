// python/multiple-http-clients: production code imports two or more HTTP client libraries.
import { defineRule } from "../define-rule.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

// urllib3 and httplib2 are left out: they are the transports under requests and google-api-python-client.
const CLIENTS = ["requests", "httpx", "aiohttp", "pycurl", "treq"];

export default defineRule({
  id: "python/multiple-http-clients",
  area: "dependencies",
  severity: "low",
  title: "Two or more HTTP client libraries",
  effortMinutes: 120,
  confidence: "certain",
  notes: [
    "Counts imports in non-test Python files of requests, httpx, aiohttp, pycurl and treq (not urllib3 or httplib2, the transports under requests and google-api-python-client); the finding points at the first import of the least-used library, with the others as related locations.",
  ],
  docs: {
    rationale:
      "Two HTTP clients means two sets of timeout, retry, proxy and TLS settings to keep consistent, and two libraries to patch.",
    impact:
      "Timeouts and retries configured for one client are missing on calls made with the other; dependency and security-update surface doubles.",
    fix: "Pick one client (httpx covers sync and async) and migrate the other call sites behind a small wrapper with shared settings.",
    example: {
      language: "python",
      bad: "import requests  # billing.py\nimport httpx     # search.py",
      good: "import httpx     # everywhere, through one configured client",
    },
  },
  applies(facts) {
    return facts.python ? true : { status: "unknown", reason: "Python facts were not collected" };
  },
  check({ facts, report }) {
    const used = CLIENTS.map((name) => ({ name, sites: facts.python.imports[name] ?? [] })).filter(
      (c) => c.sites.length > 0,
    );
    if (used.length < 2) return;
    used.sort((a, b) => a.sites.length - b.sites.length || compareCodeUnits(a.name, b.name));
    const least = used[0];
    const site = least?.sites[0];
    if (!least || !site) return;
    report({
      path: site.path,
      line: site.line,
      message: `${used.length} HTTP client libraries in production code: ${used.map((c) => `${c.name} (${c.sites.length} file${c.sites.length === 1 ? "" : "s"})`).join(", ")}`,
      key: `multiple-http-clients:${used
        .map((c) => c.name)
        .sort()
        .join("+")}`,
      related: used.slice(1).map((c) => ({
        path: c.sites[0]?.path ?? "",
        startLine: c.sites[0]?.line ?? 1,
        endLine: c.sites[0]?.line ?? 1,
      })),
    });
  },
});
