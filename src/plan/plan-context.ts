// What plan checks look things up in: one audit run's index, facts and findings, turned once into name tables
// (definitions by name, routes, scripts). Built from the facts the audit already extracted; only the languages
// the symbol index does not cover are read with a definition pattern, and those reads come from the index cache.
import type { EngineResult } from "../engine/run-engine.js";
import type { FileSummary, RepoFacts } from "../facts/repo-facts.js";
import type { ElixirSymbolFile } from "../facts/symbols/elixir-file.js";
import type { GoSymbolFile } from "../facts/symbols/go-file.js";
import type { NodeSymbolFile } from "../facts/symbols/node-file.js";
import type { PythonFileFacts } from "../facts/python/python-file.js";
import type { Finding } from "../model/finding.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { globMatcher } from "../facts/symbols/node-index.js";

export type DefinitionKind = "module" | "class" | "function" | "package" | "file";

/** A named definition somewhere in the repository. */
export interface Definition {
  /** Full name (`MyApp.Accounts.User`, `Server.Start`, `create_user`). */
  name: string;
  kind: DefinitionKind;
  path: string;
  line: number;
  /** Elixir functions: the arities it accepts; Elixir modules: behaviours and uses. */
  arity?: [number, number];
  behaviours?: string[];
  uses?: string[];
  /** Classes declared with a base (`extends X`, `implements Y`, `class A(B)`). */
  bases?: string[];
  /** How it was found: the symbol index, or a definition pattern over the file's text. */
  via: "symbol index" | "definition pattern";
}

export interface RouteEntry {
  method: string | null;
  path: string;
  file: string;
  line: number;
}

export interface ScriptEntry {
  name: string;
  kind: "npm script" | "mix alias" | "mix task" | "make target";
  path: string;
  line: number;
}

