import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/tls-verification-disabled";

describe(ID, () => {
  it("fires on disabled verification in code, config, scripts and CI", async () => {
    const findings = await findingsOf(ID, {
      "app/client.py": "import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n",
      "lib/app/http.ex": "defmodule App.Http do\n  def opts, do: [ssl: [verify: :verify_none]]\nend\n",
      "monitoring/prometheus.yml":
        "scrape_configs:\n  - job_name: api\n    tls_config:\n      insecure_skip_verify: true\n",
      "scripts/deploy.sh":
        "#!/bin/sh\ncurl -sSk https://registry.internal/v2/ > /dev/null\ncurl --insecure https://api.internal/health\n",
      ".env.production": "NODE_TLS_REJECT_UNAUTHORIZED=0\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".env.production", 1, "high"],
      ["app/client.py", 4, "high"],
      ["lib/app/http.ex", 2, "high"],
      ["monitoring/prometheus.yml", 4, "high"],
      ["scripts/deploy.sh", 2, "medium"],
      ["scripts/deploy.sh", 3, "medium"],
    ]);
  });

  it("stays silent on verification kept on, CA bundles, localhost, comments, Go/JS files and tests", async () => {
    const findings = await findingsOf(ID, {
      "app/client.py":
        'import requests\nrequests.get(url, verify="/etc/ssl/ca.pem")\n# verify=False was removed\n',
      "lib/app/http.ex": "def opts, do: [ssl: [verify: :verify_peer, cacertfile: ca()]]\n",
      "monitoring/prometheus.yml": "tls_config:\n  insecure_skip_verify: false\n",
      "scripts/dev.sh":
        "curl -k https://localhost:8443/health\ncurl -sS https://api.example.com\ncurl -K curl.conf https://api.example.com\n",
      "main.go": "package main\nvar c = &tls.Config{InsecureSkipVerify: true}\n",
      "tests/test_client.py": "requests.get(url, verify=False)\n",
    });
    expect(findings).toEqual([]);
  });
});
