// Where the project's facts live, file by file: every fact the packs collect (env reads, config entries, Ecto
// tables, routes, CI jobs, Dockerfile stages, dependencies, documents …) and every located area fact, each as a
// site with an area, a label and the lines it spans. The delta compares the sites of changed files at both ends.
import { gateOfScriptName } from "../facts/ci/classify.js";
import type { GateKind } from "../facts/ci/types.js";
import type { DocKind } from "../facts/docs/index.js";
import { findSchema } from "../facts/elixir/index.js";
import type { AreaFactEntry, RepoFacts } from "../facts/repo-facts.js";
import type { AreaId } from "../model/areas.js";
import type { FactKind } from "./types.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

/** A fact located in one file at one end of the range. */
export interface FactSite {
  path: string;
  area: AreaId;
  label: string;
  kind: FactKind;
  /** First line of the fact, or null when the fact is the whole file. */
  line: number | null;
  /** Last line the fact spans (inclusive); Infinity for a section that runs to the end of the file. */
  endLine: number;
}

/**
 * Kinds of facts other files can hold too (an env var, a Repo's config, a table, a package), so that they link
 * the files; the others (a route, a CI job, a Dockerfile stage) belong to their file alone.
 */
const SHARED_KINDS: ReadonlySet<FactKind> = new Set(["env-var", "config", "module", "table", "dependency"]);

export function isSharedKind(kind: FactKind): boolean {
  return SHARED_KINDS.has(kind);
}

/** The facts of one end of the range: the packs' RepoFacts and the area facts their `describe` produced. */
export interface FactSource {
  facts: RepoFacts;
  areaFacts: readonly AreaFactEntry[];
}

type Site = Omit<FactSite, "endLine"> & { endLine?: number };

const DOC_NAMES: Record<DocKind, string> = {
  readme: "README",
  contributing: "CONTRIBUTING",
  security: "SECURITY policy",
  license: "LICENSE",
  changelog: "CHANGELOG",
  "code-of-conduct": "Code of conduct",
};

const GATE_AREAS: Partial<Record<GateKind, AreaId>> = {
  test: "tests",
  coverage: "tests",
  "coverage-threshold": "tests",
  lint: "lint",
  typecheck: "lint",
  format: "build",
};

/**
 * Every fact site in the files `wanted` accepts, sorted by path and line. Sections (CI jobs, Dockerfile stages,
 * compose services, README sections) run to the next section of their file; area facts located at the same
 * line as a pack fact of the same area are left out, the pack fact names them better.
 */
