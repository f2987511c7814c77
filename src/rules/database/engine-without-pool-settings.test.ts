import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/engine-without-pool-settings";
const PYPROJECT = '[project]\nname = "svc"\ndependencies = ["fastapi>=0.110", "sqlalchemy>=2"]\n';

describe(ID, () => {
  it("fires on create_engine with defaults in a FastAPI service", async () => {
    const findings = await findingsOf(ID, {
      "pyproject.toml": PYPROJECT,
      "app/db.py": "from sqlalchemy import create_engine\nengine = create_engine(settings.url)\n",
      "app/async_db.py":
        "from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine(settings.url, echo=True)\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/async_db.py:2",
      "app/db.py:2",
    ]);
  });

  it("stays silent with pool settings, on SQLite, in scripts and tests, and outside services", async () => {
    const files = {
      "app/db.py":
        "from sqlalchemy import create_engine\nengine = create_engine(settings.url, pool_pre_ping=True)\nlite = create_engine('sqlite:///local.db')\nother = create_engine(url, **opts)\n",
      "scripts/seed.py": "from sqlalchemy import create_engine\nengine = create_engine(url)\n",
      "tests/conftest.py": "from sqlalchemy import create_engine\nengine = create_engine(url)\n",
      "migrations/env.py": "from sqlalchemy import create_engine\nengine = create_engine(url)\n",
    };
    expect(await findingsOf(ID, { "pyproject.toml": PYPROJECT, ...files })).toEqual([]);
    expect(
      await findingsOf(ID, {
        "lib/db.py": "from sqlalchemy import create_engine\nengine = create_engine(url)\n",
      }),
    ).toEqual([]);
  });

  it("stays silent on an engine made for one function's work, and fires on one the function hands out", async () => {
    const files = {
      "app/check.py": [
        "from sqlalchemy import create_engine",
        "def db_is_at_head(url):",
        "    connectable = create_engine(url)",
        "    with connectable.begin() as connection:",
        "        return connection.scalar(text('select 1'))",
        "def make_engine(url):",
        "    engine = create_engine(url)",
        "    return engine",
      ].join("\n"),
    };
    const findings = await findingsOf(ID, { "pyproject.toml": PYPROJECT, ...files });
    expect(findings.map((f) => f.location?.startLine)).toEqual([7]);
  });
});
