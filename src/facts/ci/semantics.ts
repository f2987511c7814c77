// Workflow semantics beyond steps and gates: env maps, references between jobs in expressions, caches and their
// keys, and whether a file is a workflow the CI service accepts at all.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type LineCounter,
  type Node as YamlNode,
  type YAMLMap,
} from "yaml";
import type { CiCache, CiJob, CiJobReference, CiStep, CiWorkflow } from "./types.js";

function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  return node.value === null || node.value === undefined
    ? null
    : String(node.value as string | number | boolean);
}

function lineAt(node: YamlNode | null | undefined, lc: LineCounter): number {
  const start = node?.range?.[0];
  return start === undefined ? 1 : lc.linePos(start).line;
}

/** A map of scalars (`env:`, `variables:`, `with:`) as name → value as written; {} when absent or not a map. */
export function scalarMap(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const item of node.items) {
    const key = scalarText(item.key);
    if (key === null) continue;
    // GitLab variables may be `{ value: x, description: y }`.
    const value = isMap(item.value) ? scalarText(item.value.get("value", true)) : scalarText(item.value);
    out[key] = value ?? "";
  }
  return out;
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const JOB_REF =
  /(?<![\w.-])(needs|jobs)\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\]|\[\s*"([^"]+)"\s*\])/g;

/** Job references in an expression text (`needs.changes.outputs.x`, `needs['build'].result`). */
function referencesIn(
  expression: string,
  line: number,
  where: string,
  contexts: ReadonlyArray<"needs" | "jobs">,
): CiJobReference[] {
  const out: CiJobReference[] = [];
  // Strings inside the expression are data, not contexts.
  const code = expression.replace(/'(?:[^']|'')*'/g, (s) => (/^'[\w-]+'$/.test(s) ? s : "''"));
  for (const m of code.matchAll(JOB_REF)) {
    const context = m[1] as "needs" | "jobs";
    const job = m[2] ?? m[3] ?? m[4];
    if (!job || !contexts.includes(context)) continue;
    out.push({ context, job, line, text: expression.trim().slice(0, 120), where });
  }
  return out;
}

/**
 * References to other jobs in a job's expressions: its `if:` (an expression even without `${{ }}`), and every
 * `${{ }}` in its steps, env, with-inputs, outputs and strategy. `jobs.X` is only a context in a reusable
 * workflow's outputs, so inside jobs only `needs` is read.
 */
export function jobReferences(body: unknown, lc: LineCounter): CiJobReference[] {
  const out: CiJobReference[] = [];
  if (!isMap(body)) return out;
  visit(body as YamlNode, {
    Scalar: (_key, node, ancestors) => {
      if (typeof node.value !== "string") return;
      const parent = ancestors[ancestors.length - 1];
      // Keys are names, not expressions.
      if (isPair(parent) && parent.key === node) return;
      const keys = ancestors.filter(isPair).map((p) => scalarText(p.key) ?? "");
      const where = keys.join(".");
      const line = lineAt(node, lc);
      const isCondition = keys[keys.length - 1] === "if";
      const stepCondition = isCondition && keys.includes("steps");
      if (isCondition && !node.value.includes("${{")) {
        out.push(...referencesIn(node.value, line, stepCondition ? "step-if" : "if", ["needs"]));
        return;
      }
      for (const m of node.value.matchAll(EXPRESSION))
        out.push(
          ...referencesIn(
            m[1] ?? "",
            line,
            isCondition ? (stepCondition ? "step-if" : "if") : where || "value",
            ["needs"],
          ),
        );
    },
  });
  return out;
}

