// Checks a repository configures locally (linters, formatters, type checkers, scanners, test runners): from the
// dependencies its manifests declare and the tool configuration files it holds. CI rules compare them with what
// CI runs: a linter configured but never run in CI is a different finding from a linter never adopted.
import type { DeclaredDependency } from "../dependencies/types.js";
import type { LocalTool } from "./types.js";
import type { GateKind } from "./types.js";
import { parentDir } from "../../repo/repo-path.js";

const DEPENDENCY_TOOLS: Record<string, Record<string, GateKind[]>> = {
  Hex: {
    credo: ["lint"],
    sobelow: ["security-scan"],
    mix_audit: ["dependency-audit"],
    dialyxir: ["typecheck"],
  },
  npm: {
    eslint: ["lint"],
    oxlint: ["lint"],
    xo: ["lint"],
    standard: ["lint"],
    "@biomejs/biome": ["lint", "format"],
    prettier: ["format"],
    typescript: ["typecheck"],
    "vue-tsc": ["typecheck"],
    "svelte-check": ["typecheck"],
    vitest: ["test"],
    jest: ["test"],
    mocha: ["test"],
    ava: ["test"],
    "@playwright/test": ["test"],
    cypress: ["test"],
  },
  PyPI: {
    ruff: ["lint"],
    flake8: ["lint"],
    pylint: ["lint"],
    black: ["format"],
    mypy: ["typecheck"],
    pyright: ["typecheck"],
    pytest: ["test"],
    bandit: ["security-scan"],
    "pip-audit": ["dependency-audit"],
    safety: ["dependency-audit"],
  },
};

const ECOSYSTEM_OF: Record<string, string> = {
  Hex: "elixir",
  npm: "node",
  PyPI: "python",
  Go: "go",
  "crates.io": "rust",
};

// Configuration files: path pattern → ecosystem and gate kinds.
const CONFIG_FILES: Array<{ file: RegExp; ecosystem: string; kinds: GateKind[] }> = [
  { file: /(^|\/)\.credo\.exs$/, ecosystem: "elixir", kinds: ["lint"] },
  { file: /(^|\/)\.sobelow-conf$/, ecosystem: "elixir", kinds: ["security-scan"] },
  { file: /(^|\/)\.formatter\.exs$/, ecosystem: "elixir", kinds: ["format"] },
  {
    file: /(^|\/)(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.(js|cjs|json|ya?ml))?)$/,
    ecosystem: "node",
    kinds: ["lint"],
  },
  { file: /(^|\/)biome\.jsonc?$/, ecosystem: "node", kinds: ["lint", "format"] },
  {
    file: /(^|\/)(\.prettierrc(\.(json|ya?ml|js|cjs|mjs|toml))?|prettier\.config\.[cm]?js)$/,
    ecosystem: "node",
    kinds: ["format"],
  },
  { file: /(^|\/)(\.?ruff\.toml)$/, ecosystem: "python", kinds: ["lint"] },
  { file: /(^|\/)(\.flake8|\.pylintrc|pylintrc)$/, ecosystem: "python", kinds: ["lint"] },
  { file: /(^|\/)(mypy\.ini|\.mypy\.ini|pyrightconfig\.json)$/, ecosystem: "python", kinds: ["typecheck"] },
  { file: /(^|\/)(pytest\.ini|conftest\.py)$/, ecosystem: "python", kinds: ["test"] },
  { file: /(^|\/)\.golangci\.(ya?ml|toml|json)$/, ecosystem: "go", kinds: ["lint"] },
  { file: /(^|\/)\.?rustfmt\.toml$/, ecosystem: "rust", kinds: ["format"] },
  { file: /(^|\/)clippy\.toml$/, ecosystem: "rust", kinds: ["lint"] },
  { file: /(^|\/)deny\.toml$/, ecosystem: "rust", kinds: ["dependency-audit"] },
];

