// GitLab CI jobs as GitLab runs them: `extends:` merged (hidden templates and other jobs, several levels, templates
// from local `include:` files), `!reference [job, key]` tags replaced, and `rules:` that can never match recognised —
// so gates are judged on what each job really executes.
import { posix } from "node:path";
import { isMap, isScalar, isSeq, Pair, YAMLMap, YAMLSeq, type Node as YamlNode } from "yaml";

/** A job or template body and the file it is written in. */
export interface GitlabTemplate {
  body: YAMLMap;
  path: string;
}

/** Every top-level mapping of the pipeline's files by name: hidden templates (`.setup`) and jobs alike. */
export type GitlabTemplatePool = Map<string, GitlabTemplate>;

const scalar = (node: unknown): string | null =>
  isScalar(node) && (typeof node.value === "string" || typeof node.value === "number")
    ? String(node.value)
    : typeof node === "string"
      ? node
      : null;

/**
 * Local files a pipeline includes (`include: 'ci/x.yml'`, `include: [{ local: … }]`, a `*` glob), relative to the
 * repository root, in order. Remote, project and template includes cannot be read here.
 */
export function gitlabLocalIncludes(root: YAMLMap, paths: readonly string[]): string[] {
  const node = root.get("include", true);
  const entries = isSeq(node) ? node.items : node ? [node] : [];
  const out: string[] = [];
  for (const entry of entries) {
    const raw = isMap(entry) ? scalar(entry.get("local", true)) : scalar(entry);
    // A bare string is local unless it is a URL.
    if (!raw || /^https?:/.test(raw) || raw.includes("$")) continue;
    const wanted = posix.normalize(raw.replace(/^\/+/, ""));
    if (wanted.includes("*")) {
      const re = new RegExp(
        `^${wanted
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*\*\/?/g, "\u0000")
          .replace(/\*/g, "[^/]*")
          .replace(/\u0000/g, "(?:.*/)?")}$`,
      );
      out.push(...paths.filter((p) => re.test(p)).sort());
    } else if (paths.includes(wanted)) out.push(wanted);
  }
  return [...new Set(out)];
}

/** Adds the file's top-level mappings to the pool (a later file's definition of a name wins, as in GitLab). */
export function addTemplates(pool: GitlabTemplatePool, root: YAMLMap, path: string): void {
  for (const pair of root.items) {
    const name = scalar(pair.key);
    if (name && isMap(pair.value)) pool.set(name, { body: pair.value, path });
  }
}

/** A deep copy of a node from another file, every position moved to `range` (where the job pulls it in). */
function relocated<T extends YamlNode>(node: T, range: YamlNode["range"] | undefined): T {
  const copy = (node as unknown as { clone(): T }).clone();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (range && "range" in (n as object)) (n as { range: YamlNode["range"] }).range = [...range];
    const children: unknown[] = isMap(n)
      ? n.items.flatMap((pair) => [pair.key, pair.value])
      : isSeq(n)
        ? n.items
        : [];
    for (const child of children) visit(child);
  };
  visit(copy);
  return copy;
}

/** GitLab's merge: mappings merge key by key, recursively; anything else (lists, scalars) is replaced. */
function deepMerge(base: YAMLMap, over: YAMLMap): YAMLMap {
  const out = new YAMLMap();
  out.range = over.range;
  for (const pair of base.items) out.items.push(pair);
  for (const pair of over.items) {
    const key = scalar(pair.key);
    const index = out.items.findIndex((existing) => scalar(existing.key) === key);
    const existing = index >= 0 ? out.items[index] : undefined;
    if (existing && isMap(existing.value) && isMap(pair.value))
      out.items[index] = new Pair(pair.key, deepMerge(existing.value, pair.value));
    else if (index >= 0) out.items[index] = pair;
    else out.items.push(pair);
  }
  return out;
}

const MAX_DEPTH = 11; // GitLab allows 11 levels of `extends:`.

/**
 * The job's body with its `extends:` templates merged in order (each template expanded first) and `!reference`
 * tags replaced; `extends` itself is dropped. Templates from another file are copied with their positions moved to
 * the job's `extends:` line, so lines always point into the job's own file.
 */
export function expandGitlabJob(body: YAMLMap, path: string, pool: GitlabTemplatePool, depth = 0): YAMLMap {
  const extendsNode = body.get("extends", true);
  const parents = (isSeq(extendsNode) ? extendsNode.items : extendsNode ? [extendsNode] : [])
    .map(scalar)
    .filter((name): name is string => name !== null);
  let merged = new YAMLMap();
  merged.range = body.range;
  if (depth < MAX_DEPTH)
    for (const name of parents) {
      const template = pool.get(name);
      if (!template || template.body === body) continue;
      let expanded = expandGitlabJob(template.body, template.path, pool, depth + 1);
      if (template.path !== path)
        expanded = relocated(expanded, (extendsNode as YamlNode | undefined)?.range ?? body.range);
      merged = deepMerge(merged, expanded);
    }
  const own = new YAMLMap();
  own.range = body.range;
  own.items = body.items.filter((pair) => scalar(pair.key) !== "extends");
  merged = deepMerge(merged, own);
  return depth === 0 ? (resolveReferences(merged, path, pool) as YAMLMap) : merged;
}

