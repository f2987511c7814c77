// Facts pack: the applications and packages of the repository, one per manifest found (monorepos name each).
import { basename, dirname } from "node:path/posix";
import { defineCollector, definePack } from "../define.js";

export interface AppFact {
  name: string;
  ecosystem: "elixir" | "go" | "python" | "node" | "rust" | "ruby" | "java" | "php" | "dotnet";
  /** Folder of the manifest, "." for the root. */
  path: string;
  manifest: string;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    apps: AppFact[];
  }
}

const MANIFESTS: Array<{
  file: RegExp;
  ecosystem: AppFact["ecosystem"];
  name: (text: string) => string | null;
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
  },
  { file: /^requirements\.txt$/, ecosystem: "python", name: () => null },
  { file: /^package\.json$/, ecosystem: "node", name: packageJsonName },
  { file: /^Cargo\.toml$/, ecosystem: "rust", name: (t) => /^\s*name\s*=\s*"([^"]+)"/m.exec(t)?.[1] ?? null },
  { file: /^Gemfile$/, ecosystem: "ruby", name: () => null },
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

export const appsCollector = defineCollector({
  id: "apps",
  collect(ctx) {
    const apps: AppFact[] = [];
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
      seen.add(key);
      const text = ctx.index.read(file.path) ?? "";
      const name = manifest.name(text) ?? (folder === "." ? ctx.index.name : basename(folder));
      apps.push({ name, ecosystem: manifest.ecosystem, path: folder, manifest: file.path });
    }
    return apps;
  },
});

export default definePack({
  name: "apps",
  collectors: [appsCollector],
});
