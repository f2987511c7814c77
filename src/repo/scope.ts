// What belongs to the audit: the enclosing repository's CI, tool config and project documents when a subfolder is
// audited; folders left out because the build never compiles them, because they are test data, or because they hold
// this tool's own report output.
import type { SgNode } from "@ast-grep/napi";
import type { ExcludedFolder } from "../model/audit.js";
import { parseSource } from "../parse/grammar-registry.js";
import type { ContentSource } from "./content-source.js";
import { languageFromPath } from "./language-of.js";
import { isCodeLanguage } from "../model/language.js";
import { isExamplePath, isTestPath, isVendoredPath } from "./path-kind.js";
import type { RepoEntry } from "./repo-index.js";
import { decodeText } from "./text-decoding.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { parentDir } from "./repo-path.js";
import { escapeRegExp } from "../util/escape-reg-exp.js";
import { join } from "node:path";
import type { LineCountMemo } from "./file-stat.js";

/** Where excluded files' line counts are remembered, and the folder their paths are relative to. */
export interface LineCounts {
  memo: LineCountMemo;
  root: string;
}

/** A file of the enclosing repository read for facts: indexed under its path from the git root, reported from the audited folder. */
export interface ContextFile {
  /** The path collectors see (relative to the git root, e.g. `.github/workflows/ci.yml`). */
  path: string;
  /** The path from the audited folder (e.g. `../.github/workflows/ci.yml`), used in the report. */
  reportedPath: string;
}

export interface IndexScope {
  gitRoot: string | null;
  /** The audited folder relative to the git root; "" for the root itself or outside git. */
  subfolder: string;
  contextFiles: ContextFile[];
  excluded: ExcludedFolder[];
  /** Whether a path (relative to the git root) exists in the repository; absent outside git. */
  existsInRepository?: (path: string) => boolean;
}

export const EMPTY_SCOPE: IndexScope = { gitRoot: null, subfolder: "", contextFiles: [], excluded: [] };

/** This tool's default report folder: never audited, wherever it lies in the tree. */
export const DEFAULT_REPORT_FOLDER = "codeaudit-report";

/**
 * Files of the git root that configure the whole repository: CI, dependency-update bots, workspace manifests,
 * formatter/linter/version config and the project documents. Lockfiles and package manifests are not among them:
 * they describe the root's own packages, not the audited folder's.
 */
const CONTEXT_FILE =
  /^(\.(?:github|depot)\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|Jenkinsfile|\.travis\.yml|azure-pipelines\.ya?ml|\.buildkite\/pipeline\.ya?ml|bitbucket-pipelines\.yml|\.drone\.yml|\.woodpecker\.ya?ml|\.github\/dependabot\.ya?ml|(\.github\/)?renovate\.json5?|\.renovaterc(\.json)?|pnpm-workspace\.yaml|go\.work|lerna\.json|nx\.json|turbo\.json|\.editorconfig|\.pre-commit-config\.ya?ml|\.tool-versions|\.nvmrc|\.node-version|\.python-version|\.golangci\.(ya?ml|toml|json)|\.?ruff\.toml|mypy\.ini|\.prettierrc(\.[a-z]+)?|prettier\.config\.[cm]?js|biome\.jsonc?|(\.github\/)?(SECURITY|CONTRIBUTING|CODE_OF_CONDUCT|CHANGELOG)(\.md)?|(LICENSE|LICENCE|COPYING)(\.[a-z]+)?)$/i;

/**
 * The enclosing repository's context files that the audited subfolder does not have itself. A subfolder that is the
 * enclosing repository's test data (a fixture project under `test/fixtures/`, `testdata/`) is a project of its own:
 * the enclosing CI and documents are not about it.
 */
export function contextFilesOf(
  rootEntries: readonly RepoEntry[],
  subfolder: string,
  ownPaths: ReadonlySet<string>,
): Array<RepoEntry & ContextFile> {
  if (!subfolder || isTestPath(`${subfolder}/_`)) return [];
  const up = subfolder
    .split("/")
    .map(() => "..")
    .join("/");
  return rootEntries
    .filter(
      (entry) =>
        !entry.symlink &&
        CONTEXT_FILE.test(entry.path) &&
        !entry.path.startsWith(`${subfolder}/`) &&
        !ownPaths.has(entry.path),
    )
    .map((entry) => ({ ...entry, reportedPath: `${up}/${entry.path}` }));
}

