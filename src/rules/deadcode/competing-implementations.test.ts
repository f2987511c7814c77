import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";

describe("elixir/competing-implementations", () => {
  it("reports several cache modules together", async () => {
    const findings = await findingsOf("elixir/competing-implementations", {
      "mix.exs": MIX,
      "lib/a/catalog/price_cache.ex": "defmodule A.Catalog.PriceCache do\n  use Agent\nend\n",
      "lib/a/inventory/cache.ex": "defmodule A.Inventory.Cache do\n  use GenServer\nend\n",
      "lib/a/inventory/cache/server.ex": "defmodule A.Inventory.Cache.Server do\nend\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("2 cache modules: A.Catalog.PriceCache, A.Inventory.Cache");
    expect(findings[0]?.location).toMatchObject({ path: "lib/a/catalog/price_cache.ex", startLine: 1 });
  });

  it("stays silent on one implementation with web, worker, plug and look-alike modules around it", async () => {
    const findings = await findingsOf("elixir/competing-implementations", {
      "mix.exs": MIX,
      "lib/a/search.ex": "defmodule A.Search do\nend\n",
      "lib/a/workers/search.ex": "defmodule A.Workers.Search do\nend\n",
      "lib/a_web/controllers/search_controller.ex":
        "defmodule AWeb.SearchController do\n  use AWeb, :controller\nend\n",
      "lib/a_web/live/search.ex": "defmodule AWeb.Live.Search do\n  use AWeb, :live_view\nend\n",
      "lib/a_web/plugs/cache_control.ex": "defmodule AWeb.Plugs.CacheControl do\nend\n",
      "lib/a/cache.ex": "defmodule A.Cache do\nend\n",
      "lib/a_web/api/people/search.ex": "defmodule AWeb.Api.People.Search do\nend\n",
      "lib/a_web/api.ex": "defmodule AWeb.Api do\n  defmodule Projects.Search do\n  end\nend\n",
    });
    expect(findings).toEqual([]);
  });

  it("does not count an Ecto schema declared with TypedEctoSchema (a record of saved searches, not a search)", async () => {
    const schema = (name: string) =>
      `defmodule ${name} do\n  use TypedEctoSchema\n  typed_schema "saved_searches" do\n    field :querystring, :string\n  end\nend\n`;
    const files = {
      "mix.exs": MIX,
      "lib/a/logs/search.ex": "defmodule A.Logs.Search do\n  def search(q), do: q\nend\n",
    };
    expect(
      await findingsOf("elixir/competing-implementations", {
        ...files,
        "lib/a/saved_searches/saved_search.ex": schema("A.SavedSearch"),
      }),
    ).toEqual([]);
    // Near miss: a second search module that is not a schema.
    const findings = await findingsOf("elixir/competing-implementations", {
      ...files,
      "lib/a/saved_searches/saved_search.ex": "defmodule A.SavedSearch do\n  def search(q), do: q\nend\n",
    });
    expect(findings.map((f) => f.message)).toEqual(["2 search modules: A.Logs.Search, A.SavedSearch"]);
  });

  it("does not count modules that delegate to a caching library or to another cache module", async () => {
    const findings = await findingsOf("elixir/competing-implementations", {
      "mix.exs": MIX,
      "lib/a/flags/cache.ex":
        "defmodule A.Flags.Cache do\n  def get(k), do: Cachex.get(__MODULE__, k)\nend\n",
      "lib/a/tenants/cache.ex":
        "defmodule A.Tenants.Cache do\n  def get(k), do: Cachex.fetch(__MODULE__, k)\nend\n",
      "lib/a/cache.ex": "defmodule A.Cache do\n  def get(k), do: ConCache.get(__MODULE__, k)\nend\n",
      "lib/a/hash_cache.ex": "defmodule A.HashCache do\n  def get(k), do: A.Cache.get({:hash, k})\nend\n",
    });
    expect(findings).toEqual([]);
  });

  it("does not count an in-memory cache and a cache kept in a store as competing", async () => {
    const memory =
      "defmodule A.Cache do\n  use GenServer\n  def fetch(key), do: :ets.lookup(__MODULE__, key)\nend\n";
    const stored =
      "defmodule A.Diff.Cache do\n  def fetch(key), do: A.Store.fetch(:diff_bucket, key)\n  def put(key, data), do: A.Store.put(:diff_bucket, key, data)\nend\n";
    expect(
      await findingsOf("elixir/competing-implementations", {
        "mix.exs": MIX,
        "lib/a/cache.ex": memory,
        "lib/a/diff/cache.ex": stored,
      }),
    ).toEqual([]);
    // Two in-memory caches do compete.
    const findings = await findingsOf("elixir/competing-implementations", {
      "mix.exs": MIX,
      "lib/a/cache.ex": memory,
      "lib/a/diff/cache.ex": stored,
      "lib/a/catalog/price_cache.ex":
        "defmodule A.Catalog.PriceCache do\n  def get(key), do: :ets.lookup(:prices, key)\nend\n",
    });
    expect(findings.map((f) => f.message)).toEqual(["2 cache modules: A.Cache, A.Catalog.PriceCache"]);
  });

  it("does not count a module that sets HTTP cache headers on the connection, counts the caches that keep entries", async () => {
    const headers =
      'defmodule A.Web.Cache do\n  import Plug.Conn\n  def cache(conn, control), do: put_resp_header(conn, "cache-control", control)\nend\n';
    const qualified =
      'defmodule A.Http.Cache do\n  def cache(conn), do: Plug.Conn.put_resp_header(conn, "cache-control", "public")\nend\n';
    const ets = (name: string) => `defmodule ${name} do\n  def get(key), do: :ets.lookup(:t, key)\nend\n`;
    const findings = await findingsOf("elixir/competing-implementations", {
      "mix.exs": MIX,
      "lib/a/web/cache.ex": headers,
      "lib/a/http/cache.ex": qualified,
      "lib/a/cache.ex": ets("A.Cache"),
    });
    expect(findings).toEqual([]);
    // Near miss: a second cache keeping entries in ETS does compete, whatever the header helpers beside it.
    const two = await findingsOf("elixir/competing-implementations", {
      "mix.exs": MIX,
      "lib/a/web/cache.ex": headers,
      "lib/a/cache.ex": ets("A.Cache"),
      "lib/a/content/redirect_cache.ex": ets("A.Content.RedirectCache"),
    });
    expect(two.map((f) => f.message)).toEqual(["2 cache modules: A.Cache, A.Content.RedirectCache"]);
  });
});
