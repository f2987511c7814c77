// Delta audit building blocks: coverage readers, lint/type config comparison, import edges, the secret
// line scan, and the dependency and migration gates over synthetic facts.
import { describe, expect, it } from "vitest";
import { classifyChange } from "../src/delta/classify.js";
import { parseCoverageReport } from "../src/delta/coverage.js";
import { importEdges } from "../src/delta/imports.js";
import { compareLintConfig } from "../src/delta/lint-config.js";
import { gateCoverage, gateDependencies, gateMigrations, splitFindings } from "../src/delta/run-delta.js";
import type { RangeFacts } from "../src/delta/types.js";
import type { RepoFacts } from "../src/facts/repo-facts.js";

describe("delta coverage readers", () => {
  it("reads lcov, Cobertura, coverage.py JSON and Go coverprofiles", () => {
    expect(
      parseCoverageReport(
        "SF:a.ts\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\nSF:b.ts\nLF:2\nLH:2\nend_of_record\n",
        "lcov",
      ),
    ).toMatchObject({ linesFound: 4, linesHit: 3, percent: 75 });
    expect(parseCoverageReport("SF:a.ts\nDA:1,3\nDA:2,0\nend_of_record\n", "lcov-da")).toMatchObject({
      linesFound: 2,
      linesHit: 1,
      percent: 50,
    });
    expect(
      parseCoverageReport(
        '<?xml version="1.0"?>\n<coverage line-rate="0.8" lines-valid="50" lines-covered="40"><packages/></coverage>',
        "xml",
      ),
    ).toMatchObject({ percent: 80 });
    expect(
      parseCoverageReport('{"totals": {"num_statements": 200, "covered_lines": 150}}', "json"),
    ).toMatchObject({ percent: 75 });
    expect(
      parseCoverageReport(
        "mode: set\nexample.com/a/a.go:3.2,5.3 2 1\nexample.com/a/a.go:6.2,7.3 2 0\n",
        "go",
      ),
    ).toMatchObject({ linesFound: 4, linesHit: 2, percent: 50 });
    expect(parseCoverageReport("just some text\n", "text")).toBeNull();
    expect(parseCoverageReport("{broken", "bad json")).toBeNull();
  });

  it("fails only when coverage fell", () => {
    const at = (percent: number) => ({ source: "x", linesFound: 100, linesHit: percent, percent });
    expect(gateCoverage(at(80), at(80)).status).toBe("PASS");
    expect(gateCoverage(at(80), at(79)).status).toBe("FAIL");
    expect(gateCoverage(null, at(79)).status).toBe("N/A");
  });
});