/** Entries inside report folders: the default one by name, and any `--out` folder inside the audited tree. */
export function reportOutputFolders(entries: readonly RepoEntry[], outputDirs: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const entry of entries) {
    const segments = entry.path.split("/");
    const index = segments.indexOf(DEFAULT_REPORT_FOLDER);
    if (index >= 0 && index < segments.length - 1) folders.add(segments.slice(0, index + 1).join("/"));
    for (const dir of outputDirs) if (dir && entry.path.startsWith(`${dir}/`)) folders.add(dir);
  }
  return [...folders].sort(compareCodeUnits);
}

/** Drops report output and folders the build never compiles, and says which and why. */
export function applyScope(
  entries: RepoEntry[],
  source: ContentSource,
  outputs: readonly string[],
  lineCounts: LineCounts | null = null,
): { entries: RepoEntry[]; excluded: ExcludedFolder[] } {
  // Report output is left out silently: listing it would make a second run's report differ from the first's.
  const reports = reportOutputFolders(entries, outputs);
  const inReport = (path: string): boolean => reports.some((dir) => path.startsWith(`${dir}/`));
  const remaining = entries.filter((entry) => !inReport(entry.path));
  const uncompiled = uncompiledFolders(remaining, source, lineCounts);
  const uncompiledPaths = new Set(uncompiled.map((folder) => folder.path));
  const inUncompiled = (path: string): boolean => enclosingFolderIn(path, uncompiledPaths) !== null;
  return {
    entries: remaining.filter((entry) => !inUncompiled(entry.path)),
    excluded: uncompiled,
  };
}

/** Names of old copies, backups and archives: candidates for folders nothing compiles. */
const DEAD_NAME =
  /^((.+[_.-])?(old|bak|backup|orig|unused|obsolete|deprecated)\d*|(old|archived?|attic|graveyard)\d*)$/i;

/** Folders with a role other than production code: not dead even when the build leaves them out. */
const ROLE_FOLDER =
  /^(tests?|specs?|e2e|integration|playwright|cypress|examples?|samples?|demos?|docs?|guides|scripts?|tools?|bin|benchmarks?|bench|dist|build|out|types|typings|coverage|node_modules|fixtures|mocks|__mocks__|stories|storybook|\.storybook|public|static|assets|priv|rel|config|deps|_build|dev|ci|contrib|misc|deploy|docker|installer|migrations|alembic)$/i;

/** Filesystem-routed folders (Next.js, Remix, SvelteKit, Nuxt): compiled by convention, never imported. */
const ROUTED = /(^|\/)(app|pages|routes|server\/api)\//;

interface Candidate {
  folder: string;
  kind: ExcludedFolder["kind"];
  reason: string;
  /** Only when nothing outside the folder names it (an import path, a module path, a config entry). */
  unlessReferenced: boolean;
}

/**
 * Folders the build never compiles: outside a mix project's `elixirc_paths`/`test_paths`, Go `testdata/` and
 * `_`/`.` folders, and folders named like old copies or backups, or excluded by a tsconfig, that nothing else in
 * the repository references. Returns each folder once, outermost first.
 */
export function uncompiledFolders(
  entries: readonly RepoEntry[],
  source: ContentSource,
  lineCounts: LineCounts | null = null,
): ExcludedFolder[] {
  const read = (path: string): string | null => {
    const bytes = source.read(path);
    return bytes ? decodeText(bytes).text : null;
  };
  const live = entries.filter((entry) => !entry.symlink && !isVendoredPath(entry.path));
  const candidates = [...elixirCandidates(live, read), ...goCandidates(live), ...nameCandidates(live, read)];
  const chosen: Candidate[] = [];
  for (const candidate of candidates.sort(
    (a, b) => a.folder.length - b.folder.length || compareCodeUnits(a.folder, b.folder),
  )) {
    if (chosen.some((c) => candidate.folder === c.folder || candidate.folder.startsWith(`${c.folder}/`)))
      continue;
    chosen.push(candidate);
  }
  const referenced = referencedFolders(
    chosen.filter((c) => c.unlessReferenced),
    live,
    read,
  );
  const kept = chosen.filter((candidate) => !referenced.has(candidate.folder));
  // Each file's folder looked up once (a Go tree has hundreds of testdata folders and thousands of files).
  const keptFolders = new Set(kept.map((candidate) => candidate.folder));
  const insideOf = new Map<string, RepoEntry[]>();
  for (const entry of live) {
    const folder = enclosingFolderIn(entry.path, keptFolders);
    if (folder === null) continue;
    const inside = insideOf.get(folder);
    if (inside) inside.push(entry);
    else insideOf.set(folder, [entry]);
  }
  return kept
    .map((candidate) => sizeOf(candidate, insideOf.get(candidate.folder) ?? [], read, lineCounts))
    .filter((folder) => folder.files > 0)
    .sort((a, b) => compareCodeUnits(a.path, b.path));
}

