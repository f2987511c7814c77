// build/runtime-version-unpinned: an ecosystem the repository builds declares its language version nowhere.
import type { AppFact } from "../../facts/apps/index.js";
import type { Runtime } from "../../facts/toolchain/index.js";
import type { Language } from "../../model/language.js";
import { defineRule } from "../define-rule.js";

interface Ecosystem {
  ecosystem: AppFact["ecosystem"];
  /** Runtimes whose declared version settles it (Bun and Deno run JavaScript projects too). */
  runtimes: Runtime[];
  name: string;
  languages: Language[];
  searched: string;
  fix: string;
}

const ECOSYSTEMS: Ecosystem[] = [
  {
    ecosystem: "node",
    runtimes: ["node", "bun", "deno"],
    name: "Node.js",
    languages: ["javascript", "typescript", "tsx"],
    searched:
      ".nvmrc, .node-version, .bun-version, .tool-versions, mise.toml, package.json engines.node, Dockerfile base images (node, oven/bun, denoland/deno), CI setup-node/setup-bun/setup-deno steps",
    fix: "Add an `.nvmrc` (or `engines.node` in package.json) and point CI at it with `node-version-file`.",
  },
  {
    ecosystem: "python",
    runtimes: ["python"],
    name: "Python",
    languages: ["python"],
    searched:
      ".python-version, runtime.txt, .tool-versions, mise.toml, pyproject.toml requires-python, Dockerfile base images, CI setup-python steps",
    fix: "Declare `requires-python` in pyproject.toml and add a `.python-version`; point CI at it with `python-version-file`.",
  },
  {
    ecosystem: "elixir",
    runtimes: ["elixir"],
    name: "Elixir",
    languages: ["elixir"],
    searched:
      ".tool-versions, mise.toml, mix.exs `elixir:` requirement, Dockerfile base images, CI setup-beam steps",
    fix: "Add a `.tool-versions` with elixir and erlang versions and use it in CI (setup-beam `version-file: .tool-versions`).",
  },
  {
    ecosystem: "ruby",
    runtimes: ["ruby"],
    name: "Ruby",
    languages: ["ruby"],
    searched: ".ruby-version, .tool-versions, mise.toml, Dockerfile base images, CI setup-ruby steps",
    fix: "Add a `.ruby-version` and let CI read it (setup-ruby does by default).",
  },
];

/** Fewer source files than this: the ecosystem is tooling around the project (a package.json for Prettier), not its code. */
const MIN_SOURCE_FILES = 3;

export default defineRule({
  id: "build/runtime-version-unpinned",
  area: "build",
  severity: "low",
  title: "Language version declared nowhere",
  effortMinutes: 15,
  confidence: "certain",
  docs: {
    rationale:
      "When neither a version-manager file, a manifest, the container image nor CI names the language version, every developer, CI run and deployment picks whatever is installed, and the project's real minimum version is unknown.",
    impact:
      "Works-on-my-machine failures, CI that silently moves to a new major version, and no answer to 'which version do we support?'.",
    fix: "Declare the version once (a version-manager file, or the manifest's requirement) and make CI and the image read it.",
    example: {
      language: "text",
      bad: "# no .nvmrc, no engines.node, CI runs setup-node without node-version",
      good: "# .nvmrc\n20.11.1",
    },
  },
  notes: [
    "Judged per ecosystem with an application manifest and at least 3 source files: Node.js, Python, Elixir, Ruby. Go is not judged (go.mod always names a version); Rust toolchains are usually `stable` by design.",
    "Any declaration counts, ranges included (engines.node, requires-python, mix.exs `elixir:`): the rule is about a version being named nowhere at all. build/runtime-version-mismatch judges whether the named versions agree.",
  ],
  applies(facts) {
    const present = new Set((facts.apps ?? []).map((app) => app.ecosystem));
    return ECOSYSTEMS.some((e) => present.has(e.ecosystem))
      ? true
      : { status: "not-applicable", reason: "no Node.js, Python, Elixir or Ruby application" };
  },
  check({ facts, report }) {
    const present = new Set(facts.apps.map((app) => app.ecosystem));
    for (const ecosystem of ECOSYSTEMS) {
      if (!present.has(ecosystem.ecosystem)) continue;
      const sources = facts.files.filter(
        (file) => !file.isTest && ecosystem.languages.includes(file.language),
      ).length;
      if (sources < MIN_SOURCE_FILES) continue;
      if (facts.toolchain.pins.some((pin) => ecosystem.runtimes.includes(pin.runtime))) continue;
      report({
        message: `No ${ecosystem.name} version is declared anywhere in the repository`,
        searched: ecosystem.searched,
        fix: ecosystem.fix,
        key: ecosystem.ecosystem,
      });
    }
  },
});