describe("delta lint/type configuration comparison", () => {
  it("finds ESLint rules lowered and mypy/ruff loosened", () => {
    expect(
      compareLintConfig(
        ".eslintrc.json",
        '{"rules": {"no-unused-vars": "error", "eqeqeq": ["error", "always"]}}',
        '{"rules": {"no-unused-vars": "warn", "eqeqeq": ["error", "always"]}}',
      ),
    ).toEqual([{ path: ".eslintrc.json", what: "rule no-unused-vars lowered from error to warn" }]);
    const before = '[tool.ruff]\nselect = ["E", "F", "B"]\n[tool.mypy]\nstrict = true\n';
    const after = '[tool.ruff]\nselect = ["E", "F"]\nignore = ["E501"]\n[tool.mypy]\nstrict = false\n';
    expect(compareLintConfig("pyproject.toml", before, after).map((w) => w.what)).toEqual([
      "ruff select no longer includes B",
      "ruff ignore gained E501",
      "mypy strict turned off",
    ]);
    expect(
      compareLintConfig(
        "mypy.ini",
        "[mypy]\ndisallow_untyped_defs = True\n",
        "[mypy]\ndisallow_untyped_defs = False\n",
      ).map((w) => w.what),
    ).toEqual(["mypy disallow_untyped_defs turned off"]);
    expect(
      compareLintConfig(
        "tsconfig.json",
        '{"compilerOptions": {"strict": true}}',
        '{"compilerOptions": {"strict": true, "noImplicitAny": false}}',
      ).map((w) => w.what),
    ).toEqual(["compilerOptions.noImplicitAny turned off (was on)"]);
  });

  it("stays silent when configuration got stricter or only reformatted", () => {
    expect(
      compareLintConfig(
        "tsconfig.json",
        '{"compilerOptions": {"strict": false}}',
        '{\n  // now strict\n  "compilerOptions": {"strict": true,},\n}',
      ),
    ).toEqual([]);
    expect(
      compareLintConfig(
        ".eslintrc.json",
        '{"rules": {"eqeqeq": "warn"}}',
        '{"rules": {"eqeqeq": "error", "no-var": "error"}}',
      ),
    ).toEqual([]);
    expect(
      compareLintConfig(
        "pyproject.toml",
        '[tool.ruff]\nselect = ["E"]\n',
        '[tool.ruff.lint]\nselect = ["E", "F"]\n',
      ),
    ).toEqual([]);
    expect(compareLintConfig("pyproject.toml", "[project]\nname = 'x'\n", "[project]\nname = 'y'\n")).toEqual(
      [],
    );
  });

  it("reports a deleted linter config", () => {
    expect(compareLintConfig(".golangci.yml", "linters:\n  enable: [errcheck]\n", null)).toEqual([
      { path: ".golangci.yml", what: "configuration file deleted" },
    ]);
    expect(
      compareLintConfig(
        ".golangci.yml",
        "linters:\n  enable: [errcheck, gosec]\n",
        "linters:\n  enable: [errcheck]\n",
      ).map((w) => w.what),
    ).toEqual(["golangci-lint no longer enables gosec"]);
  });
});

describe("delta import edges", () => {
  it("resolves TS, Python, Go and Elixir references among changed files only", () => {
    const edges = importEdges([
      {
        path: "src/a.ts",
        text: 'import { b } from "./b.js";\nimport x from "lodash";\nconst c = require("../lib/c");\n',
      },
      { path: "src/b.ts", text: "export const b = 1;\n" },
      { path: "lib/c.js", text: "module.exports = 1;\n" },
      { path: "pkg/app/views.py", text: "from .models import User\nimport pkg.app.util as u\n" },
      { path: "pkg/app/models.py", text: "class User: pass\n" },
      { path: "pkg/app/util.py", text: "X = 1\n" },
      {
        path: "cmd/main.go",
        text: 'package main\nimport "example.com/demo/internal/store"\nfunc main() { store.Open() }\n',
      },
      { path: "internal/store/store.go", text: "package store\nfunc Open() {}\n" },
      {
        path: "lib/demo/web.ex",
        text: "defmodule Demo.Web do\n  alias Demo.Repo\n  def f, do: Repo.all()\nend\n",
      },
      { path: "lib/demo/repo.ex", text: "defmodule Demo.Repo do\nend\n" },
    ]);
    expect(edges).toEqual([
      { from: "cmd/main.go", to: "internal/store/store.go" },
      { from: "lib/demo/web.ex", to: "lib/demo/repo.ex" },
      { from: "pkg/app/views.py", to: "pkg/app/models.py" },
      { from: "pkg/app/views.py", to: "pkg/app/util.py" },
      { from: "src/a.ts", to: "lib/c.js" },
      { from: "src/a.ts", to: "src/b.ts" },
    ]);
  });

  it("draws no edge for imports of unchanged files or packages", () => {
    expect(
      importEdges([
        { path: "src/a.ts", text: 'import { b } from "./b.js";\nimport "react";\n' },
        { path: "src/c.ts", text: "export {};\n" },
      ]),
    ).toEqual([]);
  });
});

const range = (paths: string[]): RangeFacts => ({
  base: "a".repeat(40),
  head: "b".repeat(40),
  baseRef: "a",
  headRef: "b",
  commits: [],
  files: paths.map((path) => ({
    path,
    oldPath: null,
    status: "added" as const,
    kind: classifyChange(path),
    insertions: 1,
    deletions: 0,
  })),
  insertions: paths.length,
  deletions: 0,
  addedLines: new Map(),
  removedLines: new Map(),
});

