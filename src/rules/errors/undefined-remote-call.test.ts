import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const search = [
  "defmodule App.Search do",
  "  def index(docs, opts \\\\ []), do: {docs, opts}",
  "  defp rank(docs), do: docs",
  "end",
].join("\n");

describe("elixir/undefined-remote-call", () => {
  it("fires on a call to a function the in-repo module does not define, or defines only privately", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/search.ex": search,
      "lib/app/agent.ex": [
        "defmodule App.Agent do",
        "  alias App.Search",
        "  def run(q) do",
        "    Search.search(q, 5)",
        "    Search.rank([q])",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual(["4 high", "5 high"]);
    expect(findings[0]?.message).toContain("`App.Search.search/2` is undefined or private");
    expect(findings[1]?.message).toContain("only as a private function");
  });

  it("is medium in tests and .exs scripts, which no release runs, and low in migrations", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/search.ex": search,
      "test/app/search_test.exs": [
        "defmodule App.SearchTest do",
        "  use ExUnit.Case",
        '  test "search", do: App.Search.search("q", 5)',
        "end",
      ].join("\n"),
      "priv/repo/seeds.exs": 'App.Search.reindex("all")\n',
      "priv/repo/migrations/20190101_backfill.exs": [
        "defmodule App.Repo.Migrations.Backfill do",
        "  use Ecto.Migration",
        '  def up, do: App.Search.reindex("all")',
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "priv/repo/migrations/20190101_backfill.exs:3 low",
      "priv/repo/seeds.exs:1 medium",
      "test/app/search_test.exs:3 medium",
    ]);
  });

  it("stays silent on default arguments, pipes, captures, external modules and macro-built modules", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/search.ex": search,
      "lib/app/repo.ex": "defmodule App.Repo do\n  use Ecto.Repo, otp_app: :app\nend\n",
      "lib/app/agent.ex": [
        "defmodule App.Agent do",
        "  alias App.{Repo, Search}",
        "  @spec run(term()) :: Search.t()",
        "  def run(q) do",
        "    Search.index(q)",
        "    [q] |> Search.index(limit: 1)",
        "    Enum.map([q], &Search.index/2)",
        "    Repo.all(q)",
        "    Jason.encode!(q)",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("knows the functions EEx.function_from_string and function_from_file define, with their arity", async () => {
    const files = {
      "lib/app/sitemap.ex": [
        "defmodule App.Sitemap do",
        "  require EEx",
        "  template = ~s(<urlset><%= for p <- pages do %><url><%= p %></url><% end %></urlset>)",
        "  EEx.function_from_string(:def, :render, template, [:package, :pages])",
        '  EEx.function_from_file(:def, :render_index, Path.join(__DIR__, "index.eex"), [',
        "    :packages",
        "  ])",
        "end",
      ].join("\n"),
      "lib/app/publisher.ex": [
        "defmodule App.Publisher do",
        "  alias App.Sitemap",
        "  def publish(package, pages), do: Sitemap.render(package, pages)",
        "  def index(packages), do: Sitemap.render_index(packages)",
        "  def wrong(package), do: Sitemap.render(package)",
        "end",
      ].join("\n"),
    };
    const findings = await findingsOf("elixir/undefined-remote-call", files);
    // Only the call with the wrong arity: render/2 and render_index/1 are defined by the EEx macros.
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "lib/app/publisher.ex:5",
    ]);
    expect(findings[0]?.message).toContain("`render/2`");
  });

  it("knows the parsers NimbleParsec's defparsec defines, and that defparsecp ones are private", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/query/lexer.ex": [
        "defmodule App.Query.Lexer do",
        "  import NimbleParsec",
        "  word = ascii_string([?a..?z], min: 1)",
        "  defparsec(:lex, word)",
        "  defparsec :tokens, repeat(word)",
        "  defparsecp(:term, word)",
        "end",
      ].join("\n"),
      "lib/app/query/parser.ex": [
        "defmodule App.Query.Parser do",
        "  alias App.Query.Lexer",
        "  def parse(input), do: Lexer.lex(input)",
        "  def parse_all(input, opts), do: Lexer.tokens(input, opts)",
        "  def term(input), do: Lexer.term(input)",
        "  def missing(input), do: Lexer.lexx(input)",
        "end",
      ].join("\n"),
    });
    // lex/1 and tokens/2 are defined by defparsec; term/1 is private and lexx/1 does not exist.
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "lib/app/query/parser.ex:5",
      "lib/app/query/parser.ex:6",
    ]);
    expect(findings[0]?.message).toContain("only as a private function");
  });

  it("reads `Mod.t()` in a module body's macro call as the type Mod declares, and still fires in a function", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/sink.ex": [
        "defmodule App.Sink do",
        "  use Membrane.Sink",
        "  defmodule Config do",
        "    @type t() :: %__MODULE__{name: String.t()}",
        "    defstruct name: nil",
        "  end",
        "  defmodule Track do",
        "    @typep window(a) :: {a, a}",
        "    defstruct mode: :vod",
        "  end",
        '  def_options config: [spec: Config.t(), description: ""],',
        '              window: [spec: Track.window(integer()), description: ""],',
        '              track: [spec: Track.t(), description: ""]',
        "  def build(opts), do: {Config.t(), opts}",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.message.slice(0, 30)}`)).toEqual([
      "13 `App.Sink.Track.t/0` is undefi",
      "14 `App.Sink.Config.t/0` is undef",
    ]);
  });

  it("reads no call inside Mock's called(...) patterns, which are matched, never run", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/http.ex": "defmodule App.HTTP do\n  def get!(url), do: url\nend\n",
      "test/app/puller_test.exs": [
        "defmodule App.PullerTest do",
        "  use ExUnit.Case",
        "  import Mock",
        '  test "pulls" do',
        "    with_mock App.HTTP, get!: fn _ -> :ok end do",
        "      refute called(App.HTTP.get!())",
        "      assert_called(App.HTTP.get!(:_))",
        "      App.HTTP.get!()",
        "    end",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "test/app/puller_test.exs:8",
    ]);
  });

  it("counts a head of keyword pairs as one keyword-list argument, and still fires on a wrong arity", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/app/email.ex": [
        "defmodule App.Email do",
        "  def generic(to: to, from: from, subject: subject), do: {to, from, subject}",
        "  def reply(conversation, to: to, from: from), do: {conversation, to, from}",
        "end",
      ].join("\n"),
      "lib/app/mailer.ex": [
        "defmodule App.Mailer do",
        "  def run(c) do",
        "    App.Email.generic(to: 1, from: 2, subject: 3)",
        "    App.Email.reply(c, to: 1, from: 2)",
        "    App.Email.reply(c)",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual(["5 high"]);
    expect(findings[0]?.message).toContain("`App.Email.reply/1` is undefined or private");
  });

  it("leaves a module open when its body calls a macro of a module it requires (OpenApiSpex.schema defines schema/0)", async () => {
    const findings = await findingsOf("elixir/undefined-remote-call", {
      "lib/api/schemas.ex": [
        "defmodule Api.Schemas do",
        "  defmodule Client do",
        "    require OpenApiSpex",
        '    OpenApiSpex.schema(%{title: "Client"})',
        "  end",
        "  defmodule Plain do",
        "    def title, do: 1",
        "  end",
        "end",
      ].join("\n"),
      "lib/api/spec.ex": [
        "defmodule Api.Spec do",
        "  def run do",
        "    Api.Schemas.Client.schema()",
        "    Api.Schemas.Plain.schema()",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual(["4 high"]);
  });

  it("reads no test call of a private function when the project uses Publicist, which makes them public in tests", async () => {
    const files = {
      "lib/app/search.ex": search.replace(
        "defmodule App.Search do",
        "defmodule App.Search do\n  use Publicist",
      ),
      "test/app/search_test.exs": [
        "defmodule App.SearchTest do",
        "  use ExUnit.Case",
        '  test "rank", do: App.Search.rank(["q"])',
        "end",
      ].join("\n"),
      "lib/app/agent.ex": "defmodule App.Agent do\n  def run(q), do: App.Search.rank([q])\nend\n",
    };
    const withPublicist = await findingsOf("elixir/undefined-remote-call", {
      ...files,
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, deps: deps()]\n  defp deps, do: [{:publicist, "~> 1.1"}]\nend\n',
    });
    expect(withPublicist.map((f) => f.location?.path)).toEqual(["lib/app/agent.ex"]);
    const without = await findingsOf("elixir/undefined-remote-call", files);
    expect(without.map((f) => f.location?.path).sort()).toEqual([
      "lib/app/agent.ex",
      "test/app/search_test.exs",
    ]);
  });

  it("follows an alias that a used module's quote injects (`use AppWeb, :router` aliasing AppWeb.Router.Helpers)", async () => {
    const files = {
      // A top-level module of the same short name as the injected alias.
      "lib/helpers.ex": "defmodule Helpers do\n  def format(x), do: x\nend\n",
      "lib/app_web.ex": [
        "defmodule AppWeb do",
        "  def router do",
        "    quote do",
        "      use Phoenix.Router",
        "      alias AppWeb.Router.Helpers",
        "    end",
        "  end",
        "  defmacro __using__(which) when is_atom(which), do: apply(__MODULE__, which, [])",
        "end",
      ].join("\n"),
      "lib/app_web/router.ex": [
        "defmodule AppWeb.Router do",
        "  use AppWeb, :router",
        "  def require_user(conn, _opts) do",
        "    Helpers.page_path(conn, :login)",
        "  end",
        "end",
      ].join("\n"),
      // Near miss: a module that does not use AppWeb means the top-level Helpers, which lacks the function.
      "lib/app/agent.ex": "defmodule App.Agent do\n  def run(q), do: Helpers.page_path(q, :login)\nend\n",
    };
    const findings = await findingsOf("elixir/undefined-remote-call", files);
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "lib/app/agent.ex:2",
    ]);
  });
});
