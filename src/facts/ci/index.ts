// Facts pack: CI workflows (GitHub Actions, GitLab CI) as jobs and steps with lines, and the gates their commands amount to.
import { dirname } from "node:path/posix";
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type YAMLMap,
} from "yaml";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import {
  classifyAction,
  classifyCommand,
  classifyHook,
  gateOfScriptName,
  runsPreCommit,
  scriptInvocation,
  splitScript,
  type GateMatch,
} from "./classify.js";
import type { CiFacts, CiGate, CiJob, CiStep, CiWorkflow } from "./types.js";

export type { CiFacts, CiGate, CiJob, CiStep, CiWorkflow } from "./types.js";

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

export function isWorkflowPath(path: string): "github" | "gitlab" | null {
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return "github";
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(path)) return "gitlab";
  return null;
}

interface Resolver {
  /** Commands a script target runs (`npm run lint` → the package.json script), or null. */
  resolve(runner: "npm" | "make" | "script", target: string, workingDirectory: string): string[] | null;
}

function makeResolver(ctx: CollectContext): Resolver {
  const scriptsCache = new Map<string, Record<string, string> | null>();
  const makeCache = new Map<string, Map<string, string[]> | null>();
  const npmScripts = (dir: string): Record<string, string> | null => {
    if (scriptsCache.has(dir)) return scriptsCache.get(dir) ?? null;
    const text = ctx.index.read(dir === "." ? "package.json" : `${dir}/package.json`);
    let scripts: Record<string, string> | null = null;
    try {
      const parsed = text ? (JSON.parse(text) as { scripts?: Record<string, unknown> }) : null;
      if (parsed?.scripts)
        scripts = Object.fromEntries(
          Object.entries(parsed.scripts).filter((e): e is [string, string] => typeof e[1] === "string"),
        );
    } catch {
      scripts = null;
    }
    scriptsCache.set(dir, scripts);
    return scripts;
  };
  const makeTargets = (dir: string): Map<string, string[]> | null => {
    if (makeCache.has(dir)) return makeCache.get(dir) ?? null;
    const join = (name: string): string => (dir === "." ? name : `${dir}/${name}`);
    const main =
      ctx.index.read(join("Makefile")) ??
      ctx.index.read(join("GNUmakefile")) ??
      ctx.index.read(join("makefile"));
    let targets: Map<string, string[]> | null = null;
    if (main) {
      targets = new Map();
      const vars = new Map<string, string>();
      const expand = (text: string): string =>
        text.replace(/\$[({](\w+)[)}]/g, (m, name: string) => vars.get(name) ?? m);
      const texts = [main];
      let current: string[] | null = null;
      for (let t = 0; t < texts.length && t < 5; t++) {
        for (const line of (texts[t] ?? "").split("\n")) {
          const include = /^-?include\s+(\S+)/.exec(line);
          if (include?.[1]) {
            const inc = ctx.index.read(join(expand(include[1])));
            if (inc) texts.push(inc);
            current = null;
            continue;
          }
          const variable = /^([A-Za-z_]\w*)\s*[:?+]?=\s*(.*)$/.exec(line);
          if (variable?.[1] && !line.startsWith("\t")) {
            if (!vars.has(variable[1])) vars.set(variable[1], expand((variable[2] ?? "").trim()));
            current = null;
            continue;
          }
          const header = /^([\w.%/-]+(?:\s+[\w.%/-]+)*)\s*:(?![=:])(.*)$/.exec(line);
          if (header?.[1]) {
            current = [];
            // Prerequisites that are other targets run first: record them as `make <dep>`.
            for (const dep of (header[2] ?? "").split(/\s+/).filter((d) => /^[\w.-]+$/.test(d)))
              current.push(`make ${dep}`);
            for (const name of header[1].split(/\s+/)) {
              if (!targets.has("") && !name.startsWith(".")) targets.set("", current);
              if (!targets.has(name)) targets.set(name, current);
            }
          } else if (current && line.startsWith("\t"))
            current.push(expand(line.trim().replace(/^[@+-]+/, "")));
          else if (line.trim() !== "" && !line.startsWith("#")) current = null;
        }
      }
    }
    makeCache.set(dir, targets);
    return targets;
  };
  return {
    resolve(runner, target, dir) {
      if (runner === "npm") {
        const scripts = npmScripts(dir) ?? (dir !== "." ? npmScripts(".") : null);
        const script = scripts?.[target];
        return script ? script.split(/\s*&&\s*/) : null;
      }
      if (runner === "script") {
        const text =
          ctx.index.read(normaliseDir(dir === "." ? target : `${dir}/${target}`)) ??
          ctx.index.read(normaliseDir(target));
        return text
          ? text
              .split("\n")
              .map((l) => l.trim())
              .filter((l) => l !== "" && !l.startsWith("#") && !/^set\s/.test(l))
          : null;
      }
      return makeTargets(dir)?.get(target) ?? (dir !== "." ? (makeTargets(".")?.get(target) ?? null) : null);
    },
  };
}

