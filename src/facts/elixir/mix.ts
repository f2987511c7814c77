// mix.exs and mix.lock, read from their syntax trees: project keys, declared deps with their sources, locked versions.
import type { SgNode } from "@ast-grep/napi";
import { parseSource } from "../../parse/grammar-registry.js";
import type { DeclaredDependency, LockedPackage } from "../dependencies/types.js";
import {
  callArguments,
  callName,
  definedName,
  doBlock,
  keywordMap,
  keywordPairs,
  lineOf,
  literal,
  pairKey,
  pairValue,
  stringContent,
} from "./syntax.js";

export interface MixProject {
  path: string;
  app: string | null;
  appLine: number | null;
  version: string | null;
  elixir: string | null;
  elixirLine: number | null;
  /** The `dialyzer:` project key's line, or null when absent. */
  dialyzerLine: number | null;
  /** `test_coverage: [summary: [threshold: N]]` or `[minimum_coverage: N]`. */
  coverageThreshold: number | null;
  coverageLine: number | null;
  appsPath: string | null;
  /** `elixirc_options: [warnings_as_errors: true]`. */
  warningsAsErrors: boolean;
  aliases: Array<{ name: string; commands: string[]; line: number }>;
  /**
   * Release config providers that read a configuration file when the release boots (`config_providers:
   * [{Config.Reader, "/etc/app/config.exs"}]`, a custom provider given a path): values set there replace the
   * compiled config, and that file is not in the repository.
   */
  releaseConfigFiles: Array<{ provider: string; source: string; line: number }>;
}

export interface MixParse {
  project: MixProject;
  deps: DeclaredDependency[];
}

export function parseMixExs(path: string, text: string): MixParse | null {
  const root = parseSource("elixir", text)?.root();
  if (!root) return null;
  const defs = new Map<string, SgNode>();
  for (const node of root.findAll({ rule: { kind: "call" } })) {
    const name = callName(node);
    if (name !== "def" && name !== "defp") continue;
    const fn = definedName(node);
    if (fn && !defs.has(fn)) defs.set(fn, node);
  }
  const body = (fn: string): SgNode | null => {
    const def = defs.get(fn);
    if (!def) return null;
    const block = doBlock(def);
    if (block)
      return (
        block
          .children()
          .filter((child) => child.isNamed())
          .at(-1) ?? null
      );
    // `def project, do: [...]`
    return keywordMap(callArguments(def).find((arg) => arg.kind() === "keywords")).get("do") ?? null;
  };
  const projectList = body("project");
  const keys = keywordMap(projectList);
  const project: MixProject = {
    path,
    app: strOrAtom(keys.get("app")),
    appLine: keys.get("app") ? lineOf(keys.get("app")!) : null,
    version: strOrAtom(keys.get("version")),
    elixir: strOrAtom(keys.get("elixir")),
    elixirLine: keys.get("elixir") ? lineOf(keys.get("elixir")!) : null,
    dialyzerLine: keys.get("dialyzer") ? lineOf(keys.get("dialyzer")!) : null,
    coverageThreshold: null,
    coverageLine: null,
    appsPath: strOrAtom(keys.get("apps_path")),
    warningsAsErrors: keywordMap(keys.get("elixirc_options")).get("warnings_as_errors")?.text() === "true",
    aliases: [],
    releaseConfigFiles: releaseConfigFiles(resolve(keys.get("releases"), body), body),
  };
  const coverage = keys.get("test_coverage");
  if (coverage) {
    const cov = keywordMap(coverage);
    const threshold = keywordMap(cov.get("summary")).get("threshold") ?? cov.get("minimum_coverage");
    const value = literal(threshold);
    if (typeof value === "number" && threshold) {
      project.coverageThreshold = value;
      project.coverageLine = lineOf(threshold);
    }
  }
  const aliasesNode = resolve(keys.get("aliases"), body);
  for (const pair of keywordPairs(aliasesNode)) {
    const value = pairValue(pair);
    if (!value) continue;
    const items = value.kind() === "list" ? value.children().filter((child) => child.isNamed()) : [value];
    project.aliases.push({
      name: pairKey(pair),
      commands: items.map((item) => (item.kind() === "string" ? stringContent(item) : item.text())),
      line: lineOf(pair),
    });
  }
  const depsNode = resolve(keys.get("deps"), body);
  const deps = depsNode ? parseDeps(path, depsNode, moduleAttributes(text)) : [];
  return { project, deps };
}