/** Replaces `!reference [name, key, …]` nodes by what they name; in a list, a referenced list is spliced in. */
function resolveReferences(node: unknown, path: string, pool: GitlabTemplatePool, depth = 0): unknown {
  if (depth > MAX_DEPTH) return node;
  if (isSeq(node) && node.tag === "!reference") {
    const [name, ...keys] = node.items.map(scalar);
    const template = name ? pool.get(name) : undefined;
    if (!template || keys.some((key) => key === null)) return node;
    let found: unknown = expandGitlabJob(template.body, template.path, pool, 1);
    for (const key of keys) found = isMap(found) ? found.get(key ?? "", true) : undefined;
    if (!found || typeof found !== "object") return node;
    const target = template.path === path ? (found as YamlNode) : relocated(found as YamlNode, node.range);
    return resolveReferences(target, path, pool, depth + 1);
  }
  if (isMap(node)) {
    const out = new YAMLMap();
    out.range = node.range;
    out.items = node.items.map(
      (pair) => new Pair(pair.key, resolveReferences(pair.value, path, pool, depth)),
    );
    return out;
  }
  if (isSeq(node)) {
    const out = new YAMLSeq();
    out.range = node.range;
    for (const item of node.items) {
      const resolved = resolveReferences(item, path, pool, depth);
      // GitLab flattens nested lists in scripts: a referenced script runs its commands in place.
      if (isSeq(item) && item.tag === "!reference" && isSeq(resolved)) out.items.push(...resolved.items);
      else out.items.push(resolved);
    }
    return out;
  }
  return node;
}

/**
 * Why a GitLab job is never added to a pipeline, or null. Conservative: only `rules:` whose every entry ends in
 * `when: never` (no rule can add the job). A rule on a variable nothing defines may still match some day.
 */
export function gitlabNeverRuns(body: YAMLMap): string | null {
  const rules = body.get("rules", true);
  if (!isSeq(rules) || rules.items.length === 0) return null;
  const never = rules.items.every((rule) => isMap(rule) && scalar(rule.get("when", true)) === "never");
  return never
    ? "every entry of its `rules:` ends in `when: never`, so GitLab never adds it to a pipeline"
    : null;
}

/**
 * A job GitLab starts only by hand (`when: manual` on the job, outside `rules:`): GitLab lets the pipeline pass
 * without it (its allow_failure defaults to true), so it gates nothing unless `allow_failure: false` says otherwise.
 */
export function gitlabManualOptional(body: YAMLMap): boolean {
  if (scalar(body.get("when", true)) !== "manual") return false;
  const allow = body.get("allow_failure", true);
  return !(isScalar(allow) && allow.value === false);
}

/** Keywords `default:` gives every job; the first five may also be written at the top level (GitLab's older form). */
const DEFAULT_KEYWORDS = [
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
  "artifacts",
  "hooks",
  "id_tokens",
  "interruptible",
  "retry",
  "tags",
  "timeout",
] as const;
const GLOBAL_DEFAULTS = new Set(["image", "services", "cache", "before_script", "after_script"]);

/**
 * The job defaults one pipeline file states: its `default:` mapping, over the older top-level `image:`, `services:`,
 * `cache:`, `before_script:` and `after_script:`. Null when it states none.
 */
export function gitlabDefaultsOf(root: YAMLMap, path: string): GitlabTemplate | null {
  const body = new YAMLMap();
  body.range = root.range;
  for (const pair of root.items) if (GLOBAL_DEFAULTS.has(scalar(pair.key) ?? "")) body.items.push(pair);
  const declared = root.get("default", true);
  const merged = isMap(declared) ? deepMerge(body, declared) : body;
  return merged.items.length > 0 ? { body: merged, path } : null;
}

/**
 * Which default keywords a job takes: all, none (`inherit: default: false`), or the ones it lists
 * (`inherit: default: [image, before_script]`).
 */
function inheritedDefaults(body: YAMLMap): ReadonlySet<string> {
  const inherit = body.get("inherit", true);
  const node = isMap(inherit) ? inherit.get("default", true) : undefined;
  if (isScalar(node) && node.value === false) return new Set();
  if (isSeq(node)) return new Set(node.items.map(scalar).filter((k): k is string => k !== null));
  return new Set(DEFAULT_KEYWORDS);
}

/**
 * Which pipeline-level `variables:` a job receives: all (`true`, GitLab's default), none (`inherit: variables: false`)
 * or only the names it lists (`inherit: variables: [NODE_ENV]`). The job's own `variables:` apply either way.
 */
export function inheritedVariables(body: YAMLMap): true | string[] {
  const inherit = body.get("inherit", true);
  const node = isMap(inherit) ? inherit.get("variables", true) : undefined;
  if (isScalar(node) && node.value === false) return [];
  if (isSeq(node)) return node.items.map(scalar).filter((k): k is string => k !== null);
  return true;
}

/**
 * The job as GitLab runs it once defaults apply: each default keyword the job (after `extends:`) does not set and
 * `inherit:` lets through is added. `defaults` is the pipeline's files in include order, the main file last: a later
 * file's keyword wins. A keyword from another file gets its positions moved to the job's first line.
 */
export function withGitlabDefaults(
  body: YAMLMap,
  path: string,
  defaults: readonly GitlabTemplate[],
  pool: GitlabTemplatePool,
): YAMLMap {
  const allowed = inheritedDefaults(body);
  const out = new YAMLMap();
  out.range = body.range;
  out.items = [...body.items];
  for (const keyword of DEFAULT_KEYWORDS) {
    if (!allowed.has(keyword) || body.has(keyword)) continue;
    const from = [...defaults].reverse().find((d) => d.body.has(keyword));
    const pair = from?.body.items.find((p) => scalar(p.key) === keyword);
    if (!from || !pair || pair.value === null || pair.value === undefined) continue;
    const value =
      from.path === path || typeof pair.value !== "object"
        ? pair.value
        : relocated(pair.value as YamlNode, body.range);
    out.items.push(new Pair(pair.key, resolveReferences(value, path, pool)));
  }
  return out;
}