/** Gates of one command line, resolving `npm run x` / `make x` one or two levels deep. */
function gatesOfCommand(command: string, resolver: Resolver, dir: string, depth = 0): GateMatch[] {
  const direct = classifyCommand(command);
  // `cd web/ui && npm run lint` runs the script of that folder.
  const cd = /^cd\s+([\w./-]+)\s*&&/.exec(command.trim());
  const here = cd?.[1] ? normaliseDir(dir === "." ? cd[1] : `${dir}/${cd[1]}`) : dir;
  const invocation = scriptInvocation(command);
  if (!invocation || depth > 3) return direct;
  const target = invocation.dir
    ? normaliseDir(dir === "." ? invocation.dir : `${dir}/${invocation.dir}`)
    : here;
  const resolved = resolver.resolve(invocation.runner, invocation.target, target);
  const byName = (): GateMatch[] =>
    invocation.runner === "npm" && direct.length === 0 ? gateOfScriptName(invocation.target) : direct;
  if (!resolved) return byName();
  const out = [...direct];
  const via =
    `${invocation.runner === "npm" ? "npm run" : invocation.runner === "make" ? "make" : "script"} ${invocation.target}`.trim();
  for (const inner of resolved) {
    for (const gate of gatesOfCommand(inner, resolver, target, depth + 1)) {
      if (!out.some((g) => g.kind === gate.kind && g.ecosystem === gate.ecosystem))
        out.push({ ...gate, tool: gate.tool.includes("(via ") ? gate.tool : `${gate.tool} (via ${via})` });
    }
  }
  // A script that only delegates to workspaces (`pnpm -r run test`) resolves to nothing: judge it by its name.
  return out.length > 0 ? out : byName();
}

function normaliseDir(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

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

function stringList(node: unknown): string[] {
  if (isSeq(node)) return node.items.map((i) => scalarString(i)).filter((s): s is string => s !== null);
  const s = scalarString(node);
  return s ? [s] : [];
}

function triggersOf(node: unknown): string[] {
  if (isMap(node)) return node.items.map((i) => scalarString(i.key)).filter((s): s is string => s !== null);
  return stringList(node);
}

function toGates(matches: GateMatch[], command: string, path: string, line: number, job: string): CiGate[] {
  return matches.map((m) => ({
    kind: m.kind,
    tool: m.tool,
    ecosystem: m.ecosystem,
    command,
    path,
    line,
    job,
  }));
}

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

function parseGithub(
  path: string,
  doc: Document,
  lc: LineCounter,
  resolver: Resolver,
  hooks: Array<{ id: string; entry: string | null }>,
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
  };
  const jobs = get(root, "jobs");
  if (!isMap(jobs)) return workflow;
  for (const pair of jobs.items) {
    const id = scalarString(pair.key);
    if (!id) continue;
    const body = pair.value;
    const defaultsDir =
      scalarString(doc.getIn(["jobs", id, "defaults", "run", "working-directory"])) ??
      scalarString(doc.getIn(["defaults", "run", "working-directory"]));
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
    };
    const steps = get(body, "steps");
    // A reusable-workflow call (`uses:` on the job) counts as one step.
    const jobUses = scalarString(get(body, "uses"));
    if (jobUses) {
      const usesLine = lineOf(get(body, "uses") as YamlNode, lc);
      job.steps.push({ name: null, run: null, uses: jobUses, line: usesLine, usesLine, gates: [] });
    }
    if (isSeq(steps)) {
      for (const item of steps.items) {
        const runNode = get(item, "run");
        const uses = scalarString(get(item, "uses"));
        const withNode = get(item, "with");
        const inputs: Record<string, string> = {};
        if (isMap(withNode))
          for (const w of withNode.items)
            inputs[scalarString(w.key) ?? ""] =
              scalarString(w.value) ?? JSON.stringify((w.value as YamlNode | null)?.toJSON() ?? null);
        const dir = scalarString(get(item, "working-directory")) ?? defaultsDir ?? ".";
        const step: CiStep = {
          name: scalarString(get(item, "name")),
          run: scalarString(runNode),
          uses,
          line: lineOf(item as YamlNode, lc),
          gates: [],
          ...(uses ? { usesLine: lineOf(get(item, "uses") as YamlNode, lc) } : {}),
          ...(isMap(withNode) ? { with: inputs } : {}),
          commands: commandsOf(runNode, lc),
        };
        const normDir = dir.replace(/^\.\//, "").replace(/\/$/, "") || ".";
        if (runNode !== undefined) step.workingDirectory = normDir;
        for (const command of step.commands ?? [])
          step.gates.push(
            ...toGates(
              withPreCommit(gatesOfCommand(command.text, resolver, normDir), command.text, hooks),
              command.text,
              path,
              command.line,
              id,
            ),
          );
        if (uses)
          step.gates.push(
            ...toGates(
              withPreCommit(classifyAction(uses, inputs), uses, hooks),
              uses,
              path,
              lineOf(get(item, "uses") as YamlNode, lc),
              id,
            ),
          );
        job.steps.push(step);
      }
    }
    markStub(job, path);
    workflow.jobs.push(job);
  }
  return workflow;
}

