// Facts pack: CI workflows (GitHub Actions, GitLab CI) as jobs and steps with lines, and the gates their commands amount to.
import { dirname } from "node:path/posix";
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type YAMLMap,
} from "yaml";
import { otherCiConfigs } from "./other-ci.js";
import {
  addTemplates,
  expandGitlabJob,
  gitlabDefaultsOf,
  gitlabLocalIncludes,
  gitlabManualOptional,
  gitlabNeverRuns,
  inheritedVariables,
  type GitlabTemplate,
  type GitlabTemplatePool,
  withGitlabDefaults,
} from "./gitlab-extends.js";
import { collectTestServiceNeeds } from "./test-services.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import {
  classifyAction,
  classifyCommand,
  classifyHook,
  commandSegments,
  gateOfScriptName,
  gateOfTaskDescription,
  isWarnOnlyCommand,
  runsPreCommit,
  scriptInvocation,
  segmentInvocation,
  splitScript,
  type GateMatch,
} from "./classify.js";
import { makeResolver, normaliseDir, type Invocation, type Resolver } from "./runners.js";
import { collectLocalTools } from "./local-tools.js";
import { parseSobelowConf } from "../elixir/sobelow.js";
import { collectUpdateBots } from "./update-bots.js";
import { collectGrepBans } from "./grep-bans.js";
import {
  githubCaches,
  githubWorkflowProblem,
  gitlabCaches,
  gitlabPipelineProblem,
  jobReferences,
  markJobsThatNeverRun,
  scalarMap,
  stepItems,
  workflowReferences,
} from "./semantics.js";
import type { CiCommand, CiFacts, CiGate, CiJob, CiStep, CiWorkflow } from "./types.js";

export type {
  CiCache,
  CiCommand,
  CiFacts,
  CiGate,
  CiGrepBan,
  CiJob,
  CiJobReference,
  CiStep,
  CiWorkflow,
  UpdateBot,
} from "./types.js";

const GITLAB_RESERVED = new Set([
  "stages",
  "variables",
  "default",
  "include",
  "workflow",
  "image",
  "services",
  "before_script",
  "after_script",
  "cache",
  "pages:deploy",
]);

/**
 * The CI pipeline files this pack models, by provider: GitHub Actions workflows, and Depot CI's (`.depot/workflows/`,
 * GitHub Actions syntax, run by Depot on the repository's pull requests); GitLab CI.
 */
export function isWorkflowPath(path: string): "github" | "gitlab" | null {
  if (/^\.(?:github|depot)\/workflows\/[^/]+\.ya?ml$/.test(path)) return "github";
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(path)) return "gitlab";
  return null;
}

/**
 * Whether `mix sobelow` fails on a finding: since 0.7.5 it halts with a failing status only under `--exit`, given on
 * the command line or, with `--config`, as the `exit:` of the `.sobelow-conf` it reads (`exit: "false"` is off); or
 * whether its findings reach the pull request another way (SARIF for code scanning).
 */
