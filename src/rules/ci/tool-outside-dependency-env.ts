// ci/tool-outside-dependency-env: a CI step runs a tool from a dependency the step's environment does not
// install: `MIX_ENV=test mix dialyzer` while dialyxir is `only: [:dev]`, a devDependency tool after an install
// under `NODE_ENV=production`.
import { posix } from "node:path";
import type { DeclaredDependency } from "../../facts/dependencies/types.js";
import { effectiveEnv, envValueFor } from "../../facts/ci/semantics.js";
import type { CiJob, CiStep, CiWorkflow } from "../../facts/ci/types.js";
import { defineRule, type RepoRuleContext } from "../define-rule.js";

/** Mix tasks that come from a dependency, by the package that defines them. */
const MIX_TASKS: Array<{ task: RegExp; dep: string }> = [
  { task: /^dialyzer$/, dep: "dialyxir" },
  { task: /^credo$/, dep: "credo" },
  { task: /^sobelow$/, dep: "sobelow" },
  { task: /^coveralls(\.[\w.]+)?$/, dep: "excoveralls" },
  { task: /^deps\.audit$/, dep: "mix_audit" },
  { task: /^docs$/, dep: "ex_doc" },
  { task: /^doctor$/, dep: "doctor" },
];

/** Executables whose package has another name. */
const BIN_PACKAGE: Record<string, string> = {
  tsc: "typescript",
  playwright: "@playwright/test",
  "vue-tsc": "vue-tsc",
  "ts-node": "ts-node",
};

/** Package installs that skip devDependencies under NODE_ENV=production unless told otherwise. */
const NODE_INSTALL = /^(npm\s+(ci|install|i)|yarn(\s+install)?|pnpm\s+(install|i))(\s|$)/;
const INCLUDES_DEV = /--include[= ]dev|--production[= ]false|--prod[= ]false|--dev\b/;
/** The executable a command runs through the package manager's runner or directly. */
const NODE_TOOL =
  /^(?:npx\s+(?:--no(?:-install)?\s+)?|pnpm\s+(?:exec\s+)?|yarn\s+(?:run\s+)?|bunx\s+)?([@\w][\w./@-]*)/;

type Report = RepoRuleContext["report"];

const dirOf = (step: CiStep): string => step.workingDirectory ?? ".";
const manifestIn = (dir: string, name: string): string => (dir === "." ? name : posix.join(dir, name));

