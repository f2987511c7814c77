import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const migration = (module: string, body: string) =>
  `defmodule A.Repo.Migrations.${module} do\n  use Ecto.Migration\n${body}\nend\n`;

describe("elixir/execute-in-change", () => {
  it("fires once per migration on execute/1 inside change/0, medium for the newest migrations", async () => {
    const findings = await findingsOf("elixir/execute-in-change", {
      "mix.exs": MIX,
      "priv/repo/migrations/20240105000000_ext.exs": migration(
        "Ext",
        '  def change do\n    execute "CREATE EXTENSION citext"\n    execute "UPDATE users SET email = lower(email)"\n  end',
      ),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "medium",
      location: { path: "priv/repo/migrations/20240105000000_ext.exs", startLine: 4, endLine: 5 },
    });
    expect(findings[0]?.message).toBe(
      "A.Repo.Migrations.Ext.change/0 runs 2 execute/1 calls with no down SQL (lines 4, 5): rolling it back raises Ecto.MigrationError",
    );
  });

  it("is low for old migrations and for migrations outside priv/", async () => {
    const findings = await findingsOf("elixir/execute-in-change", {
      "mix.exs": MIX,
      "priv/repo/migrations/20200101000000_old.exs": migration(
        "Old",
        '  def change do\n    execute "CREATE EXTENSION citext"\n  end',
      ),
      "priv/repo/migrations/20240105000000_new.exs": migration(
        "New",
        "  def change do\n    create table(:x) do\n      add :name, :string\n    end\n  end",
      ),
      "lib/a/tenants/migrations/20240105000000_tenant.ex": migration(
        "Tenant",
        '  def change do\n    execute "CREATE SCHEMA tenant"\n  end',
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lib/a/tenants/migrations/20240105000000_tenant.ex", "low"],
      ["priv/repo/migrations/20200101000000_old.exs", "low"],
    ]);
    expect(findings[1]?.message).toContain(
      "1465 days older than the newest migration of priv/repo/migrations",
    );
  });

  it("stays silent on execute/2, execute/1 in up/0, change/0 with a down/0, and test migrations", async () => {
    const findings = await findingsOf("elixir/execute-in-change", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_ext.exs": migration(
        "Ext",
        '  def change do\n    execute "CREATE EXTENSION citext", "DROP EXTENSION citext"\n  end',
      ),
      "priv/repo/migrations/2_ext.exs": migration(
        "Ext2",
        '  def up do\n    execute "CREATE EXTENSION pg_trgm"\n  end\n  def down do\n    execute "DROP EXTENSION pg_trgm"\n  end',
      ),
      "priv/repo/migrations/3_ext.exs": migration(
        "Ext3",
        '  def change do\n    execute "CREATE EXTENSION hstore"\n  end\n  def down do\n    execute "DROP EXTENSION hstore"\n  end',
      ),
      "test/support/migrations/4_tables.exs": migration(
        "TestTables",
        '  def change do\n    execute "CREATE EXTENSION vector"\n  end',
      ),
    });
    expect(findings).toEqual([]);
  });
});
