// Dependency update bots (Dependabot, Renovate): where they are configured and which ecosystems they watch.
import { isMap, isSeq, parseDocument } from "yaml";
import type { UpdateBot } from "./types.js";

/** Dependabot `package-ecosystem` values → the gate ecosystems of facts/ci. */
const DEPENDABOT_ECOSYSTEMS: Record<string, string> = {
  npm: "node",
  yarn: "node",
  pnpm: "node",
  bun: "node",
  pip: "python",
  pipenv: "python",
  poetry: "python",
  uv: "python",
  gomod: "go",
  mix: "elixir",
  cargo: "rust",
  bundler: "ruby",
  composer: "php",
  maven: "java",
  gradle: "java",
  nuget: "dotnet",
  docker: "docker",
  "docker-compose": "docker",
  "github-actions": "github-actions",
};

const RENOVATE_FILES = [
  "renovate.json",
  "renovate.json5",
  ".github/renovate.json",
  ".github/renovate.json5",
  ".gitlab/renovate.json",
  ".gitlab/renovate.json5",
  ".renovaterc",
  ".renovaterc.json",
  ".renovaterc.json5",
];

export function collectUpdateBots(read: (path: string) => string | null): UpdateBot[] {
  const bots: UpdateBot[] = [];
  for (const path of [".github/dependabot.yml", ".github/dependabot.yaml"]) {
    const text = read(path);
    if (text === null) continue;
    const root = parseDocument(text).contents;
    const updates = isMap(root) ? root.get("updates", true) : null;
    const ecosystems = new Set<string>();
    if (isSeq(updates))
      for (const update of updates.items) {
        const value = isMap(update) ? update.get("package-ecosystem") : null;
        const mapped = typeof value === "string" ? DEPENDABOT_ECOSYSTEMS[value] : undefined;
        if (mapped) ecosystems.add(mapped);
      }
    bots.push({ tool: "dependabot", path, ecosystems: [...ecosystems].sort() });
  }
  for (const path of RENOVATE_FILES) {
    const text = read(path);
    if (text === null) continue;
    // Renovate detects every package manager of the repository unless `enabledManagers` narrows it.
    const narrowed = /"?enabledManagers"?\s*:\s*\[([^\]]*)\]/.exec(text);
    const ecosystems = narrowed
      ? [
          ...new Set(
            (narrowed[1] ?? "")
              .split(",")
              .map((m) => m.trim().replace(/^["']|["']$/g, ""))
              .map((m) => RENOVATE_MANAGERS[m] ?? DEPENDABOT_ECOSYSTEMS[m] ?? "")
              .filter((m) => m !== ""),
          ),
        ].sort()
      : ["*"];
    bots.push({ tool: "renovate", path, ecosystems });
    break;
  }
  const pkg = read("package.json");
  if (pkg && bots.every((b) => b.tool !== "renovate") && /"renovate"\s*:\s*\{/.test(pkg))
    bots.push({ tool: "renovate", path: "package.json", ecosystems: ["*"] });
  return bots;
}

const RENOVATE_MANAGERS: Record<string, string> = {
  npm: "node",
  pip_requirements: "python",
  pip_setup: "python",
  pep621: "python",
  poetry: "python",
  pipenv: "python",
  gomod: "go",
  mix: "elixir",
  cargo: "rust",
  dockerfile: "docker",
  "docker-compose": "docker",
  "github-actions": "github-actions",
};