/** `jobs.X` references of a reusable workflow's outputs (`on.workflow_call.outputs.*.value`). */
export function workflowReferences(doc: Document, lc: LineCounter): CiJobReference[] {
  const outputs = doc.getIn(["on", "workflow_call", "outputs"], true);
  const out: CiJobReference[] = [];
  if (!isMap(outputs)) return out;
  for (const item of outputs.items) {
    const value = isMap(item.value) ? item.value.get("value", true) : undefined;
    const text = scalarText(value);
    if (!text) continue;
    for (const m of text.matchAll(EXPRESSION))
      out.push(
        ...referencesIn(m[1] ?? "", lineAt(value as YamlNode, lc), `outputs.${scalarText(item.key) ?? ""}`, [
          "jobs",
        ]),
      );
  }
  return out;
}

/** The arguments of every `hashFiles(...)` in a key. */
export function hashedFilesOf(key: string): string[] {
  const out: string[] = [];
  for (const call of key.matchAll(/hashFiles\(([^)]*)\)/g))
    for (const arg of (call[1] ?? "").matchAll(/'([^']*)'|"([^"]*)"/g)) out.push(arg[1] ?? arg[2] ?? "");
  return out;
}

/** Keys of a step that only orders other steps (GitHub's background steps): nothing runs in it. */
const CONTROL_ONLY_KEYS = new Set(["wait", "wait-all", "cancel", "name", "id", "if"]);

/**
 * The steps of a GitHub job's `steps:` (or a composite action's), in order, with GitHub's concurrent steps opened:
 * a `parallel:` group holds steps and `sequential:` runs of steps, each of which runs like any other step (the
 * group waits for all of them). Steps that only wait for or cancel background steps run nothing and are left out.
 */
export function stepItems(steps: unknown): YAMLMap[] {
  const out: YAMLMap[] = [];
  const add = (items: unknown[]): void => {
    for (const item of items) {
      if (!isMap(item)) continue;
      const parallel = item.get("parallel", true);
      const sequential = item.get("sequential", true);
      if (isSeq(parallel)) add(parallel.items);
      else if (isSeq(sequential)) add(sequential.items);
      else if (!item.items.every((pair) => CONTROL_ONLY_KEYS.has(scalarText(pair.key) ?? ""))) out.push(item);
    }
  };
  if (isSeq(steps)) add(steps.items);
  return out;
}

const CACHE_ACTION = /^actions\/cache(\/restore|\/save)?@/;

/** Caches of a GitHub job's steps (`actions/cache` with its key and paths). */
export function githubCaches(steps: unknown, lc: LineCounter): CiCache[] {
  const out: CiCache[] = [];
  for (const step of stepItems(steps)) {
    const uses = scalarText(step.get("uses", true));
    if (!uses || !CACHE_ACTION.test(uses)) continue;
    const withNode = step.get("with", true);
    const inputs = scalarMap(withNode);
    const keyNode = isMap(withNode) ? withNode.get("key", true) : undefined;
    const key = inputs.key ?? "";
    out.push({
      key,
      line: keyNode ? lineAt(keyNode as YamlNode, lc) : lineAt(step, lc),
      via: uses,
      paths: (inputs.path ?? "")
        .split("\n")
        .map((p) => p.trim())
        .filter(Boolean),
      hashedFiles: hashedFilesOf(key),
    });
  }
  return out;
}

/** A GitLab job's `cache:` (one map or a list of them). */
export function gitlabCaches(node: unknown, lc: LineCounter): CiCache[] {
  const entries = isSeq(node) ? node.items : node ? [node] : [];
  const out: CiCache[] = [];
  for (const entry of entries) {
    if (!isMap(entry)) continue;
    const keyNode = entry.get("key", true);
    const files = isMap(keyNode) ? keyNode.get("files", true) : undefined;
    const hashedFiles = isSeq(files) ? files.items.map(scalarText).filter((s): s is string => !!s) : [];
    const paths = entry.get("paths", true);
    out.push({
      key: scalarText(keyNode) ?? (hashedFiles.length ? `files: ${hashedFiles.join(", ")}` : ""),
      line: lineAt((keyNode ?? entry) as YamlNode, lc),
      via: "gitlab cache",
      paths: isSeq(paths) ? paths.items.map(scalarText).filter((s): s is string => !!s) : [],
      hashedFiles,
    });
  }
  return out;
}

