import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/execute-in-change", () => {
  it("fires on execute/1 inside change/0", async () => {
    const findings = await findingsOf("elixir/execute-in-change", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_ext.exs":
        'defmodule A.Repo.Migrations.Ext do\n  use Ecto.Migration\n  def change do\n    execute "CREATE EXTENSION citext"\n  end\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toMatchObject({ path: "priv/repo/migrations/1_ext.exs", startLine: 4 });
  });

  it("stays silent on execute/2 in change/0 and execute/1 in up/0 with a down/0", async () => {
    const findings = await findingsOf("elixir/execute-in-change", {
      "mix.exs": MIX,
      "priv/repo/migrations/1_ext.exs":
        'defmodule A.Repo.Migrations.Ext do\n  use Ecto.Migration\n  def change do\n    execute "CREATE EXTENSION citext", "DROP EXTENSION citext"\n  end\nend\n',
      "priv/repo/migrations/2_ext.exs":
        'defmodule A.Repo.Migrations.Ext2 do\n  use Ecto.Migration\n  def up do\n    execute "CREATE EXTENSION pg_trgm"\n  end\n  def down do\n    execute "DROP EXTENSION pg_trgm"\n  end\nend\n',
    });
    expect(findings).toEqual([]);
  });
});
