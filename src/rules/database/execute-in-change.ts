// elixir/execute-in-change: `execute/1` inside `change/0` with no `down/0` — the migration cannot be rolled back.
import { posix } from "node:path";
import { hasMixProject } from "../../facts/elixir/applies.js";
import { migrationVersion } from "../../facts/elixir/migrations.js";
import { defineRule } from "../define-rule.js";

/** Migrations this close to the newest one of their folder ship with the next release. */
const RECENT_DAYS = 30;

/** Days between two `YYYYMMDDhhmmss` versions, or null when either is not a timestamp. */
function daysBetween(older: string, newer: string): number | null {
  const date = (version: string) => {
    const match = /^(\d{4})(\d{2})(\d{2})/.exec(version);
    return match && version.length >= 8
      ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
      : null;
  };
  const from = date(older);
  const to = date(newer);
  return from === null || to === null ? null : (to - from) / 86_400_000;
}

export default defineRule({
  id: "elixir/execute-in-change",
  area: "database",
  severity: "medium",
  title: "Irreversible execute/1 in a change/0 migration",
  effortMinutes: 15,
  docs: {
    rationale:
      "Ecto cannot reverse raw SQL: `execute/1` in `change/0` makes `mix ecto.rollback` raise Ecto.MigrationError when it reaches that migration.",
    impact:
      "A bad deploy cannot be rolled back past this migration; the down path has to be written under pressure.",
    fix: "Give the down SQL as the second argument, `execute(up_sql, down_sql)` (an empty string when there is nothing to undo), or split the migration into `up/0` and `down/0`.",
    example: {
      bad: 'def change do\n  execute "CREATE EXTENSION citext"\nend',
      good: 'def change do\n  execute "CREATE EXTENSION citext", "DROP EXTENSION citext"\nend',
      language: "elixir",
    },
  },
  notes: [
    "One finding per migration, with the lines of its irreversible `execute/1` calls (also those in private helpers `change/0` calls). `execute/2`, `execute/1` in `up/0`, and a `change/0` beside a `down/0` (Ecto then rolls back with `down/0`) are reversible.",
    `Medium for the migrations of the coming release (within ${RECENT_DAYS} days of the newest migration of the folder): a rollback of the last deploy runs them first. Low for older migrations, which have run everywhere and are rarely rolled back, and for migrations outside priv/ (run by the application's own migrator, not \`mix ecto.rollback\`).`,
    "Migrations under test folders are not reported.",
  ],
  applies: hasMixProject,
  check({ facts, report, readText }) {
    const newest = new Map<string, string>();
    for (const migration of facts.elixir.migrations) {
      const version = migrationVersion(migration.path);
      const folder = posix.dirname(migration.path);
      if (version && version > (newest.get(folder) ?? "")) newest.set(folder, version);
    }
    for (const migration of facts.elixir.migrations) {
      if (migration.isTest || migration.functions.includes("down")) continue;
      const irreversible = migration.executes.filter(
        (execute) => execute.fn === "change" && !execute.reversible,
      );
      if (irreversible.length === 0) continue;
      const folder = posix.dirname(migration.path);
      const version = migrationVersion(migration.path);
      const age = version ? daysBetween(version, newest.get(folder) ?? version) : null;
      const underPriv = /(^|\/)priv\//.test(folder);
      const recent = age !== null && age <= RECENT_DAYS;
      const lines = irreversible.map((execute) => execute.line);
      const why = !underPriv
        ? "; it lives outside priv/, so the application's own migrator runs it, not `mix ecto.rollback`"
        : recent
          ? ""
          : `; it is ${Math.floor(age ?? 0)} days older than the newest migration of ${folder}`;
      const source = readText(migration.path)?.split("\n") ?? [];
      const snippet = lines
        .slice(0, 5)
        .map((line) => `${line}: ${(source[line - 1] ?? "").trim()}`)
        .concat(lines.length > 5 ? [`… ${lines.length - 5} more`] : [])
        .join("\n");
      report({
        path: migration.path,
        line: lines[0],
        snippet,
        endLine: lines.at(-1),
        message: `${migration.module}.change/0 runs ${lines.length === 1 ? "execute/1" : `${lines.length} execute/1 calls`} with no down SQL (line${lines.length === 1 ? "" : "s"} ${lines.join(", ")}): rolling it back raises Ecto.MigrationError${why}`,
        key: `${migration.module}:execute-in-change`,
        severity: underPriv && recent ? "medium" : "low",
      });
    }
  },
});
