// Decides one plan item from the audit's facts: done, partial (with what is missing), missing (with the exact
// search that found nothing), done elsewhere (the named thing exists at another place), or not decidable.
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import type { ConfigEntry } from "../facts/elixir/config.js";
import type { Bound, ExistenceKind, PlanCheck, PlanItem } from "./plan-file.js";
import type { Definition, PlanContext } from "./plan-context.js";
import { scopeMatcher } from "./plan-context.js";
import { searchPattern } from "./search-pattern.js";
import type { ItemState, PlanEvidence } from "./types.js";

/** What deciding an item gives, before the stage and weights are attached. */
export interface ItemDecision {
  state: ItemState;
  fraction: number;
  summary: string;
  missing: string[];
  evidence: PlanEvidence[];
  searched: string | null;
}

const MAX_EVIDENCE = 10;

export function evaluateItem(item: PlanItem, ctx: PlanContext): ItemDecision {
  const check = item.check;
  switch (check.kind) {
    case "text":
      return notDecidable("free text: check by hand");
    case "config":
      return evaluateConfig(check, ctx);
    case "ci":
      return evaluateCi(check, ctx);
    case "present":
    case "absent":
    case "count":
      return evaluatePattern(check, ctx);
    case "rule":
      return evaluateRule(check, ctx);
    case "implements":
    case "uses":
      return evaluateRelation(check, ctx);
    case "coverage":
    case "tests":
      return evaluateMeasure(check, ctx);
    default:
      return evaluateExistence(check, ctx);
  }
}

function notDecidable(why: string): ItemDecision {
  return { state: "not-decidable", fraction: 0, summary: why, missing: [], evidence: [], searched: null };
}

/** One name of an existence item: where it was found, where something of that name exists instead, what was searched. */
interface NameLookup {
  found: PlanEvidence[];
  elsewhere: PlanEvidence[];
  searched: string;
  /** The tool cannot see this kind of thing in this repository (no router it reads, no symbol index). */
  undecidable?: string;
}

type ExistenceCheck = Extract<PlanCheck, { kind: ExistenceKind }>;

function evaluateExistence(check: ExistenceCheck, ctx: PlanContext): ItemDecision {
  const lookups = check.names.map((name) => ({
    name,
    lookup: lookupName(check.kind, name, check.scope, ctx),
  }));
  const undecidable = lookups.find(({ lookup }) => lookup.undecidable);
  if (undecidable?.lookup.undecidable) return notDecidable(undecidable.lookup.undecidable);
  const searched = [...new Set(lookups.map(({ lookup }) => lookup.searched).filter(Boolean))].join("; ");
  if (check.gone) {
    const still = lookups.filter(({ lookup }) => lookup.found.length > 0);
    const done = lookups.length - still.length;
    return {
      state: still.length === 0 ? "done" : done > 0 ? "partial" : "missing",
      fraction: done / lookups.length,
      summary:
        still.length === 0
          ? `${describeNames(check)}: none left`
          : `${still.length} of ${lookups.length} still present: ${still.map(({ name }) => name).join(", ")}`,
      missing: still.map(({ name }) => `${name} still present`),
      evidence: still.flatMap(({ lookup }) => lookup.found).slice(0, MAX_EVIDENCE),
      searched,
    };
  }
  const found = lookups.filter(({ lookup }) => lookup.found.length > 0);
  const elsewhere = lookups.filter(({ lookup }) => lookup.found.length === 0 && lookup.elsewhere.length > 0);
  const absent = lookups.filter(({ lookup }) => lookup.found.length === 0 && lookup.elsewhere.length === 0);
  const doneCount = found.length + elsewhere.length;
  const evidence = [
    ...found.flatMap(({ lookup }) => lookup.found.slice(0, 3)),
    ...elsewhere.flatMap(({ lookup }) => lookup.elsewhere.slice(0, 3)),
  ].slice(0, MAX_EVIDENCE);
  const state: ItemState =
    absent.length === 0
      ? elsewhere.length > 0
        ? "done-elsewhere"
        : "done"
      : doneCount > 0
        ? "partial"
        : "missing";
  const elsewhereText = elsewhere
    .map(({ name, lookup }) => `${name} at ${placeOf(lookup.elsewhere[0])}`)
    .join(", ");
  const summary =
    state === "done"
      ? `${describeNames(check)} ${check.names.length > 1 ? "all exist" : "exists"}`
      : state === "done-elsewhere"
        ? `exists elsewhere: ${elsewhereText}`
        : state === "partial"
          ? `${doneCount} of ${lookups.length} exist; missing: ${absent.map(({ name }) => name).join(", ")}${elsewhere.length ? `; elsewhere: ${elsewhereText}` : ""}`
          : `not found: ${absent.map(({ name }) => name).join(", ")}`;
  return {
    state,
    fraction: doneCount / lookups.length,
    summary,
    missing: absent.map(({ name }) => name),
    evidence,
    searched: state === "done" ? null : searched,
  };
}