describe("delta dependency and migration gates", () => {
  const dep = {
    ecosystem: "Hex" as const,
    name: "jason",
    requirement: "~> 1.4",
    dev: false,
    source: { kind: "registry" as const },
    manifest: "mix.exs",
    line: 12,
  };
  it("lists new dependencies and fails on advisories when advisory data is loaded", () => {
    const facts = {
      dependencies: { declared: [dep], locked: [], manifests: ["mix.exs"], lockfiles: [] },
      advisories: { loaded: true, matches: [] },
    } as unknown as RepoFacts;
    const added = [{ ...dep, advisories: ["GHSA-xxxx"] }];
    expect(gateDependencies(added, facts, range(["mix.exs"]))).toMatchObject({
      status: "FAIL",
      evidence: "jason: GHSA-xxxx",
    });
    const clean = [{ ...dep, advisories: [] }];
    const gate = gateDependencies(clean, facts, range(["mix.exs"]));
    expect(gate.status).toBe("PASS");
    expect(gate.evidence).toContain("jason ~> 1.4 (Hex) at mix.exs:12");
  });

  it("is not applicable when no advisory data is loaded, and says so", () => {
    const facts = {
      dependencies: { declared: [dep], locked: [], manifests: ["mix.exs"], lockfiles: [] },
    } as unknown as RepoFacts;
    const gate = gateDependencies([{ ...dep, advisories: [] }], facts, range(["mix.exs"]));
    expect(gate.status).toBe("N/A");
    expect(gate.evidence).toContain("advisory data not loaded");
  });

  it("fails an irreversible migration when migration facts exist", () => {
    const path = "priv/repo/migrations/20240101_drop.exs";
    const facts = {
      elixir: { migrations: [{ path, reversible: false, reason: "execute/1 without a down" }] },
    } as unknown as RepoFacts;
    expect(gateMigrations(range([path]), facts)).toMatchObject({
      status: "FAIL",
      evidence: `${path}: execute/1 without a down`,
    });
    const ok = { elixir: { migrations: [{ path, reversible: true }] } } as unknown as RepoFacts;
    expect(gateMigrations(range([path]), ok).status).toBe("PASS");
    expect(gateMigrations(range([path]), {} as RepoFacts).status).toBe("N/A");
  });
});

describe("delta new/fixed split", () => {
  const finding = (id: string, message: string, line: number) =>
    ({
      id,
      ruleId: "generic/complex-function",
      message,
      location: { path: "core.py", startLine: line, endLine: line },
    }) as unknown as import("../src/model/finding.js").Finding;

  it("pairs repeated findings by message when occurrence suffixes shift", () => {
    const base = [
      finding("abc", "first has complexity 28", 10),
      finding("abc-1", "second has complexity 48", 90),
      finding("zzz", "gone", 5),
    ];
    const head = [finding("abc", "second has complexity 48", 70), finding("new", "fresh", 3)];
    const split = splitFindings(base, head);
    expect(split.fixed.map((f) => f.message)).toEqual(["first has complexity 28", "gone"]);
    expect(split.added.map((f) => f.id)).toEqual(["new"]);
    expect(split.unchanged.map((f) => f.message)).toEqual(["second has complexity 48"]);
  });

  it("keeps a single finding unchanged when only its message changed", () => {
    const split = splitFindings([finding("abc", "complexity 28", 10)], [finding("abc", "complexity 30", 12)]);
    expect(split).toMatchObject({ added: [], fixed: [] });
    expect(split.unchanged).toHaveLength(1);
  });
});

describe("delta tsconfig strictness", () => {
  it("reports strict turned off once, plus explicit flags the base had set", () => {
    expect(
      compareLintConfig(
        "tsconfig.json",
        '{"compilerOptions": {"strict": true, "noUncheckedIndexedAccess": true}}',
        '{"compilerOptions": {"strict": false}}',
      ).map((w) => w.what),
    ).toEqual([
      "compilerOptions.strict turned off (was on)",
      "compilerOptions.noUncheckedIndexedAccess turned off (was on)",
    ]);
    expect(
      compareLintConfig(
        "tsconfig.json",
        '{"compilerOptions": {"strict": true}}',
        '{"compilerOptions": {"strict": true, "skipLibCheck": true}}',
      ).map((w) => w.what),
    ).toEqual(["compilerOptions.skipLibCheck turned on"]);
  });
});