/** Languages whose definitions no symbol index records: read with a definition pattern. */
const PATTERN_DEFINITIONS: Record<string, Array<{ kind: DefinitionKind; re: RegExp }>> = {
  python: [
    { kind: "class", re: /^[ \t]*class[ \t]+([A-Za-z_]\w*)(?:\(([^)]*)\))?/gm },
    { kind: "function", re: /^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm },
  ],
  ruby: [
    { kind: "class", re: /^[ \t]*(?:class|module)[ \t]+([A-Z][\w:]*)(?:[ \t]*<[ \t]*([\w:]+))?/gm },
    { kind: "function", re: /^[ \t]*def[ \t]+(?:self\.)?([a-z_]\w*[?!]?)/gm },
  ],
  java: [
    {
      kind: "class",
      re: /\b(?:class|interface|enum|record)[ \t]+([A-Z]\w*)(?:[^{\n]*?(?:extends|implements)[ \t]+([\w., <>]+))?/g,
    },
  ],
  kotlin: [
    { kind: "class", re: /\b(?:class|interface|object)[ \t]+([A-Z]\w*)(?:[^{\n]*?:[ \t]*([\w., <>()]+))?/g },
    { kind: "function", re: /\bfun[ \t]+(?:<[^>]*>[ \t]*)?(?:\w+\.)?([a-zA-Z_]\w*)/g },
  ],
  rust: [
    { kind: "class", re: /\b(?:struct|enum|trait)[ \t]+([A-Z]\w*)/g },
    { kind: "function", re: /\bfn[ \t]+([a-z_]\w*)/g },
  ],
  typescript: [
    {
      kind: "class",
      re: /\bclass[ \t]+([A-Z$_][\w$]*)(?:[^{\n]*?(?:extends|implements)[ \t]+([\w$., <>]+))?/g,
    },
  ],
  tsx: [
    {
      kind: "class",
      re: /\bclass[ \t]+([A-Z$_][\w$]*)(?:[^{\n]*?(?:extends|implements)[ \t]+([\w$., <>]+))?/g,
    },
  ],
  javascript: [{ kind: "class", re: /\bclass[ \t]+([A-Z$_][\w$]*)(?:[^{\n]*?extends[ \t]+([\w$.]+))?/g }],
};

export class PlanContext {
  readonly index: RepoIndex;
  readonly facts: RepoFacts;
  readonly findings: readonly Finding[];
  readonly engine: EngineResult;
  private definitionsCache: Definition[] | null = null;

  constructor(engine: EngineResult) {
    this.engine = engine;
    this.index = engine.index;
    this.facts = engine.facts;
    this.findings = engine.findings;
  }

  /** Every file path the audit indexed (analysed or not), sorted. */
  get paths(): string[] {
    return this.index.files.map((file) => file.path);
  }

  /** Analysed source files. */
  get sourceFiles(): FileSummary[] {
    return this.facts.files;
  }

  /** Every definition the symbol index recorded, plus classes and functions found by pattern where it has none. */
  definitions(): Definition[] {
    if (this.definitionsCache) return this.definitionsCache;
    const out: Definition[] = [];
    for (const file of this.facts.files) {
      const elixir = file.facts["elixir-symbols"] as ElixirSymbolFile | undefined;
      if (elixir)
        for (const mod of elixir.modules) {
          out.push({
            name: mod.name,
            kind: "module",
            path: file.path,
            line: mod.line,
            behaviours: mod.behaviours,
            uses: mod.uses,
            via: "symbol index",
          });
          for (const fn of mod.functions)
            out.push({
              name: `${mod.name}.${fn.name}`,
              kind: "function",
              path: file.path,
              line: fn.line,
              arity: fn.arity,
              via: "symbol index",
            });
        }
      const go = file.facts["go-symbols"] as GoSymbolFile | undefined;
      if (go)
        for (const decl of go.declarations) {
          const name = decl.receiver ? `${decl.receiver}.${decl.name}` : decl.name;
          const kind: DefinitionKind =
            decl.kind === "type"
              ? "class"
              : decl.kind === "func" || decl.kind === "method"
                ? "function"
                : "function";
          if (decl.kind === "var" || decl.kind === "const") continue;
          out.push({ name, kind, path: file.path, line: decl.line, via: "symbol index" });
          if (go.package)
            out.push({
              name: `${go.package}.${name}`,
              kind,
              path: file.path,
              line: decl.line,
              via: "symbol index",
            });
        }
      const node = file.facts["node-symbols"] as NodeSymbolFile | undefined;
      if (node)
        for (const [name, line] of node.exports)
          if (name !== "default")
            out.push({ name, kind: "function", path: file.path, line, via: "symbol index" });
      const patterns = PATTERN_DEFINITIONS[file.language];
      if (patterns) {
        const text = this.index.read(file.path);
        if (text) out.push(...patternDefinitions(text, file.path, patterns));
      }
    }
    out.sort(
      (a, b) => compareCodeUnits(a.path, b.path) || a.line - b.line || compareCodeUnits(a.name, b.name),
    );
    this.definitionsCache = out;
    return out;
  }

  /** Routes every router the facts read declares (Phoenix, Go net/http and routers, FastAPI/Flask/Django). */
  routes(): RouteEntry[] | null {
    const out: RouteEntry[] = [];
    let routers = 0;
    for (const router of this.facts.elixir?.routers ?? []) {
      routers++;
      for (const route of router.routes) {
        const scope = route.scope !== null ? router.scopes[route.scope] : undefined;
        const prefix = scope ? scope.path : "";
        out.push({
          method: route.verb.toUpperCase(),
          path: joinUrl(prefix, route.path),
          file: router.path,
          line: route.line,
        });
      }
    }
    for (const route of this.facts.go?.routes ?? []) {
      routers++;
      const full = (route as { fullPattern?: string }).fullPattern ?? route.pattern;
      const [method, pattern] = /^[A-Z]+ \//.test(full)
        ? (full.split(" ", 2) as [string, string])
        : [route.method, full];
      out.push({
        method: method ? method.toUpperCase() : null,
        path: pattern,
        file: route.path,
        line: route.line,
      });
    }
    for (const file of this.facts.files) {
      const python = file.facts["python-file"] as PythonFileFacts | undefined;
      for (const route of python?.routes ?? []) {
        routers++;
        if (route.urlPath === null) continue;
        for (const method of route.httpMethods.length ? route.httpMethods : [null])
          out.push({ method, path: route.urlPath, file: file.path, line: route.line });
      }
    }
    return routers === 0 ? null : out;
  }

  /** npm scripts, Mix aliases and tasks, make targets. */
  scripts(): ScriptEntry[] {
    const out: ScriptEntry[] = [];
    for (const pkg of this.facts.node?.packages ?? [])
      for (const script of pkg.scripts)
        out.push({ name: script.name, kind: "npm script", path: pkg.manifest, line: script.line });
    for (const project of this.facts.elixir?.projects ?? [])
      for (const alias of project.aliases)
        out.push({
          name: alias.name.replace(/^"|"$/g, ""),
          kind: "mix alias",
          path: project.path,
          line: alias.line,
        });
    for (const def of this.definitions())
      if (def.kind === "module" && def.name.startsWith("Mix.Tasks."))
        out.push({
          name: mixTaskName(def.name.slice("Mix.Tasks.".length)),
          kind: "mix task",
          path: def.path,
          line: def.line,
        });
    for (const file of this.index.files) {
      if (!/(^|\/)(GNUmakefile|[Mm]akefile|[^/]*\.mk)$/.test(file.path)) continue;
      const text = this.index.read(file.path);
      if (!text) continue;
      text.split(/\r?\n/).forEach((line, i) => {
        const m = /^([A-Za-z0-9_.\-/]+(?:[ \t]+[A-Za-z0-9_.\-/]+)*)[ \t]*::?(?!=)/.exec(line);
        if (!m?.[1]) return;
        for (const target of m[1].split(/[ \t]+/))
          if (!target.startsWith("."))
            out.push({ name: target, kind: "make target", path: file.path, line: i + 1 });
      });
    }
    return out;
  }

  /** The paths in scope: `in:` globs over every indexed file, or the analysed source files when none is given. */
  filesInScope(scope: readonly string[]): string[] {
    if (scope.length === 0) return this.facts.files.map((file) => file.path);
    const matchers = scope.map(scopeMatcher);
    return this.paths.filter((path) => matchers.some((re) => re.test(path)));
  }
}

/** `lib/**`, `lib/`, `lib` (a folder), `**\/*.ex`: a path glob as a regular expression. */
export function scopeMatcher(glob: string): RegExp {
  const trimmed = glob.replace(/^\.\//, "");
  if (!/[*?{]/.test(trimmed)) {
    const base = trimmed.replace(/\/$/, "");
    return new RegExp(`^${base.replace(/[.+^$\\[\]()|{}]/g, "\\$&")}(?:/.*)?$`);
  }
  return globMatcher(trimmed.endsWith("/") ? `${trimmed}**` : trimmed);
}

/** `Ecto.Migrate` → `ecto.migrate`; `Foundation.PreIntegrationCheck` → `foundation.pre_integration_check`. */
function mixTaskName(modulePart: string): string {
  return modulePart
    .split(".")
    .map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase())
    .join(".");
}

function joinUrl(prefix: string, path: string): string {
  if (!prefix || prefix === "/") return path;
  return `${prefix.replace(/\/$/, "")}/${path.replace(/^\//, "")}`.replace(/\/$/, "") || "/";
}

function patternDefinitions(
  text: string,
  path: string,
  patterns: Array<{ kind: DefinitionKind; re: RegExp }>,
): Definition[] {
  const out: Definition[] = [];
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const { kind, re } of patterns) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const name = m[1];
      if (!name) continue;
      const bases = m[2]
        ?.split(/[,\s]+/)
        .map((b) => b.replace(/<.*$/, "").replace(/\(.*$/, "").trim())
        .filter((b) => b && b !== "extends" && b !== "implements");
      out.push({
        name,
        kind,
        path,
        line: lineAt(m.index ?? 0),
        ...(bases && bases.length ? { bases } : {}),
        via: "definition pattern",
      });
    }
  }
  return out;
}