/**
 * Why GitHub would reject a workflow file, or null: repeated keys (the YAML parser GitHub uses refuses them),
 * no `on:` trigger, no `jobs:` map, a job that is not a mapping, a `needs:` naming no job of the
 * workflow. YAML syntax errors are found by the caller's parse.
 */
export function githubWorkflowProblem(
  text: string,
  doc: Document,
  lc: LineCounter,
): { message: string; line: number } | null {
  const strict = parseDocument(text, { uniqueKeys: true, merge: true, lineCounter: undefined });
  const duplicate = strict.errors.find((e) => e.code === "DUPLICATE_KEY");
  if (duplicate)
    return {
      message: `a key is repeated (${duplicate.message.split("\n")[0] ?? "duplicate key"})`,
      line: lc.linePos(duplicate.pos[0]).line,
    };
  const root = doc.contents;
  if (!isMap(root)) return { message: "the file is not a YAML mapping", line: 1 };
  const on = root.get("on", true) ?? root.get("true", true);
  if (on === undefined || on === null) return { message: "it has no `on:` (no event starts it)", line: 1 };
  const jobs = root.get("jobs", true);
  if (!isMap(jobs) || jobs.items.length === 0) return { message: "it has no `jobs:`", line: 1 };
  // GitHub compares job ids without regard to case (`needs: tests` runs after a job `Tests`).
  const ids = new Set(jobs.items.map((p) => githubJobKey(scalarText(p.key) ?? "")));
  for (const pair of jobs.items) {
    const id = scalarText(pair.key) ?? "";
    const body = pair.value;
    const line = lineAt(pair.key as YamlNode, lc);
    if (!isMap(body)) return { message: `job ${id} is not a mapping`, line };
    const unknown = unknownNeeds(body.get("needs", true), ids, githubJobKey);
    if (unknown)
      return {
        message: `job ${id} needs \`${unknown.name}\`, which is not a job of this workflow`,
        line: lineAt(unknown.node, lc),
      };
  }
  return null;
}

/**
 * A GitHub Actions job id as GitHub resolves it in `needs:` and in the `needs.<id>` / `jobs.<id>` contexts: without
 * regard to case (a job `Tests` is found by `needs: tests` and by `needs.TESTS.result`).
 */
export function githubJobKey(id: string): string {
  return id.toLowerCase();
}

/**
 * The first `needs:` entry naming no job in `ids` (GitLab's `{ job: x, optional: true }` entries may be absent);
 * `key` folds a name the way the CI system compares job ids (GitHub: without case).
 */
function unknownNeeds(
  needs: unknown,
  ids: ReadonlySet<string>,
  key: (id: string) => string = (id) => id,
): { name: string; node: YamlNode } | null {
  const entries = isSeq(needs) ? needs.items : needs ? [needs] : [];
  for (const entry of entries) {
    if (isMap(entry) && (entry.get("optional") === true || entry.has("pipeline") || entry.has("project")))
      continue;
    const name = isMap(entry) ? scalarText(entry.get("job", true)) : scalarText(entry);
    if (name && !ids.has(key(name))) return { name, node: entry as YamlNode };
  }
  return null;
}

/**
 * Why GitLab would refuse to create a pipeline from this file, or null: a job's `needs:` names no job of the file.
 * Only decided when the file includes nothing (an included file may define the job).
 */
export function gitlabPipelineProblem(
  doc: Document,
  lc: LineCounter,
  jobIds: ReadonlySet<string>,
): { message: string; line: number } | null {
  const root = doc.contents;
  if (!isMap(root)) return { message: "the file is not a YAML mapping", line: 1 };
  if (root.has("include")) return null;
  for (const pair of root.items) {
    const id = scalarText(pair.key) ?? "";
    if (!jobIds.has(id) || !isMap(pair.value)) continue;
    const unknown = unknownNeeds(pair.value.get("needs", true), jobIds);
    if (unknown)
      return {
        message: `job ${id} needs \`${unknown.name}\`, which is not a job of this pipeline`,
        line: lineAt(unknown.node, lc),
      };
  }
  return gitlabStageProblem(root, lc, jobIds);
}