function elixirCandidates(entries: readonly RepoEntry[], read: (path: string) => string | null): Candidate[] {
  const projects = entries
    .filter((entry) => /(^|\/)mix\.exs$/.test(entry.path))
    .map((entry) => ({ manifest: entry.path, dir: dirOf(entry.path) }));
  const out: Candidate[] = [];
  for (const project of projects) {
    const text = read(project.manifest);
    if (text === null) continue;
    const compiledOption = listOption(text, "elixirc_paths");
    const testsOption = listOption(text, "test_paths");
    if (compiledOption === "unknown" || testsOption === "unknown") continue;
    const compiled = compiledOption === "unset" ? ["lib"] : compiledOption;
    const tests = testsOption === "unset" ? ["test"] : testsOption;
    const nested = projects.filter((p) => p.dir !== project.dir && isUnder(p.dir, project.dir));
    const seen = new Set<string>();
    for (const entry of entries) {
      if (!isUnder(entry.path, project.dir) || nested.some((p) => isUnder(entry.path, p.dir))) continue;
      const rel = project.dir ? entry.path.slice(project.dir.length + 1) : entry.path;
      const isSource = /\.ex$/.test(rel);
      const isTest = /_test\.exs$/.test(rel);
      if (!isSource && !isTest) continue;
      const top = rel.split("/")[0] ?? "";
      if (!rel.includes("/") || ROLE_FOLDER.test(top) || seen.has(top)) continue;
      if (isSource && compiled.some((path) => isUnder(rel, normalise(path)))) continue;
      if (isSource && tests.some((path) => isUnder(rel, normalise(path)))) continue;
      if (isTest && tests.some((path) => isUnder(rel, normalise(path)))) continue;
      if (isTest && !isSource && compiled.some((path) => isUnder(rel, normalise(path)))) continue;
      seen.add(top);
      out.push({
        folder: project.dir ? `${project.dir}/${top}` : top,
        kind: "not-compiled",
        reason: isSource
          ? `outside elixirc_paths (${compiled.join(", ")}) of ${project.manifest}: mix never compiles it`
          : `outside test_paths (${tests.join(", ")}) of ${project.manifest}: mix test never runs it`,
        unlessReferenced: false,
      });
    }
  }
  return out;
}

/**
 * The paths a mix.exs gives `key` (`elixirc_paths`, `test_paths`), read from its syntax tree: the literal list of
 * the project keyword, or every clause of the function it calls (every environment's list counts, also lists built
 * as `["test/support" | elixirc_paths()]` and lists chosen by an `if`). "unset" when the key is absent (mix's
 * default applies); "unknown" when a value is computed some other way (then no folder can be said uncompiled).
 */
function listOption(text: string, key: string): string[] | "unset" | "unknown" {
  const root = parseSource("elixir", text)?.root();
  if (!root) return "unknown";
  const clauses = new Map<string, SgNode[]>();
  let value: SgNode | null = null;
  for (const node of root.findAll({ rule: { kind: "call" } })) {
    const head = node.child(0);
    if (head?.kind() === "identifier" && (head.text() === "def" || head.text() === "defp")) {
      const name = definedFunction(node);
      if (name) clauses.set(name, [...(clauses.get(name) ?? []), node]);
    }
  }
  for (const pair of root.findAll({ rule: { kind: "pair" } })) {
    const keyword = pair.child(0);
    if (keyword?.kind() === "keyword" && keyword.text().trim() === `${key}:`) {
      value = pair.children().filter((child) => child.isNamed())[1] ?? null;
      break;
    }
  }
  if (!value) return clauses.has(key) ? pathsOfClauses(clauses.get(key) ?? []) : "unset";
  if (value.kind() === "list") return listStrings(value);
  const called = value.kind() === "call" ? value.child(0) : null;
  if (called?.kind() !== "identifier") return "unknown";
  const defs = clauses.get(called.text());
  return defs ? pathsOfClauses(defs) : "unknown";
}