describe("delta Go import edges with a module path", () => {
  it("resolves imports of the module's root package and subpackages", () => {
    const files = [
      { path: "command.go", text: "package cobra\nfunc Run() {}\n" },
      {
        path: "doc/man_docs.go",
        text: 'package doc\nimport "github.com/spf13/cobra"\nfunc G() { cobra.Run() }\n',
      },
      { path: "doc/util.go", text: "package doc\n" },
      {
        path: "cmd/x/main.go",
        text: 'package main\nimport "github.com/spf13/cobra/doc"\nfunc main() { doc.G() }\n',
      },
    ];
    expect(importEdges(files, { goModule: "github.com/spf13/cobra" })).toEqual([
      { from: "cmd/x/main.go", to: "doc/man_docs.go" },
      { from: "cmd/x/main.go", to: "doc/util.go" },
      { from: "doc/man_docs.go", to: "command.go" },
    ]);
    // Near-miss: another module's package of the same folder name.
    expect(
      importEdges(
        [
          files[2] as (typeof files)[number],
          { path: "x.go", text: 'package x\nimport "example.com/other/doc"\n' },
        ],
        { goModule: "github.com/spf13/cobra" },
      ),
    ).toEqual([]);
  });
});

describe("delta golangci comparison across the v2 format", () => {
  it("accepts renamed and deprecated linters and formatters moved out of linters", () => {
    const v1 =
      "linters:\n  enable:\n    - gas\n    - golint\n    - goimports\n    - megacheck\n    - errcheck\n";
    const v2 =
      'version: "2"\nformatters:\n  enable: [goimports]\nlinters:\n  default: none\n  enable: [gosec, staticcheck, errcheck]\n';
    expect(compareLintConfig(".golangci.yml", v1, v2)).toEqual([]);
    expect(
      compareLintConfig(".golangci.yml", v1, 'version: "2"\nlinters:\n  enable: [gosec, staticcheck]\n').map(
        (w) => w.what,
      ),
    ).toEqual(["golangci-lint no longer enables goimports, errcheck"]);
  });
});

describe("delta migration judgement from pack facts", () => {
  const path = "priv/repo/migrations/1_m.exs";
  it("judges Ecto and Alembic migration facts", () => {
    const ecto = (m: object) => ({ elixir: { migrations: [{ path, ...m }] } }) as unknown as RepoFacts;
    expect(
      gateMigrations(
        range([path]),
        ecto({ functions: ["change"], executes: [{ line: 4, inChange: true, reversible: false }] }),
      ),
    ).toMatchObject({
      status: "FAIL",
      evidence: `${path}: execute/1 without down SQL inside change/0 (line 4)`,
    });
    expect(gateMigrations(range([path]), ecto({ functions: ["up"], executes: [] }))).toMatchObject({
      status: "FAIL",
      evidence: `${path}: up/0 without down/0`,
    });
    expect(
      gateMigrations(
        range([path]),
        ecto({ functions: ["change"], executes: [{ line: 4, inChange: true, reversible: true }] }),
      ).status,
    ).toBe("PASS");
    expect(gateMigrations(range([path]), ecto({ functions: ["up", "down"], executes: [] })).status).toBe(
      "PASS",
    );
    const alembic = "alembic/versions/2_m.py";
    const py = (m: object) =>
      ({ python: { migrations: [{ path: alembic, upgradeOps: 1, ...m }] } }) as unknown as RepoFacts;
    expect(gateMigrations(range([alembic]), py({ downgradeLine: 9, downgradeEmpty: true }))).toMatchObject({
      status: "FAIL",
      evidence: `${alembic}: downgrade() (line 9) is empty`,
    });
    expect(gateMigrations(range([alembic]), py({ downgradeLine: 9, downgradeEmpty: false })).status).toBe(
      "PASS",
    );
  });
});
