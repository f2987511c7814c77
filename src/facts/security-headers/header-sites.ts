// Where a file sets a browser security header, and to what: proxy configs (nginx `add_header`, Caddy `header`),
// Next.js `headers()` entries in next.config, application code (setHeader/Header().Set/put_resp_header/
// put_secure_browser_headers maps, Python response[...] =), helmet's defaults, Django settings and HTML meta tags.
import { defineAnalyzer } from "../define.js";

/** The headers compared across places. */
export const SECURITY_HEADERS = [
  "Content-Security-Policy",
  "Content-Security-Policy-Report-Only",
  "Strict-Transport-Security",
  "X-Frame-Options",
  "X-Content-Type-Options",
  "Referrer-Policy",
  "Permissions-Policy",
] as const;
export type SecurityHeader = (typeof SECURITY_HEADERS)[number];

/** Which layer sets it: a response passes the application, then the framework's own config, then the proxy. */
export type HeaderLayer = "proxy" | "framework-config" | "app" | "meta";

export interface HeaderSite {
  header: SecurityHeader;
  line: number;
  layer: HeaderLayer;
  via: string;
  /** The value as written; null when it is computed (a variable, a builder call) or a library's directives. */
  value: string | null;
}

const BY_LOWER = new Map<string, SecurityHeader>(SECURITY_HEADERS.map((h) => [h.toLowerCase(), h]));
const headerNamed = (name: string | undefined): SecurityHeader | null =>
  name ? (BY_LOWER.get(name.toLowerCase()) ?? null) : null;