/** The name a `def`/`defp` call defines (`defp elixirc_paths(:test), do: …` → "elixirc_paths"). */
function definedFunction(defCall: SgNode): string | null {
  const args = defCall.children().find((child) => child.kind() === "arguments");
  let head = args?.children().find((child) => child.isNamed()) ?? null;
  // `defp f(x) when guard` and `defp f(env \\ nil)` keep the call on the operator's left.
  while (head?.kind() === "binary_operator") head = head.child(0);
  if (head?.kind() === "identifier") return head.text();
  const name = head?.kind() === "call" ? head.child(0) : null;
  return name?.kind() === "identifier" ? name.text() : null;
}

/** The union of the path lists every clause returns; "unknown" when a clause with a body returns no literal list. */
function pathsOfClauses(defs: readonly SgNode[]): string[] | "unknown" {
  const paths = new Set<string>();
  for (const def of defs) {
    const body =
      def.children().find((child) => child.kind() === "do_block") ??
      def
        .children()
        .find((child) => child.kind() === "arguments")
        ?.children()
        .find((child) => child.kind() === "keywords") ??
      null;
    if (!body) continue; // a bodiless head declaring defaults
    const lists = [
      ...(body.kind() === "list" ? [body] : []),
      ...body.findAll({ rule: { kind: "list" } }),
    ].filter((list) => !isMembershipTest(list));
    const found = lists.flatMap(listStrings);
    if (found.length === 0) return "unknown";
    for (const path of found) paths.add(path);
  }
  return [...paths];
}

/** `x in ["1", "true"]`: a list tested against, not returned. */
function isMembershipTest(list: SgNode): boolean {
  const parent = list.parent();
  return parent?.kind() === "binary_operator" && parent.children().some((child) => child.text() === "in");
}

/** The plain string elements of a list literal, including the head of `[h | tail]`. */
function listStrings(list: SgNode): string[] {
  const out: string[] = [];
  for (const element of list.children().filter((child) => child.isNamed())) {
    const items =
      element.kind() === "binary_operator" && element.children().some((child) => child.text() === "|")
        ? element.children().filter((child) => child.isNamed())
        : [element];
    for (const item of items) {
      if (item.kind() !== "string") continue;
      const parts = item.children().filter((child) => child.isNamed());
      if (parts.length === 1 && parts[0]?.kind() === "quoted_content") out.push(parts[0].text());
    }
  }
  return out;
}

function goCandidates(entries: readonly RepoEntry[]): Candidate[] {
  const modules = entries
    .filter((entry) => /(^|\/)go\.mod$/.test(entry.path))
    .map((entry) => dirOf(entry.path));
  if (modules.length === 0) return [];
  const out = new Map<string, Candidate>();
  for (const entry of entries) {
    if (!entry.path.endsWith(".go") || !modules.some((dir) => isUnder(entry.path, dir))) continue;
    const segments = entry.path.split("/").slice(0, -1);
    const index = segments.findIndex((segment) => segment === "testdata" || /^[_.]/.test(segment));
    if (index < 0) continue;
    const folder = segments.slice(0, index + 1).join("/");
    const name = segments[index] ?? "";
    if (out.has(folder)) continue;
    const testData = name === "testdata" || /example|sample|demo/i.test(name);
    out.set(folder, {
      folder,
      kind: testData ? "test-data" : "not-compiled",
      reason:
        name === "testdata"
          ? "Go testdata: the go tool never builds it"
          : "the go tool skips folders whose name starts with _ or .",
      unlessReferenced: false,
    });
  }
  return [...out.values()];
}

function nameCandidates(entries: readonly RepoEntry[], read: (path: string) => string | null): Candidate[] {
  const out = new Map<string, Candidate>();
  for (const entry of entries) {
    if (!isCode(entry.path) || isTestPath(entry.path) || isExamplePath(entry.path)) continue;
    const segments = entry.path.split("/").slice(0, -1);
    const index = segments.findIndex((segment) => DEAD_NAME.test(segment));
    if (index < 0) continue;
    const folder = segments.slice(0, index + 1).join("/");
    if (out.has(folder) || ROUTED.test(`${folder}/`)) continue;
    out.set(folder, {
      folder,
      kind: "not-compiled",
      reason: `named like an old copy or backup (${segments[index]}) and referenced by no other file`,
      unlessReferenced: true,
    });
  }
  for (const tsconfig of entries.filter((entry) => /(^|\/)tsconfig\.json$/.test(entry.path))) {
    const text = read(tsconfig.path);
    const excluded = text ? /"exclude"\s*:\s*\[([^\]]*)\]/.exec(text)?.[1] : undefined;
    if (!excluded) continue;
    const base = dirOf(tsconfig.path);
    for (const match of excluded.matchAll(/"([^"*?]+)"/g)) {
      const rel = normalise(match[1] ?? "");
      const name = rel.split("/").pop() ?? "";
      if (!rel || rel.startsWith("..") || ROLE_FOLDER.test(name) || name.includes(".")) continue;
      const folder = base ? `${base}/${rel}` : rel;
      if (out.has(folder) || !entries.some((entry) => isUnder(entry.path, folder) && isCode(entry.path)))
        continue;
      out.set(folder, {
        folder,
        kind: "not-compiled",
        reason: `excluded by ${tsconfig.path} and referenced by no other file`,
        unlessReferenced: true,
      });
    }
  }
  return [...out.values()];
}

