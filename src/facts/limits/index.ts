// Facts pack `limits`: how much a client may send — request body limits set explicitly in code (Express,
// body-parser, Fastify, NestJS, Plug.Parsers) and the message reads of gorilla/websocket connections with their
// SetReadLimit calls. Facts only: whether a limit is too large is the rules' call.
import { defineAnalyzer, defineCollector, definePack } from "../define.js";
import { NODE_LANGUAGES } from "../node/imports.js";
import type { AreaFactEntry } from "../repo-facts.js";
import { formatBytes } from "./byte-size.js";
import { plugParserLimits } from "./elixir-parsers.js";
import { goWebSocketReads, type GoWebSocketFileFacts } from "./go-websocket-reads.js";
import { fastApiDependsPageSizes, type FastApiDependsFacts } from "./fastapi-depends-page-sizes.js";
import { nestPageSizes, type NestPageSizeFacts } from "./nest-dto-page-sizes.js";
import { nodeBodyLimits, type BodyLimitSetting } from "./node-body-limits.js";
import { ectoPageSizes, fastApiPageSizes, nodePageSizes, type PageSizeRead } from "./page-sizes.js";

export type { BodyLimitSetting } from "./node-body-limits.js";
export type { PageSizeRead } from "./page-sizes.js";
export { formatBytes } from "./byte-size.js";

export interface BodyLimitSite extends BodyLimitSetting {
  path: string;
  isTest: boolean;
}

export interface GoWebSocketFile extends GoWebSocketFileFacts {
  path: string;
  isTest: boolean;
}

export interface PageSizeSite extends PageSizeRead {
  path: string;
  isTest: boolean;
}

export interface LimitsFacts {
  /** Page sizes taken from the request and passed to a query (FastAPI, Ecto, Node ORMs), clamped or not. */
  pageSizes: PageSizeSite[];
  /** Explicit request body limits, in path order. */
  bodyLimits: BodyLimitSite[];
  /** Go files using gorilla/websocket that read messages, set read limits or upgrade requests. */
  goWebSockets: GoWebSocketFile[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    limits: LimitsFacts;
  }
}

export const nodeBodyLimitsAnalyzer = defineAnalyzer<BodyLimitSetting[]>({
  id: "limits-node-body",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) =>
    /\blimit\b|bodyLimit/.test(text) && /body-parser|express|fastify|useBodyParser/.test(text),
  analyze({ tree, text }) {
    if (!tree) return undefined;
    const found = nodeBodyLimits(tree, text);
    return found.length > 0 ? found : undefined;
  },
});

export const plugParsersAnalyzer = defineAnalyzer<BodyLimitSetting[]>({
  id: "limits-plug-parsers",
  languages: ["elixir"],
  needsTree: true,
  prefilter: (text) => text.includes("Plug.Parsers") && text.includes("length"),
  analyze({ tree }) {
    if (!tree) return undefined;
    const found = plugParserLimits(tree);
    return found.length > 0 ? found : undefined;
  },
});

export const goWebSocketAnalyzer = defineAnalyzer<GoWebSocketFileFacts>({
  id: "limits-go-websocket",
  languages: ["go"],
  needsTree: true,
  prefilter: (text) => /github\.com\/(gorilla|fasthttp)\/websocket/.test(text),
  analyze: ({ tree }) => (tree ? goWebSocketReads(tree) : undefined),
});

const PAGE_SIZE_WORD = /limit|take|first|page_?size|per_?page|pageSize|perPage|max_?results/;

export const fastApiPageSizeAnalyzer = defineAnalyzer<PageSizeRead[]>({
  id: "limits-fastapi-page-size",
  languages: ["python"],
  needsTree: true,
  prefilter: (text) => /fastapi/i.test(text) && PAGE_SIZE_WORD.test(text),
  analyze: ({ tree }) => nonEmpty(tree ? fastApiPageSizes(tree) : []),
});