const GITLAB_DEFAULT_STAGES = ["build", "test", "deploy"];

/**
 * Stage order, `extends:`, `needs:` and `dependencies:` that GitLab rejects when it creates the pipeline: a template
 * `extends:` names that is not in the file, a stage not in `stages:`, a need or dependency on a job of a later stage,
 * a dependency on no job.
 */
function gitlabStageProblem(
  root: YAMLMap,
  lc: LineCounter,
  jobIds: ReadonlySet<string>,
): { message: string; line: number } | null {
  const keys = new Map<string, YAMLMap>();
  for (const pair of root.items) {
    const key = scalarText(pair.key);
    if (key && isMap(pair.value)) keys.set(key, pair.value);
  }
  const declared = root.get("stages", true);
  const stages = [
    ".pre",
    ...(isSeq(declared)
      ? declared.items.map((i) => scalarText(i)).filter((x): x is string => x !== null)
      : GITLAB_DEFAULT_STAGES),
    ".post",
  ];
  const extendsOf = (body: YAMLMap): Array<{ name: string; node: YamlNode }> => {
    const node = body.get("extends", true);
    const items = isSeq(node) ? node.items : node ? [node] : [];
    return items.flatMap((item) => {
      const name = scalarText(item);
      return name ? [{ name, node: item as YamlNode }] : [];
    });
  };
  // The stage a job runs in: its own `stage:`, else the last template's (GitLab merges `extends:` in order), else test.
  const stageOf = (body: YAMLMap, depth = 0): string | null => {
    const own = scalarText(body.get("stage", true));
    if (own !== null) return own;
    if (depth > 10) return null;
    for (const parent of extendsOf(body).reverse()) {
      const template = keys.get(parent.name);
      const found = template ? stageOf(template, depth + 1) : null;
      if (found !== null) return found;
    }
    return depth === 0 ? "test" : null;
  };
  for (const [key, body] of keys) {
    if (!jobIds.has(key)) continue;
    for (const parent of extendsOf(body))
      if (!keys.has(parent.name))
        return {
          message: `${key} extends \`${parent.name}\`, which is not defined in this file`,
          line: lineAt(parent.node, lc),
        };
  }
  for (const [id, body] of keys) {
    if (!jobIds.has(id)) continue;
    const stage = stageOf(body);
    if (stage === null || /\$/.test(stage)) continue;
    const index = stages.indexOf(stage);
    if (index < 0)
      return {
        message: `job ${id} runs in stage \`${stage}\`, which is not in \`stages:\` (${stages.slice(1, -1).join(", ")})`,
        line: lineAt((body.get("stage", true) as YamlNode | undefined) ?? (body as unknown as YamlNode), lc),
      };
    const later = (other: string): boolean => {
      const otherBody = keys.get(other);
      const otherStage = otherBody ? stageOf(otherBody) : null;
      return otherStage !== null && stages.indexOf(otherStage) > index;
    };
    const needs = body.get("needs", true);
    for (const entry of isSeq(needs) ? needs.items : []) {
      const name = isMap(entry) ? scalarText(entry.get("job", true)) : scalarText(entry);
      if (name && jobIds.has(name) && later(name))
        return {
          message: `job ${id} (stage ${stage}) needs \`${name}\`, which runs in a later stage (${stageOf(keys.get(name)!) ?? ""})`,
          line: lineAt(entry as YamlNode, lc),
        };
    }
    const dependencies = body.get("dependencies", true);
    for (const entry of isSeq(dependencies) ? dependencies.items : []) {
      const name = scalarText(entry);
      if (name === null) continue;
      if (!jobIds.has(name) || later(name))
        return {
          message: jobIds.has(name)
            ? `job ${id} (stage ${stage}) takes artifacts from \`${name}\` (dependencies:), which runs in a later stage`
            : `job ${id} takes artifacts from \`${name}\` (dependencies:), which is not a job of this pipeline`,
          line: lineAt(entry as YamlNode, lc),
        };
    }
  }
  return null;
}