const NAMES = SECURITY_HEADERS.join("|");
const NGINX = new RegExp(`^\\s*add_header\\s+(${NAMES})\\s+(?:"([^"]*)"|'([^']*)'|([^\\s;]+))`, "i");
const CADDY = new RegExp(
  `^\\s*(?:header\\s+(?:[@/*][^\\s]*\\s+)?)?[+]?(${NAMES})\\s+(?:"([^"]*)"|\`([^\`]*)\`|([^\\s{}]+))\\s*$`,
  "i",
);
const CODE = new RegExp(
  `(?:setHeader|[Hh]eader|\\.[Ss]et|\\.[Aa]dd|put_resp_header|append)\\(\\s*(?:\\w+\\s*,\\s*)?["'\`](${NAMES})["'\`]\\s*,\\s*(?:"([^"]*)"|'([^']*)'|\`([^\`$]*)\`)?`,
  "i",
);
const MAP_ENTRY = new RegExp(`["'](${NAMES})["']\\s*(?:=>|:)\\s*(?:"([^"]*)"|'([^']*)')?`, "i");
const SUBSCRIPT = new RegExp(`\\[\\s*["'](${NAMES})["']\\s*\\]\\s*=\\s*(?:"([^"]*)"|'([^']*)')?`, "i");
const NEXT_KEY = new RegExp(`\\bkey\\s*:\\s*["'\`](${NAMES})["'\`]`, "i");
const NEXT_VALUE = /\bvalue\s*:\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`(?!\s*\.))?/;
const META = new RegExp(
  `<meta[^>]*http-equiv\\s*=\\s*["'{]*(${NAMES})["'}]*[^>]*content\\s*=\\s*(?:"([^"]*)"|'([^']*)')?`,
  "i",
);
const DJANGO: Array<[RegExp, SecurityHeader]> = [
  [/^\s*X_FRAME_OPTIONS\s*=\s*["']([^"']+)["']/, "X-Frame-Options"],
  [/^\s*SECURE_REFERRER_POLICY\s*=\s*["']([^"']+)["']/, "Referrer-Policy"],
];

const first = (m: RegExpExecArray, from: number, to: number): string | null => {
  for (let i = from; i <= to; i++) if (m[i] !== undefined) return m[i] as string;
  return null;
};

/** helmet() and the headers its defaults set unless its options turn them off. */
function helmetSites(text: string, lines: readonly string[]): HeaderSite[] {
  const call = lines.findIndex((l) => /\bhelmet\(/.test(l) && !/^\s*(\/\/|\*)/.test(l));
  if (call < 0) return [];
  const sites: HeaderSite[] = [];
  const option = (name: string): "off" | "custom" | "default" =>
    new RegExp(`\\b${name}\\s*:\\s*false\\b`).test(text)
      ? "off"
      : new RegExp(`\\b${name}\\s*:`).test(text)
        ? "custom"
        : "default";
  const csp = option("contentSecurityPolicy");
  if (csp !== "off")
    sites.push({
      header: "Content-Security-Policy",
      line: call + 1,
      layer: "app",
      via: "helmet()",
      value: csp === "default" ? "helmet default policy" : null,
    });
  const frame = option("frameguard") === "off" || option("xFrameOptions") === "off";
  if (!frame && option("frameguard") === "default" && option("xFrameOptions") === "default")
    sites.push({
      header: "X-Frame-Options",
      line: call + 1,
      layer: "app",
      via: "helmet()",
      value: "SAMEORIGIN",
    });
  return sites;
}

/** Header sites of one file. */
export function headerSitesOf(path: string, text: string, lines: readonly string[]): HeaderSite[] {
  const sites: HeaderSite[] = [];
  const push = (
    header: SecurityHeader | null,
    line: number,
    layer: HeaderLayer,
    via: string,
    value: string | null,
  ): void => {
    if (header) sites.push({ header, line, layer, via, value });
  };
  const proxy = /\.conf(\.template)?$|(^|\/)nginx[^/]*$/.test(path);
  const caddy = /(^|\/)Caddyfile[^/]*$/.test(path);
  const nextConfig = /(^|\/)next\.config\.(js|mjs|cjs|ts)$/.test(path);
  const django = /(^|\/)settings(\/[\w]+)?\.py$|(^|\/)settings_?\w*\.py$/.test(path);
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|#(?!\s*\{)|--|\*)/.test(line)) return;
    if (proxy) {
      const m = NGINX.exec(line);
      if (m) push(headerNamed(m[1]), i + 1, "proxy", "nginx add_header", first(m, 2, 4));
      return;
    }
    if (caddy) {
      const m = CADDY.exec(line);
      if (m) push(headerNamed(m[1]), i + 1, "proxy", "Caddy header", first(m, 2, 4));
      return;
    }
    if (nextConfig) {
      const key = NEXT_KEY.exec(line);
      if (key) {
        // `{ key: "X", value: "..." }`, the value on the same line or one of the next two.
        let value: string | null = null;
        for (const candidate of lines.slice(i, i + 3)) {
          const m = NEXT_VALUE.exec(candidate.slice(candidate === line ? key.index : 0));
          if (m) {
            value = first(m, 1, 3);
            break;
          }
        }
        push(headerNamed(key[1]), i + 1, "framework-config", "next.config headers()", value);
      }
      return;
    }
    if (django)
      for (const [pattern, header] of DJANGO) {
        const m = pattern.exec(line);
        if (m) push(header, i + 1, "app", "Django setting", m[1] ?? null);
      }
    const meta = META.exec(line);
    if (meta) {
      push(headerNamed(meta[1]), i + 1, "meta", "<meta http-equiv>", first(meta, 2, 3));
      return;
    }
    const m = CODE.exec(line) ?? SUBSCRIPT.exec(line) ?? MAP_ENTRY.exec(line);
    if (m) push(headerNamed(m[1]), i + 1, "app", "response header", first(m, 2, 4));
  });
  return [...sites, ...helmetSites(text, lines)];
}

const PREFILTER = new RegExp(`${NAMES}|\\bhelmet\\(|X_FRAME_OPTIONS|SECURE_REFERRER_POLICY`, "i");

export const headerSitesAnalyzer = defineAnalyzer<HeaderSite[]>({
  id: "security-header-sites",
  languages: "all",
  needsTree: false,
  prefilter: (text, path) => !/\.(md|mdx|rst|txt|min\.js|map|lock)$/.test(path) && PREFILTER.test(text),
  analyze({ path, text, lines, isTest }) {
    if (isTest) return undefined;
    const sites = headerSitesOf(path, text, lines);
    return sites.length > 0 ? sites : undefined;
  },
});
