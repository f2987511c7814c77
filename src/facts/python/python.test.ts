import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("python facts", () => {
  it("reads PEP 621, Poetry, requirements, setup.cfg and lockfiles with lines", async () => {
    const { facts, diagnostics } = await analyseFiles({
      "pyproject.toml": [
        "[project]",
        'name = "svc"',
        "dependencies = [",
        '  "FastAPI>=0.110",',
        "  \"SQLAlchemy[asyncio]>=2.0 ; python_version >= '3.11'\",",
        "]",
        "[project.optional-dependencies]",
        'test = ["pytest>=8"]',
        "[tool.poetry.dependencies]",
        'python = "^3.11"',
        'celery = { version = "^5.3", extras = ["redis"] }',
        'internal-lib = { git = "https://github.com/acme/lib.git", rev = "abc1234" }',
        "[tool.poetry.group.dev.dependencies]",
        'black = "^24.1"',
        "[tool.ruff.lint]",
        'select = ["E", "F"]',
        "[tool.coverage.report]",
        "fail_under = 85",
      ].join("\n"),
      "requirements-dev.txt": "# dev\nrequests==2.31.0\n-r requirements.txt\nhttpx>=0.27  # client\n",
      "setup.cfg":
        "[metadata]\nname = svc\n[options]\ninstall_requires =\n    redis>=5\n    click\n[mypy]\nstrict = True\n",
      "poetry.lock":
        '[[package]]\nname = "celery"\nversion = "5.3.6"\ncategory = "main"\n\n[[package]]\nname = "black"\nversion = "24.1.1"\ncategory = "dev"\n',
      "Pipfile.lock": JSON.stringify({ default: { flask: { version: "==3.0.2" } }, develop: {} }, null, 2),
      "app/broken.toml": "not = [valid",
    });
    const deps = facts.python.dependencies;
    const declared = Object.fromEntries(
      deps.declared.map((d) => [d.name, `${d.manifest}:${d.line}:${d.requirement}:${d.dev}`]),
    );
    expect(declared).toMatchObject({
      fastapi: "pyproject.toml:4:>=0.110:false",
      sqlalchemy: "pyproject.toml:5:>=2.0:false",
      pytest: "pyproject.toml:8:>=8:true",
      celery: "pyproject.toml:11:^5.3:false",
      black: "pyproject.toml:14:^24.1:true",
      requests: "requirements-dev.txt:2:==2.31.0:true",
      httpx: "requirements-dev.txt:4:>=0.27:true",
      redis: "setup.cfg:5:>=5:false",
      click: "setup.cfg:6:null:false",
    });
    expect(deps.declared.find((d) => d.name === "internal-lib")?.source).toEqual({
      kind: "git",
      url: "https://github.com/acme/lib.git",
      pinned: true,
      ref: "abc1234",
    });
    expect(deps.declared.some((d) => d.name === "python")).toBe(false);
    const locked = Object.fromEntries(
      deps.locked.map((l) => [`${l.lockfile}:${l.name}`, `${l.version}:${l.line}:${l.dev}`]),
    );
    expect(locked).toEqual({
      "poetry.lock:celery": "5.3.6:2:false",
      "poetry.lock:black": "24.1.1:7:true",
      "Pipfile.lock:flask": "3.0.2:3:false",
      "requirements-dev.txt:requests": "2.31.0:2:true",
    });
    expect(deps.lockfiles.sort()).toEqual(["Pipfile.lock", "poetry.lock", "requirements-dev.txt"]);
    const tools = facts.python.tools.map(
      (t) => `${t.tool}@${t.path}:${t.line}:${JSON.stringify(t.settings)}`,
    );
    expect(tools).toEqual([
      'coverage@pyproject.toml:17:{"fail_under":"85"}',
      'mypy@setup.cfg:7:{"strict":"True"}',
      'ruff@pyproject.toml:15:{"select":"E, F"}',
    ]);
    expect(
      diagnostics.filter(
        (d) => d.kind === "invalid-config" && d.path?.endsWith(".toml") && d.path.startsWith("pyproject"),
      ),
    ).toEqual([]);
  });

  it("records apps, engines, migrations, settings classes and env reads, and describes them", async () => {
    const result = await analyseFiles({
      "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
      "app/db.py":
        "import os\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\nengine = create_engine('postgresql://u:pw@db/x', pool_size=5)\nSessionLocal = sessionmaker(bind=engine)\nURL = os.environ['DB_URL']\n",
      "app/config.py":
        "from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    a: int = 1\n    b: str = 'x'\n",
      "migrations/versions/1.py":
        "from alembic import op\nrevision = '1'\ndown_revision = None\ndef upgrade():\n    op.create_table('t')\ndef downgrade():\n    pass\n",
    });
    const py = result.facts.python;
    expect(py.frameworks).toEqual([{ framework: "fastapi", line: 2, name: "app", path: "app/main.py" }]);
    expect(py.engines[0]).toMatchObject({
      path: "app/db.py",
      line: 4,
      keywords: ["pool_size"],
      url: "postgresql://u:***@db/x",
    });
    expect(py.sessionFactories).toEqual([{ call: "sessionmaker", path: "app/db.py", line: 5 }]);
    expect(py.settingsClasses).toEqual([
      {
        name: "Settings",
        base: "pydantic_settings.BaseSettings",
        path: "app/config.py",
        line: 2,
        endLine: 4,
        fields: 2,
      },
    ]);
    expect(py.migrations[0]).toMatchObject({
      revision: "1",
      downRevision: null,
      upgradeOps: 1,
      downgradeEmpty: true,
      downgradeLine: 6,
    });
    expect(py.envReads).toEqual([
      { name: "DB_URL", path: "app/db.py", line: 6, via: "os.environ[]", isTest: false },
    ]);
    const labels = result.areaFacts.map((f) => f.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        "FastAPI app",
        "SQLAlchemy create_engine",
        "Alembic migrations",
        "Pydantic settings Settings",
      ]),
    );
  });
});