/** `if: false` in any spelling GitHub evaluates to false without looking at anything. */
const ALWAYS_FALSE = /^\s*(\$\{\{\s*)?(false|0|'')\s*(\}\})?\s*$/;

/** Status functions that make a job run whatever its needs did. */
const RUNS_ANYWAY = /\b(always|failure|cancelled)\s*\(\s*\)/;

/**
 * Sets `neverRuns` on GitHub jobs that cannot run: an `if:` that is literally false, or a need of such a job
 * (without a status function such as `always()` that runs it anyway).
 */
export function markJobsThatNeverRun(workflow: CiWorkflow): void {
  const key = workflow.provider === "github" ? githubJobKey : (id: string): string => id;
  const byId = new Map(workflow.jobs.map((j) => [key(j.id), j] as const));
  const decided = new Map<string, string | null>();
  const reason = (job: CiJob, seen: Set<string>): string | null => {
    if (decided.has(job.id)) return decided.get(job.id) ?? null;
    if (seen.has(job.id)) return null;
    seen.add(job.id);
    let why: string | null = null;
    if (job.condition !== null && ALWAYS_FALSE.test(job.condition))
      why = `its \`if:\` is \`${job.condition.trim()}\``;
    else if (!RUNS_ANYWAY.test(job.condition ?? ""))
      for (const need of job.needs) {
        const other = byId.get(key(need));
        if (other && reason(other, seen) !== null) {
          why = `it needs ${need}, which never runs`;
          break;
        }
      }
    decided.set(job.id, why);
    return why;
  };
  for (const job of workflow.jobs) {
    const why = reason(job, new Set());
    if (why) job.neverRuns = why;
  }
}

/**
 * The environment a step's commands start with: workflow `env:` (GitLab `variables:`), overridden by the job's,
 * overridden by the step's. Values as written (expressions are not evaluated).
 */
export function effectiveEnv(workflow: CiWorkflow, job: CiJob, step: CiStep): Record<string, string> {
  return { ...workflowEnvOf(workflow, job), ...(job.env ?? {}), ...(step.env ?? {}) };
}

/** The workflow-level env a job receives: all of it, or what GitLab's `inherit: variables:` lets through. */
export function workflowEnvOf(workflow: CiWorkflow, job: CiJob): Record<string, string> {
  const env = workflow.env ?? {};
  if (!job.inheritsVariables) return env;
  const allowed = new Set(job.inheritsVariables);
  return Object.fromEntries(Object.entries(env).filter(([name]) => allowed.has(name)));
}

/**
 * The value of `name` for one command: an inline assignment (`MIX_ENV=test mix x`), an earlier `export NAME=v`
 * in the same step, or the step's effective env; null when unset.
 */
export function envValueFor(
  name: string,
  command: string,
  earlier: readonly string[],
  env: Record<string, string>,
): string | null {
  const assignment = new RegExp(`(?:^|[\\s;&|(])(?:export\\s+)?${name}=("[^"]*"|'[^']*'|[^\\s;&|]*)`);
  const inline = assignment.exec(command);
  if (inline?.[1] !== undefined) return inline[1].replace(/^["']|["']$/g, "");
  for (const previous of [...earlier].reverse()) {
    const m = new RegExp(`(?:^|[\\s;&|(])export\\s+${name}=("[^"]*"|'[^']*'|[^\\s;&|]*)`).exec(previous);
    if (m?.[1] !== undefined) return m[1].replace(/^["']|["']$/g, "");
  }
  return env[name] ?? null;
}
