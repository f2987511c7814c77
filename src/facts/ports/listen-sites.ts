// Where an application says which TCP port it listens on: listen calls and server config in Go, Node, Python and
// Phoenix code, server command lines (uvicorn, gunicorn, granian, Next.js, Django runserver …) and proxy configs
// (nginx `listen`, Caddy site addresses). Each place keeps the literal port, or the env variable it is read from and
// the default the code falls back to; the collector resolves env reads against the image and compose environment.
import { defineAnalyzer } from "../define.js";
import type { Language } from "../../model/language.js";

/** A port as the code states it: a number, or an env variable with or without a fallback. */
export interface PortValue {
  /** The port written as a number, or the fallback of an env read; null when neither is stated. */
  port: number | null;
  /** The env variable the port is read from (`PORT`, `LISTEN_ADDR`), or null. */
  env: string | null;
}

/** One place that decides the port a server listens on. */
export interface ListenSite extends PortValue {
  line: number;
  /** What was read: `app.listen(...)`, `uvicorn --port`, `http: [port: ...]`. */
  via: string;
}

const MIN_PORT = 80;
const MAX_PORT = 65535;

function asPort(digits: string | undefined): number | null {
  if (digits === undefined) return null;
  const port = Number(digits);
  return Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT ? port : null;
}

