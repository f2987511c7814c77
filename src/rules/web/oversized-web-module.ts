// elixir/oversized-web-module: LiveViews and controllers far above the usual size.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/oversized-web-module",
  area: "web",
  severity: "medium",
  title: "Oversized LiveView or controller",
  effortMinutes: 240,
  confidence: "heuristic",
  options: { maxLiveViewLines: 500, maxControllerLines: 400 },
  docs: {
    rationale:
      "A LiveView or controller of many hundred lines mixes rendering, event handling and business rules; each change risks the rest.",
    impact:
      "Hard to review and test; business logic stuck in the web layer cannot be reused by jobs or APIs.",
    fix: "Move business logic into contexts, split the LiveView into function/live components, and split controllers by resource.",
    example: {
      bad: "defmodule ShopWeb.DashboardLive do # 1,400 lines: queries, events, rendering",
      good: "defmodule ShopWeb.DashboardLive do # 200 lines, delegating to Shop.Dashboard and components",
      language: "elixir",
    },
  },
  notes: [
    "Low up to twice the limit (worth splitting when next touched); medium beyond (a module that size is a maintenance hotspot every change goes through).",
  ],
  applies: hasMixProject,
  check({ facts, options, report }) {
    for (const mod of facts.elixir.modules) {
      if (mod.isTest) continue;
      const limit =
        mod.role === "liveview"
          ? Number(options.maxLiveViewLines)
          : mod.role === "controller"
            ? Number(options.maxControllerLines)
            : null;
      if (limit === null) continue;
      const lines = mod.endLine - mod.line + 1;
      if (lines <= limit) continue;
      report({
        path: mod.path,
        line: mod.line,
        message: `${mod.role === "liveview" ? "LiveView" : "Controller"} ${mod.name} is ${lines} lines (limit ${limit})`,
        snippet: `defmodule ${mod.name} (${lines} lines)`,
        key: mod.name,
        severity: lines > 2 * limit ? "medium" : "low",
      });
    }
  },
});
