// Facts pack: the applications and packages of the repository, one per manifest found (monorepos name each),
// and the package.json manifests that are not applications: tooling wrappers, asset bundles of another
// ecosystem's application, documentation sites.
import { basename, dirname } from "node:path/posix";
import type { NodePackage } from "../node/index.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import { classifyNodePackage, type SupportRole } from "./node-roles.js";

export interface AppFact {
  name: string;
  ecosystem: "elixir" | "go" | "python" | "node" | "rust" | "ruby" | "java" | "php" | "dotnet";
  /** Folder of the manifest, "." for the root. */
  path: string;
  manifest: string;
}

/** A package.json that is not an application: app-level checks (tests, CI gates) do not apply to it. */
export interface SupportPackageFact {
  name: string;
  ecosystem: "node";
  path: string;
  manifest: string;
  role: SupportRole;
  /** What in the manifest or the tree decides the role, for the report. */
  reason: string;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    apps: AppFact[];
    supportPackages: SupportPackageFact[];
  }
}

const MANIFESTS: Array<{
  file: RegExp;
  ecosystem: AppFact["ecosystem"];
  name: (text: string) => string | null;
  /** Whether the file is a manifest at all (a `setup.py` may be a module of that name). */
  isManifest?: (text: string, folder: string, ctx: CollectContext) => boolean;
}> = [
  { file: /^mix\.exs$/, ecosystem: "elixir", name: (t) => /\bapp:\s*:(\w+)/.exec(t)?.[1] ?? null },
  { file: /^go\.mod$/, ecosystem: "go", name: (t) => /^module\s+(\S+)/m.exec(t)?.[1] ?? null },
  {
    file: /^pyproject\.toml$/,
    ecosystem: "python",
    name: (t) => /^\s*name\s*=\s*["']([^"']+)["']/m.exec(t)?.[1] ?? null,
  },
  {
    file: /^setup\.py$/,
    ecosystem: "python",
    name: (t) => /\bname\s*=\s*["']([^"']+)["']/.exec(t)?.[1] ?? null,
    isManifest: (t) => /\b(setuptools|distutils)\b/.test(t) && /\bsetup\s*\(/.test(t),
  },
  { file: /^requirements\.txt$/, ecosystem: "python", name: () => null, isManifest: requirementsOfAnApp },
  { file: /^package\.json$/, ecosystem: "node", name: packageJsonName },
  { file: /^Cargo\.toml$/, ecosystem: "rust", name: (t) => /^\s*name\s*=\s*"([^"]+)"/m.exec(t)?.[1] ?? null },
  { file: /^Gemfile$/, ecosystem: "ruby", name: () => null, isManifest: gemfileOfAnApp },
  {
    file: /^(pom\.xml|build\.gradle(\.kts)?)$/,
    ecosystem: "java",
    name: (t) => /<artifactId>([^<]+)<\/artifactId>/.exec(t)?.[1] ?? null,
  },
  { file: /^composer\.json$/, ecosystem: "php", name: packageJsonName },
  { file: /\.csproj$/, ecosystem: "dotnet", name: () => null },
];

function packageJsonName(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { name?: unknown };
    return typeof parsed.name === "string" ? parsed.name : null;
  } catch {
    return null;
  }
}

// Documentation builders: a requirements file naming only these installs a docs site's toolchain, not an app.
const DOCS_TOOLING =
  /^(mkdocs|sphinx|pymdown-extensions|pygments|furo|myst-parser|docutils|recommonmark|breathe|mike)([-_.\w]*)$/i;

/**
 * A bare requirements.txt makes a Python application only when Python source sits under its folder and it asks for
 * more than a documentation builder (a docs site's `requirements.txt` of mkdocs plugins is not an app to test).
 */
function requirementsOfAnApp(text: string, folder: string, ctx: CollectContext): boolean {
  const packages = text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("-"))
    .map((line) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0] ?? "");
  if (packages.length > 0 && packages.every((name) => DOCS_TOOLING.test(name))) return false;
  const prefix = folder === "." ? "" : `${folder}/`;
  return ctx.index.files.some(
    (file) =>
      file.language === "python" && !file.isTest && file.path.startsWith(prefix) && file.skip === null,
  );
}

const DEV_GROUPS = /^:?(development|test|dev|lint|tools?|ci)$/;