// Sections of pyproject.toml / setup.cfg / tox.ini that configure a tool.
const PYTHON_SECTIONS: Array<{ section: RegExp; kinds: GateKind[] }> = [
  { section: /^\[tool\.ruff(\.lint)?\]/m, kinds: ["lint"] },
  { section: /^\[(tool\.)?flake8\]/m, kinds: ["lint"] },
  { section: /^\[tool\.pylint/m, kinds: ["lint"] },
  { section: /^\[tool\.black\]/m, kinds: ["format"] },
  { section: /^\[tool\.ruff\.format\]/m, kinds: ["format"] },
  { section: /^\[(tool\.)?mypy\]/m, kinds: ["typecheck"] },
  { section: /^\[tool\.pyright\]/m, kinds: ["typecheck"] },
  { section: /^\[(tool:)?pytest\]|^\[tool\.pytest\.ini_options\]/m, kinds: ["test"] },
  { section: /^\[tool\.bandit\]/m, kinds: ["security-scan"] },
];

const dirOf = (path: string): string => parentDir(path);

export function collectLocalTools(
  paths: readonly string[],
  read: (path: string) => string | null,
  declared: readonly DeclaredDependency[],
): LocalTool[] {
  const tools: LocalTool[] = [];
  const add = (tool: LocalTool): void => {
    if (
      !tools.some(
        (t) =>
          t.ecosystem === tool.ecosystem &&
          t.kind === tool.kind &&
          t.dir === tool.dir &&
          t.tool === tool.tool,
      )
    )
      tools.push(tool);
  };
  for (const dep of declared) {
    const kinds = DEPENDENCY_TOOLS[dep.ecosystem]?.[dep.name];
    const ecosystem = ECOSYSTEM_OF[dep.ecosystem];
    if (!kinds || !ecosystem) continue;
    for (const kind of kinds)
      add({ ecosystem, kind, tool: dep.name, path: dep.manifest, dir: dirOf(dep.manifest) });
  }
  for (const path of paths) {
    // `.github/linters/` holds super-linter's copies of linter configs: they configure that CI action (a gate of
    // its own when it runs), not a tool the project adopted.
    if (/^\.github\/linters\//.test(path)) continue;
    for (const config of CONFIG_FILES)
      if (config.file.test(path))
        for (const kind of config.kinds)
          add({
            ecosystem: config.ecosystem,
            kind,
            tool: path.slice(path.lastIndexOf("/") + 1),
            path,
            dir: dirOf(path),
          });
    if (/(^|\/)(pyproject\.toml|setup\.cfg|tox\.ini)$/.test(path)) {
      const text = read(path) ?? "";
      for (const { section, kinds } of PYTHON_SECTIONS) {
        const m = section.exec(text);
        if (m)
          for (const kind of kinds) add({ ecosystem: "python", kind, tool: m[0], path, dir: dirOf(path) });
      }
    }
    if (/(^|\/)package\.json$/.test(path)) {
      let scripts: Record<string, unknown> = {};
      try {
        scripts = (JSON.parse(read(path) ?? "{}") as { scripts?: Record<string, unknown> }).scripts ?? {};
      } catch {
        scripts = {};
      }
      const byName: Array<[RegExp, GateKind]> = [
        [/^lint$/, "lint"],
        [/^(typecheck|type-check|check-types|tsc)$/, "typecheck"],
        [/^(format:check|fmt:check|prettier:check|check:format)$/, "format"],
        [/^test$/, "test"],
      ];
      for (const [name, body] of Object.entries(scripts)) {
        if (typeof body !== "string" || /no test specified/.test(body)) continue;
        for (const [re, kind] of byName)
          if (re.test(name))
            add({ ecosystem: "node", kind, tool: `npm run ${name}`, path, dir: dirOf(path) });
      }
    }
  }
  return tools.sort((a, b) =>
    a.ecosystem !== b.ecosystem
      ? a.ecosystem < b.ecosystem
        ? -1
        : 1
      : a.kind !== b.kind
        ? a.kind < b.kind
          ? -1
          : 1
        : a.path < b.path
          ? -1
          : a.path > b.path
            ? 1
            : 0,
  );
}
