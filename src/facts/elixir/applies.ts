// Applicability for rules over Elixir facts: a repository with a mix.exs, or at least Elixir modules.
import type { RepoFacts } from "../repo-facts.js";

export function hasMixProject(
  facts: RepoFacts,
): true | { status: "not-applicable" | "unknown"; reason: string } {
  if (!facts.elixir) return { status: "unknown", reason: "Elixir facts were not collected" };
  if (facts.elixir.projects.length === 0)
    return { status: "not-applicable", reason: "no mix.exs in the repository" };
  return true;
}

/**
 * Environments whose config is not deployed: `config/dev.exs`, `config/test.exs`, `if config_env() == :test`, and
 * custom Mix environments (`config/bench.exs`) other than prod/production/staging. Null (shared config) is deployed.
 */
export function isNonDeployedEnv(env: string | null): boolean {
  return env !== null && !/^(prod|production|staging|stage)$/.test(env);
}

/** Seeds, migrations, release tasks and scripts: code run by hand, where some risks are lower. */
export function isScriptPath(path: string): boolean {
  return (
    /(^|\/)(priv\/repo\/|scripts?\/|bench(marks?)?\/|examples?\/|lib\/mix\/tasks\/)|(^|\/)[^/]+\.exs$/.test(
      path,
    ) && !/(^|\/)config\//.test(path)
  );
}

/** `Repo.insert`, `MyApp.Repo.all`: the receiver names an Ecto repo. */
export function isRepoReceiver(receiver: string): boolean {
  return /(^|\.)Repo$/.test(receiver);
}

export const REPO_READS = new Set([
  "all",
  "one",
  "one!",
  "get",
  "get!",
  "get_by",
  "get_by!",
  "exists?",
  "aggregate",
  "preload",
  "reload",
  "reload!",
  "stream",
]);
export const REPO_WRITES = new Set([
  "insert",
  "insert!",
  "update",
  "update!",
  "delete",
  "delete!",
  "insert_or_update",
  "insert_or_update!",
  "update_all",
  "delete_all",
  "insert_all",
]);