function parseGitlab(
  path: string,
  doc: Document,
  lc: LineCounter,
  resolver: Resolver,
  hooks: Array<{ id: string; entry: string | null }>,
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
    const body = pair.value;
    const get = (key: string): unknown => body.get(key, true);
    const environment = get("environment");
    const job: CiJob = {
      id,
      name: null,
      line: lineOf(pair.key as YamlNode, lc),
      steps: [],
      needs: stringList(get("needs")),
      timeoutMinutes: null,
      timeoutLine: keyLine(body, "timeout", lc),
      permissions: null,
      matrix: (get("parallel") as YamlNode | undefined)?.toJSON() ?? null,
      services: stringList(get("services")),
      environment:
        scalarString(environment) ??
        (isMap(environment) ? scalarString(environment.get("name", true)) : null),
      condition: (get("rules") as YamlNode | undefined) ? "rules" : null,
      runsOn: scalarString(get("image")),
    };
    for (const key of ["before_script", "script", "after_script"]) {
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
        for (const command of commands)
          step.gates.push(
            ...toGates(
              withPreCommit(gatesOfCommand(command.text, resolver, dir), command.text, hooks),
              command.text,
              path,
              command.line,
              id,
            ),
          );
        job.steps.push(step);
      }
    }
    markStub(job, path);
    workflow.jobs.push(job);
  }
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

export const ciCollector = defineCollector({
  id: "ci",
  collect(ctx): CiFacts {
    const resolver = makeResolver(ctx);
    const hooks = preCommitHooks(ctx);
    const workflows: CiWorkflow[] = [];
    for (const file of ctx.index.files) {
      if (file.skip === "skipped-vendored") continue;
      const provider = isWorkflowPath(file.path);
      if (!provider) continue;
      const text = ctx.index.read(file.path);
      if (text === null) continue;
      const lc = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, merge: true });
      if (doc.errors.length > 0) {
        ctx.diagnose({
          kind: "invalid-config",
          path: file.path,
          message: `invalid YAML: ${doc.errors[0]?.message.split("\n")[0] ?? "parse error"}`,
        });
        if (!isMap(doc.contents)) continue;
      }
      workflows.push(
        provider === "github"
          ? parseGithub(file.path, doc, lc, resolver, hooks)
          : parseGitlab(file.path, doc, lc, resolver, hooks),
      );
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
    const gates = workflows
      .flatMap((w) => w.jobs.flatMap((j) => j.steps.flatMap((s) => s.gates)))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    return { workflows, gates };
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
        { area: "ci", label: "Workflows", value: "none found (.github/workflows/*.yml, .gitlab-ci.yml)" },
      ];
    const entries = ci.workflows.map((w) => ({
      area: "ci" as const,
      label: `Workflow ${w.name ?? w.path}`,
      value: `${w.provider}; triggers: ${w.triggers.join(", ") || "none"}; jobs: ${w.jobs.map((j) => `${j.id}${j.matrix ? " (matrix)" : ""}${j.timeoutMinutes ? ` ${j.timeoutMinutes}m` : ""}`).join(", ")}`,
      location: { path: w.path, startLine: 1, endLine: 1 },
    }));
    for (const gate of ci.gates) {
      entries.push({
        area: "ci",
        label: `${GATE_LABELS[gate.kind] ?? gate.kind}${gate.stub ? " (stub: only echoes)" : ""}`,
        value: `${gate.tool}${gate.ecosystem ? ` [${gate.ecosystem}]` : ""} in job ${gate.job}: \`${gate.command.length > 80 ? gate.command.slice(0, 77) + "..." : gate.command}\``,
        location: { path: gate.path, startLine: gate.line, endLine: gate.line },
      });
    }
    return entries;
  },
});
