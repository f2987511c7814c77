// phoenix/https-without-force-ssl: a Phoenix endpoint that terminates TLS itself (`https:` in deployed config) and
// also listens on plain HTTP, with neither `force_ssl` nor `plug Plug.SSL` to redirect and send HSTS.
import { hasMixProject, isNonDeployedEnv } from "../../facts/elixir/applies.js";
import type { ConfigEntry } from "../../facts/elixir/config.js";
import { defineRule } from "../define-rule.js";

const deployed = (entry: ConfigEntry): boolean =>
  !isNonDeployedEnv(entry.env) && (entry.inProd || entry.env !== null);

export default defineRule({
  id: "phoenix/https-without-force-ssl",
  area: "security",
  severity: "medium",
  title: "HTTPS endpoint serves plain HTTP without redirect or HSTS",
  effortMinutes: 15,
  confidence: "heuristic",
  docs: {
    rationale:
      "An endpoint configured with both `http:` and `https:` listeners serves every page over plain HTTP too unless `force_ssl` (or `plug Plug.SSL`) redirects it and sends `Strict-Transport-Security`; browsers then keep using `http://` links and bookmarks.",
    impact:
      "Session cookies and form posts travel unencrypted on the HTTP listener, where anyone on the network path can read or change them (SSL stripping).",
    fix: "Set `force_ssl: [hsts: true]` on the endpoint in prod config (with `rewrite_on: [:x_forwarded_proto]` behind a proxy), or drop the `http:` listener.",
    example: {
      language: "elixir",
      bad: 'config :shop, ShopWeb.Endpoint,\n  http: [port: 80],\n  https: [port: 443, keyfile: "priv/key.pem", certfile: "priv/cert.pem"]',
      good: 'config :shop, ShopWeb.Endpoint,\n  http: [port: 80],\n  https: [port: 443, keyfile: "priv/key.pem", certfile: "priv/cert.pem"],\n  force_ssl: [hsts: true]',
    },
  },
  notes: [
    "Reads the config entries of each endpoint that can apply in production (prod.exs, runtime.exs outside dev/test blocks, config.exs): reported when the endpoint has an `https:` listener and an `http:` listener and no `force_ssl` in any deployed config, and no module plugs `Plug.SSL`.",
    "An endpoint that listens on HTTPS only (devices, mutual TLS) has nothing to redirect and is not reported; nor is an `https:` keyword list that names no certificate (`https: [port: 4001]`: no keyfile/certfile/key/cert/sni option), which terminates no TLS in the app; TLS terminated by a proxy in front is not seen, which is why this is heuristic.",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    const entries = facts.elixir.config.filter((entry) => entry.key !== null && deployed(entry));
    const plugsSsl = facts.elixir.plugModules.some((mod) =>
      mod.plugs.some((plug) => plug.name === "Plug.SSL"),
    );
    if (plugsSsl) return;
    const keys = [...new Set(entries.map((entry) => entry.key ?? ""))];
    for (const key of keys) {
      const own = entries.filter((entry) => entry.key === key);
      const https = own.find((entry) => /^https(\.|$)/.test(entry.name));
      const http = own.find((entry) => /^http(\.|$)/.test(entry.name));
      if (!https || !http) continue;
      // A literal `https:` list with no certificate (`https: [port: 4001]`) terminates no TLS here; a computed one
      // (`https: tls_opts`) may carry it.
      const certificate = own.some(
        (entry) =>
          (entry.name === "https" && !entry.text.trimStart().startsWith("[")) ||
          /^https\.(.+\.)?(keyfile|certfile|key|cert|cacertfile|cacerts|sni_fun|sni_hosts)$/.test(entry.name),
      );
      if (!certificate) continue;
      if (own.some((entry) => /^force_ssl(\.|$)/.test(entry.name) && entry.value !== false)) continue;
      report({
        path: https.path,
        line: https.line,
        message: `${key} terminates TLS (https: at ${https.path}:${https.line}) and also listens on plain HTTP (http: at ${http.path}:${http.line}), with no force_ssl in deployed config and no plug Plug.SSL: HTTP requests are served, not redirected, and no HSTS header is sent`,
        key,
      });
    }
  },
});
