// Which config keys production configuration sets whatever else holds — config/runtime.exs at boot (or, in a project
// without one, config/releases.exs, which releases read at boot the same way), and the prod config (config/prod.exs,
// config/prod.*.exs) at build — so a value written in config/config.exs for those keys never reaches production.
import { posix } from "node:path";
import type { ConfigEntry } from "./config.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

/** A config key (app, module or atom key, dotted keyword path) that production config sets unconditionally. */
export interface ProdOverride {
  app: string;
  key: string | null;
  name: string;
  /** The entries that set it (several when complementary branches set it together). */
  by: Array<{ path: string; line: number }>;
  /** 1 for the prod config, 2 for runtime.exs (or releases.exs): a key is overridden only by a later layer. */
  layer: number;
  /** Empty when production always sets it; else the conditions of the first entry that sets it (`nerves_app in ["web"]`). */
  conditions: string[];
}

/**
 * Config layers in the order Mix and releases apply them: config.exs (and env files it imports), prod config, then
 * the boot-time config: runtime.exs, or releases.exs (Elixir 1.9's release runtime config, still read when the
 * project has no runtime.exs).
 */
export function configLayer(entry: Pick<ConfigEntry, "path" | "env">): number {
  const base = posix.basename(entry.path);
  if (base === "runtime.exs" || base === "releases.exs") return 2;
  if (base !== "config.exs" && (entry.env === "prod" || entry.env === "production")) return 1;
  return 0;
}

const negation = (condition: string): string =>
  /^(not\s+|!)/.test(condition) ? condition.replace(/^(not\s+|!)\s*/, "") : `not ${condition}`;

/** Condition lists that together always hold: one is empty, or two differ only by one condition and its negation. */
function coversAll(lists: ReadonlyArray<readonly string[]>): boolean {
  if (lists.some((list) => list.length === 0)) return true;
  return lists.some((left) =>
    lists.some(
      (right) =>
        left.length === 1 && right.length === 1 && negation(left[0]!) === right[0]!.replace(/^!\s*/, "not "),
    ),
  );
}

/**
 * The keys production config sets unconditionally: entries of runtime.exs or the prod config that apply in
 * production (inside `if config_env() == :prod`, `!= :test` or at top level) under no other condition, or under
 * complementary ones (`if prod and self_hosted` / `if prod and not self_hosted`).
 */
export function collectProdOverrides(entries: readonly ConfigEntry[]): ProdOverride[] {
  const groups = new Map<string, { entries: ConfigEntry[]; layer: number }>();
  // A release ignores config/releases.exs when config/runtime.exs exists beside it.
  const runtimeDirs = new Set(
    entries
      .filter((entry) => posix.basename(entry.path) === "runtime.exs")
      .map((entry) => posix.dirname(entry.path)),
  );
  for (const entry of entries) {
    const layer = configLayer(entry);
    if (layer === 0 || !entry.inProd) continue;
    if (posix.basename(entry.path) === "releases.exs" && runtimeDirs.has(posix.dirname(entry.path))) continue;
    const id = `${layer}\u0000${entry.app}\u0000${entry.key ?? ""}\u0000${entry.name}`;
    const group = groups.get(id) ?? { entries: [], layer };
    group.entries.push(entry);
    groups.set(id, group);
  }
  const overrides: ProdOverride[] = [];
  for (const { entries: group, layer } of groups.values()) {
    const always = coversAll(group.map((entry) => entry.conditions));
    const first = group[0]!;
    overrides.push({
      app: first.app,
      key: first.key,
      name: first.name,
      by: group.map((entry) => ({ path: entry.path, line: entry.line })),
      layer,
      conditions: always ? [] : first.conditions,
    });
  }
  return overrides.sort((a, b) => {
    const left = `${a.app}:${a.key ?? ""}:${a.name}:${a.layer}`;
    const right = `${b.app}:${b.key ?? ""}:${b.name}:${b.layer}`;
    return compareCodeUnits(left, right);
  });
}

/**
 * The override that replaces an entry's value in production, or null: one set by a later layer for the same app and
 * key, on the same name or on a parent name whose value is not a keyword list (which replaces the whole list). An
 * unconditional override is preferred to a conditional one.
 */
export function prodOverrideOf(
  overrides: readonly ProdOverride[],
  entry: Pick<ConfigEntry, "app" | "key" | "name" | "path" | "env">,
  entries: readonly ConfigEntry[] = [],
): ProdOverride | null {
  const layer = configLayer(entry);
  const matching = overrides.filter((override) => {
    if (override.layer <= layer || override.app !== entry.app || override.key !== entry.key) return false;
    if (override.name === entry.name) return true;
    if (!entry.name.startsWith(`${override.name}.`)) return false;
    // `live_view: [signing_salt: ...]` merges into the list; `live_view: opts` replaces it.
    return !override.by.some(({ path, line }) =>
      entries.some(
        (other) =>
          other.path === path &&
          other.line === line &&
          other.name === override.name &&
          other.text.startsWith("["),
      ),
    );
  });
  return matching.find((override) => override.conditions.length === 0) ?? matching[0] ?? null;
}

/** What Elixir config says about the value written at a path and line of a config/*.exs file. */
export interface ConfigValueContext {
  entry: ConfigEntry;
  /** False in dev/test config (dev.exs, `if config_env() == :test`, custom envs such as bench.exs). */
  deployed: boolean;
  /** The production config that replaces the value whatever else holds, if any. */
  override: ProdOverride | null;
}

/** The config entry at a line of an Elixir config file, whether it reaches production, and what overrides it there. */
export function configValueAt(
  config: readonly ConfigEntry[],
  overrides: readonly ProdOverride[],
  path: string,
  line: number,
  name: string | null = null,
): ConfigValueContext | null {
  let atLine = config.filter((entry) => entry.path === path && entry.line === line);
  // A line inside a heredoc value (a PEM block under `jwt_signing_key: """`) belongs to the entry that opens it:
  // the nearest entry above it in the file, when its value is a heredoc.
  if (atLine.length === 0) {
    const above = config
      .filter((entry) => entry.path === path && entry.line < line)
      .sort((a, b) => b.line - a.line)[0];
    if (above && /^(~[sS])?"""/.test(above.text)) atLine = [above];
  }
  const entry =
    atLine.find((candidate) => name !== null && candidate.name.split(".").at(-1) === name) ?? atLine[0];
  if (!entry) return null;
  // Staging is deployed too, though it is not production.
  const deployed = entry.inProd || /^(staging|stage)$/.test(entry.env ?? "");
  const override = prodOverrideOf(overrides, entry, config);
  return { entry, deployed, override: override?.conditions.length === 0 ? override : null };
}
