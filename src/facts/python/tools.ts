// Python tool configuration: ruff, mypy, pytest and coverage, from pyproject.toml, setup.cfg, tox.ini, ruff.toml,
// mypy.ini, pytest.ini and .coveragerc. Keeps where each tool is configured and its notable settings.
import { parse as parseToml } from "smol-toml";
import type { Diagnostic } from "../../model/diagnostic.js";
import { iniSections } from "./manifests.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export type PythonTool = "ruff" | "mypy" | "pytest" | "coverage";

export interface ToolConfig {
  tool: PythonTool;
  path: string;
  line: number;
  /** Notable settings as written (`select`, `strict`, `addopts`, `fail_under` …). */
  settings: Record<string, string>;
}

const NOTABLE: Record<PythonTool, string[]> = {
  ruff: ["select", "extend-select", "ignore", "line-length", "target-version"],
  mypy: ["strict", "disallow_untyped_defs", "ignore_missing_imports", "python_version", "plugins"],
  pytest: ["addopts", "testpaths", "asyncio_mode", "minversion"],
  coverage: ["fail_under", "source", "branch", "show_missing"],
};

type Table = Record<string, unknown>;

function show(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

function pick(tool: PythonTool, table: Table): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of NOTABLE[tool]) {
    const alt = key.replace(/_/g, "-");
    const value = table[key] ?? table[alt];
    if (value !== undefined && typeof value !== "object") settings[key] = show(value);
    else if (Array.isArray(value)) settings[key] = show(value);
  }
  return settings;
}

function headerLine(text: string, header: string): number {
  return text.split("\n").findIndex((l) => l.trim() === header) + 1;
}

export function readToolConfigs(
  paths: readonly string[],
  read: (path: string) => string | null,
  diagnose: (d: Diagnostic) => void,
): ToolConfig[] {
  const configs: ToolConfig[] = [];
  for (const path of paths) {
    const base = path.split("/").pop() ?? "";
    const text = read(path);
    if (text === null) continue;
    try {
      if (base === "pyproject.toml") {
        const tool = ((parseToml(text) as Table).tool as Table | undefined) ?? {};
        const ruff = tool.ruff as Table | undefined;
        if (ruff)
          configs.push({
            tool: "ruff",
            path,
            line: headerLine(text, "[tool.ruff]") || headerLine(text, "[tool.ruff.lint]") || 1,
            settings: { ...pick("ruff", ruff), ...pick("ruff", (ruff.lint as Table | undefined) ?? {}) },
          });
        if (tool.mypy)
          configs.push({
            tool: "mypy",
            path,
            line: headerLine(text, "[tool.mypy]") || 1,
            settings: pick("mypy", tool.mypy as Table),
          });
        const pytest = (tool.pytest as Table | undefined)?.ini_options as Table | undefined;
        if (pytest)
          configs.push({
            tool: "pytest",
            path,
            line: headerLine(text, "[tool.pytest.ini_options]") || 1,
            settings: pick("pytest", pytest),
          });
        const coverage = tool.coverage as Table | undefined;
        if (coverage) {
          const header = coverage.report ? "[tool.coverage.report]" : "[tool.coverage.run]";
          configs.push({
            tool: "coverage",
            path,
            line: headerLine(text, header) || 1,
            settings: {
              ...pick("coverage", (coverage.run as Table | undefined) ?? {}),
              ...pick("coverage", (coverage.report as Table | undefined) ?? {}),
            },
          });
        }
      } else if (base === "ruff.toml" || base === ".ruff.toml") {
        const doc = parseToml(text) as Table;
        configs.push({
          tool: "ruff",
          path,
          line: 1,
          settings: { ...pick("ruff", doc), ...pick("ruff", (doc.lint as Table | undefined) ?? {}) },
        });
      } else if (
        ["setup.cfg", "tox.ini", "mypy.ini", ".mypy.ini", "pytest.ini", ".coveragerc"].includes(base)
      ) {
        const sections = iniSections(text);
        const fromIni = (tool: PythonTool, names: string[]): void => {
          const merged: Record<string, string> = {};
          let line = 0;
          for (const name of names) {
            const section = sections.get(name);
            if (!section) continue;
            line ||= headerLine(text, `[${name}]`);
            for (const [key, { value }] of section)
              if (NOTABLE[tool].includes(key.replace(/-/g, "_")) || NOTABLE[tool].includes(key))
                merged[key.replace(/-/g, "_")] = value.replace(/\n/g, " ");
          }
          if (line) configs.push({ tool, path, line, settings: merged });
        };
        if (base === ".coveragerc") fromIni("coverage", ["run", "report"]);
        else if (base === "pytest.ini") fromIni("pytest", ["pytest"]);
        else if (base === "mypy.ini" || base === ".mypy.ini") fromIni("mypy", ["mypy"]);
        else {
          fromIni("mypy", ["mypy"]);
          fromIni("pytest", base === "tox.ini" ? ["pytest", "tool:pytest"] : ["tool:pytest"]);
          fromIni("coverage", ["coverage:run", "coverage:report"]);
          if (base === "tox.ini") fromIni("ruff", ["ruff"]);
        }
      }
    } catch (error) {
      diagnose({
        kind: "invalid-config",
        path,
        message: `could not read ${base}: ${(error as Error).message.split("\n")[0]}`,
      });
    }
  }
  return configs.sort((a, b) => compareCodeUnits(a.tool, b.tool) || compareCodeUnits(a.path, b.path));
}

export function isToolConfigFile(path: string): boolean {
  const base = path.split("/").pop() ?? "";
  return [
    "pyproject.toml",
    "setup.cfg",
    "tox.ini",
    "ruff.toml",
    ".ruff.toml",
    "mypy.ini",
    ".mypy.ini",
    "pytest.ini",
    ".coveragerc",
  ].includes(base);
}
