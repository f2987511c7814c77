import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/tls-verification-disabled";

describe(ID, () => {
  it("fires on disabled verification in code, config, scripts and CI", async () => {
    const findings = await findingsOf(ID, {
      "app/client.py":
        "import requests\n\ndef send(url, payload):\n    return requests.post(url, json=payload, verify=False)\n",
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

  it("reports an SSL context switched off once, medium under an operator's skip-verify setting and high without one", async () => {
    const mailer = (condition: string) =>
      [
        "import ssl",
        "",
        "def send(self, msg):",
        "    ctx = ssl.create_default_context()",
        `    ${condition}`,
        "        # Disable SSL certificate verification",
        "        ctx.check_hostname = False",
        "        ctx.verify_mode = ssl.CERT_NONE",
        "    self.smtp.starttls(context=ctx)",
        "",
      ].join("\n");
    const optIn = await findingsOf(ID, { "alerta/utils/mailer.py": mailer("if self.smtp_skip_ssl_verify:") });
    expect(optIn.map((f) => [f.location?.startLine, f.severity])).toEqual([[7, "medium"]]);
    expect(optIn[0]?.message).toContain("when a setting asks for it (`if self.smtp_skip_ssl_verify`)");
    const always = await findingsOf(ID, { "alerta/utils/mailer.py": mailer("if msg.is_multipart():") });
    expect(always.map((f) => [f.location?.startLine, f.severity])).toEqual([[7, "high"]]);
  });

  it("is medium on a Python GET that sends no credential (a page fetch), high on one that sends an auth header", async () => {
    const findings = await findingsOf(ID, {
      "app/fetch.py":
        "import requests\n\ndef fetch(url, headers, timeout):\n    return session.request(method='GET',\n                           url=url,\n                           headers=headers,\n                           timeout=timeout,\n                           verify=False)\n",
      "app/api.py":
        "import requests\n\ndef call(url, token):\n    return requests.get(url, headers={'Authorization': f'Bearer {token}'}, verify=False)\n",
      "app/keys.py":
        "import requests\n\ndef keys(issuer):\n    return requests.get(issuer + '/jwks.json', verify=False)\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "app/api.py:4 high",
      "app/fetch.py:8 medium",
      "app/keys.py:4 high",
    ]);
    expect(findings.find((f) => f.severity === "medium")?.message).toContain("sends no credential");
  });

  it("is info in examples and docs", async () => {
    const findings = await findingsOf(ID, {
      "examples/client.py":
        "import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["examples/client.py", "info"]]);
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

  it("accepts pinned self-signed certificates and grades fallbacks and hostname-only checks lower", async () => {
    const findings = await findingsOf(ID, {
      // verify_none with a verify_fun that checks the certificate against a pinned one: not disabled.
      "config/runtime.exs": [
        "verify =",
        '  if System.get_env("DB_CERT_SELF_SIGNED") == "true" do',
        "    [verify: :verify_none, verify_fun: {&Repo.verify_fun/3, {:der_bin, cert}}]",
        "  else",
        "    [verify: :verify_peer]",
        "  end",
        "",
      ].join("\n"),
      // The same setting written out per accepted value: one finding.
      "config/prod.exs": [
        "repo_ssl =",
        '  case System.get_env("PG_SSL") do',
        '    "true" -> [verify: :verify_none]',
        '    "1" -> [verify: :verify_none]',
        '    "verify-none" -> [verify: :verify_none]',
        "    _ -> false",
        "  end",
        "",
      ].join("\n"),
      // No CA configured: the fallback skips verification; with a CA file it verifies.
      "config/config.exs": [
        "ssl_opts =",
        "  cond do",
        "    ssl and is_binary(ca) -> [cacertfile: ca]",
        "    ssl -> [verify: :verify_none]",
        "    true -> false",
        "  end",
        "",
      ].join("\n"),
      "app/node.py": [
        "ctx = ssl.create_default_context()",
        "ctx.load_verify_locations(cadata=ca)",
        "ctx.check_hostname = False",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/node.py", 3, "low"],
      ["config/config.exs", 4, "medium"],
      ["config/prod.exs", 3, "high"],
    ]);
    expect(findings[2]?.message).toContain("and 2 more on lines 4, 5");
  });
  it("stays silent on a TLS server that does not ask clients for a certificate; a client connection still fires", async () => {
    const findings = await findingsOf(ID, {
      "lib/proxy/client_handler.ex": [
        "defmodule Proxy.ClientHandler do",
        "  def upgrade(sock, certs_keys) do",
        "    opts = [",
        "      verify: :verify_none,",
        "      certs_keys: certs_keys",
        "    ]",
        "",
        "    {:ok, ssl_sock} = :ssl.handshake(sock, opts)",
        "    ssl_sock",
        "  end",
        "end",
        "",
      ].join("\n"),
      "lib/proxy/upstream.ex": [
        "defmodule Proxy.Upstream do",
        "  def connect(sock, host) do",
        "    opts = [",
        "      verify: :verify_none,",
        "      server_name_indication: host",
        "    ]",
        "",
        "    {:ok, ssl_sock} = :ssl.connect(sock, opts, 5_000)",
        "    ssl_sock",
        "  end",
        "end",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["lib/proxy/upstream.ex", "high"]]);
  });

  it("reads a verifying case arm or sibling clause up to twelve lines away as a fallback (medium)", async () => {
    const findings = await findingsOf(ID, {
      "lib/proxy/db_handler.ex": [
        "defmodule Proxy.DbHandler do",
        "  def ssl_opts(params) do",
        "    case params.upstream_verify do",
        "      :peer ->",
        "        [",
        "          verify: :verify_peer,",
        "          cacerts: [params.upstream_tls_ca],",
        "          server_name_indication: params.sni_hostname || params.host,",
        "          customize_hostname_check: [{:match_fun, fn _, _ -> true end}],",
        "          receiver_spawn_opts: [min_heap_size: 2048]",
        "        ]",
        "",
        "      :none ->",
        "        [verify: :verify_none, receiver_spawn_opts: [min_heap_size: 2048]]",
        "    end",
        "  end",
        "end",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[14, "medium"]]);
  });

  it("skips a command whose target is a variable named for a local or internal address", async () => {
    const findings = await findingsOf(ID, {
      "utils/app.sh": [
        "#!/usr/bin/env bash",
        "curl --location --head --insecure ${APP_INTERNAL_HTTP}",
        "curl -k $LOCAL_URL/health",
        // Near miss: a remote download from a variable that names no local address.
        "curl --insecure ${RELEASE_URL} -o app.tar.gz",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([4]);
  });

  it("skips plain-http targets and grades a readiness poll low", async () => {
    const findings = await findingsOf(ID, {
      "docker/app/run-development": [
        "#!/usr/bin/env sh",
        "until wget --no-check-certificate -qO - http://opensearch:9200; do",
        "  sleep 2",
        "done",
        "until wget --no-check-certificate -qO - $OPENSEARCH_URL; do",
        "  sleep 2",
        "done",
        // Near misses: an https download, and a line that also names an https URL.
        "wget --no-check-certificate https://example.com/tool.tar.gz",
        "curl -k http://mirror.example.com/a https://example.com/b",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [5, "low"],
      [8, "medium"],
      [9, "medium"],
    ]);
  });

  it("is low on a Python certificate probe that only reads the peer certificate, high when the connection sends data", async () => {
    const fn = (use: string): string =>
      [
        "import socket, ssl",
        "",
        "def fetch_cert(host, port):",
        "    context = ssl.create_default_context()",
        "    context.check_hostname = False",
        "    context.verify_mode = ssl.CERT_NONE",
        "    conn = socket.create_connection((host, port))",
        "    sock = context.wrap_socket(conn, server_hostname=host)",
        "    try:",
        `        ${use}`,
        "    finally:",
        "        sock.close()",
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "app/probe.py": fn("return sock.getpeercert(True)"),
      "app/client.py": fn('sock.sendall(b"AUTH " + token)\n        return sock.getpeercert(True)'),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/client.py", 5, "high"],
      ["app/probe.py", 5, "low"],
    ]);
  });
});
