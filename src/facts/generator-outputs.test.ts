// Files written whole by the project's own generator scripts, found from the scripts.
import { describe, expect, it } from "vitest";
import { generatorOutputs } from "./generator-outputs.js";

function outputs(files: Record<string, string>): string[] {
  return generatorOutputs(Object.keys(files), (path) => files[path] ?? null).map((o) => o.path);
}

describe("generatorOutputs", () => {
  it("reads a Mix task's File.write! relative to the mix project", () => {
    const files = {
      "app/mix.exs": "defmodule App.MixProject do\nend\n",
      "app/lib/mix/tasks/app.gen.typescript.api.ex": [
        "defmodule Mix.Tasks.App.Gen.Typescript.Api do",
        "  def run(_) do",
        '    File.write!("assets/js/api/index.tsx", TsGen.generate(AppWeb.Api))',
        "  end",
        "end",
      ].join("\n"),
      "app/assets/js/api/index.tsx": "export function getUser() {}\n",
      "app/assets/js/pages/index.tsx": "export const pages = {};\n",
    };
    const found = generatorOutputs(Object.keys(files), (p) => files[p as keyof typeof files] ?? null);
    expect(found).toEqual([
      { path: "app/assets/js/api/index.tsx", writer: "app/lib/mix/tasks/app.gen.typescript.api.ex", line: 3 },
    ]);
  });

  it("reads Node and Python codegen scripts, go:generate outputs and gen targets", () => {
    expect(
      outputs({
        "package.json": JSON.stringify({
          scripts: { "gen:types": "openapi-typescript spec.yaml -o src/api/types.ts" },
        }),
        "src/api/types.ts": "export type A = string;\n",
        "scripts/gen-routes.mjs":
          "import fs from 'node:fs';\nfs.writeFileSync(path.join(__dirname, '..', 'src', 'routes.ts'), out);\n",
        "src/routes.ts": "export const routes = [];\n",
        "tools/make_enums.py": "with open('app/enums.py', 'w') as f:\n    f.write(code)\n",
        "app/enums.py": "A = 1\n",
        "internal/db/db.go": "package db\n//go:generate stringer -type=Kind -output kind_string.go\n",
        "internal/db/kind_string.go": "package db\n",
        Makefile: "generate:\n\tprotoc --go_out=. api.proto > api/api_gen.go\n",
        "api/api_gen.go": "package api\n",
      }),
    ).toEqual([
      "api/api_gen.go",
      "app/enums.py",
      "internal/db/kind_string.go",
      "src/api/types.ts",
      "src/routes.ts",
    ]);
  });

  it("stays silent on edited files, untracked outputs, data files and in-place patches", () => {
    expect(
      outputs({
        "mix.exs": "",
        // Not a Mix task: an application module writing a file at run time.
        "lib/app/export.ex":
          'defmodule App.Export do\n  def run, do: File.write!("lib/app/report.ex", "")\nend\n',
        "lib/app/report.ex": "defmodule App.Report do\nend\n",
        // A Mix task writing a file that is not tracked, and a data file.
        "lib/mix/tasks/app.dump.ex":
          'defmodule Mix.Tasks.App.Dump do\n  def run(_), do: File.write!("tmp/out.ex", "") && File.write!("package.json", "")\nend\n',
        "package.json": JSON.stringify({ scripts: { build: "tsc > src/build.ts" } }),
        "src/build.ts": "export {};\n",
        // A version bump reads the file it writes.
        "scripts/bump.js":
          "const v = fs.readFileSync('src/version.ts', 'utf8');\nfs.writeFileSync('src/version.ts', bump(v));\n",
        "src/version.ts": "export const version = '1.0.0';\n",
      }),
    ).toEqual([]);
  });
});