// An env read in any of the languages read here; the name is in the first group that matched.
const ENV_READ =
  /process\.env\.([A-Z_][A-Z0-9_]*)|process\.env\[\s*["']([A-Z_][A-Z0-9_]*)["']\s*\]|import\.meta\.env\.([A-Z_][A-Z0-9_]*)|\bBun\.env\.([A-Z_][A-Z0-9_]*)|\b(?:os\.)?getenv\(\s*["']([A-Z_][A-Z0-9_]*)["']|\bos\.environ(?:\.get\(|\[)\s*["']([A-Z_][A-Z0-9_]*)["']|\bos\.Getenv\(\s*"([A-Z_][A-Z0-9_]*)"|\bos\.LookupEnv\(\s*"([A-Z_][A-Z0-9_]*)"|\bSystem\.(?:get_env|fetch_env!?)\(\s*"([A-Z_][A-Z0-9_]*)"|\bEnv\.get_integer\(\s*"([A-Z_][A-Z0-9_]*)"|\$\{([A-Z_][A-Z0-9_]*)(?::?-([^}]*))?\}|\$([A-Z_][A-Z0-9_]*)/;
// The fallback after an env read: `|| 3000`, `?? 3000`, `or 8000`, `, "8000"` (a second argument), `:-8000`.
const FALLBACK = /(?:\|\||\?\?|\bor\b|,)\s*["']?(?:[\w.[\]-]*:)?(\d{2,5})\b/g;
// A port as an address or number literal: `":8080"`, `"0.0.0.0:8080"`, `8080`, `'3000'`.
const LITERAL = /^\s*(?:["'`](?:[\w.[\]-]*:)?(\d{2,5})["'`]|(\d{2,5})\b)/;

/**
 * The port an expression evaluates to, as far as it can be read: a literal, an env read with its fallback, or an
 * identifier (`resolve` looks it up). Null when the expression is something else (a config field, a call).
 */
export function portOfExpression(
  expression: string,
  resolve: (identifier: string) => PortValue | null = () => null,
): PortValue | null {
  const env = ENV_READ.exec(expression);
  if (env) {
    // Groups 1-11 and 13 hold the name; 12 is the `${NAME:-fallback}` fallback.
    const name = [...env.slice(1, 12), env[13]].find((g) => g !== undefined) ?? null;
    // `${PORT:-8000}` in a shell or compose value carries its own fallback.
    const shellDefault = env[12] !== undefined ? asPort(/^\d+$/.exec(env[12].trim())?.[0]) : null;
    let fallback = shellDefault;
    if (fallback === null) {
      const rest = expression.slice(env.index + env[0].length);
      FALLBACK.lastIndex = 0;
      for (let m = FALLBACK.exec(rest); m; m = FALLBACK.exec(rest)) {
        // `parseInt(process.env.PORT, 10)`: a radix, not a port.
        const port = asPort(m[1]);
        if (port !== null) {
          fallback = port;
          break;
        }
      }
    }
    return { port: fallback, env: name };
  }
  const literal = LITERAL.exec(expression);
  if (literal) {
    const port = asPort(literal[1] ?? literal[2]);
    return port === null ? null : { port, env: null };
  }
  // `":" + port`, `fmt.Sprintf(":%s", port)`, `port`, `int(port)`: the last plain identifier.
  const identifiers = expression
    .replace(/["'`][^"'`]*["'`]/g, " ")
    .split(/[),;]/)[0]
    ?.match(/(?<![.\w])[A-Za-z_]\w*(?![\w.(])/g);
  const identifier = identifiers?.[identifiers.length - 1];
  return identifier ? resolve(identifier) : null;
}

/** `identifier = <expression>` in the same file (JS const/let/var, Go :=, Python, Elixir), the last one before `line`. */
function resolverFor(lines: readonly string[], line: number): (identifier: string) => PortValue | null {
  return (identifier) => {
    if (!/^[A-Za-z_]\w*$/.test(identifier) || /^(true|false|nil|null|None|undefined)$/.test(identifier))
      return null;
    const assignment = new RegExp(
      `^\\s*(?:(?:export\\s+)?(?:const|let|var)\\s+)?${identifier}\\s*(?::=|=(?!=))\\s*(.+)$`,
    );
    for (let i = line - 1; i >= 0; i--) {
      const m = assignment.exec(lines[i] ?? "");
      if (!m?.[1]) continue;
      const value = portOfExpression(m[1]);
      if (value?.env && value.port === null) {
        // Go: `port := os.Getenv("PORT")` then `if port == "" { port = "8080" }`.
        for (const next of lines.slice(i + 1, i + 5)) {
          const fallback = new RegExp(`\\b${identifier}\\s*=\\s*"(?:[\\w.]*:)?(\\d{2,5})"`).exec(next);
          if (fallback) return { env: value.env, port: asPort(fallback[1]) };
        }
      }
      return value;
    }
    return null;
  };
}

// Server command lines and the port each serves on when none is given (null: depends on a config file).
const SERVER_COMMANDS: Array<{ command: RegExp; default: number | null; env?: string }> = [
  { command: /\buvicorn\s/, default: 8000 },
  { command: /\bgunicorn\s/, default: null },
  { command: /\bgranian\s/, default: 8000 },
  { command: /\bhypercorn\s/, default: 8000 },
  { command: /\bdaphne\s/, default: 8000 },
  { command: /\bmanage\.py\s+runserver\b/, default: 8000 },
  { command: /\bflask\s+run\b/, default: 5000 },
  { command: /\bnext\s+start\b/, default: 3000, env: "PORT" },
];

/**
 * The port a server command line serves on: its `--port`/`-p`/`--bind`/`-b` flag or runserver's address, else the
 * server's documented default. Null when the line runs no server read here.
 */
export function commandPort(commandLine: string): (PortValue & { via: string }) | null {
  for (const server of SERVER_COMMANDS) {
    const start = server.command.exec(commandLine);
    if (!start) continue;
    const rest = commandLine.slice(start.index);
    const via = start[0].trim();
    const flag =
      /(?:--port|--bind|(?<=\s)-[pb])(?:=|\s+)["']?((?:[\w.[\]-]*:)?(?:\$\{[^}]+\}|\$\w+|\d+))/.exec(rest) ??
      (/runserver/.test(via)
        ? /runserver\s+["']?((?:[\w.[\]-]*:)?(?:\$\{[^}]+\}|\$\w+|\d+))/.exec(rest)
        : null);
    if (flag?.[1]) {
      const value = flag[1].replace(/^[\w.[\]-]*:(?=[$\d])/, "");
      const port = portOfExpression(value.startsWith("$") ? value : `"${value}"`);
      if (port) return { ...port, via: `${via} ${flag[0].trim()}` };
      continue;
    }
    if (server.env) return { port: server.default, env: server.env, via };
    if (server.default === null) return { port: null, env: null, via };
    return { port: server.default, env: null, via };
  }
  return null;
}

/**
 * The port an image's own program is told to listen on by a conventional flag (`app --port $PORT`,
 * `server -addr :8080`, `--listen 0.0.0.0:3000`), for a program `commandPort` does not know. Null without such a flag.
 */
export function portFlagOf(commandLine: string): (PortValue & { via: string }) | null {
  const flag =
    /(?:^|\s)(--?(?:port|http-port|listen|listen-addr|addr|address|bind|http))(?:=|\s+)["']?((?:[\w.[\]-]*:)?(?:\$\{[^}]+\}|\$\w+|\d+))(?=["'\s]|$)/.exec(
      commandLine,
    );
  if (!flag?.[1] || !flag[2]) return null;
  const value = flag[2].replace(/^[\w.[\]-]*:(?=[$\d])/, "");
  const port = portOfExpression(value.startsWith("$") ? value : `"${value}"`);
  const first = commandLine.trim().split(/\s+/)[0] ?? "";
  const program = first.startsWith("-") ? "" : (first.split("/").pop() ?? "");
  return port ? { ...port, via: `${program} ${flag[1]} ${flag[2]}`.trim() } : null;
}

// Listen calls by language: the text after the match is the port expression.
const JS_LISTEN = /\.listen\(\s*(?!\))|\b(?:Bun\.)?serve\(\s*\{[^}]*?\bport\s*:\s*/;
const GO_LISTEN =
  /\bListenAndServe(?:TLS)?\(\s*|\bAddr\s*:\s*|\bnet\.Listen\(\s*"tcp[46]?"\s*,\s*|\.(?:Run|Start|Listen)\(\s*(?=")/;
/**
 * The Go calls whose first argument is the listen address: the package functions `http.ListenAndServe(addr, h)` /
 * `ListenAndServeTLS(addr, cert, key, h)`, `net.Listen("tcp", addr)` and an http.Server's `Addr:`. The methods
 * `srv.ListenAndServe()` / `srv.ListenAndServeTLS(cert, key)` take no address (the server's Addr decides).
 */
const goAddressArgument = (before: string, match: string): boolean =>
  /\bhttp\.$/.test(before) || /^(?:Addr\b|net\.Listen)/.test(match);
/** Handlers that only redirect (to HTTPS or the canonical host): autocert's ACME/redirect handler, http.Redirect. */
const GO_REDIRECT_HANDLER = /\.HTTPHandler\(|\bhttp\.Redirect(?:Handler)?\(/;
const PY_RUN = /\b(?:uvicorn|web)\.run(?:_app)?\([^)]*?\bport\s*=\s*/;
const GUNICORN_BIND = /^\s*bind\s*=\s*\[?\s*/;
const NGINX_LISTEN = /^\s*listen\s+(?:[\w.[\]:-]*:)?(\d{2,5})\b/;
const CADDY_SITE = /^(?:https?:\/\/)?(?:[\w.-]*):(\d{2,5})\s*\{?\s*$/;

/**
 * Listen sites matched by `pattern` line by line. `alwaysAddress(before, match)`: the matched call's argument is
 * always the listen address (Go's `http.ListenAndServe`, an http.Server's `Addr`), so one that cannot be read is an
 * unknown port, never dropped.
 */
function sitesInLines(
  lines: readonly string[],
  pattern: RegExp,
  via: string,
  alwaysAddress: (before: string, match: string) => boolean = () => false,
): ListenSite[] {
  const sites: ListenSite[] = [];
  lines.forEach((text, i) => {
    if (/^\s*(?:\/\/|#|--)/.test(text)) return;
    const match = pattern.exec(text);
    if (!match) return;
    const expression = text.slice(match.index + match[0].length);
    const value = portOfExpression(expression, resolverFor(lines, i));
    // `history.listen(callback)`, `emitter.listen(handler)`: not a server unless the argument names a port.
    if (
      !value &&
      !alwaysAddress(text.slice(0, match.index), match[0]) &&
      !/^\s*[\w.]*(?:port|addr|address|bind|listen)\w*\s*[),]/i.test(expression)
    )
      return;
    sites.push({ line: i + 1, via, port: value?.port ?? null, env: value?.env ?? null });
  });
  return sites;
}

/** Phoenix endpoint config: `port:` inside an `http: [...]` keyword list (over the next lines when it spans them). */
function phoenixSites(lines: readonly string[]): ListenSite[] {
  const sites: ListenSite[] = [];
  lines.forEach((text, i) => {
    const http = /\bhttp:\s*\[/.exec(text);
    if (!http || /^\s*#/.test(text)) return;
    for (let j = i; j < Math.min(lines.length, i + 8); j++) {
      const line = j === i ? text.slice(http.index) : (lines[j] ?? "");
      const port = /\bport:\s*/.exec(line);
      if (port) {
        const value = portOfExpression(line.slice(port.index + port[0].length), resolverFor(lines, j));
        sites.push({
          line: j + 1,
          via: "Phoenix endpoint http: [port: ...]",
          port: value?.port ?? null,
          env: value?.env ?? null,
        });
        return;
      }
      if (j > i && /\]/.test(line)) return;
    }
  });
  return sites;
}

/** Lines of a shell script, Procfile or command string that start a server read by `commandPort`. */
export function commandSites(lines: readonly string[]): ListenSite[] {
  const sites: ListenSite[] = [];
  lines.forEach((text, i) => {
    if (/^\s*#/.test(text)) return;
    const port = commandPort(text);
    if (port) sites.push({ line: i + 1, ...port });
  });
  return sites;
}

/** Proxy configs: nginx `listen` directives, Caddy site addresses with a port. */
export function proxySites(path: string, lines: readonly string[]): ListenSite[] {
  if (/(^|\/)Caddyfile[^/]*$/.test(path))
    return lines.flatMap((text, i) => {
      const port = asPort(CADDY_SITE.exec(text.trim())?.[1]);
      return port === null ? [] : [{ line: i + 1, via: "Caddy site address", port, env: null }];
    });
  return lines.flatMap((text, i) => {
    const port = asPort(NGINX_LISTEN.exec(text)?.[1]);
    return port === null ? [] : [{ line: i + 1, via: "nginx listen", port, env: null }];
  });
}

const LISTEN_PREFILTER =
  /\.listen\(|\bserve\(|ListenAndServe|\bAddr\s*:|net\.Listen\(|\.(?:Run|Start|Listen)\(\s*"|uvicorn|gunicorn|granian|hypercorn|daphne|runserver|flask run|next start|run_app\(|\bbind\s*=|\bhttp:\s*\[|^\s*listen\s+\d|:\d{2,5}\s*\{/m;

/** Whether a path is a proxy config read for `listen`/site addresses. */
export function isProxyConfig(path: string): boolean {
  return /\.conf(\.template)?$|(^|\/)nginx[^/]*$|(^|\/)Caddyfile[^/]*$/.test(path);
}

/** Listen sites of one file, by its language and path. */
export function listenSitesOf(path: string, language: Language, lines: readonly string[]): ListenSite[] {
  switch (language) {
    case "javascript":
    case "typescript":
    case "tsx":
      return sitesInLines(lines, JS_LISTEN, "listen(...)");
    case "go":
      // `Addr:` only in an http.Server literal (a Redis or SMTP client has one too). A listener whose handler only
      // redirects to HTTPS (autocert's `m.HTTPHandler(nil)`, `http.Redirect`) is not where the app is served.
      return sitesInLines(lines, GO_LISTEN, "Go server address", goAddressArgument).filter(
        (site) =>
          (!/\bAddr\s*:/.test(lines[site.line - 1] ?? "") ||
            lines.slice(Math.max(0, site.line - 6), site.line).some((l) => /\bhttp\.Server\s*\{/.test(l))) &&
          !lines.slice(site.line - 1, site.line + 2).some((l) => GO_REDIRECT_HANDLER.test(l)),
      );
    case "python":
      return [
        ...sitesInLines(lines, PY_RUN, "Python server port"),
        // gunicorn's config file: `bind = "0.0.0.0:8000"`.
        ...(/(^|\/)gunicorn[\w.-]*\.py$/.test(path)
          ? sitesInLines(lines, GUNICORN_BIND, "gunicorn bind")
          : []),
      ];
    case "elixir":
      return /(^|\/)config\/(runtime|prod|config)\.exs$/.test(path) ? phoenixSites(lines) : [];
    default:
      // Shell scripts count only when the image's command runs them (the collector reads those itself).
      return isProxyConfig(path) ? proxySites(path, lines) : [];
  }
}

export const listenSitesAnalyzer = defineAnalyzer<ListenSite[]>({
  id: "listen-sites",
  languages: "all",
  needsTree: false,
  prefilter: (text, path) =>
    !/(^|\/)(Dockerfile|[^/]*compose[^/]*\.ya?ml)$/.test(path) && LISTEN_PREFILTER.test(text),
  analyze({ path, language, lines, isTest }) {
    if (isTest) return undefined;
    const sites = listenSitesOf(path, language, lines);
    return sites.length > 0 ? sites : undefined;
  },
});