// A provider argument that names a file: a path string, `{:system, "VAR", "/path"}`, `path: ...`, or a file name.
const FILE_ARGUMENT = /"[^"]*\.(exs|toml|json|ya?ml|conf|config)"|"\/[^"]+"|\bpath:|\{:system,/;

/** `releases: [name: [config_providers: [{Provider, arg}]]]`: the providers that load a file at boot. */
function releaseConfigFiles(
  releases: SgNode | null,
  body: (fn: string) => SgNode | null,
): MixProject["releaseConfigFiles"] {
  const found: MixProject["releaseConfigFiles"] = [];
  for (const release of keywordPairs(releases)) {
    const options = resolve(pairValue(release) ?? undefined, body);
    const providers = resolve(keywordMap(options).get("config_providers"), body);
    if (providers?.kind() !== "list") continue;
    for (const tuple of providers.children()) {
      if (tuple.kind() !== "tuple") continue;
      const [module, ...args] = tuple.children().filter((child) => child.isNamed());
      const source = args.map((arg) => arg.text()).join(", ");
      if (!module || !FILE_ARGUMENT.test(source)) continue;
      found.push({ provider: module.text(), source, line: lineOf(tuple) });
    }
  }
  return found;
}

/** A project value that is a call to a local function (`deps: deps()`) resolves to that function's body. */
function resolve(node: SgNode | undefined, body: (fn: string) => SgNode | null): SgNode | null {
  if (!node) return null;
  if (node.kind() === "call") {
    const name = callName(node);
    return name && !name.includes(".") ? body(name) : null;
  }
  return node;
}

function strOrAtom(node: SgNode | undefined): string | null {
  const value = literal(node);
  if (typeof value !== "string") return null;
  return value.startsWith(":") ? value.slice(1) : value;
}

/** Module attributes set to one line's value (`@test_envs [:test, :test_full]`), by name. */
function moduleAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of text.matchAll(/^\s*@(\w+)\s+([^\n]+)$/gm))
    if (!attributes.has(m[1]!)) attributes.set(m[1]!, m[2]!);
  return attributes;
}

/**
 * The environments of an `only:` value, with module attributes read (`[:dev | @test_envs]`,
 * `@oban_envs [:prod] ++ @test_envs`); null when a part of it stays unknown (a function call, an attribute set
 * elsewhere), so no rule judges an environment list it could not read whole.
 */
function onlyEnvironments(text: string, attributes: Map<string, string>): string[] | null {
  let expanded = text;
  for (let depth = 0; depth < 3 && /@\w+/.test(expanded); depth++)
    expanded = expanded.replace(/@(\w+)/g, (whole, name: string) => attributes.get(name) ?? whole);
  if (/@\w+|\b[a-z_]\w*\s*\(|\b[A-Z]\w*\./.test(expanded)) return null;
  return expanded.match(/:\w+/g) ?? [];
}

function parseDeps(
  manifest: string,
  list: SgNode,
  attributes: Map<string, string> = new Map(),
): DeclaredDependency[] {
  const deps: DeclaredDependency[] = [];
  for (const tuple of list.findAll({ rule: { kind: "tuple" } })) {
    // Only the list's own tuples, not tuples nested in options.
    if (tuple.parent()?.id() !== list.id()) continue;
    const parts = tuple.children().filter((child) => child.isNamed());
    const nameNode = parts[0];
    if (nameNode?.kind() !== "atom") continue;
    const requirementNode = parts.find((part) => part.kind() === "string");
    const options = keywordMap(parts.find((part) => part.kind() === "keywords" || part.kind() === "list"));
    const only = options.get("only");
    const onlyEnvs: string[] = only ? (onlyEnvironments(only.text(), attributes) ?? []) : [];
    const dev = onlyEnvs.length > 0 && !onlyEnvs.includes(":prod");
    let source: DeclaredDependency["source"] = { kind: "registry" };
    const path = literal(options.get("path"));
    const git = literal(options.get("git"));
    const github = literal(options.get("github"));
    if (typeof path === "string") source = { kind: "path", path };
    else if (typeof git === "string" || typeof github === "string") {
      const url = typeof git === "string" ? git : `https://github.com/${String(github)}.git`;
      const refNode = options.get("ref") ?? options.get("tag");
      const ref = refNode ? String(literal(refNode) ?? refNode.text()) : null;
      const branch = options.get("branch") ? `branch ${String(literal(options.get("branch")))}` : null;
      source = { kind: "git", url, pinned: ref !== null, ref: ref ?? branch };
    }
    deps.push({
      ecosystem: "Hex",
      name: nameNode.text().slice(1),
      requirement: requirementNode ? stringContent(requirementNode) : null,
      dev,
      ...(onlyEnvs.length > 0 ? { onlyEnvs: onlyEnvs.map((e) => e.slice(1)) } : {}),
      source,
      manifest,
      line: lineOf(tuple),
    });
  }
  return deps;
}

export function parseMixLock(path: string, text: string): LockedPackage[] {
  const root = parseSource("elixir", text)?.root();
  if (!root) return [];
  const locked: LockedPackage[] = [];
  for (const pair of root.findAll({ rule: { kind: "pair" } })) {
    const key = pair.children().find((child) => child.kind() === "quoted_keyword");
    const value = pairValue(pair);
    if (!key || value?.kind() !== "tuple") continue;
    const parts = value.children().filter((child) => child.isNamed());
    const kind = parts[0]?.text();
    let version: string | null = null;
    if (kind === ":hex" && parts[2]?.kind() === "string") version = stringContent(parts[2]);
    else if (kind === ":git" && parts[2]?.kind() === "string") version = stringContent(parts[2]);
    if (!version) continue;
    locked.push({
      ecosystem: "Hex",
      name: pairKey(pair),
      version,
      lockfile: path,
      line: lineOf(pair),
      direct: null,
      dev: null,
    });
  }
  return locked;
}
