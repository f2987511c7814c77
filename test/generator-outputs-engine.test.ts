// A file the project's own generator writes is left out of source analysis, header or not.
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { indexFromMemory } from "../src/repo/repo-index.js";

const bigClient = Array.from(
  { length: 60 },
  (_, i) =>
    `export async function call${i}(input: { id: string }) {\n  return post("/api/call${i}", input);\n}\n`,
).join("\n");

describe("generator outputs in the engine", () => {
  it("skips a file a Mix task writes, and analyses it when nothing writes it", async () => {
    const files = {
      "app/mix.exs": "defmodule App.MixProject do\nend\n",
      "app/lib/mix/tasks/app.gen.api.ex":
        'defmodule Mix.Tasks.App.Gen.Api do\n  def run(_) do\n    File.write!("assets/js/api/index.ts", App.TsGen.generate())\n  end\nend\n',
      "app/assets/js/api/index.ts": bigClient,
    };
    const generated = await runEngine(indexFromMemory(files), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    expect(generated.facts.codeMetrics.files.map((f) => f.path)).not.toContain("app/assets/js/api/index.ts");
    expect(generated.diagnostics).toContainEqual({
      kind: "skipped-generated",
      path: "app/assets/js/api/index.ts",
      message:
        "written by the project's generator app/lib/mix/tasks/app.gen.api.ex:3: not analysed as source",
    });
    expect(generated.findings.filter((f) => f.location?.path === "app/assets/js/api/index.ts")).toEqual([]);

    const { ["app/lib/mix/tasks/app.gen.api.ex"]: _writer, ...handWritten } = files;
    const edited = await runEngine(indexFromMemory(handWritten), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    expect(edited.facts.codeMetrics.files.map((f) => f.path)).toContain("app/assets/js/api/index.ts");
    expect(edited.findings.some((f) => f.ruleId === "generic/god-file")).toBe(true);
  });

  it("reads a `//go:generate … -o` line of a Go file, and no other Go file's text", async () => {
    const files = {
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      "api/doc.go": "package api\n\n//go:generate oapi-codegen -o client_api.go openapi.yaml\n",
      "api/client_api.go": "package api\n\nfunc Call() int { return 1 }\n",
      "api/server.go": "package api\n\nfunc Serve() int { return 2 }\n",
    };
    const result = await runEngine(indexFromMemory(files), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    expect(result.diagnostics.filter((d) => d.kind === "skipped-generated").map((d) => d.path)).toEqual([
      "api/client_api.go",
    ]);
  });

  it("skips source files a .gitattributes marks linguist-generated, the last matching line deciding", async () => {
    const files = {
      ".gitattributes": [
        "*.sh text eol=lf",
        "sdk/python/** linguist-generated=true",
        "sdk/python/polar/hand.py -linguist-generated",
        "clients/src/v1.ts linguist-generated",
      ].join("\n"),
      "sdk/python/polar/client.py": "def get():\n    return 1\n",
      "sdk/python/polar/hand.py": "def put():\n    return 2\n",
      "sdk/python/pyproject.toml": '[project]\nname = "polar-sdk"\n',
      "clients/src/v1.ts": "export const v = 1;\n",
      "clients/src/v2.ts": "export const w = 2;\n",
      "docs/.gitattributes": "*.py linguist-generated=false\n",
      "docs/gen.py": "x = 1\n",
    };
    const result = await runEngine(indexFromMemory(files), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    const skipped = result.diagnostics.filter((d) => d.kind === "skipped-generated");
    expect(skipped.map((d) => d.path).sort()).toEqual(["clients/src/v1.ts", "sdk/python/polar/client.py"]);
    expect(skipped.find((d) => d.path === "sdk/python/polar/client.py")?.message).toBe(
      "marked linguist-generated at .gitattributes:2: not analysed as source",
    );
  });
});