export function factSites(source: FactSource, wanted: (path: string) => boolean): FactSite[] {
  const sites: Site[] = [];
  const add = (site: Site): void => {
    if (wanted(site.path)) sites.push(site);
  };
  const facts = source.facts as Partial<RepoFacts>;
  envSites(facts, add);
  elixirSites(facts, add);
  pythonSites(facts, add);
  goSites(facts, add);
  nodeSites(facts, add);
  dependencySites(facts, add);
  for (const section of [ciSections(facts), containerSections(facts), readmeSections(facts)])
    for (const site of closeSections(section)) add(site);
  for (const threshold of facts.coverage?.thresholds ?? [])
    add(at(threshold.path, "tests", `coverage threshold (${threshold.tool})`, "coverage", threshold.line));
  for (const [kind, path] of Object.entries(facts.docs?.files ?? {}) as Array<[DocKind, string]>) {
    // A README with headings is told by its sections.
    if (kind === "readme" && (facts.docs?.readme?.headings.length ?? 0) > 0) continue;
    add({ path, area: "docs", label: DOC_NAMES[kind], kind: "document", line: null });
  }
  // Area facts often restate a pack fact: at its line ("MyApp.Repo pool_size" beside the Repo's config entry),
  // inside it ("Dockerfile runtime stage" in the runtime stage) or with a whole file as the example of an
  // inventory ("Alembic migrations" at one revision). The pack fact names the change better.
  const packLines = new Set(sites.map((site) => `${site.path}\0${site.line ?? "*"}`));
  const packLabels = new Set(sites.map((site) => `${site.path}\0${site.area}\0${site.label}`));
  const packSpans = groupBy(sites, (site) => `${site.path}\0${site.area}`);
  const restates = (fact: AreaFactEntry, path: string, line: number): boolean =>
    packLines.has(`${path}\0${line}`) ||
    packLabels.has(`${path}\0${fact.area}\0${fact.label}`) ||
    (packSpans.get(`${path}\0${fact.area}`) ?? []).some(
      (site) => site.line === null || (site.line <= line && line <= (site.endLine ?? site.line)),
    );
  for (const fact of source.areaFacts) {
    const location = fact.location;
    if (!location || !wanted(location.path) || restates(fact, location.path, location.startLine)) continue;
    sites.push({
      path: location.path,
      area: fact.area,
      label: fact.label,
      kind: "area-fact",
      line: location.startLine,
      endLine: Math.max(location.startLine, location.endLine),
    });
  }
  return sites
    .map((site) => ({ ...site, endLine: site.endLine ?? site.line ?? Infinity }))
    .sort(
      (a, b) =>
        compareCodeUnits(a.path, b.path) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        compareCodeUnits(a.area, b.area) ||
        compareCodeUnits(a.label, b.label),
    );
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function at(
  path: string,
  area: AreaId,
  label: string,
  kind: FactKind,
  line: number,
  options: { endLine?: number } = {},
): Site {
  return {
    path,
    area,
    label,
    kind,
    line,
    ...(options.endLine !== undefined ? { endLine: options.endLine } : {}),
  };
}

/** Environment variables read by code, documented in samples or set by Dockerfiles and compose files. */
function envSites(facts: Partial<RepoFacts>, add: (site: Site) => void): void {
  const variable = (path: string, name: string, line: number): void =>
    add(at(path, "config", name, "env-var", line));
  for (const read of facts.env?.reads ?? []) variable(read.path, read.name, read.line);
  for (const sample of facts.env?.samples ?? [])
    for (const entry of sample.entries) if (!entry.commented) variable(sample.path, entry.name, entry.line);
  for (const read of facts.elixir?.envReads ?? []) variable(read.path, read.name, read.line);
  for (const read of facts.python?.envReads ?? []) if (read.name) variable(read.path, read.name, read.line);
  for (const dockerfile of facts.docker?.dockerfiles ?? [])
    for (const stage of dockerfile.stages)
      for (const env of stage.env) if (env.keyword === "ENV") variable(dockerfile.path, env.name, env.line);
  for (const compose of facts.docker?.compose ?? [])
    for (const service of compose.services)
      for (const env of service.environment) variable(compose.path, env.name, env.line);
}

/** How an Elixir module that config entries name is shown: its role decides the area. */
function moduleFact(name: string, role: string | undefined): { area: AreaId; label: string } | null {
  if (role === "repo") return { area: "database", label: `Ecto Repo ${name}` };
  if (role === "endpoint") return { area: "web", label: `Phoenix Endpoint ${name}` };
  if (role === "router") return { area: "web", label: `Phoenix Router ${name}` };
  return null;
}

function elixirSites(facts: Partial<RepoFacts>, add: (site: Site) => void): void {
  const ex = facts.elixir;
  if (!ex) return;
  const roles = new Map<string, string>();
  for (const mod of ex.modules) if (!mod.isTest) roles.set(mod.name, mod.role);
  for (const entry of ex.config) {
    const key = entry.key;
    const role = key ? moduleFact(key, roles.get(key)) : null;
    const label = role
      ? role.label
      : key === null
        ? `config :${entry.app}`
        : key.startsWith(":")
          ? `config :${entry.app}, ${key}`
          : `config ${key}`;
    add(at(entry.path, role?.area ?? "config", label, "config", entry.line));
  }
  const spans = new Map<string, { line: number; endLine: number }>();
  for (const mod of ex.modules) {
    spans.set(`${mod.path}\0${mod.name}`, mod);
    const shown = mod.isTest ? null : moduleFact(mod.name, mod.role);
    if (shown) add(at(mod.path, shown.area, shown.label, "module", mod.line, { endLine: mod.endLine }));
  }
  const table = (name: string): string => `${name} table`;
  for (const migration of ex.migrations) {
    for (const t of migration.tables) add(at(migration.path, "database", table(t.name), "table", t.line));
    for (const index of migration.indexes)
      add(at(migration.path, "database", table(index.table), "table", index.line));
  }
  for (const schema of ex.schemas) {
    const span = spans.get(`${schema.path}\0${schema.module}`) ?? { line: schema.line, endLine: schema.line };
    add(at(schema.path, "database", table(schema.table), "table", span.line, span));
  }
  for (const query of ex.queries) {
    if (query.isTest) continue;
    const schema = findSchema(ex.schemas, query.schema);
    if (schema) add(at(query.path, "database", table(schema.table), "table", query.line));
  }
  for (const pipeline of ex.pipelines)
    add(
      at(pipeline.path, "web", `Router pipeline :${pipeline.name}`, "pipeline", pipeline.line, {
        endLine: pipeline.endLine,
      }),
    );
}

function pythonSites(facts: Partial<RepoFacts>, add: (site: Site) => void): void {
  const py = facts.python;
  if (!py) return;
  for (const engine of py.engines)
    if (!engine.isTest)
      add(at(engine.path, "database", `SQLAlchemy ${engine.call}`, "database", engine.line));
  for (const factory of py.sessionFactories)
    add(at(factory.path, "database", `SQLAlchemy ${factory.call}`, "database", factory.line));
  for (const migration of py.migrations)
    add({
      path: migration.path,
      area: "database",
      label: `Alembic revision ${migration.revision ?? migration.path}`,
      kind: "migration",
      line: null,
    });
  for (const cls of py.settingsClasses)
    add(
      at(cls.path, "config", `Pydantic settings ${cls.name}`, "settings", cls.line, { endLine: cls.endLine }),
    );
  for (const route of py.routes)
    add(at(route.path, "web", `${route.method} ${route.urlPath ?? route.handler}`, "route", route.line));
}

function goSites(facts: Partial<RepoFacts>, add: (site: Site) => void): void {
  const go = facts.go;
  if (!go) return;
  for (const server of go.servers)
    add(at(server.path, "web", `HTTP server (${server.kind})`, "server", server.line));
  for (const route of go.routes)
    add(at(route.path, "web", `${route.method ?? "ANY"} ${route.pattern}`, "route", route.line));
  for (const open of go.database.opens)
    add(
      at(open.path, "database", `sql.Open ${open.driver ?? "(driver not literal)"}`, "database", open.line),
    );
}

function nodeSites(facts: Partial<RepoFacts>, add: (site: Site) => void): void {
  for (const pkg of facts.node?.packages ?? []) {
    for (const script of pkg.scripts) {
      const gate = gateOfScriptName(script.name)[0];
      const area = (gate && GATE_AREAS[gate.kind]) ?? "build";
      add(at(pkg.manifest, area, `npm script ${script.name}`, "script", script.line));
    }
  }
}

/** Declared dependencies, and locked packages that a manifest declares (a lockfile's transitive churn is not). */
function dependencySites(facts: Partial<RepoFacts>, add: (site: Site) => void): void {
  const deps = facts.dependencies;
  if (!deps) return;
  const declared = new Set(deps.declared.map((d) => `${d.ecosystem}\0${d.name}`));
  for (const dep of deps.declared) add(at(dep.manifest, "dependencies", dep.name, "dependency", dep.line));
  for (const locked of deps.locked)
    if (locked.direct === true || declared.has(`${locked.ecosystem}\0${locked.name}`))
      add(at(locked.lockfile, "dependencies", locked.name, "dependency", locked.line));
}

/** Consecutive sections of one file: each runs to the line before the next one starts. */
type Sections = Map<string, Site[]>;

function closeSections(sections: Sections): Site[] {
  const out: Site[] = [];
  for (const members of sections.values()) {
    const sorted = [...members].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    sorted.forEach((site, i) => {
      const next = sorted[i + 1];
      out.push({ ...site, endLine: next?.line ? Math.max(site.line ?? 0, next.line - 1) : Infinity });
    });
  }
  return out;
}

function section(sections: Sections, family: string, site: Site): void {
  sections.set(family, [...(sections.get(family) ?? []), site]);
}

function ciSections(facts: Partial<RepoFacts>): Sections {
  const sections: Sections = new Map();
  for (const workflow of facts.ci?.workflows ?? [])
    for (const job of workflow.jobs)
      section(sections, workflow.path, at(workflow.path, "ci", `CI job ${job.id}`, "ci-job", job.line));
  return sections;
}

function containerSections(facts: Partial<RepoFacts>): Sections {
  const sections: Sections = new Map();
  for (const dockerfile of facts.docker?.dockerfiles ?? [])
    for (const stage of dockerfile.stages)
      section(
        sections,
        dockerfile.path,
        at(
          dockerfile.path,
          "containers",
          `Dockerfile stage ${stage.name ?? String(stage.index)}`,
          "container",
          stage.line,
        ),
      );
  for (const compose of facts.docker?.compose ?? [])
    for (const service of compose.services)
      section(
        sections,
        compose.path,
        at(compose.path, "containers", `compose service ${service.name}`, "container", service.line),
      );
  return sections;
}

function readmeSections(facts: Partial<RepoFacts>): Sections {
  const sections: Sections = new Map();
  const readme = facts.docs?.readme;
  if (readme)
    for (const heading of readme.headings)
      section(
        sections,
        readme.path,
        at(readme.path, "docs", `README section ${heading.text}`, "document", heading.line),
      );
  return sections;
}