/** Candidates that some code file outside them names: an import path, a module path, a build-config entry. */
function referencedFolders(
  candidates: readonly Candidate[],
  entries: readonly RepoEntry[],
  read: (path: string) => string | null,
): Set<string> {
  const referenced = new Set<string>();
  if (candidates.length === 0) return referenced;
  const patterns = candidates.map((candidate) => {
    const name = candidate.folder.split("/").pop() ?? candidate.folder;
    const escaped = escapeRegExp(name);
    return { candidate, pattern: new RegExp(`(^|[/.'"\`:\\s\\[])${escaped}([/.'"\`\\]]|$|\\s)`, "m") };
  });
  for (const entry of entries) {
    if (
      !isCode(entry.path) &&
      !/(^|\/)(mix\.exs|tsconfig[^/]*\.json|package\.json|pyproject\.toml)$/.test(entry.path)
    )
      continue;
    const open = patterns.filter(
      ({ candidate }) => !referenced.has(candidate.folder) && !isUnder(entry.path, candidate.folder),
    );
    if (open.length === 0) continue;
    const text = read(entry.path);
    if (text === null) continue;
    for (const { candidate, pattern } of open) if (pattern.test(text)) referenced.add(candidate.folder);
    if (referenced.size === candidates.length) break;
  }
  return referenced;
}

/** The outermost of `folders` that holds `path` (a folder path is never "": candidates are subfolders). */
function enclosingFolderIn(path: string, folders: ReadonlySet<string>): string | null {
  if (folders.size === 0) return null;
  for (let slash = path.indexOf("/"); slash >= 0; slash = path.indexOf("/", slash + 1)) {
    const folder = path.slice(0, slash);
    if (folders.has(folder)) return folder;
  }
  return null;
}

/** `inside`: the files under the candidate's folder. */
function sizeOf(
  candidate: Candidate,
  inside: readonly RepoEntry[],
  read: (path: string) => string | null,
  lineCounts: LineCounts | null,
): ExcludedFolder {
  let lines = 0;
  for (const entry of inside) {
    if (!isCode(entry.path)) continue;
    const count = (): number => {
      const text = read(entry.path);
      return text ? text.split("\n").length - (text.endsWith("\n") ? 1 : 0) : 0;
    };
    // A Go tree's testdata is thousands of files: a warm run takes their counts from the stat index.
    lines += lineCounts
      ? lineCounts.memo.lines(entry.path, join(lineCounts.root, entry.path), entry.stat, count)
      : count();
  }
  return {
    path: candidate.folder,
    kind: candidate.kind,
    reason: candidate.reason,
    files: inside.length,
    lines,
    bytes: inside.reduce((sum, entry) => sum + entry.size, 0),
  };
}

function isCode(path: string): boolean {
  const language = languageFromPath(path);
  return language !== null && isCodeLanguage(language);
}

function isUnder(path: string, dir: string): boolean {
  return dir === "" || path === dir || path.startsWith(`${dir}/`);
}

function dirOf(path: string): string {
  return parentDir(path, "");
}

function normalise(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
}

/**
 * Whether a path relative to the audited folder (`../rust/core`) stays inside its git repository: a subfolder's path
 * dependency on a sibling folder of the same repository builds wherever the repository is checked out.
 */
export function staysInRepository(scope: IndexScope, path: string): boolean {
  if (path.startsWith("/")) return false;
  const segments: string[] = [];
  for (const segment of [...scope.subfolder.split("/"), ...path.split("/")]) {
    if (!segment || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return false;
      segments.pop();
    } else segments.push(segment);
  }
  // Leaving the audited folder is fine only towards something the repository has.
  const leaves = path.split("/").includes("..");
  return !leaves || (scope.existsInRepository?.(segments.join("/")) ?? false);
}
