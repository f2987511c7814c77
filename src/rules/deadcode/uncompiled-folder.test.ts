import { describe, expect, it } from "vitest";
import { analyseFiles, findingsIn, findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = `defmodule Shop.MixProject do
  use Mix.Project
  def project, do: [app: :shop, elixirc_paths: elixirc_paths(Mix.env()), deps: []]
  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]
end
`;
const ORDERS =
  "defmodule Shop.Orders do\n  def total(o), do: o.total\n  def get(sku), do: GenServer.call(__MODULE__, {:get, sku}, :infinity)\nend\n";

describe("generic/uncompiled-folder", () => {
  it("reports each folder outside elixirc_paths and test_paths once, with its size, and drops its files", async () => {
    const files = {
      "mix.exs": MIX,
      "lib/shop/orders.ex": ORDERS,
      "lib_old/shop/orders.ex": ORDERS,
      "lib_old2/shop/orders.ex": ORDERS,
      "test/support/factory.ex": "defmodule Shop.Factory do\nend\n",
      "test_old/orders_test.exs": "defmodule OrdersTest do\n  use ExUnit.Case\nend\n",
    };
    const findings = await findingsOf("generic/uncompiled-folder", files);
    expect(findings.map((f) => [f.title, f.severity])).toEqual([
      ["Folder of code the build never compiles: lib_old/", "low"],
      ["Folder of code the build never compiles: lib_old2/", "low"],
      ["Folder of code the build never compiles: test_old/", "low"],
    ]);
    expect(findings[0]?.message).toBe(
      "lib_old/ holds 1 file(s), 4 lines of code, that the build never compiles: outside elixirc_paths (lib, test/support) of mix.exs: mix never compiles it",
    );
    const result = await analyseFiles(files);
    expect(result.index.files.map((file) => file.path)).toEqual([
      "lib/shop/orders.ex",
      "mix.exs",
      "test/support/factory.ex",
    ]);
    // Per-file rules never see the dead copies: the infinite call timeout is reported once, in lib/.
    expect(
      result.findings.filter((f) => f.ruleId === "elixir/infinity-timeout").map((f) => f.location?.path),
    ).toEqual(["lib/shop/orders.ex"]);
  });

  it("reports an old copy or backup that nothing references, and a Go folder the go tool skips", async () => {
    const findings = await findingsOf("generic/uncompiled-folder", {
      "go.mod": "module example.com/shop\n\ngo 1.22\n",
      "internal/store/store.go": "package store\n\nfunc Get() int { return 1 }\n",
      "internal_old/store/store.go": "package store\n\nfunc Get() int { return 0 }\n",
      "_attic/main.go": "package main\n\nfunc main() {}\n",
      "internal/store/testdata/fixture.go": "package broken\n",
    });
    expect(findings.map((f) => f.title)).toEqual([
      "Folder of code the build never compiles: _attic/",
      "Folder of code the build never compiles: internal_old/",
    ]);
  });

  it("is medium from 2000 lines of code: a whole copy of the application, not a stray file", async () => {
    const big = Array.from({ length: 2100 }, (_, i) => `  def f${i}(x), do: x + ${i}`).join("\n");
    const findings = await findingsOf("generic/uncompiled-folder", {
      "mix.exs": MIX,
      "lib/shop/orders.ex": ORDERS,
      "lib_old/shop/big.ex": `defmodule Shop.Big do\n${big}\nend\n`,
    });
    expect(findings.map((f) => [f.title, f.severity])).toEqual([
      ["Folder of code the build never compiles: lib_old/", "medium"],
    ]);
  });

  it("stays silent on folders named like backups that code references, routed folders and test data", async () => {
    const result = await analyseFiles({
      "package.json": '{"name":"app","dependencies":{"next":"14.0.0"}}',
      "src/archive/zip.ts": "export function zip(): number { return 1 }\n",
      "src/index.ts": 'import { zip } from "./archive/zip";\nexport const z = zip();\n',
      "app/api/surveys/[id]/archive/route.ts":
        "export async function POST(): Promise<Response> { return new Response() }\n",
      "mix.exs": MIX,
      "lib/shop.ex": "defmodule Shop do\nend\n",
      "priv/templates/gen.ex": "defmodule Gen do\nend\n",
    });
    expect(findingsIn("generic/uncompiled-folder", result)).toEqual([]);
    expect(result.index.scope.excluded).toEqual([]);
  });

  it('reads every clause of elixirc_paths: a `["test/support" | elixirc_paths()]` head and both branches of an if', async () => {
    const mix = `defmodule Shop.MixProject do
  use Mix.Project
  def project, do: [app: :shop, elixirc_paths: elixirc_paths(Mix.env()), deps: []]
  defp elixirc_paths(env \\\\ nil)
  defp elixirc_paths(:test), do: ["test/support" | elixirc_paths()]
  defp elixirc_paths(_env) do
    if System.get_env("WITH_EXTRA") in ["1", "true"] do
      ["extra", "lib"]
    else
      ["lib"]
    end
  end
end
`;
    const result = await analyseFiles({
      "mix.exs": mix,
      "lib/shop/orders.ex": ORDERS,
      "extra/shop/plugin.ex": "defmodule Shop.Plugin do\nend\n",
      "test/support/factory.ex": "defmodule Shop.Factory do\nend\n",
      "lib_old/shop/orders.ex": ORDERS,
    });
    expect(result.index.scope.excluded.map((folder) => folder.path)).toEqual(["lib_old"]);
    expect(findingsIn("generic/uncompiled-folder", result)[0]?.message).toContain(
      "outside elixirc_paths (test/support, extra, lib) of mix.exs",
    );
  });

  it("says nothing of an Elixir project whose compiled paths are computed", async () => {
    const mix = `defmodule Shop.MixProject do
  use Mix.Project
  def project, do: [app: :shop, elixirc_paths: elixirc_paths(), deps: []]
  defp elixirc_paths, do: Path.wildcard("components/*/lib")
end
`;
    const result = await analyseFiles({
      "mix.exs": mix,
      "components/orders/lib/orders.ex": ORDERS,
      "web/shop/page.ex": "defmodule Shop.Page do\nend\n",
    });
    expect(result.index.scope.excluded).toEqual([]);
  });

  it("lists Go testdata as test data, not as dead code", async () => {
    const result = await analyseFiles({
      "go.mod": "module example.com/shop\n\ngo 1.22\n",
      "parser/parse.go": "package parser\n",
      "parser/testdata/bad.go": "package parser\nfunc (\n",
    });
    expect(result.index.scope.excluded.map((folder) => [folder.path, folder.kind])).toEqual([
      ["parser/testdata", "test-data"],
    ]);
    expect(findingsIn("generic/uncompiled-folder", result)).toEqual([]);
  });
});