function checkMix(
  workflow: CiWorkflow,
  job: CiJob,
  step: CiStep,
  declared: readonly DeclaredDependency[],
  report: Report,
): void {
  const commands = step.commands ?? [];
  const env = effectiveEnv(workflow, job, step);
  commands.forEach((command, i) => {
    const m = /(?:^|[\s;&|(])mix\s+([\w.]+)/.exec(command.text);
    const task = m?.[1];
    if (!task) return;
    const tool = MIX_TASKS.find((t) => t.task.test(task));
    if (!tool) return;
    const mixEnv = envValueFor(
      "MIX_ENV",
      command.text,
      commands.slice(0, i).map((c) => c.text),
      env,
    );
    if (!mixEnv || /[${}]/.test(mixEnv)) return;
    const dep = declared.find(
      (d) =>
        d.ecosystem === "Hex" && d.name === tool.dep && d.manifest === manifestIn(dirOf(step), "mix.exs"),
    );
    if (!dep?.onlyEnvs || dep.onlyEnvs.includes(mixEnv)) return;
    report({
      path: workflow.path,
      line: command.line,
      message: `Job ${job.id} runs \`mix ${task}\` with MIX_ENV=${mixEnv}, but ${dep.name} is declared \`only: [${dep.onlyEnvs.map((e) => `:${e}`).join(", ")}]\` (${dep.manifest}:${dep.line}): the task does not exist in that environment, so the step fails or checks nothing`,
      key: `${job.id}:mix ${task}:${mixEnv}`,
      snippet: command.text,
    });
  });
}

function checkNode(
  workflow: CiWorkflow,
  job: CiJob,
  declared: readonly DeclaredDependency[],
  report: Report,
): void {
  let production: { dir: string; line: number } | null = null;
  for (const step of job.steps) {
    const env = effectiveEnv(workflow, job, step);
    const commands = step.commands ?? [];
    commands.forEach((command, i) => {
      const text = command.text.replace(/^(?:export\s+)?NODE_ENV=\S+\s+/, "");
      if (NODE_INSTALL.test(text)) {
        const nodeEnv = envValueFor(
          "NODE_ENV",
          command.text,
          commands.slice(0, i).map((c) => c.text),
          env,
        );
        production =
          nodeEnv === "production" && !INCLUDES_DEV.test(text)
            ? { dir: dirOf(step), line: command.line }
            : null;
        return;
      }
      if (!production || production.dir !== dirOf(step)) return;
      const bin = NODE_TOOL.exec(text)?.[1];
      if (!bin || /^(npm|node|yarn|pnpm|npx|echo|cd)$/.test(bin)) return;
      const pkg = BIN_PACKAGE[bin] ?? bin;
      const manifest = manifestIn(production.dir, "package.json");
      const entries = declared.filter(
        (d) => d.ecosystem === "npm" && d.name === pkg && d.manifest === manifest,
      );
      const dev = entries.find((d) => d.dev);
      if (!dev || entries.some((d) => !d.dev)) return;
      report({
        path: workflow.path,
        line: command.line,
        message: `Job ${job.id} installs packages with NODE_ENV=production (line ${production.line}: devDependencies are skipped) and then runs \`${bin}\`, a devDependency (${dev.manifest}:${dev.line}): the command is not installed`,
        key: `${job.id}:${bin}:NODE_ENV`,
        snippet: command.text,
      });
    });
  }
}

export default defineRule({
  id: "ci/tool-outside-dependency-env",
  area: "ci",
  severity: "medium",
  title: "CI step runs a tool its environment does not install",
  effortMinutes: 15,
  confidence: "certain",
  notes: [
    "Elixir: a step runs a Mix task of a dependency (dialyxir, credo, sobelow, excoveralls, mix_audit, ex_doc, doctor) with MIX_ENV set (inline, `export`, or `env:`/`variables:` of the step, job or workflow) to an environment outside the dependency's `only:` in the mix.exs of the step's directory. An unset MIX_ENV (dev, or the project's preferred env) is not judged.",
    "Node: in one job, a package install (npm ci/install, yarn, pnpm install) runs with NODE_ENV=production and without `--include=dev`, and a later command in the same directory runs an executable of a devDependency of that package.json (directly, or through npx, pnpm exec, yarn).",
  ],
  docs: {
    rationale:
      "Mix loads only the dependencies of the current environment, and npm/yarn/pnpm skip devDependencies when NODE_ENV is production. A CI step that asks for a tool outside its environment fails with `The task could not be found` or `command not found`, or, when its failure is ignored, checks nothing.",
    impact:
      "The type check, lint or audit the workflow declares never runs, or the job is red for a reason unrelated to the change.",
    fix: "Run the step in an environment that has the tool (`MIX_ENV=dev`, or add the env to `only:`), or install devDependencies (`npm ci --include=dev`).",
    example: {
      language: "yaml",
      bad: "env:\n  MIX_ENV: test\nsteps:\n  - run: mix dialyzer   # dialyxir is only: [:dev]",
      good: "steps:\n  - run: mix dialyzer\n    env:\n      MIX_ENV: dev",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    const declared = facts.dependencies?.declared ?? [];
    for (const workflow of facts.ci.workflows) {
      if (workflow.invalid) continue;
      for (const job of workflow.jobs) {
        for (const step of job.steps) checkMix(workflow, job, step, declared, report);
        checkNode(workflow, job, declared, report);
      }
    }
  },
});