export const ectoPageSizeAnalyzer = defineAnalyzer<PageSizeRead[]>({
  id: "limits-ecto-page-size",
  languages: ["elixir"],
  needsTree: true,
  prefilter: (text) => /\blimit\b/.test(text) && /params|"\w+"\s*=>/.test(text),
  analyze: ({ tree }) => nonEmpty(tree ? ectoPageSizes(tree) : []),
});

export const nodePageSizeAnalyzer = defineAnalyzer<PageSizeRead[]>({
  id: "limits-node-page-size",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) => /\b(take|limit|first)\b/.test(text) && /query|searchParams/.test(text),
  analyze: ({ tree }) => nonEmpty(tree ? nodePageSizes(tree) : []),
});

export const fastApiDependsPageSizeAnalyzer = defineAnalyzer<FastApiDependsFacts>({
  id: "limits-fastapi-depends-page-size",
  languages: ["python"],
  needsTree: true,
  prefilter: (text) => PAGE_SIZE_WORD.test(text) || /\bDepends\(/.test(text),
  analyze({ tree, text }) {
    if (!tree) return undefined;
    const found = fastApiDependsPageSizes(tree, text);
    const size = found.providers.length + found.depends.length + found.sinks.length + found.unlimited.length;
    return size > 0 ? found : undefined;
  },
});

/**
 * FastAPI page sizes through `Depends`: a provider's field without `le=` (or one code treats -1 as "all" for,
 * without `ge=`), a route depending on the provider, and a query reading a field of that name.
 */
function fastApiDependsSites(
  files: Array<{ file: { path: string; isTest: boolean }; value: FastApiDependsFacts }>,
): PageSizeSite[] {
  const live = files.filter(({ file }) => !file.isTest);
  const depended = new Set(live.flatMap(({ value }) => value.depends));
  const sinks = live.flatMap(({ file, value }) => value.sinks.map((sink) => ({ ...sink, path: file.path })));
  const unlimited = live.flatMap(({ file, value }) =>
    value.unlimited.map((u) => ({ ...u, path: file.path })),
  );
  const out: PageSizeSite[] = [];
  for (const { file, value } of live)
    for (const provider of value.providers) {
      if (!depended.has(provider.name)) continue;
      const sink = sinks.find((s) => s.field === provider.field);
      if (!sink) continue;
      const all = unlimited.find((u) => u.field === provider.field);
      out.push({
        line: provider.line,
        framework: "fastapi",
        parameter: `${provider.name}.${provider.field}`,
        sink: `${sink.text.replace(/\s+/g, " ")} (${sink.path}:${sink.line})${all ? `; ${all.text} at ${all.path}:${all.line} returns every row for -1` : ""}`,
        clamped: provider.bounded && (provider.lowerBounded || !all),
        path: file.path,
        isTest: file.isTest,
      });
    }
  return out;
}

export const nestPageSizeAnalyzer = defineAnalyzer<NestPageSizeFacts>({
  id: "limits-nest-dto-page-size",
  languages: NODE_LANGUAGES,
  needsTree: true,
  prefilter: (text) =>
    PAGE_SIZE_WORD.test(text) && /@(Is\w+|Max|Min|Type|Query)\s*\(|\b(take|limit)\b/.test(text),
  analyze({ tree }) {
    if (!tree) return undefined;
    const found = nestPageSizes(tree);
    return found.dtoFields.length + found.queryUses.length + found.sinks.length > 0 ? found : undefined;
  },
});

/**
 * NestJS DTO page sizes that reach a query: a DTO field without `@Max` taken as `@Query()` by a controller method
 * that does not bound it, and an ORM `take`/`limit` somewhere reading a field of that name (the service between
 * them is not followed: the name is the link).
 */
function nestDtoPageSizes(
  files: Array<{ file: { path: string; isTest: boolean }; value: NestPageSizeFacts }>,
): PageSizeSite[] {
  const out: PageSizeSite[] = [];
  const uses = files.flatMap(({ file, value }) =>
    value.queryUses.map((use) => ({ ...use, path: file.path, isTest: file.isTest })),
  );
  const sinks = files.flatMap(({ file, value }) =>
    value.sinks.map((sink) => ({ ...sink, path: file.path, isTest: file.isTest })),
  );
  for (const { file, value } of files)
    for (const field of value.dtoFields) {
      const controllers = uses.filter((use) => use.dto === field.className && !use.isTest);
      if (controllers.length === 0) continue;
      // The name is the link, so every place that reads it counts: a sink in a controller taking other DTOs belongs
      // to those, and one bounded sink of that name makes the link too loose to report.
      const linked = sinks.filter(
        (s) =>
          !s.isTest &&
          s.fields.includes(field.field) &&
          (!uses.some((use) => use.path === s.path) ||
            uses.some((use) => use.path === s.path && use.dto === field.className)),
      );
      const sink = linked[0];
      if (!sink || linked.some((s) => s.bounded)) continue;
      out.push({
        line: field.line,
        framework: "nestjs",
        parameter: `${field.className}.${field.field}`,
        sink: `${sink.text} (${sink.path}:${sink.line})`,
        clamped: field.bounded || controllers.every((use) => use.boundedFields.includes(field.field)),
        // Only signed-in callers reach it when every controller method taking the DTO is behind an auth guard.
        ...(controllers.every((use) => use.authGuard !== undefined)
          ? { authGuard: `@UseGuards(${controllers[0]?.authGuard ?? ""})` }
          : {}),
        path: file.path,
        isTest: file.isTest,
      });
    }
  return out;
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

export const limitsCollector = defineCollector({
  id: "limits",
  collect(ctx) {
    const facts: LimitsFacts = { pageSizes: [], bodyLimits: [], goWebSockets: [] };
    for (const analyzer of [fastApiPageSizeAnalyzer, ectoPageSizeAnalyzer, nodePageSizeAnalyzer])
      for (const { file, value } of ctx.fileFacts(analyzer))
        for (const read of value) facts.pageSizes.push({ ...read, path: file.path, isTest: file.isTest });
    facts.pageSizes.push(...nestDtoPageSizes(ctx.fileFacts(nestPageSizeAnalyzer)));
    facts.pageSizes.push(...fastApiDependsSites(ctx.fileFacts(fastApiDependsPageSizeAnalyzer)));
    for (const analyzer of [nodeBodyLimitsAnalyzer, plugParsersAnalyzer])
      for (const { file, value } of ctx.fileFacts(analyzer))
        for (const setting of value)
          facts.bodyLimits.push({ ...setting, path: file.path, isTest: file.isTest });
    facts.bodyLimits.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    for (const { file, value } of ctx.fileFacts(goWebSocketAnalyzer))
      facts.goWebSockets.push({ ...value, path: file.path, isTest: file.isTest });
    return facts;
  },
});

function describeLimits(facts: LimitsFacts): AreaFactEntry[] {
  return facts.bodyLimits
    .filter((site) => !site.isTest)
    .map((site) => ({
      area: "security" as const,
      label: `Request body limit (${site.library}${site.parser === "all" ? "" : ` ${site.parser}`})`,
      value: site.bytes === null ? site.text : formatBytes(site.bytes),
      location: { path: site.path, startLine: site.line, endLine: site.line },
    }));
}

export default definePack({
  name: "limits",
  analyzers: [
    fastApiPageSizeAnalyzer,
    fastApiDependsPageSizeAnalyzer,
    ectoPageSizeAnalyzer,
    nodePageSizeAnalyzer,
    nestPageSizeAnalyzer,
    nodeBodyLimitsAnalyzer,
    plugParsersAnalyzer,
    goWebSocketAnalyzer,
  ],
  collectors: [limitsCollector],
  describe: (facts) => (facts.limits ? describeLimits(facts.limits) : []),
});