/**
 * A Gemfile is an application's unless every gem it asks for belongs to a development or test group (an inline
 * `group: :development` / `:group => :test` option, or a `group :development, :test do … end` block): a Gemfile of
 * dev tools (a licence checker, a linter) beside an app of another language is tooling.
 */
function gemfileOfAnApp(text: string): boolean {
  const groupStack: boolean[] = [];
  let gems = 0;
  let devGems = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const block = /^group\s+(.+?)\s+do\b/.exec(line);
    if (block?.[1]) {
      const names = block[1].split(",").map((g) => g.trim().replace(/^\(|\)$/g, ""));
      groupStack.push(names.every((g) => DEV_GROUPS.test(g)));
      continue;
    }
    if (/^(?:platforms?|source|install_if|git|path)\b.*\bdo\b/.test(line)) {
      groupStack.push(groupStack[groupStack.length - 1] ?? false);
      continue;
    }
    if (line === "end") {
      groupStack.pop();
      continue;
    }
    if (!/^gem\s+["']/.test(line)) continue;
    gems++;
    const inline = /(?::group\s*=>|\bgroups?:)\s*\[?([^\]]+?)\]?\s*(?:,\s*\w+[:=]|$)/.exec(line);
    const inlineDev = inline?.[1] ? inline[1].split(",").every((g) => DEV_GROUPS.test(g.trim())) : false;
    if (inlineDev || groupStack.includes(true)) devGems++;
  }
  return gems === 0 || devGems < gems;
}

/** Every manifest of the tree, one per folder and ecosystem. */
function scanManifests(ctx: CollectContext): AppFact[] {
  const found: AppFact[] = [];
  const seen = new Set<string>();
  for (const file of ctx.index.files) {
    if (file.skip === "skipped-vendored" || file.isTest) continue;
    const base = basename(file.path);
    const manifest = MANIFESTS.find((m) => m.file.test(base));
    if (!manifest) continue;
    const folder = dirname(file.path);
    // One app per folder and ecosystem: setup.py beside pyproject.toml is the same package.
    const key = `${manifest.ecosystem}:${folder}`;
    if (seen.has(key)) continue;
    const text = ctx.index.read(file.path) ?? "";
    if (manifest.isManifest && !manifest.isManifest(text, folder, ctx)) continue;
    seen.add(key);
    const name = manifest.name(text) ?? (folder === "." ? ctx.index.name : basename(folder));
    found.push({ name, ecosystem: manifest.ecosystem, path: folder, manifest: file.path });
  }
  return found;
}

export const supportPackagesCollector = defineCollector({
  id: "supportPackages",
  // Roles read the node pack's manifests (dependencies, scripts) and which package each file belongs to.
  dependsOn: ["node"],
  collect(ctx) {
    const node = ctx.facts.node;
    if (!node) return [];
    const found = scanManifests(ctx);
    const otherApps = found.filter((app) => app.ecosystem !== "node");
    const packages = new Map<string, NodePackage>(node.packages.map((p) => [p.manifest, p]));
    const out: SupportPackageFact[] = [];
    for (const app of found) {
      const pkg = app.ecosystem === "node" ? packages.get(app.manifest) : undefined;
      const role = pkg ? classifyNodePackage(pkg, node, ctx.index, otherApps) : null;
      if (role) out.push({ ...app, ecosystem: "node", role: role.role, reason: role.reason });
    }
    return out;
  },
});

export const appsCollector = defineCollector({
  id: "apps",
  dependsOn: ["supportPackages"],
  collect(ctx) {
    const support = new Set((ctx.facts.supportPackages ?? []).map((p) => p.manifest));
    return scanManifests(ctx).filter((app) => !support.has(app.manifest));
  },
});

export default definePack({
  name: "apps",
  collectors: [supportPackagesCollector, appsCollector],
  describe: (facts) =>
    (facts.supportPackages ?? []).map((pkg) => ({
      area: pkg.role === "docs-site" ? ("docs" as const) : ("build" as const),
      label: `Not an application: ${pkg.manifest}`,
      value: `${ROLE_LABEL[pkg.role]} (${pkg.reason})`,
      location: { path: pkg.manifest, startLine: 1, endLine: 1 },
    })),
});

const ROLE_LABEL: Record<SupportRole, string> = {
  tooling: "tooling",
  assets: "asset bundle",
  "docs-site": "documentation site",
};