function sobelowHalts(command: string, dir: string, resolver: Resolver): boolean {
  if (/\s--exit\b/.test(command)) return true;
  // SARIF output goes to code scanning, whose alerts reach the pull request as CodeQL's do.
  if (/\s(?:--format|-f)[\s=]+sarif\b/i.test(command)) return true;
  if (!/\s--config\b/.test(command)) return false;
  const root = /\s(?:-r|--root)\s+([\w./-]+)/.exec(command)?.[1];
  const base = root ? normaliseDir(dir === "." ? root : `${dir}/${root}`) : dir;
  const path = base === "." ? ".sobelow-conf" : `${base}/.sobelow-conf`;
  const text = resolver.fileText(path);
  const exit = text === null ? null : parseSobelowConf(path, text).exit;
  return exit !== null && !/^[:"]?(false|nil)"?$/i.test(exit);
}

/**
 * Gates of one command line, resolving runner targets (`npm run x`, `make x`, `task x`, `turbo run x` …) a few levels
 * deep. `expanded`, when given, receives the command lines those targets run, depth first in the order they run.
 */
function gatesOfCommand(
  command: string,
  resolver: Resolver,
  dir: string,
  depth = 0,
  seen = new Set<string>(),
  expanded?: string[],
): GateMatch[] {
  const warnOnly = isWarnOnlyCommand(command);
  const out: GateMatch[] = classifyCommand(command).map((g) =>
    warnOnly || (g.tool === "sobelow" && !sobelowHalts(command, dir, resolver))
      ? { ...g, tool: warnOnly ? g.tool : `${g.tool} without --exit`, warnOnly: true }
      : g,
  );
  const add = (gate: GateMatch): void => {
    const existing = out.findIndex((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem);
    if (existing < 0) out.push(gate);
    // An enforcing gate wins over a warn-only one of the same kind.
    else if (out[existing]?.warnOnly && !gate.warnOnly) out[existing] = gate;
  };
  if (depth > 5) return out;
  // `cd web/ui && npm run lint` runs the script of that folder.
  let here = dir;
  for (const segment of commandSegments(command)) {
    const cd = /^cd\s+([\w./-]+)$/.exec(segment);
    if (cd?.[1]) {
      here = normaliseDir(here === "." ? cd[1] : `${here}/${cd[1]}`);
      continue;
    }
    const invocation = segmentInvocation(segment);
    if (!invocation) continue;
    const target = invocation.dir
      ? normaliseDir(here === "." ? invocation.dir : `${here}/${invocation.dir}`)
      : here;
    const key = `${invocation.runner}:${target}:${(invocation.targets ?? [invocation.target]).join(",")}:${(invocation.args ?? []).join(" ")}:${(invocation.packages ?? []).join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const resolved = resolver.resolve(invocation, target);
    const via =
      `${RUNNER_LABEL[invocation.runner]} ${(invocation.targets ?? [invocation.target]).join(" ")}`.trim();
    const before = out.length;
    for (const inner of resolved ?? []) {
      expanded?.push(inner.text);
      for (const gate of gatesOfCommand(inner.text, resolver, inner.dir, depth + 1, seen, expanded)) {
        add({
          ...gate,
          tool: gate.tool.includes("(via ") ? gate.tool : `${gate.tool} (via ${via})`,
          ...(warnOnly ? { warnOnly } : {}),
        });
      }
    }
    // A target that resolves to nothing known (or is not found) is judged by its conventional name.
    if (out.length === before && (invocation.runner === "npm" || invocation.runner === "workspaces"))
      for (const name of invocation.targets ?? [invocation.target])
        for (const gate of gateOfScriptName(name)) add(warnOnly ? { ...gate, warnOnly } : gate);
    // A mise task running a tool this pack does not know is judged by its name and the language its description
    // names (`test`, "Run the Go test suite").
    const description = out.length === before ? resolver.description(invocation, target) : null;
    if (description)
      for (const gate of gateOfTaskDescription(invocation.target, description, `${via} (${description})`))
        add(warnOnly ? { ...gate, warnOnly } : gate);
  }
  return out;
}

/** Gates of a step's command, keeping on it the command lines its runner targets expand to. */
function gatesOfCommandExpanding(command: CiCommand, resolver: Resolver, dir: string): GateMatch[] {
  const expanded: string[] = [];
  const gates = gatesOfCommand(command.text, resolver, dir, 0, new Set(), expanded);
  if (expanded.length > 0) command.expanded = expanded;
  return gates;
}

/**
 * The directory the next command of the same shell starts in: a `cd web` on its own line (or chained with `&&`)
 * moves the rest of the step there; a `cd` inside a subshell `( … )` does not.
 */
function dirAfter(command: string, dir: string): string {
  if (/^\s*\(/.test(command)) return dir;
  let here = dir;
  for (const segment of commandSegments(command)) {
    const cd = /^cd\s+([\w./-]+)$/.exec(segment);
    if (cd?.[1] && !cd[1].startsWith("-")) here = normaliseDir(here === "." ? cd[1] : `${here}/${cd[1]}`);
  }
  return here;
}

const RUNNER_LABEL: Record<Invocation["runner"], string> = {
  npm: "npm run",
  workspaces: "workspace packages' scripts",
  make: "make",
  script: "script",
  task: "task",
  just: "just",
  gulp: "gulp",
  mix: "mix alias",
  "go-program": "go run",
  doit: "doit",
  moon: "moon run",
  mise: "mise run",
};

/** Hooks of `.pre-commit-config.yaml` at the root (ids and, for local hooks, entry commands), or [] when there is none. */
function preCommitHooks(ctx: CollectContext): Array<{ id: string; entry: string | null }> {
  const text = ctx.index.read(".pre-commit-config.yaml") ?? ctx.index.read(".pre-commit-config.yml");
  if (!text) return [];
  const parsed = parseDocument(text).toJSON() as {
    repos?: Array<{ hooks?: Array<{ id?: unknown; entry?: unknown }> }>;
  } | null;
  return (parsed?.repos ?? [])
    .flatMap((repo) => repo.hooks ?? [])
    .map((h) => ({
      id: typeof h.id === "string" ? h.id : "",
      entry: typeof h.entry === "string" ? h.entry : null,
    }))
    .filter((h) => h.id !== "");
}

/**
 * The gates pre-commit.ci enforces: a top-level `ci:` section in `.pre-commit-config.yaml` configures that service,
 * which runs every hook on each pull request (outside the repository's workflow files) and fails the check when one
 * fails or rewrites a file.
 */
function preCommitCiGates(ctx: CollectContext, hooks: Array<{ id: string; entry: string | null }>): CiGate[] {
  const path = [".pre-commit-config.yaml", ".pre-commit-config.yml"].find((p) => ctx.index.read(p) !== null);
  const text = path ? ctx.index.read(path) : null;
  if (!path || !text) return [];
  const at = text.split("\n").findIndex((line) => /^ci:\s*(#.*)?$/.test(line));
  if (at < 0) return [];
  const out: CiGate[] = [];
  for (const gate of hooks.flatMap(hookGates))
    if (!out.some((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem))
      out.push({
        kind: gate.kind,
        tool: `${gate.tool} (pre-commit.ci)`,
        ecosystem: gate.ecosystem,
        command: "pre-commit run --all-files (pre-commit.ci)",
        path,
        line: at + 1,
        job: "pre-commit.ci",
      });
  return out;
}

// Under pre-commit a formatter that rewrites files fails the run, so any formatter invocation is a format check.
const HOOK_FORMATTERS: Array<{ re: RegExp; ecosystem: string }> = [
  { re: /\b(ruff\s+format|black|isort)\b/, ecosystem: "python" },
  { re: /\b(prettier|biome\s+(format|check))\b/, ecosystem: "node" },
  { re: /\b(gofmt|gofumpt|goimports)\b/, ecosystem: "go" },
  { re: /\bmix\s+format\b/, ecosystem: "elixir" },
  { re: /\bcargo\s+fmt\b/, ecosystem: "rust" },
];

function hookGates(hook: { id: string; entry: string | null }): GateMatch[] {
  const out = classifyHook(hook.id);
  if (!hook.entry) return out;
  const invocation = scriptInvocation(hook.entry);
  const fromEntry = [
    ...classifyCommand(hook.entry),
    ...(invocation?.runner === "npm" ? gateOfScriptName(invocation.target) : []),
  ];
  for (const f of HOOK_FORMATTERS)
    if (f.re.test(hook.entry))
      fromEntry.push({ kind: "format", tool: "formatter (pre-commit)", ecosystem: f.ecosystem });
  for (const gate of fromEntry)
    if (!out.some((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem))
      out.push({ ...gate, tool: `${gate.tool} (pre-commit ${hook.id})` });
  return out;
}

function withPreCommit(
  matches: GateMatch[],
  commandOrUses: string,
  hooks: Array<{ id: string; entry: string | null }>,
): GateMatch[] {
  if (!runsPreCommit(commandOrUses)) return matches;
  const out = [...matches];
  for (const gate of hooks.flatMap(hookGates))
    if (!out.some((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem)) out.push(gate);
  return out;
}

function scalarString(node: unknown): string | null {
  if (isScalar(node))
    return node.value === null || node.value === undefined
      ? null
      : String(node.value as string | number | boolean);
  return null;
}

function lineOf(node: YamlNode | null | undefined, lc: LineCounter): number {
  const start = node?.range?.[0];
  return start === undefined ? 1 : lc.linePos(start).line;
}

function keyLine(map: unknown, key: string, lc: LineCounter): number | null {
  if (!isMap(map)) return null;
  const pair = map.items.find((item) => scalarString(item.key) === key);
  return pair ? lineOf(pair.key as YamlNode, lc) : null;
}

/** Commands of a `run:` scalar with their lines (block scalars start on the line after the indicator). */
function commandsOf(node: unknown, lc: LineCounter): Array<{ text: string; line: number }> {
  if (!isScalar(node) || typeof node.value !== "string") return [];
  const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
  const first = lineOf(node, lc) + (block ? 1 : 0);
  const text = node.type === "BLOCK_FOLDED" ? node.value : node.value;
  return splitScript(text).map((c) => ({ text: c.text, line: block ? first + c.offset : first }));
}

/** `map.key` when map is a YAML mapping. */
function field(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

/** GitLab `services:` entries: image names, or `{ name: image, alias: x }` maps. */
function gitlabServices(node: unknown): string[] {
  const entries = isSeq(node) ? node.items : node ? [node] : [];
  return entries
    .map((e) => scalarString(e) ?? scalarString(field(e, "name")))
    .filter((s): s is string => s !== null);
}

function stringList(node: unknown): string[] {
  if (isSeq(node)) return node.items.map((i) => scalarString(i)).filter((s): s is string => s !== null);
  const s = scalarString(node);
  return s ? [s] : [];
}

function triggersOf(node: unknown): string[] {
  if (isMap(node)) return node.items.map((i) => scalarString(i.key)).filter((s): s is string => s !== null);
  return stringList(node);
}

const INPUT_REFERENCE = /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g;
const MATRIX_REFERENCE = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g;
/** More combinations than this and a matrix is not expanded (its commands keep their `${{ matrix.X }}`). */
const MAX_MATRIX_COMBINATIONS = 64;

/**
 * The value sets a GitHub `strategy.matrix` runs its job with: the product of its lists of scalars, plus each
 * `include:` entry on its own. A matrix written as an expression (`${{ fromJSON(...) }}`) gives none.
 */
export function matrixCombinations(matrix: unknown): Array<Record<string, string>> {
  if (matrix === null || typeof matrix !== "object" || Array.isArray(matrix)) return [];
  const scalar = (v: unknown): v is string | number | boolean =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  let combos: Array<Record<string, string>> = [{}];
  for (const [key, values] of Object.entries(matrix as Record<string, unknown>)) {
    if (key === "include" || key === "exclude" || !Array.isArray(values)) continue;
    const listed = values.filter(scalar).map(String);
    if (listed.length === 0) continue;
    combos = combos.flatMap((combo) => listed.map((value) => ({ ...combo, [key]: value })));
    if (combos.length > MAX_MATRIX_COMBINATIONS) return [];
  }
  if (combos.length === 1 && Object.keys(combos[0] ?? {}).length === 0) combos = [];
  const include = (matrix as Record<string, unknown>).include;
  for (const entry of Array.isArray(include) ? include : [])
    if (entry !== null && typeof entry === "object" && !Array.isArray(entry))
      combos.push(
        Object.fromEntries(
          Object.entries(entry as Record<string, unknown>)
            .filter(([, v]) => scalar(v))
            .map(([k, v]) => [k, String(v)]),
        ),
      );
  return combos;
}

/**
 * Gates of commands that read `${{ inputs.X }}` or `${{ matrix.X }}`, classified again with each value set filled in
 * (a reusable workflow's callers' `with:` inputs; a job's matrix combinations), added once per distinct command.
 */
function addGatesWithFilledValues(
  workflow: CiWorkflow,
  reference: RegExp,
  valueSetsOf: (job: CiJob) => ReadonlyArray<Record<string, string>>,
  resolver: Resolver,
  hooks: Array<{ id: string; entry: string | null }>,
): void {
  for (const job of workflow.jobs) {
    const valueSets = valueSetsOf(job);
    if (valueSets.length === 0) continue;
    for (const step of job.steps) {
      const warnOnly = Boolean(step.continueOnError) || Boolean(job.allowFailure);
      for (const command of step.commands ?? []) {
        if (!new RegExp(reference.source).test(command.text)) continue;
        const filled = new Set<string>();
        for (const values of valueSets) {
          let complete = true;
          const text = command.text.replace(reference, (whole, name: string) => {
            const value = values[name];
            if (value === undefined) complete = false;
            return value ?? whole;
          });
          if (complete && text !== command.text) filled.add(text);
        }
        for (const text of [...filled].sort()) {
          const dir = step.workingDirectory ?? ".";
          step.gates.push(
            ...toGates(
              withPreCommit(gatesOfCommand(text, resolver, dir), text, hooks),
              text,
              workflow.path,
              command.line,
              job.id,
              warnOnly,
            ),
          );
        }
      }
    }
  }
}

function toGates(
  matches: GateMatch[],
  command: string,
  path: string,
  line: number,
  job: string,
  warnOnly = false,
): CiGate[] {
  return matches.map((m) => ({
    kind: m.kind,
    tool: m.tool,
    ecosystem: m.ecosystem,
    command,
    path,
    line,
    job,
    ...(m.warnOnly || warnOnly ? { warnOnly: true } : {}),
  }));
}

/** Gates of a `uses:` reference: known actions, and the steps of a local composite action (followed). */
function gatesOfUses(
  uses: string,
  inputs: Record<string, string>,
  resolver: Resolver,
  hooks: Array<{ id: string; entry: string | null }>,
  depth = 0,
  env: Record<string, string> = {},
): GateMatch[] {
  const out = withPreCommit(classifyAction(uses, inputs, env), uses, hooks);
  if (!uses.startsWith("./") || depth > 3) return out;
  const action = resolver.compositeAction(uses);
  if (!action) return out;
  const add = (gate: GateMatch): void => {
    if (!out.some((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem))
      out.push({ ...gate, tool: gate.tool.includes("(via ") ? gate.tool : `${gate.tool} (via ${uses})` });
  };
  for (const command of action.commands)
    for (const gate of withPreCommit(
      gatesOfCommand(command.text, resolver, command.dir),
      command.text,
      hooks,
    ))
      add(gate);
  for (const inner of action.uses)
    for (const gate of gatesOfUses(inner.uses, inner.with, resolver, hooks, depth + 1)) add(gate);
  return out;
}

/** Secrets that only upload coverage or switch on debug output. */
const LOW_VALUE_SECRET =
  /^(codecov_token|coveralls(_repo)?_token|codacy_project_token|cc_test_reporter_id|debug|actions_(step|runner)_debug)$/i;

/** Names of the repository secrets a YAML subtree reads (`secrets.NAME`; GITHUB_TOKEN is the job's own token). */
function secretNames(node: unknown): string[] {
  const text = JSON.stringify((node as YamlNode | null | undefined)?.toJSON?.() ?? node ?? null);
  const names = new Set<string>();
  for (const m of text.matchAll(/\bsecrets\.([A-Za-z_][\w-]*)|\bsecrets\[\s*'([^']+)'\s*\]/g)) {
    const name = m[1] ?? m[2] ?? "";
    if (!/^github_token$/i.test(name) && !LOW_VALUE_SECRET.test(name)) names.add(name);
  }
  return [...names].sort();
}

/** Whether a YAML subtree hands the job's token to something (`secrets.GITHUB_TOKEN`, `github.token`). */
function tokenUsed(node: unknown): boolean {
  const text = JSON.stringify((node as YamlNode | null | undefined)?.toJSON?.() ?? node ?? null);
  return /\bsecrets\.github_token\b|\bgithub\.token\b/i.test(text);
}

const isTrue = (value: unknown): boolean => value === true || value === "true";

const STUB_JOB = /(^|[-_ ])(deploy(ment)?|release|publish|ship|promote|rollout)([-_ ]|$)/i;

/** A deploy/release job whose commands only echo (or sleep, or `true`) is a stub. */
function markStub(job: CiJob, path: string): void {
  if (!STUB_JOB.test(`${job.id} ${job.name ?? ""}`)) return;
  const actions = job.steps.filter(
    (s) => s.uses && !/^actions\/(checkout|download-artifact|cache)\b/.test(s.uses),
  );
  const commands = job.steps.flatMap((s) => s.commands ?? []);
  if (actions.length > 0 || commands.length === 0) return;
  if (
    !commands.every(
      (c) =>
        /^(echo|printf|sleep|true|:|exit\s+0)\b/.test(c.text) &&
        !/\|\s*[\w./]|>>?\s*\$?\w/.test(c.text.replace(/"[^"]*"|'[^']*'/g, "")),
    )
  )
    return;
  if (job.steps.some((s) => s.gates.some((g) => g.kind === "deploy" || g.kind === "release"))) return;
  const first = commands[0];
  const step = job.steps.find((s) => (s.commands ?? []).includes(first!));
  const kind = /release|publish/i.test(`${job.id} ${job.name ?? ""}`) ? "release" : "deploy";
  step?.gates.push({
    kind,
    tool: "echo",
    ecosystem: null,
    command: first!.text,
    path,
    line: first!.line,
    job: job.id,
    stub: true,
  });
}

/** `owner/repo/path@ref` whose path (an action folder or a workflow file) exists in this repository. */
function isOwnAction(uses: string, resolver: Resolver, paths: ReadonlySet<string>): boolean {
  const m = /^[\w.-]+\/[\w.-]+\/([^@]+)@/.exec(uses);
  if (!m?.[1]) return false;
  return paths.has(m[1]) || resolver.compositeAction(m[1]) !== null;
}

function emptyWorkflow(path: string, provider: "github" | "gitlab"): CiWorkflow {
  return {
    path,
    provider,
    name: null,
    triggers: [],
    jobs: [],
    permissions: null,
    concurrency: null,
    permissionsLine: null,
    concurrencyLine: null,
  };
}

function parseGithub(
  path: string,
  doc: Document,
  lc: LineCounter,
  resolver: Resolver,
  hooks: Array<{ id: string; entry: string | null }>,
  paths: ReadonlySet<string>,
): CiWorkflow {
  const root = doc.contents;
  const get = (map: unknown, key: string): unknown => (isMap(map) ? map.get(key, true) : undefined);
  const workflow: CiWorkflow = {
    path,
    provider: "github",
    name: scalarString(get(root, "name")),
    triggers: triggersOf(get(root, "on") ?? get(root, "true")),
    jobs: [],
    permissions: (get(root, "permissions") as YamlNode | undefined)?.toJSON() ?? null,
    concurrency: (get(root, "concurrency") as YamlNode | undefined)?.toJSON() ?? null,
    permissionsLine: keyLine(root, "permissions", lc),
    concurrencyLine: keyLine(root, "concurrency", lc),
    env: scalarMap(get(root, "env")),
    references: workflowReferences(doc, lc),
  };
  const jobs = get(root, "jobs");
  if (!isMap(jobs)) return workflow;
  const workflowSecrets = secretNames(get(root, "env"));
  for (const pair of jobs.items) {
    const id = scalarString(pair.key);
    if (!id) continue;
    const body = pair.value;
    const jobUsesRef = scalarString(get(body, "uses"));
    const inherit = scalarString(get(body, "secrets")) === "inherit";
    const jobContinue = isTrue((get(body, "continue-on-error") as YamlNode | undefined)?.toJSON());
    // keepScalar: scalarString reads a node, and getIn hands back the bare string without it.
    const defaultsDir =
      scalarString(doc.getIn(["jobs", id, "defaults", "run", "working-directory"], true)) ??
      scalarString(doc.getIn(["defaults", "run", "working-directory"], true));
    const environment = get(body, "environment");
    const job: CiJob = {
      id,
      name: scalarString(get(body, "name")),
      line: lineOf(pair.key as YamlNode, lc),
      steps: [],
      needs: stringList(get(body, "needs")),
      timeoutMinutes: Number(scalarString(get(body, "timeout-minutes")) ?? NaN) || null,
      timeoutLine: keyLine(body, "timeout-minutes", lc),
      permissions: (get(body, "permissions") as YamlNode | undefined)?.toJSON() ?? null,
      matrix: (get(get(body, "strategy"), "matrix") as YamlNode | undefined)?.toJSON() ?? null,
      services: isMap(get(body, "services"))
        ? (get(body, "services") as { items: Array<{ key: unknown }> }).items.map(
            (i) => scalarString(i.key) ?? "",
          )
        : [],
      environment: scalarString(environment) ?? scalarString(get(environment, "name")),
      condition: scalarString(get(body, "if")),
      runsOn:
        scalarString(get(body, "runs-on")) ??
        ((get(body, "runs-on") as YamlNode | undefined)?.toJSON()
          ? JSON.stringify((get(body, "runs-on") as YamlNode).toJSON())
          : null),
      concurrency: (get(body, "concurrency") as YamlNode | undefined)?.toJSON() ?? null,
      secrets: inherit ? ["*"] : [...new Set([...workflowSecrets, ...secretNames(body)])].sort(),
      usesToken: tokenUsed(body) || tokenUsed(get(root, "env")),
      calls: jobUsesRef,
      allowFailure: jobContinue,
      conditionLine: keyLine(body, "if", lc),
      needsLine: keyLine(body, "needs", lc),
      permissionsLine: keyLine(body, "permissions", lc),
      env: scalarMap(get(body, "env")),
      container: scalarString(get(body, "container")) ?? scalarString(get(get(body, "container"), "image")),
      serviceImages: isMap(get(body, "services"))
        ? (get(body, "services") as YAMLMap).items
            .map((i) => scalarString(get(i.value, "image")) ?? scalarString(i.value) ?? "")
            .filter(Boolean)
        : [],
      references: jobReferences(body, lc),
      caches: githubCaches(get(body, "steps"), lc),
    };
    const steps = get(body, "steps");
    // A reusable-workflow call (`uses:` on the job) counts as one step; a known remote one (osv-scanner's) is a gate.
    // A local one is a workflow file of its own, whose gates are counted there.
    if (jobUsesRef) {
      const usesLine = lineOf(get(body, "uses") as YamlNode, lc);
      const inputs: Record<string, string> = {};
      const withNode = get(body, "with");
      if (isMap(withNode))
        for (const w of withNode.items) inputs[scalarString(w.key) ?? ""] = scalarString(w.value) ?? "";
      if (isMap(withNode)) job.callInputs = inputs;
      job.steps.push({
        name: null,
        run: null,
        uses: jobUsesRef,
        line: usesLine,
        usesLine,
        ...(isOwnAction(jobUsesRef, resolver, paths) ? { ownAction: true } : {}),
        gates: jobUsesRef.startsWith("./")
          ? []
          : toGates(classifyAction(jobUsesRef, inputs), jobUsesRef, path, usesLine, id, jobContinue),
      });
    }
    if (isSeq(steps)) {
      for (const item of stepItems(steps)) {
        const runNode = get(item, "run");
        const uses = scalarString(get(item, "uses"));
        const withNode = get(item, "with");
        const inputs: Record<string, string> = {};
        if (isMap(withNode))
          for (const w of withNode.items)
            inputs[scalarString(w.key) ?? ""] =
              scalarString(w.value) ?? JSON.stringify((w.value as YamlNode | null)?.toJSON() ?? null);
        const dir = scalarString(get(item, "working-directory")) ?? defaultsDir ?? ".";
        const continueOnError = isTrue((get(item, "continue-on-error") as YamlNode | undefined)?.toJSON());
        const warnOnly = continueOnError || jobContinue;
        const step: CiStep = {
          name: scalarString(get(item, "name")),
          run: scalarString(runNode),
          uses,
          line: lineOf(item as YamlNode, lc),
          gates: [],
          ...(uses ? { usesLine: lineOf(get(item, "uses") as YamlNode, lc) } : {}),
          ...(isMap(withNode) ? { with: inputs } : {}),
          commands: commandsOf(runNode, lc),
          ...(continueOnError ? { continueOnError } : {}),
          ...(isMap(get(item, "env")) ? { env: scalarMap(get(item, "env")) } : {}),
          ...(get(item, "if") !== undefined ? { condition: scalarString(get(item, "if")) } : {}),
        };
        if (uses && isOwnAction(uses, resolver, paths)) step.ownAction = true;
        const normDir = dir.replace(/^\.\//, "").replace(/\/$/, "") || ".";
        if (runNode !== undefined) step.workingDirectory = normDir;
        let here = normDir;
        for (const command of step.commands ?? []) {
          step.gates.push(
            ...toGates(
              withPreCommit(gatesOfCommandExpanding(command, resolver, here), command.text, hooks),
              command.text,
              path,
              command.line,
              id,
              warnOnly,
            ),
          );
          here = dirAfter(command.text, here);
        }
        if (uses)
          step.gates.push(
            ...toGates(
              gatesOfUses(uses, inputs, resolver, hooks, 0, {
                ...(workflow.env ?? {}),
                ...(job.env ?? {}),
                ...(step.env ?? {}),
              }),
              uses,
              path,
              lineOf(get(item, "uses") as YamlNode, lc),
              id,
              warnOnly,
            ),
          );
        job.steps.push(step);
      }
    }
    markStub(job, path);
    workflow.jobs.push(job);
  }
  markJobsThatNeverRun(workflow);
  return workflow;
}

/**
 * A GitLab CI file: one YAML document, or a `spec:` header document (CI/CD inputs) followed by `---` and the
 * pipeline — GitLab reads the second one as the configuration.
 */
function parseGitlabDocument(text: string, lc: LineCounter): Document {
  const options = { lineCounter: lc, uniqueKeys: false, merge: true } as const;
  if (/^spec:/m.test(text) && /^---\s*$/m.test(text)) {
    const docs = parseAllDocuments(text, options);
    const [header, config] = Array.isArray(docs) ? docs : [];
    const headerKeys = isMap(header?.contents)
      ? header.contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ""))
      : [];
    if (Array.isArray(docs) && docs.length === 2 && config && headerKeys.join() === "spec") return config;
    lc.lineStarts.length = 0; // Counted again by the single-document parse below.
  }
  return parseDocument(text, options);
}

function parseGitlab(
  path: string,
  doc: Document,
  lc: LineCounter,
  resolver: Resolver,
  hooks: Array<{ id: string; entry: string | null }>,
  pool: GitlabTemplatePool = new Map(),
  defaults: readonly GitlabTemplate[] = [],
): CiWorkflow {
  const root = doc.contents;
  const workflow: CiWorkflow = {
    path,
    provider: "gitlab",
    name: null,
    triggers: ["push"],
    jobs: [],
    permissions: null,
    concurrency: null,
    permissionsLine: null,
    concurrencyLine: null,
  };
  if (!isMap(root)) return workflow;
  workflow.env = scalarMap(root.get("variables", true));
  const dir = dirname(path) === "." ? "." : dirname(path);
  const templateGates = gitlabTemplateGates(root, lc, path);
  if (templateGates.length > 0) {
    const line = templateGates[0]!.line;
    workflow.jobs.push({
      id: "include",
      name: "included templates",
      line,
      steps: [{ name: "include", run: null, uses: null, line, gates: templateGates }],
      needs: [],
      timeoutMinutes: null,
      timeoutLine: null,
      permissions: null,
      matrix: null,
      services: [],
      environment: null,
      condition: null,
    });
  }
  for (const pair of root.items) {
    const id = scalarString(pair.key);
    if (!id || id.startsWith(".") || GITLAB_RESERVED.has(id) || !isMap(pair.value)) continue;
    // What GitLab runs: `extends:` templates merged in, `!reference` tags replaced, then the pipeline's defaults.
    const body = withGitlabDefaults(expandGitlabJob(pair.value, path, pool), path, defaults, pool);
    const get = (key: string): unknown => body.get(key, true);
    const environment = get("environment");
    const job: CiJob = {
      id,
      name: null,
      line: lineOf(pair.key as YamlNode, lc),
      steps: [],
      needs: (isSeq(get("needs")) ? (get("needs") as { items: unknown[] }).items : [])
        .map((e) => scalarString(e) ?? scalarString(field(e, "job")))
        .filter((s): s is string => s !== null),
      timeoutMinutes: null,
      timeoutLine: keyLine(body, "timeout", lc),
      permissions: null,
      matrix: (get("parallel") as YamlNode | undefined)?.toJSON() ?? null,
      services: gitlabServices(get("services")),
      environment:
        scalarString(environment) ??
        (isMap(environment) ? scalarString(environment.get("name", true)) : null),
      condition: (get("rules") as YamlNode | undefined) ? "rules" : null,
      runsOn: scalarString(get("image")),
      allowFailure:
        isTrue((get("allow_failure") as YamlNode | undefined)?.toJSON()) || gitlabManualOptional(body),
      conditionLine: keyLine(body, "rules", lc) ?? keyLine(body, "only", lc),
      needsLine: keyLine(body, "needs", lc),
      env: scalarMap(get("variables")),
      container: scalarString(get("image")) ?? scalarString(field(get("image"), "name")),
      serviceImages: gitlabServices(get("services")),
      caches: gitlabCaches(get("cache"), lc),
    };
    const inherits = inheritedVariables(body);
    if (inherits !== true) job.inheritsVariables = inherits;
    const never = gitlabNeverRuns(body);
    if (never) job.neverRuns = never;
    // before_script and script run in one shell: a `cd` in one moves the commands after it.
    let here = dir;
    for (const key of ["before_script", "script", "after_script"]) {
      if (key === "after_script") here = dir;
      const node = get(key);
      const entries = isSeq(node) ? node.items : node ? [node] : [];
      for (const entry of entries) {
        const commands = commandsOf(entry, lc);
        const step: CiStep = {
          name: key,
          run: scalarString(entry),
          uses: null,
          line: lineOf(entry as YamlNode, lc),
          gates: [],
          commands,
        };
        for (const command of commands) {
          step.gates.push(
            ...toGates(
              withPreCommit(gatesOfCommandExpanding(command, resolver, here), command.text, hooks),
              command.text,
              path,
              command.line,
              id,
              job.allowFailure,
            ),
          );
          here = dirAfter(command.text, here);
        }
        job.steps.push(step);
      }
    }
    markStub(job, path);
    workflow.jobs.push(job);
  }
  workflow.invalid = gitlabPipelineProblem(doc, lc, new Set(workflow.jobs.map((j) => j.id)));
  return workflow;
}

// GitLab's bundled templates and the gates they add (Auto-DevOps bundles several; `<NAME>_DISABLED` variables switch them off).
const GITLAB_TEMPLATES: Array<{
  re: RegExp;
  gates: Array<{ kind: CiGate["kind"]; tool: string; disabled: string }>;
}> = [
  { re: /SAST/i, gates: [{ kind: "security-scan", tool: "GitLab SAST", disabled: "SAST_DISABLED" }] },
  {
    re: /Dependency-Scanning/i,
    gates: [
      {
        kind: "dependency-audit",
        tool: "GitLab Dependency Scanning",
        disabled: "DEPENDENCY_SCANNING_DISABLED",
      },
    ],
  },
  {
    re: /Secret-Detection/i,
    gates: [{ kind: "secret-scan", tool: "GitLab Secret Detection", disabled: "SECRET_DETECTION_DISABLED" }],
  },
  {
    re: /Container-Scanning/i,
    gates: [
      { kind: "container-scan", tool: "GitLab Container Scanning", disabled: "CONTAINER_SCANNING_DISABLED" },
    ],
  },
  {
    re: /Auto-DevOps/i,
    gates: [
      { kind: "test", tool: "Auto DevOps test", disabled: "TEST_DISABLED" },
      { kind: "security-scan", tool: "GitLab SAST", disabled: "SAST_DISABLED" },
      {
        kind: "dependency-audit",
        tool: "GitLab Dependency Scanning",
        disabled: "DEPENDENCY_SCANNING_DISABLED",
      },
      { kind: "secret-scan", tool: "GitLab Secret Detection", disabled: "SECRET_DETECTION_DISABLED" },
      { kind: "container-build", tool: "Auto DevOps build", disabled: "BUILD_DISABLED" },
      { kind: "container-scan", tool: "GitLab Container Scanning", disabled: "CONTAINER_SCANNING_DISABLED" },
    ],
  },
];

function gitlabTemplateGates(root: YAMLMap, lc: LineCounter, path: string): CiGate[] {
  const include = root.get("include", true);
  const entries = isSeq(include) ? include.items : include ? [include] : [];
  const variables = (root.get("variables", true) as YamlNode | undefined)?.toJSON() as
    Record<string, unknown> | undefined;
  const disabled = (name: string): boolean => /^(true|1|yes)$/i.test(String(variables?.[name] ?? ""));
  const gates: CiGate[] = [];
  for (const entry of entries) {
    const template = isMap(entry) ? scalarString(entry.get("template", true)) : null;
    if (!template) continue;
    const line = lineOf(entry as YamlNode, lc);
    for (const t of GITLAB_TEMPLATES) {
      if (!t.re.test(template)) continue;
      for (const g of t.gates) {
        if (disabled(g.disabled) || gates.some((x) => x.kind === g.kind)) continue;
        gates.push({
          kind: g.kind,
          tool: g.tool,
          ecosystem: null,
          command: `template: ${template}`,
          path,
          line,
          job: "include",
        });
      }
    }
  }
  return gates;
}

// Formatters treefmt runs, by the name in its configuration → the ecosystem they format.
const TREEFMT_FORMATTERS: Array<{ re: RegExp; ecosystem: string }> = [
  { re: /\b(ruff-format|ruff|black|isort|yapf)\b/, ecosystem: "python" },
  { re: /\b(prettier|biome|dprint)\b/, ecosystem: "node" },
  { re: /\b(gofmt|gofumpt|goimports)\b/, ecosystem: "go" },
  { re: /\b(mix-format|mixformat|mix\s+format)\b/, ecosystem: "elixir" },
  { re: /\b(rustfmt|cargo\s+fmt)\b/, ecosystem: "rust" },
];

/**
 * Gates whose meaning depends on the repository's configuration: `next build` type-checks unless next.config sets
 * `ignoreBuildErrors`; treefmt checks the ecosystems of the formatters its config enables.
 */
function refineFrameworkGates(workflows: CiWorkflow[], ctx: CollectContext): void {
  const configs = ctx.index.files.map((f) => f.path);
  const nextConfigs = configs.filter((p) => /(^|\/)next\.config\.[cm]?[jt]s$/.test(p));
  const nextIgnoresTypes = nextConfigs.some((p) =>
    /ignoreBuildErrors\s*:\s*true/.test(ctx.index.read(p) ?? ""),
  );
  // `next build` lints only up to Next.js 15, only with an ESLint config it can find (the package's folder or
  // above), and not with `eslint: { ignoreDuringBuilds: true }`.
  const nextMajors = (ctx.facts.dependencies?.declared ?? [])
    .filter((d) => d.ecosystem === "npm" && d.name === "next" && d.requirement)
    .map((d) => Number(/(\d+)/.exec(d.requirement ?? "")?.[1] ?? NaN))
    .filter((n) => !Number.isNaN(n));
  const eslintConfigured = configs.some((p) =>
    /(^|\/)(\.eslintrc(\.(js|cjs|json|ya?ml))?|eslint\.config\.[cm]?[jt]s)$/.test(p),
  );
  const nextLints =
    nextMajors.some((n) => n <= 15) &&
    eslintConfigured &&
    !nextConfigs.some((p) => /ignoreDuringBuilds\s*:\s*true/.test(ctx.index.read(p) ?? ""));
  const treefmtText = configs
    .filter((p) => /(^|\/)(treefmt\.toml|\.treefmt\.toml|treefmt\.nix|flake\.nix)$/.test(p))
    .map((p) => ctx.index.read(p) ?? "")
    .join("\n");
  const flake = ctx.index.read("flake.nix") ?? "";
  for (const [workflow, job, step] of workflows.flatMap((w) =>
    w.jobs.flatMap((j) => j.steps.map((st) => [w, j, st] as const)),
  )) {
    // `nix flake check` runs the flake's checks: treefmt's formatting check and pre-commit-hooks.nix hooks.
    const flakeCheck = (step.commands ?? []).find((c) => /\bnix\s+flake\s+check\b/.test(c.text));
    if (flakeCheck && flake) {
      const matches: GateMatch[] = /treefmt/.test(flake)
        ? [{ kind: "format", tool: "treefmt (nix flake check)", ecosystem: null }]
        : [];
      for (const m of flake.matchAll(/\b([\w-]+)\.enable\s*=\s*true\b/g))
        for (const g of classifyHook(m[1] ?? ""))
          matches.push({ ...g, tool: `${g.tool.replace(/ \(pre-commit\)$/, "")} (nix flake check)` });
      step.gates.push(
        ...toGates(
          matches,
          flakeCheck.text,
          workflow.path,
          flakeCheck.line,
          job.id,
          step.continueOnError === true || job.allowFailure === true,
        ),
      );
    }
    if (nextIgnoresTypes)
      step.gates = step.gates.filter((g) => !(g.kind === "typecheck" && g.tool.startsWith("next build")));
    if (!nextLints)
      step.gates = step.gates.filter((g) => !(g.kind === "lint" && g.tool.startsWith("next build (ESLint)")));
    const treefmt = step.gates.findIndex((g) => g.tool.startsWith("treefmt") && g.ecosystem === null);
    if (treefmt < 0) continue;
    const gate = step.gates[treefmt]!;
    const ecosystems = TREEFMT_FORMATTERS.filter((f) => f.re.test(treefmtText)).map((f) => f.ecosystem);
    step.gates.splice(
      treefmt,
      1,
      ...[...new Set(ecosystems)].map((ecosystem) => ({
        ...gate,
        ecosystem,
        tool: `${gate.tool} (${ecosystem} formatter)`,
      })),
    );
  }
}

export const ciCollector = defineCollector({
  id: "ci",
  dependsOn: ["dependencies"],
  collect(ctx): CiFacts {
    const resolver = makeResolver({
      read: (path) => ctx.index.read(path),
      packageJsons: ctx.index.files
        .filter(
          (f) =>
            f.skip !== "skipped-vendored" &&
            /(^|\/)package\.json$/.test(f.path) &&
            !/(^|\/)node_modules\//.test(f.path),
        )
        .map((f) => f.path)
        .sort(),
      paths: ctx.index.files.filter((f) => f.skip !== "skipped-vendored").map((f) => f.path),
    });
    const hooks = preCommitHooks(ctx);
    const paths = new Set(ctx.index.files.map((f) => f.path));
    const workflows: CiWorkflow[] = [];
    const sortedPaths = [...paths].sort();
    const includedSeen = new Set<string>();
    for (const file of ctx.index.files) {
      if (file.skip === "skipped-vendored") continue;
      const provider = isWorkflowPath(file.path);
      if (!provider) continue;
      const text = ctx.index.read(file.path);
      if (text === null) continue;
      const lc = new LineCounter();
      const doc =
        provider === "gitlab"
          ? parseGitlabDocument(text, lc)
          : parseDocument(text, { lineCounter: lc, uniqueKeys: false, merge: true });
      const yamlError = doc.errors[0];
      if (yamlError) {
        ctx.diagnose({
          kind: "invalid-config",
          path: file.path,
          message: `invalid YAML: ${yamlError.message.split("\n")[0] ?? "parse error"}`,
        });
      }
      // GitLab: the templates of the whole pipeline (local includes first; the main file's definitions win), and
      // the jobs of each included file, which are part of the pipeline too.
      const pool: GitlabTemplatePool = new Map();
      const defaults: GitlabTemplate[] = [];
      const included: Array<{ path: string; doc: Document; lc: LineCounter }> = [];
      if (provider === "gitlab" && isMap(doc.contents)) {
        const queue = gitlabLocalIncludes(doc.contents, sortedPaths);
        for (let i = 0; i < queue.length && i < 50; i++) {
          const includedPath = queue[i] ?? "";
          const includedText = includedPath === file.path ? null : ctx.index.read(includedPath);
          if (includedText === null) continue;
          const includedLc = new LineCounter();
          const includedDoc = parseGitlabDocument(includedText, includedLc);
          if (!isMap(includedDoc.contents) || includedDoc.errors.length > 0) continue;
          included.push({ path: includedPath, doc: includedDoc, lc: includedLc });
          for (const next of gitlabLocalIncludes(includedDoc.contents, sortedPaths))
            if (!queue.includes(next)) queue.push(next);
        }
        for (const entry of included)
          if (isMap(entry.doc.contents)) addTemplates(pool, entry.doc.contents, entry.path);
        addTemplates(pool, doc.contents, file.path);
        // Job defaults of the whole pipeline: included files in order, the main file last (its keywords win).
        for (const entry of [...included, { path: file.path, doc }]) {
          const stated = isMap(entry.doc.contents) ? gitlabDefaultsOf(entry.doc.contents, entry.path) : null;
          if (stated) defaults.push(stated);
        }
      }
      const workflow = isMap(doc.contents)
        ? provider === "github"
          ? parseGithub(file.path, doc, lc, resolver, hooks, paths)
          : parseGitlab(file.path, doc, lc, resolver, hooks, pool, defaults)
        : emptyWorkflow(file.path, provider);
      for (const entry of included) {
        if (includedSeen.has(entry.path) || isWorkflowPath(entry.path)) continue;
        includedSeen.add(entry.path);
        const part = parseGitlab(entry.path, entry.doc, entry.lc, resolver, hooks, pool, defaults);
        part.includedBy = file.path;
        // Stage and `extends:` checks need the whole pipeline: a template or stage may live in another file.
        part.invalid = null;
        workflows.push(part);
      }
      if (yamlError)
        workflow.invalid = {
          message: `the YAML does not parse (${yamlError.message.split("\n")[0] ?? "parse error"})`,
          line: lc.linePos(yamlError.pos[0]).line,
        };
      else if (!isMap(doc.contents))
        workflow.invalid = { message: "the file is not a YAML mapping", line: 1 };
      else if (provider === "github") workflow.invalid = githubWorkflowProblem(text, doc, lc);
      workflows.push(workflow);
    }
    // golangci-lint also checks formatting when its configuration enables gofmt/gofumpt/goimports.
    const golangciConfig =
      [".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"]
        .map((p) => ctx.index.read(p))
        .find((t) => t !== null) ?? null;
    if (golangciConfig && /^[^#\n]*\b(gofmt|gofumpt|goimports|gci)\b/m.test(golangciConfig)) {
      for (const step of workflows.flatMap((w) => w.jobs.flatMap((j) => j.steps))) {
        const lint = step.gates.find((g) => g.tool.startsWith("golangci-lint") && g.kind === "lint");
        if (lint && !step.gates.some((g) => g.kind === "format" && g.ecosystem === "go"))
          step.gates.push({ ...lint, kind: "format", tool: "golangci-lint formatters (.golangci config)" });
      }
    }
    // Local reusable workflows: record who calls each (its token and secrets come from the caller), and run the
    // commands that read `${{ inputs.X }}` once per caller's inputs (`yarn workspace ${{ inputs.package }} lint`
    // lints each package a caller names).
    const inputSets = new Map<CiWorkflow, Array<Record<string, string>>>();
    for (const caller of workflows)
      for (const job of caller.jobs) {
        const called = job.calls?.startsWith("./") ? normaliseDir(job.calls.replace(/@.*$/, "")) : null;
        const target = called ? workflows.find((w) => w.path === called) : undefined;
        if (!target) continue;
        if (!(target.calledBy ?? []).includes(caller.path))
          target.calledBy = [...(target.calledBy ?? []), caller.path].sort();
        if (job.callInputs) inputSets.set(target, [...(inputSets.get(target) ?? []), job.callInputs]);
      }
    for (const [target, sets] of inputSets)
      addGatesWithFilledValues(target, INPUT_REFERENCE, () => sets, resolver, hooks);
    for (const workflow of workflows)
      if (workflow.provider === "github")
        addGatesWithFilledValues(
          workflow,
          MATRIX_REFERENCE,
          (job) => matrixCombinations(job.matrix),
          resolver,
          hooks,
        );
    refineFrameworkGates(workflows, ctx);
    // A workflow the CI service rejects, or a job that never runs, enforces nothing: their gates are not counted.
    const all = [
      ...workflows
        .filter((w) => !w.invalid)
        .flatMap((w) => w.jobs.filter((j) => !j.neverRuns).flatMap((j) => j.steps.flatMap((s) => s.gates))),
      ...preCommitCiGates(ctx, hooks),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    return {
      workflows,
      gates: all.filter((g) => !g.warnOnly),
      warnOnlyGates: all.filter((g) => g.warnOnly),
      updateBots: collectUpdateBots((path) => ctx.index.read(path)),
      localTools: collectLocalTools(
        ctx.index.files
          .filter((f) => f.skip !== "skipped-vendored" && !/(^|\/)node_modules\//.test(f.path))
          .map((f) => f.path),
        (path) => ctx.index.read(path),
        ctx.facts.dependencies?.declared ?? [],
      ),
      pipelinePrograms: resolver.pipelinePrograms(),
      otherCiConfigs: otherCiConfigs(paths),
      testServiceNeeds: collectTestServiceNeeds(
        ctx.index.files.filter((f) => f.skip === null).map((f) => f.path),
        (path) => ctx.index.read(path),
        ctx.facts.dependencies?.declared ?? [],
      ),
      grepBans: collectGrepBans(
        workflows.filter((w) => !w.invalid),
        ctx.index.files
          .filter((f) => f.skip === null || f.skip === "skipped-vendored" || f.skip === "skipped-generated")
          .map((f) => f.path),
        (path) => ctx.index.read(path),
      ),
    };
  },
});

const GATE_LABELS: Record<string, string> = {
  format: "Format check",
  lint: "Lint",
  typecheck: "Type check",
  "compile-warnings": "Compile warnings as errors",
  test: "Tests",
  coverage: "Coverage collection",
  "coverage-threshold": "Coverage threshold",
  "security-scan": "Security scan",
  "dependency-audit": "Dependency audit",
  "secret-scan": "Secret scan",
  build: "Build",
  release: "Release",
  "container-build": "Container build",
  "container-push": "Container push",
  "container-scan": "Container image scan",
  deploy: "Deploy",
};

export default definePack({
  name: "ci",
  collectors: [ciCollector],
  describe(facts) {
    const ci = facts.ci;
    if (!ci) return [];
    if (ci.workflows.length === 0)
      return [
        {
          area: "ci",
          label: "Workflows",
          value: "none found (.github/workflows/*.yml, .depot/workflows/*.yml, .gitlab-ci.yml)",
        },
      ];
    const entries = ci.workflows.map((w) => ({
      area: "ci" as const,
      label: `Workflow ${w.name ?? w.path}`,
      value: `${w.provider}; triggers: ${w.triggers.join(", ") || "none"}; jobs: ${w.jobs.map((j) => `${j.id}${j.matrix ? " (matrix)" : ""}${j.timeoutMinutes ? ` ${j.timeoutMinutes}m` : ""}`).join(", ")}`,
      location: { path: w.path, startLine: 1, endLine: 1 },
    }));
    for (const gate of [...ci.gates, ...ci.warnOnlyGates]) {
      entries.push({
        area: "ci",
        label: `${GATE_LABELS[gate.kind] ?? gate.kind}${gate.stub ? " (stub: only echoes)" : ""}${gate.warnOnly ? " (warn-only: its failure is ignored, so it does not gate)" : ""}`,
        value: `${gate.tool}${gate.ecosystem ? ` [${gate.ecosystem}]` : ""} in job ${gate.job}: \`${gate.command.length > 80 ? gate.command.slice(0, 77) + "..." : gate.command}\``,
        location: { path: gate.path, startLine: gate.line, endLine: gate.line },
      });
    }
    for (const bot of ci.updateBots)
      entries.push({
        area: "ci",
        label: "Dependency update bot",
        value: `${bot.tool}: ${bot.ecosystems.includes("*") ? "every package manager it detects" : bot.ecosystems.join(", ") || "no ecosystems listed"}`,
        location: { path: bot.path, startLine: 1, endLine: 1 },
      });
    return entries;
  },
});
