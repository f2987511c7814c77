// File analyzer for the Phoenix web layer: router modules (pipelines, scopes, routes) and what every module says
// about plugs and on_mount hooks — the pieces facts/elixir/auth.ts relates across files.
import { defineAnalyzer } from "../define.js";
import { plugModuleFacts, type PlugModuleFacts } from "./plugs.js";
import { isRouterModule, routerFacts, type RouterFacts } from "./router.js";
import { callName, doBlock, moduleAliases, moduleName } from "./syntax.js";

export interface ElixirWebFileFacts {
  routers: RouterFacts[];
  plugModules: PlugModuleFacts[];
}

export const elixirWebAnalyzer = defineAnalyzer<ElixirWebFileFacts>({
  id: "elixir-web",
  languages: ["elixir"],
  needsTree: true,
  prefilter: (text) =>
    /\bdefmodule\b/.test(text) &&
    /\bconn\b|\bon_mount\b|\bdef mount\b|\bplug\b|:router\b|Phoenix\.Router\b/.test(text),
  analyze({ tree, isTest }) {
    if (!tree || isTest) return undefined;
    const facts: ElixirWebFileFacts = { routers: [], plugModules: [] };
    // Selected natively: a file has thousands of calls and a handful of modules.
    for (const mod of tree.findAll({
      rule: { kind: "call", has: { kind: "identifier", regex: "^defmodule$" } },
    })) {
      if (callName(mod) !== "defmodule") continue;
      const name = moduleName(mod);
      const block = doBlock(mod);
      if (!name || !block) continue;
      const aliases = moduleAliases(block);
      // Helper modules also `use MyAppWeb, :router` for its imports; only those that route count.
      const router = isRouterModule(block) ? routerFacts(name, block, aliases) : null;
      if (router && (router.pipelines.length > 0 || router.routes.length > 0)) facts.routers.push(router);
      const plugs = plugModuleFacts(name, block, aliases);
      if (plugs) facts.plugModules.push(plugs);
    }
    return facts.routers.length > 0 || facts.plugModules.length > 0 ? facts : undefined;
  },
});
