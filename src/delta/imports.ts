// Import edges among changed files, read from syntax trees: relative JS/TS imports, Python imports,
// Go package imports and Elixir module references, resolved to the changed files they name.
import type { SgNode } from "@ast-grep/napi";
import { posix } from "node:path";
import type { Language } from "../model/language.js";
import { parseSource } from "../parse/grammar-registry.js";
import { languageFromPath } from "../repo/language-of.js";
import type { ChangeMapEdge } from "./types.js";

interface SourceFile {
  path: string;
  text: string;
}

interface Reference {
  kind: "relative" | "python" | "go" | "elixir";
  target: string;
}

const JS_LANGUAGES: ReadonlySet<Language> = new Set(["typescript", "tsx", "javascript"]);

function references(language: Language, root: SgNode): { refs: Reference[]; modules: string[] } {
  const refs: Reference[] = [];
  const modules: string[] = [];
  if (JS_LANGUAGES.has(language)) {
    for (const node of root.findAll({
      rule: { any: [{ kind: "import_statement" }, { kind: "export_statement" }] },
    })) {
      const source = node.field("source");
      const text = source?.find({ rule: { kind: "string_fragment" } })?.text();
      if (text) refs.push({ kind: "relative", target: text });
    }
    for (const call of root.findAll({ rule: { kind: "call_expression" } })) {
      const callee = call.field("function");
      if (
        !callee ||
        (callee.kind() !== "import" && !(callee.kind() === "identifier" && callee.text() === "require"))
      )
        continue;
      const text = call
        .field("arguments")
        ?.find({ rule: { kind: "string_fragment" } })
        ?.text();
      if (text) refs.push({ kind: "relative", target: text });
    }
  } else if (language === "python") {
    for (const node of root.findAll({ rule: { kind: "import_statement" } })) {
      for (const name of node.fieldChildren("name")) {
        const dotted = name.kind() === "aliased_import" ? name.field("name") : name;
        if (dotted) refs.push({ kind: "python", target: dotted.text() });
      }
    }
    for (const node of root.findAll({ rule: { kind: "import_from_statement" } })) {
      const moduleNode = node.field("module_name");
      if (!moduleNode) continue;
      const names = node
        .fieldChildren("name")
        .map((n) => (n.kind() === "aliased_import" ? (n.field("name")?.text() ?? "") : n.text()));
      const base = moduleNode.text();
      refs.push({ kind: "python", target: base });
      for (const name of names)
        if (name)
          refs.push({ kind: "python", target: base.endsWith(".") ? `${base}${name}` : `${base}.${name}` });
    }
  } else if (language === "go") {
    for (const spec of root.findAll({ rule: { kind: "import_spec" } })) {
      const path = spec
        .field("path")
        ?.text()
        .replace(/^["`]|["`]$/g, "");
      if (path) refs.push({ kind: "go", target: path });
    }
  } else if (language === "elixir") {
    for (const call of root.findAll({
      rule: { kind: "call", has: { kind: "identifier", regex: "^(defmodule)$" } },
    })) {
      const name = call.find({ rule: { kind: "alias", inside: { kind: "arguments" } } })?.text();
      if (name) modules.push(name);
    }
    for (const alias of root.findAll({ rule: { kind: "alias" } }))
      refs.push({ kind: "elixir", target: alias.text() });
  }
  return { refs, modules };
}

/** Path of a Python module relative to the repository root, for a relative or absolute dotted name. */
function pythonCandidates(from: string, target: string): string[] {
  const dots = /^\.+/.exec(target)?.[0].length ?? 0;
  const rest = target.slice(dots).split(".").filter(Boolean).join("/");
  const bases: string[] = [];
  if (dots > 0) {
    let dir = posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
    bases.push(dir === "." ? rest : rest ? `${dir}/${rest}` : dir);
  } else bases.push(rest);
  return bases.flatMap((base) => [`${base}.py`, `${base}/__init__.py`]);
}

/** Edges from each changed file to the other changed files it imports. */
export function importEdges(
  files: SourceFile[],
  options: { goModule?: string | null } = {},
): ChangeMapEdge[] {
  const paths = new Set(files.map((file) => file.path));
  const byDir = new Map<string, string[]>();
  for (const path of paths) {
    if (!path.endsWith(".go") || path.endsWith("_test.go")) continue;
    const dir = posix.dirname(path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), path]);
  }
  const parsed = files.map((file) => {
    const language = languageFromPath(file.path);
    const tree = language ? safeParse(language, file.text) : null;
    return { file, ...(tree && language ? references(language, tree) : { refs: [], modules: [] }) };
  });
  const elixirModules = new Map<string, string>();
  for (const entry of parsed) for (const name of entry.modules) elixirModules.set(name, entry.file.path);
  const edges = new Map<string, ChangeMapEdge>();
  const add = (from: string, to: string | undefined): void => {
    if (!to || to === from || !paths.has(to)) return;
    edges.set(`${from}\0${to}`, { from, to });
  };
  for (const { file, refs } of parsed) {
    for (const ref of refs) {
      if (ref.kind === "relative") {
        if (!ref.target.startsWith(".")) continue;
        const resolved = posix.normalize(posix.join(posix.dirname(file.path), ref.target));
        const stem = resolved.replace(/\.(m|c)?js$|\.jsx$/, "");
        const candidates = [
          resolved,
          ...["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts", "/index.ts", "/index.tsx", "/index.js"].map(
            (ext) => stem + ext,
          ),
        ];
        add(
          file.path,
          candidates.find((candidate) => paths.has(candidate)),
        );
      } else if (ref.kind === "python") {
        const candidates = pythonCandidates(file.path, ref.target);
        let hit = candidates.find((candidate) => paths.has(candidate));
        // Absolute imports of a package under src/ or another top folder: match by suffix.
        hit ??= [...paths].find((path) =>
          candidates.some((candidate) => !ref.target.startsWith(".") && path.endsWith(`/${candidate}`)),
        );
        add(file.path, hit);
      } else if (ref.kind === "go") {
        const module = options.goModule;
        if (module && (ref.target === module || ref.target.startsWith(`${module}/`))) {
          // The module's own package: its folder is the import path below the module path.
          const dir = ref.target === module ? "." : ref.target.slice(module.length + 1);
          for (const member of byDir.get(dir) ?? []) add(file.path, member);
          continue;
        }
        if (module) continue;
        for (const [dir, members] of byDir) {
          if (dir !== "." && (ref.target === dir || ref.target.endsWith(`/${dir}`)))
            for (const member of members) add(file.path, member);
        }
      } else {
        add(file.path, elixirModules.get(ref.target));
      }
    }
  }
  return [...edges.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
}

function safeParse(language: Language, text: string): SgNode | null {
  try {
    return parseSource(language, text)?.root() ?? null;
  } catch {
    return null;
  }
}