function describeNames(check: ExistenceCheck): string {
  return `${check.kind} ${check.names.join(", ")}`;
}

function placeOf(evidence: PlanEvidence | undefined): string {
  if (!evidence) return "";
  return evidence.line === null ? evidence.path : `${evidence.path}:${evidence.line}`;
}

function lookupName(kind: ExistenceKind, name: string, scope: string[], ctx: PlanContext): NameLookup {
  switch (kind) {
    case "path":
      return lookupPath(name, ctx);
    case "module":
      return lookupModule(name, scope, ctx);
    case "class":
    case "function":
      return lookupDefinition(kind, name, scope, ctx);
    case "route":
      return lookupRoute(name, ctx);
    case "migration":
      return lookupMigration(name, ctx);
    case "table":
      return lookupTable(name, ctx);
    case "env":
      return lookupEnv(name, ctx);
    case "dependency":
      return lookupDependency(name, ctx);
    case "script":
      return lookupScript(name, ctx);
  }
}

function lookupPath(name: string, ctx: PlanContext): NameLookup {
  const re = scopeMatcher(name);
  const found = ctx.paths.filter((path) => re.test(path));
  const searched = `paths matching ${name} among ${ctx.paths.length} indexed files`;
  if (found.length > 0) {
    const exact = found.includes(name.replace(/^\.\//, ""));
    return {
      found: (exact ? [name.replace(/^\.\//, "")] : found)
        .slice(0, 3)
        .map((path) => ({ path, line: null, text: "exists" })),
      elsewhere: [],
      searched,
    };
  }
  // A file of the same name at another path: the plan's path is out of date, the thing itself exists.
  const base = name.replace(/\/$/, "").split("/").pop() ?? name;
  if (/[*?{]/.test(base) || !isDistinctiveName(base)) return { found: [], elsewhere: [], searched };
  const elsewhere = ctx.paths.filter(
    (path) => path.split("/").pop() === base || path.includes(`/${base}/`) || path.startsWith(`${base}/`),
  );
  const folders = [
    ...new Set(
      elsewhere.map((path) =>
        path.split("/").pop() === base ? path : path.slice(0, path.indexOf(base) + base.length),
      ),
    ),
  ];
  return {
    found: [],
    elsewhere: folders
      .slice(0, 3)
      .map((path) => ({ path, line: null, text: `same name at another path (planned: ${name})` })),
    searched: `${searched}; then any file or folder named ${base}`,
  };
}

function lookupModule(name: string, scope: string[], ctx: PlanContext): NameLookup {
  // A path-like name (`internal/auth`, `src/plan/`) is a folder or file.
  if (name.includes("/")) return lookupPath(name, ctx);
  const defs = ctx.definitions().filter((def) => def.kind === "module");
  const inScope = scopeFilter(scope);
  const exact = defs.filter((def) => def.name === name);
  if (exact.length > 0) {
    const scoped = exact.filter((def) => inScope(def.path));
    const evidence = (scoped.length ? scoped : exact).map((def) => definitionEvidence(def));
    return scoped.length || scope.length === 0
      ? { found: evidence, elsewhere: [], searched: "" }
      : { found: [], elsewhere: evidence, searched: `modules named ${name} in ${scope.join(", ")}` };
  }
  // Python and TS modules are files: `app.services.billing` → app/services/billing.py or …/billing/__init__.py.
  const asPath = name.replace(/\./g, "/");
  const fileHits = /^[a-z_][\w.]*$/.test(name)
    ? ctx.paths.filter((path) =>
        new RegExp(`(^|/)${escapeRe(asPath)}(\\.[a-z]+|/__init__\\.py|/index\\.[jt]sx?|/mod\\.rs)$`).test(
          path,
        ),
      )
    : [];
  if (fileHits.length > 0)
    return {
      found: fileHits.slice(0, 3).map((path) => ({ path, line: null, text: `module ${name}` })),
      elsewhere: [],
      searched: "",
    };
  const goPackages = goPackageDirs(ctx).filter((dir) => dir === name || dir.endsWith(`/${name}`));
  if (goPackages.length > 0)
    return {
      found: goPackages.slice(0, 3).map((path) => ({ path, line: null, text: `package ${name}` })),
      elsewhere: [],
      searched: "",
    };
  const last = name.split(".").pop() ?? name;
  const elsewhere = defs.filter(
    (def) => def.name !== name && (def.name.split(".").pop() ?? "") === last && isDistinctiveName(last),
  );
  const searched = `module definitions (${defs.length} in the symbol index)${/^[a-z_][\w.]*$/.test(name) ? `, files ${asPath}.* and ${asPath}/__init__.py` : ""} for ${name}`;
  return {
    found: [],
    elsewhere: elsewhere
      .slice(0, 3)
      .map((def) => definitionEvidence(def, `named ${def.name} (planned: ${name})`)),
    searched,
  };
}

function goPackageDirs(ctx: PlanContext): string[] {
  const dirs = new Set<string>();
  for (const file of ctx.sourceFiles)
    if (file.language === "go")
      dirs.add(file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".");
  return [...dirs];
}

function lookupDefinition(
  kind: "class" | "function",
  name: string,
  scope: string[],
  ctx: PlanContext,
): NameLookup {
  const m = /^(.*?)(?:\/(\d+))?$/.exec(name);
  const bare = m?.[1] ?? name;
  const arity = m?.[2] !== undefined ? Number(m[2]) : null;
  const inScope = scopeFilter(scope);
  const defs = ctx
    .definitions()
    .filter((def) =>
      kind === "class" ? def.kind === "class" || def.kind === "module" : def.kind === "function",
    );
  const matches = (def: Definition, wanted: string): boolean =>
    (def.name === wanted || def.name.endsWith(`.${wanted}`)) &&
    (arity === null || !def.arity || (arity >= def.arity[0] && arity <= def.arity[1]));
  const exact = defs.filter((def) => matches(def, bare));
  const scoped = exact.filter((def) => inScope(def.path));
  const searched = `${kind} definitions (${defs.length} from the symbol index and definition patterns) for ${name}${scope.length ? ` in ${scope.join(", ")}` : ""}`;
  if (scoped.length > 0)
    return { found: scoped.slice(0, 3).map((def) => definitionEvidence(def)), elsewhere: [], searched };
  if (exact.length > 0)
    return { found: [], elsewhere: exact.slice(0, 3).map((def) => definitionEvidence(def)), searched };
  // `Foundation.Agent.save/1` planned, `Foundation.Store.save/1` exists: same function name in another module.
  const last = bare.split(".").pop() ?? bare;
  const near = bare.includes(".") && isDistinctiveName(last) ? defs.filter((def) => matches(def, last)) : [];
  return {
    found: [],
    elsewhere: near.slice(0, 3).map((def) => definitionEvidence(def, `named ${def.name} (planned: ${name})`)),
    searched,
  };
}

function definitionEvidence(def: Definition, note?: string): PlanEvidence {
  const arity = def.arity
    ? `/${def.arity[0] === def.arity[1] ? def.arity[0] : `${def.arity[0]}-${def.arity[1]}`}`
    : "";
  return { path: def.path, line: def.line, text: note ?? `${def.kind} ${def.name}${arity} (${def.via})` };
}

function lookupRoute(name: string, ctx: PlanContext): NameLookup {
  const routes = ctx.routes();
  if (routes === null)
    return {
      found: [],
      elsewhere: [],
      searched: "",
      undecidable:
        "no router the audit reads (Phoenix, Go net/http and routers, FastAPI/Flask/Django) declares routes here: check by hand",
    };
  const m = /^\s*(?:([A-Za-z]+)\s+)?(\S+)\s*$/.exec(name);
  const method = m?.[1]?.toUpperCase() ?? null;
  const path = normaliseRoute(m?.[2] ?? name);
  const methodMatches = (route: { method: string | null }): boolean =>
    method === null || route.method === null || route.method === method;
  const same = routes.filter((route) => normaliseRoute(route.path) === path);
  const found = same.filter(methodMatches);
  const otherMethods = [
    ...new Set(same.filter((route) => !methodMatches(route)).map((route) => route.method)),
  ];
  const searched = `${routes.length} routes declared in the routers the audit reads, for ${name}${otherMethods.length ? ` (the path is declared for ${otherMethods.join(", ")})` : ""}`;
  if (found.length === 0) {
    // Routes registered on a router with a prefix (`APIRouter(prefix="/api/steps")`, `r.Group("/api")`) are
    // read without it: a route that ends the planned path may be it, so the item is left to a reader.
    const tails = routes.filter((route) => {
      const tail = normaliseRoute(route.path);
      return (
        tail !== "/" &&
        tail.split("/").some((seg) => seg && seg !== ":p") &&
        path.endsWith(tail) &&
        path.charAt(path.length - tail.length) === "/" &&
        methodMatches(route)
      );
    });
    if (tails.length > 0)
      return {
        found: [],
        elsewhere: [],
        searched,
        undecidable: `not declared with its full path; ${tails
          .slice(0, 3)
          .map((route) => `${route.method ?? "ANY"} ${route.path} at ${route.file}:${route.line}`)
          .join(
            ", ",
          )}${tails.length > 3 ? ` and ${tails.length - 3} more` : ""} may be it under a router prefix the audit does not read: check by hand`,
      };
  }
  return {
    found: found.slice(0, 3).map((route) => ({
      path: route.file,
      line: route.line,
      text: `${route.method ?? "ANY"} ${route.path}`,
    })),
    elsewhere: [],
    searched,
  };
}

/** `/users/:id`, `/users/{id}`, `/users/<int:id>` are one route. */
function normaliseRoute(path: string): string {
  return path.replace(/:[A-Za-z_]\w*|\{[^}]+\}|<[^>]+>/g, ":p").replace(/\/+$/, "") || "/";
}

function lookupMigration(name: string, ctx: PlanContext): NameLookup {
  const migrations = ctx.paths.filter((path) => /(^|\/)(migrations?|migrate|alembic\/versions)\//.test(path));
  const needle = name.toLowerCase().replace(/\s+/g, "_");
  const found = migrations.filter((path) => (path.split("/").pop() ?? "").toLowerCase().includes(needle));
  return {
    found: found.slice(0, 3).map((path) => ({ path, line: null, text: "migration" })),
    elsewhere: [],
    searched: `${migrations.length} files under migrations folders, for a name containing ${needle}`,
  };
}

function lookupTable(name: string, ctx: PlanContext): NameLookup {
  const found: PlanEvidence[] = [];
  for (const schema of ctx.facts.elixir?.migrationSchemas ?? [])
    if (schema.tables.some((table) => table.name === name))
      found.push({
        path: schema.directory,
        line: null,
        text: `table ${name} after replaying the migrations`,
      });
  for (const schema of ctx.facts.elixir?.schemas ?? [])
    if (schema.table === name)
      found.push({ path: schema.path, line: schema.line, text: `schema ${schema.module}` });
  const re = new RegExp(
    `create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?[\`"']?(?:\\w+\\.)?${escapeRe(name)}\\b|__tablename__\\s*=\\s*["']${escapeRe(name)}["']|create_table\\(\\s*["':]${escapeRe(name)}\\b|db_table\\s*=\\s*["']${escapeRe(name)}["']`,
    "i",
  );
  const candidates = ctx.paths.filter((path) => /\.(sql|py|rb|go|ts|js)$/.test(path));
  for (const path of candidates) {
    if (found.length >= MAX_EVIDENCE) break;
    const text = ctx.index.read(path);
    if (!text || !re.test(text)) continue;
    const lines = text.split(/\r?\n/);
    const at = lines.findIndex((line) => re.test(line));
    found.push({ path, line: at >= 0 ? at + 1 : null, text: (lines[at] ?? "").trim().slice(0, 120) });
  }
  return {
    found,
    elsewhere: [],
    searched: `Ecto migrations and schemas, CREATE TABLE in SQL, __tablename__/db_table/create_table in ${candidates.length} files, for table ${name}`,
  };
}

function lookupEnv(name: string, ctx: PlanContext): NameLookup {
  const reads = (ctx.facts.env?.reads ?? []).filter((read) => read.name === name);
  const samples = (ctx.facts.env?.samples ?? []).flatMap((sample) =>
    sample.entries
      .filter((entry) => entry.name === name)
      .map((entry) => ({ path: sample.path, line: entry.line })),
  );
  return {
    found: [
      ...reads.slice(0, 3).map((read) => ({ path: read.path, line: read.line, text: `reads ${name}` })),
      ...samples.slice(0, 2).map((s) => ({ path: s.path, line: s.line, text: `documents ${name}` })),
    ],
    elsewhere: [],
    searched: `environment reads in the code (${ctx.facts.env?.reads.length ?? 0}) and .env samples, for ${name}`,
  };
}

function lookupDependency(name: string, ctx: PlanContext): NameLookup {
  const declared = ctx.facts.dependencies?.declared ?? [];
  const wanted = name.toLowerCase().replace(/^:/, "");
  const found = declared.filter((dep) => dep.name.toLowerCase() === wanted);
  return {
    found: found.slice(0, 3).map((dep) => ({
      path: dep.manifest,
      line: dep.line,
      text: `${dep.name} ${dep.requirement ?? ""}`.trim(),
    })),
    elsewhere: [],
    searched: `${declared.length} dependencies declared in ${(ctx.facts.dependencies?.manifests ?? []).length} manifests, for ${name}`,
  };
}

function lookupScript(name: string, ctx: PlanContext): NameLookup {
  const bare = name.replace(/^(npm run|yarn|pnpm( run)?|mix|make)\s+/, "").trim();
  const scripts = ctx.scripts();
  const found = scripts.filter((script) => script.name === bare);
  return {
    found: found
      .slice(0, 3)
      .map((script) => ({ path: script.path, line: script.line, text: `${script.kind} ${script.name}` })),
    elsewhere: [],
    searched: `${scripts.length} npm scripts, Mix aliases and tasks, make targets, for ${bare}`,
  };
}

function evaluateConfig(check: Extract<PlanCheck, { kind: "config" }>, ctx: PlanContext): ItemDecision {
  const expected = check.value;
  const matchesValue = (actual: unknown): boolean =>
    expected === null || String(actual).replace(/^:/, "") === String(expected).replace(/^:/, "");
  if (check.file) {
    const text = ctx.index.read(check.file);
    if (text === null) return decided(false, `${check.file} does not exist`, [], `the file ${check.file}`);
    let data: unknown;
    try {
      data = /\.json$/.test(check.file)
        ? JSON.parse(text)
        : /\.toml$/.test(check.file)
          ? parseToml(text)
          : parseYaml(text);
    } catch (error) {
      return notDecidable(`${check.file} could not be parsed: ${(error as Error).message.split("\n")[0]}`);
    }
    let node: unknown = data;
    for (const part of check.key.split("."))
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    const lineNo = lineOfKey(text, check.key.split(".").pop() ?? check.key);
    if (node === undefined)
      return decided(
        false,
        `${check.key} is not set in ${check.file}`,
        [],
        `key ${check.key} in ${check.file}`,
      );
    const ok = matchesValue(node);
    return decided(
      ok,
      ok
        ? `${check.key} = ${JSON.stringify(node)}`
        : `${check.key} is ${JSON.stringify(node)}, planned ${JSON.stringify(expected)}`,
      [{ path: check.file, line: lineNo, text: `${check.key}: ${JSON.stringify(node)}` }],
      `key ${check.key} in ${check.file}`,
    );
  }
  const entries: ConfigEntry[] = ctx.facts.elixir?.config ?? [];
  if (entries.length === 0)
    return notDecidable("no config/*.exs entries here: give `file:` (JSON, YAML or TOML) to decide it");
  const keyOf = (entry: ConfigEntry): string[] => [
    [entry.app, entry.key, entry.name].filter(Boolean).join("."),
    [entry.app, entry.name].join("."),
    [entry.key, entry.name].filter(Boolean).join("."),
  ];
  const same = entries.filter((entry) => keyOf(entry).includes(check.key.replace(/^:/, "")));
  const searched = `${entries.length} entries of config/*.exs for ${check.key}`;
  if (same.length === 0) return decided(false, `${check.key} is not configured`, [], searched);
  const good = same.filter((entry) => matchesValue(entry.value ?? entry.text));
  const evidence = (good.length ? good : same).slice(0, 3).map((entry) => ({
    path: entry.path,
    line: entry.line,
    text: `${check.key} = ${entry.text}${entry.env ? ` (${entry.env})` : ""}`,
  }));
  return decided(
    good.length > 0,
    good.length > 0
      ? `${check.key} is set${expected !== null ? ` to ${String(expected)}` : ""}`
      : `${check.key} is ${same[0]?.text ?? "?"}, planned ${String(expected)}`,
    evidence,
    searched,
  );
}

function lineOfKey(text: string, key: string): number | null {
  const re = new RegExp(`(^|[\\s"'{,])${escapeRe(key)}["']?\\s*[:=]`);
  const index = text.split(/\r?\n/).findIndex((line) => re.test(line));
  return index >= 0 ? index + 1 : null;
}

function evaluateCi(check: Extract<PlanCheck, { kind: "ci" }>, ctx: PlanContext): ItemDecision {
  const workflows = ctx.facts.ci?.workflows ?? [];
  const jobs = workflows.flatMap((workflow) => workflow.jobs.map((job) => ({ workflow, job })));
  const searched = `${jobs.length} jobs in ${workflows.length} CI workflows`;
  const evidence: PlanEvidence[] = [];
  if (check.gate) {
    const gates = (ctx.facts.ci?.gates ?? []).filter(
      (gate) => gate.kind === check.gate || gate.tool === check.gate,
    );
    for (const gate of gates.slice(0, 3))
      evidence.push({
        path: gate.path,
        line: gate.line,
        text: `${gate.kind} gate: ${gate.command} (job ${gate.job})`,
      });
    return decided(
      gates.length > 0,
      gates.length ? `CI runs a ${check.gate} gate` : `no ${check.gate} gate in CI`,
      evidence,
      `${searched}, for a ${check.gate} gate`,
    );
  }
  const jobNeedle = check.job?.toLowerCase() ?? null;
  const stepNeedle = check.step?.toLowerCase() ?? null;
  for (const { workflow, job } of jobs) {
    if (jobNeedle && job.id.toLowerCase() !== jobNeedle && (job.name ?? "").toLowerCase() !== jobNeedle)
      continue;
    if (!stepNeedle) {
      evidence.push({ path: workflow.path, line: job.line, text: `job ${job.id}` });
      continue;
    }
    for (const step of job.steps) {
      const texts = [step.name, step.run, step.uses]
        .filter((t): t is string => Boolean(t))
        .map((t) => t.toLowerCase());
      if (texts.some((t) => t.includes(stepNeedle)))
        evidence.push({
          path: workflow.path,
          line: step.line,
          text: `job ${job.id}: ${(step.name ?? step.run ?? step.uses ?? "").split("\n")[0]?.slice(0, 100) ?? ""}`,
        });
    }
  }
  const what = [check.job ? `job ${check.job}` : null, check.step ? `step ${check.step}` : null]
    .filter(Boolean)
    .join(" with ");
  return decided(
    evidence.length > 0,
    evidence.length ? `CI has ${what}` : `no CI ${what}`,
    evidence.slice(0, MAX_EVIDENCE),
    `${searched}, for ${what}`,
  );
}

function evaluatePattern(
  check: Extract<PlanCheck, { kind: "present" | "absent" | "count" }>,
  ctx: PlanContext,
): ItemDecision {
  const result = searchPattern(check.spec, ctx);
  if (result.undecidable) return notDecidable(result.undecidable);
  const evidence = result.hits
    .slice(0, MAX_EVIDENCE)
    .map((hit) => ({ path: hit.path, line: hit.line, text: hit.text }));
  const where = `${result.files} file(s)${check.spec.scope.length ? ` in ${check.spec.scope.join(", ")}` : " (source files)"}`;
  const searched = `${check.spec.match} search for \`${check.spec.pattern}\` over ${where}`;
  if (check.kind === "present")
    return decided(
      result.count > 0,
      result.count > 0 ? `${result.count} occurrence(s) in ${result.fileCount} file(s)` : "no occurrence",
      evidence,
      searched,
    );
  if (check.kind === "absent")
    return decided(
      result.count === 0,
      result.count === 0
        ? "no occurrence left"
        : `${result.count} occurrence(s) remain in ${result.fileCount} file(s)`,
      evidence,
      searched,
    );
  if (check.kind !== "count") return notDecidable(`unknown pattern check`);
  const ok = meets(result.count, check.bound);
  return decided(
    ok,
    `${result.count} occurrence(s) in ${result.fileCount} file(s); planned ${check.bound.op} ${check.bound.value}`,
    evidence,
    searched,
  );
}

function evaluateRule(check: Extract<PlanCheck, { kind: "rule" }>, ctx: PlanContext): ItemDecision {
  const rule = ctx.engine.ruleSet.allRules.find((r) => r.id === check.ruleId);
  if (!rule) return notDecidable(`no rule ${check.ruleId} (\`codeaudit rules\` lists them)`);
  const result = ctx.engine.checks.find((c) => c.ruleId === check.ruleId);
  if (!result) return notDecidable(`rule ${check.ruleId} is turned off in the configuration`);
  if (result.status === "not-applicable" || result.status === "unknown")
    return notDecidable(
      `rule ${check.ruleId} ${result.status === "unknown" ? "could not decide" : "does not apply here"}${result.reason ? `: ${result.reason}` : ""}`,
    );
  const inScope = scopeFilter(check.scope);
  const findings = ctx.findings.filter(
    (f) =>
      f.ruleId === check.ruleId &&
      (check.scope.length === 0 || (f.location !== null && inScope(f.location.path))),
  );
  const evidence = findings.slice(0, MAX_EVIDENCE).map((f) => ({
    path: f.location?.path ?? "(repository)",
    line: f.location?.startLine ?? null,
    text: `${f.severity}: ${f.title}`,
  }));
  return decided(
    findings.length === 0,
    findings.length === 0
      ? `no ${check.ruleId} findings`
      : `${findings.length} ${check.ruleId} finding(s) remain`,
    evidence,
    `findings of ${check.ruleId}${check.scope.length ? ` in ${check.scope.join(", ")}` : ""}`,
  );
}

function evaluateRelation(
  check: Extract<PlanCheck, { kind: "implements" | "uses" }>,
  ctx: PlanContext,
): ItemDecision {
  const defs = ctx
    .definitions()
    .filter(
      (def) =>
        (def.kind === "module" || def.kind === "class") &&
        (def.name === check.module || def.name.endsWith(`.${check.module}`)),
    );
  const searched = `definitions of ${check.module} and their ${check.kind === "implements" ? "behaviours / base types" : "use/import"}`;
  if (defs.length === 0) return decided(false, `${check.module} does not exist`, [], searched);
  const targetMatches = (name: string): boolean =>
    name === check.target || name.endsWith(`.${check.target}`) || check.target.endsWith(`.${name}`);
  const related = defs.filter((def) => {
    const names =
      check.kind === "implements"
        ? [...(def.behaviours ?? []), ...(def.bases ?? []), ...(def.uses ?? [])]
        : [...(def.uses ?? []), ...(def.bases ?? [])];
    return names.some(targetMatches);
  });
  if (related.length === 0 && defs.every((def) => def.behaviours === undefined && def.bases === undefined))
    return notDecidable(
      `${check.module} is found only by a definition pattern that does not record what it ${check.kind}: check by hand`,
    );
  const evidence = (related.length ? related : defs).slice(0, 3).map((def) => ({
    path: def.path,
    line: def.line,
    text: related.length
      ? `${def.name} ${check.kind} ${check.target}`
      : `${def.name} (does not ${check.kind === "implements" ? "implement" : "use"} ${check.target})`,
  }));
  return decided(
    related.length > 0,
    related.length
      ? `${check.module} ${check.kind} ${check.target}`
      : `${check.module} exists but does not ${check.kind === "implements" ? "implement" : "use"} ${check.target}`,
    evidence,
    searched,
  );
}

function evaluateMeasure(
  check: Extract<PlanCheck, { kind: "coverage" | "tests" }>,
  ctx: PlanContext,
): ItemDecision {
  const coverage = ctx.facts.coverage;
  if (check.kind === "coverage") {
    const measured = coverage?.measured ?? [];
    if (measured.length === 0)
      return notDecidable("no coverage report was given: pass --coverage <file> to decide it");
    const covered = measured.reduce((sum, m) => sum + m.covered, 0);
    const total = measured.reduce((sum, m) => sum + m.total, 0);
    const percent = total > 0 ? Math.round((covered / total) * 1000) / 10 : 0;
    const ok = meets(percent, check.bound);
    return decided(
      ok,
      `coverage ${percent}% (planned ${check.bound.op} ${check.bound.value}%)`,
      measured.map((m) => ({ path: m.path, line: null, text: `${m.format}: ${m.percent}%` })),
      "the coverage reports given",
    );
  }
  const junit = coverage?.junit ?? [];
  let tests: number;
  let evidence: PlanEvidence[];
  if (junit.length > 0) {
    tests = junit.reduce((sum, j) => sum + j.tests, 0);
    evidence = junit.map((j) => ({ path: j.path, line: null, text: `${j.tests} tests` }));
  } else if ((ctx.facts.elixir?.testModules ?? []).length > 0) {
    const modules = ctx.facts.elixir.testModules;
    tests = modules.reduce((sum, m) => sum + m.tests, 0);
    evidence = [
      {
        path: modules[0]?.path ?? "test",
        line: null,
        text: `${tests} ExUnit test blocks in ${modules.length} test modules`,
      },
    ];
  } else
    return notDecidable(
      "no JUnit results were given and no test blocks are counted for this ecosystem: pass --junit <file>",
    );
  return decided(
    meets(tests, check.bound),
    `${tests} tests (planned ${check.bound.op} ${check.bound.value})`,
    evidence,
    "JUnit results, or ExUnit test blocks",
  );
}

function decided(ok: boolean, summary: string, evidence: PlanEvidence[], searched: string): ItemDecision {
  return {
    state: ok ? "done" : "missing",
    fraction: ok ? 1 : 0,
    summary,
    missing: [],
    evidence,
    searched: ok ? null : searched,
  };
}

export function meets(value: number, bound: Bound): boolean {
  switch (bound.op) {
    case "<=":
      return value <= bound.value;
    case ">=":
      return value >= bound.value;
    case "<":
      return value < bound.value;
    case ">":
      return value > bound.value;
    case "==":
      return value === bound.value;
  }
}

function scopeFilter(scope: readonly string[]): (path: string) => boolean {
  if (scope.length === 0) return () => true;
  const matchers = scope.map(scopeMatcher);
  return (path) => matchers.some((re) => re.test(path));
}

/**
 * A name specific enough that the same name at another place is the planned thing: a compound
 * (`WorkflowSupervisor`, `circuit_breaker.ex`, `start_workflow`), never a generic word (`Helpers`, `supervisor.ex`,
 * `Application`) that every namespace has one of.
 */
export function isDistinctiveName(name: string): boolean {
  const stem = name.replace(/\.[A-Za-z0-9]+$/, "");
  if (stem.length < 6) return false;
  return /[a-z0-9][A-Z]/.test(stem) || /[a-zA-Z0-9][_-][a-zA-Z0-9]/.test(stem);
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
