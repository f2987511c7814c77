// security/security-header-conflict: one browser security header set by two layers (proxy config, framework config,
// application code, meta tag) with different values. The response carries whichever layer wins — or both — so the
// policy someone reviewed is not necessarily the one browsers enforce.
import type { HeaderPlace } from "../../facts/security-headers/index.js";
import { defineRule } from "../define-rule.js";

const SHOWN_VALUE = 80;

const shown = (p: HeaderPlace): string => {
  const value = p.value ?? "";
  return `${p.path}:${p.line} (${p.via}) \`${value.length > SHOWN_VALUE ? `${value.slice(0, SHOWN_VALUE)}…` : value}\``;
};

/** Two places in different layers of one application folder (a proxy config beside the application it fronts). */
const sameResponses = (a: HeaderPlace, b: HeaderPlace): boolean => a.layer !== b.layer && a.app === b.app;

export default defineRule({
  id: "security/security-header-conflict",
  area: "security",
  severity: "low",
  title: "Security header set in two layers with different values",
  effortMinutes: 20,
  confidence: "heuristic",
  notes: [
    "Places: nginx `add_header` and Caddy `header` in proxy configs, Next.js `headers()` entries in next.config, headers the application sets (setHeader, Header().Set, put_resp_header, put_secure_browser_headers maps, Python `response[...] =`, helmet's defaults unless its options turn them off, Django X_FRAME_OPTIONS/SECURE_REFERRER_POLICY) and `<meta http-equiv>` tags. Values computed at run time are listed in the facts but not compared.",
    "Only places in different layers that serve the same responses are compared: both in one application folder (the nearest folder with a package manifest, the root for a proxy config in `deploy/` beside a root application). Different values within one layer are usually per-route policies (an image endpoint's stricter CSP) and are not reported. Test, example and docs folders are skipped.",
    "Medium when one place switches the protection off (`Strict-Transport-Security: max-age=0`, `X-Frame-Options: ALLOWALL`, CSP `default-src *` or `frame-ancestors *`) while another layer enforces it; low otherwise.",
  ],
  docs: {
    rationale:
      "When the proxy and the application both set Content-Security-Policy, X-Frame-Options or HSTS, the response carries both headers or one silently replaces the other, depending on proxy settings (`add_header` inheritance, `proxy_hide_header`). The policy that was reviewed in one place is not necessarily what browsers receive.",
    impact:
      "A stricter policy is overridden by a laxer one without anyone noticing; or two CSP headers are both enforced and break the page in production only.",
    fix: "Set each security header in one layer. If the proxy must set it, strip the application's copy (`proxy_hide_header`) or remove it from the application, and keep one value.",
    example: {
      language: "nginx",
      bad: "# nginx.conf\nadd_header X-Frame-Options DENY;\n# app: helmet({ frameguard: { action: 'sameorigin' } })",
      good: "# nginx.conf: no X-Frame-Options; the application's helmet() sets it once",
    },
  },
  applies: (facts) =>
    (facts.securityHeaders?.headers.some((h) => h.places.length > 1) ?? false)
      ? true
      : { status: "not-applicable", reason: "no security header is set in more than one place" },
  check({ facts, report }) {
    for (const { header, places } of facts.securityHeaders.headers) {
      const known = places.filter((p) => p.normalized !== null);
      const conflicting = new Set<HeaderPlace>();
      let disabling: HeaderPlace | null = null;
      for (const a of known)
        for (const b of known) {
          if (a === b || a.normalized === b.normalized || !sameResponses(a, b)) continue;
          conflicting.add(a);
          conflicting.add(b);
          if (a.disables && !b.disables) disabling = a;
        }
      if (conflicting.size === 0) continue;
      const listed = [...conflicting].sort((a, b) =>
        a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line,
      );
      const at = disabling ?? listed[0]!;
      report({
        path: at.path,
        line: at.line,
        severity: disabling ? "medium" : "low",
        message: `${header} is set in ${listed.length} places with different values: ${listed.map(shown).join("; ")}${
          disabling ? ` — ${disabling.path}:${disabling.line} switches off what the other layer enforces` : ""
        }`,
        key: `${header}:${listed.map((p) => p.path).join(",")}`,
        snippet: listed.map((p) => `${p.path}:${p.line}: ${p.value ?? ""}`).join("\n"),
        related: listed
          .filter((p) => p !== at)
          .map((p) => ({ path: p.path, startLine: p.line, endLine: p.line })),
      });
    }
  },
});
