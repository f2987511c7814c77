// elixir/check-origin-disabled: `check_origin: false` on a Phoenix endpoint in deployed config.
import { hasMixProject, isNonDeployedEnv } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

/** Env defaults that turn a flag off: `"false"`, `false`, `"0"`, `"no"`, `"off"`. */
const OFF_DEFAULT = /^(?:"(?:false|0|no|off)"|false|nil)$/i;
/** Variables that disable the check when set (`DISABLE_CHECK_ORIGIN`): their default keeps it on. */
const INVERTED_NAME = /DISABLE|SKIP|NO_CHECK|INSECURE|ALLOW_ANY/i;

export default defineRule({
  id: "elixir/check-origin-disabled",
  area: "security",
  severity: "high",
  title: "WebSocket origin check disabled outside development",
  effortMinutes: 20,
  docs: {
    rationale:
      "`check_origin: false` lets any web page open a socket or LiveView connection to the endpoint with the visitor's cookies.",
    impact:
      "Cross-site WebSocket hijacking: a malicious page acts as the logged-in user over channels or LiveView.",
    fix: "Remove the override in deployed config (Phoenix checks against the endpoint's `url` host by default) or list allowed origins explicitly.",
    example: {
      bad: "config :shop, ShopWeb.Endpoint, check_origin: false",
      good: 'config :shop, ShopWeb.Endpoint, check_origin: ["https://shop.example.com"]',
      language: "elixir",
    },
  },
  notes: [
    "config/dev.exs, config/test.exs and dev/test blocks are not reported.",
    'A computed value is reported when an environment variable named after the check (`CHECK_ORIGIN`, `SERVER_CHECK_ORIGIN`) reaches it, directly or through a variable of the same file, with a default that turns it off (`System.get_env("CHECK_ORIGIN", "false")`): deployments that do not set the variable run without the check. Variables that disable the check when set (`DISABLE_CHECK_ORIGIN`) are not.',
    "Severity follows the sockets the endpoint mounts: high when a socket's `connect` ignores the params the client sends (it trusts the connection itself: cookies, headers), which is what a cross-site page can ride; low when every socket is a LiveView socket (its connection carries the page's CSRF token) or reads a token from its params, so the origin check is defence in depth; medium when the sockets cannot be seen. Endpoints defined in the repository that mount no socket at all (a metrics or API endpoint) are not reported: the check guards nothing there.",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    const ex = facts.elixir;
    for (const entry of ex.config) {
      if (!/(^|\.)check_origin$/.test(entry.name) || isNonDeployedEnv(entry.env)) continue;
      if (!entry.inProd && entry.env === null) continue;
      // `check_origin: System.get_env("CHECK_ORIGIN", "false") == "true"`, or through a variable: off by default.
      const offByDefault =
        entry.value === null
          ? ex.envReads.find(
              (read) =>
                OFF_DEFAULT.test(read.defaultText ?? "") &&
                /CHECK_ORIGIN/i.test(read.name) &&
                !INVERTED_NAME.test(read.name) &&
                read.feeds.some((feed) => feed.key === entry.key && /(^|\.)check_origin$/.test(feed.name)),
            )
          : undefined;
      if (entry.value !== false && !offByDefault) continue;
      const sockets = ex.sockets.filter(
        (socket) => socket.endpoint === entry.key && !/LiveReloader/.test(socket.module),
      );
      // An endpoint of this repository that mounts no socket (metrics, admin API): the origin check guards nothing.
      if (sockets.length === 0 && ex.modules.some((mod) => mod.name === entry.key && !mod.isTest)) continue;
      const ambient = sockets.filter(
        (socket) =>
          !socket.liveView &&
          ex.socketModules.some((mod) => mod.module === socket.module && !mod.connectReadsParams),
      );
      const unseen = sockets.filter(
        (socket) => !socket.liveView && !ex.socketModules.some((mod) => mod.module === socket.module),
      );
      const severity =
        ambient.length > 0 ? "high" : sockets.length === 0 || unseen.length > 0 ? "medium" : "low";
      const why =
        ambient.length > 0
          ? `; ${ambient.map((socket) => socket.module).join(", ")} authenticate${ambient.length === 1 ? "s" : ""} from the connection, not from its params`
          : severity === "low"
            ? `; its sockets (${sockets.map((socket) => socket.mount).join(", ")}) take a token from their params or the page's CSRF token, so this is defence in depth`
            : "";
      report({
        path: entry.path,
        line: entry.line,
        message: `${offByDefault ? `check_origin is off unless ${offByDefault.name} is set: it defaults to ${offByDefault.defaultText} (${offByDefault.path}:${offByDefault.line})` : "check_origin: false"} for ${entry.key ?? ":" + entry.app} in ${entry.path}${entry.env ? ` (${entry.env})` : " (all environments)"}${why}`,
        key: `${entry.path}:${entry.key ?? entry.app}`,
        severity,
      });
    }
  },
});
