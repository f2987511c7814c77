// Facts pack: every browser security header (CSP, HSTS, frame options, nosniff, referrer and permissions policy) with
// every place the repository sets it, the layer that sets it (proxy, framework config, application, meta tag), the
// value as written and normalised, and the application folder the place belongs to.
import { posix } from "node:path";
import { isVendoredPath } from "../../repo/path-kind.js";
import { manifestFolderOf, outsideApplication } from "../app-folders.js";
import { defineCollector, definePack } from "../define.js";
import type { AreaFactEntry } from "../repo-facts.js";
import { headerSitesAnalyzer, type HeaderLayer, type SecurityHeader } from "./header-sites.js";

export type { HeaderLayer, HeaderSite, SecurityHeader } from "./header-sites.js";
export { headerSitesOf } from "./header-sites.js";

export interface HeaderPlace {
  path: string;
  line: number;
  layer: HeaderLayer;
  via: string;
  /** As written; null when computed at run time. */
  value: string | null;
  /** Lower-cased, spaces folded, directives sorted: equal policies compare equal. Null when the value is. */
  normalized: string | null;
  /** The application folder (nearest package manifest) the place belongs to; "" for the root. */
  app: string;
  /** The value turns the protection off (`max-age=0`, `ALLOWALL`, `frame-ancestors *`). */
  disables: boolean;
}

export interface SecurityHeaderFact {
  header: SecurityHeader;
  places: HeaderPlace[];
}

export interface SecurityHeaderFacts {
  headers: SecurityHeaderFact[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    securityHeaders: SecurityHeaderFacts;
  }
}

/** A header value in a form where the same policy written two ways compares equal. */
export function normalizeHeaderValue(header: SecurityHeader, value: string): string {
  const folded = value.trim().replace(/\s+/g, " ").toLowerCase();
  if (/^Content-Security-Policy|Strict-Transport-Security|Permissions-Policy/.test(header))
    return folded
      .split(/\s*[;,]\s*/)
      .filter(Boolean)
      .map((d) => d.split(" ").filter(Boolean).join(" "))
      .sort()
      .join("; ");
  return folded.replace(/;$/, "");
}

/** Whether a value switches the header's protection off rather than configuring it. */
export function disablesProtection(header: SecurityHeader, normalized: string): boolean {
  switch (header) {
    case "Strict-Transport-Security":
      return /(^|; )max-age=0(;|$)/.test(normalized);
    case "X-Frame-Options":
      return normalized === "allowall";
    case "Content-Security-Policy":
      return /(^|; )frame-ancestors \*(;|$)|(^|; )default-src \*(;|$)/.test(normalized);
    default:
      return false;
  }
}

export const securityHeadersCollector = defineCollector({
  id: "securityHeaders",
  collect(ctx): SecurityHeaderFacts {
    const paths = new Set(ctx.index.files.map((f) => f.path));
    const byHeader = new Map<SecurityHeader, HeaderPlace[]>();
    for (const { file, value } of ctx.fileFacts(headerSitesAnalyzer)) {
      if (file.isTest || isVendoredPath(file.path) || outsideApplication(file.path)) continue;
      const app = manifestFolderOf(posix.dirname(file.path), (p) => paths.has(p));
      for (const site of value) {
        const normalized = site.value === null ? null : normalizeHeaderValue(site.header, site.value);
        const places = byHeader.get(site.header) ?? [];
        places.push({
          path: file.path,
          line: site.line,
          layer: site.layer,
          via: site.via,
          value: site.value,
          normalized,
          app,
          disables: normalized !== null && disablesProtection(site.header, normalized),
        });
        byHeader.set(site.header, places);
      }
    }
    return {
      headers: [...byHeader.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([header, places]) => ({ header, places })),
    };
  },
});

export default definePack({
  name: "security-headers",
  analyzers: [headerSitesAnalyzer],
  collectors: [securityHeadersCollector],
  describe(facts) {
    const entries: AreaFactEntry[] = [];
    for (const { header, places } of facts.securityHeaders?.headers ?? []) {
      const first = places[0];
      if (!first) continue;
      entries.push({
        area: "security",
        label: `${header} set in`,
        value: places
          .slice(0, 6)
          .map((p) => `${p.path}:${p.line} (${p.via}${p.value === null ? ", computed" : ""})`)
          .join("; ")
          .concat(places.length > 6 ? `; and ${places.length - 6} more` : ""),
        location: { path: first.path, startLine: first.line, endLine: first.line },
      });
    }
    return entries;
  },
});
