import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/rescue-catch-all", () => {
  it("lists the clauses that discard the error, medium when one returns a plain value silently", async () => {
    const source = [
      "defmodule A.Fetch do",
      "  def a(url) do",
      "    try do",
      "      Req.get!(url).body",
      "    rescue",
      "      _ -> nil",
      "    catch",
      "      _, _ -> nil",
      "    end",
      "  end",
      "  def b(x) do",
      "    Version.parse!(x)",
      "  rescue",
      "    _e -> :error",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/rescue-catch-all", { "lib/a/fetch.ex": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "medium",
      message:
        "3 catch-all rescue/catch clauses discard the error: line 6: every error from Req.get! → nil; line 8: every error from Req.get! → nil; line 14: every error from Version.parse! → :error (an error value without the cause)",
      location: { path: "lib/a/fetch.ex", startLine: 6, endLine: 14 },
    });
  });

  it("is low in a LiveDashboard page, an operator's panel, and medium in the same code elsewhere", async () => {
    const page = (name: string, use: string) =>
      [
        `defmodule ${name} do`,
        use,
        "  def render_value(v) do",
        "    try do",
        "      format_value(v)",
        "    rescue",
        '      _ -> {:scalar, ""}',
        "    end",
        "  end",
        "end",
      ].join("\n");
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a_web/dashboard/trace.ex": page("AWeb.Dashboard.Trace", "  use Phoenix.LiveDashboard.PageBuilder"),
      "lib/a_web/live/trace.ex": page("AWeb.Live.Trace", "  use AWeb, :live_view"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["lib/a_web/dashboard/trace.ex", "low"],
      ["lib/a_web/live/trace.ex", "medium"],
    ]);
  });

  it("is low when every clause returns an error value or is a documented fallback", async () => {
    const source = [
      "defmodule A.Keys do",
      "  def verify(key, sig) do",
      "    :public_key.verify(sig, key)",
      "  rescue",
      "    # A malformed key fails this candidate, not the upload.",
      "    _ -> false",
      "  end",
      "  def parse(x) do",
      "    Jason.decode!(x)",
      "  rescue",
      "    _ -> {:error, :invalid_metadata}",
      "  end",
      "  def mismatch?(v, req) do",
      "    !Version.match?(v, req)",
      "  rescue",
      "    _ -> true",
      "  end",
      "  def log(line) do",
      '    File.write!("app.log", line, [:append])',
      "  rescue",
      "    _error ->",
      "      # Cannot write on a read-only file system",
      "      :ok",
      "  end",
      "  def process_response_body(body) do",
      "    Jason.decode!(body)",
      "  rescue",
      "    _ -> body",
      "  end",
      "  def get(url) do",
      "    HTTPoison.get!(url)",
      "  rescue",
      "    _ -> HTTPoison.get!(url)",
      "  end",
      "  def is_integer(string) do",
      "    _ = String.to_integer(string)",
      "    true",
      "  rescue",
      "    _ -> false",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/rescue-catch-all", { "lib/a/keys.ex": source });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
    expect(findings[0]?.evidence.snippet.split("\n")).toEqual([
      "line 6: every error from :public_key.verify → false (a documented fallback)",
      "line 11: every error from Jason.decode! → {:error, :invalid_metadata} (an error value without the cause)",
      "line 16: every error from Version.match? → true (a documented fallback)",
      "line 21: every error from File.write! → :ok (a documented fallback)",
      "line 28: every error from Jason.decode! → body (a documented fallback)",
      "line 33: every error from HTTPoison.get! → HTTPoison.get!(url) (a documented fallback)",
      "line 39: every error from String.to_integer → false (a documented fallback)",
    ]);
  });

  it("is low when the clause answers the request with an error, medium when it answers with a plain value", async () => {
    const source = (answer: string) =>
      [
        "defmodule A.Plugs.Match do",
        "  def resolve_name(conn, _opts) do",
        "    case conn.path_info do",
        '      [name] -> assign(conn, :name, "#{name}")',
        "      path -> invalid_name(conn, path)",
        "    end",
        "  rescue",
        `    _ -> ${answer}`,
        "  end",
        "end",
      ].join("\n");
    const error = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/plugs/match.ex": source("err_unknown_query(conn)"),
    });
    expect(error.map((f) => f.severity)).toEqual(["low"]);
    const plain = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/plugs/match.ex": source("assign(conn, :name, nil)"),
    });
    expect(plain.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("stays silent on typed rescues, re-raising, logging, errors passed on, and throws-only catch", async () => {
    const source = [
      "defmodule A.Fetch do",
      "  require Logger",
      "  def a(url) do",
      "    Req.get!(url).body",
      "  rescue",
      "    e in [Req.TransportError] -> {:error, e}",
      "  end",
      "  def b(x) do",
      "    x.()",
      "  rescue",
      "    e -> reraise e, __STACKTRACE__",
      "  end",
      "  def c(x) do",
      "    x.()",
      "  rescue",
      "    e ->",
      "      Logger.error(Exception.message(e))",
      "      :error",
      "  end",
      "  def d(x) do",
      "    x.()",
      "  rescue",
      "    error -> {:error, Exception.message(error)}",
      "  catch",
      "    kind, reason -> {:error, {kind, reason}}",
      "  end",
      "  def e(x) do",
      "    x.()",
      "  catch",
      "    _ -> :thrown",
      "  end",
      "end",
    ].join("\n");
    expect(await findingsOf("elixir/rescue-catch-all", { "lib/a/fetch.ex": source })).toEqual([]);
  });

  it("is low when the rescue answers what the function already answers, or skips one element of a reduce", async () => {
    const fallback = [
      "defmodule A.Dns do",
      "  def ip_to_string(address) do",
      "    case :inet.ntoa(address) do",
      "      formatted when is_list(formatted) -> to_string(formatted)",
      "      _ -> nil",
      "    end",
      "  rescue",
      "    _ -> nil",
      "  end",
      "end",
    ].join("\n");
    const reduce = [
      "defmodule A.Bouncer do",
      "  def bounce(people) do",
      "    Enum.reduce(people, 0, fn person, acc ->",
      "      try do",
      "        A.Repo.delete!(person)",
      "        acc + 1",
      "      rescue",
      "        _error -> acc",
      "      end",
      "    end)",
      "  end",
      "end",
    ].join("\n");
    // Near miss: nil appears only in the rescue, and the reduce step answers a fresh value.
    const silent = fallback
      .replace("      _ -> nil\n", "      _ -> to_string(address)\n")
      .replace("A.Dns", "A.Dns2");
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/dns.ex": fallback,
      "lib/a/bouncer.ex": reduce,
      "lib/a/dns2.ex": silent,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a/bouncer.ex low",
      "lib/a/dns.ex low",
      "lib/a/dns2.ex medium",
    ]);
  });

  it("is low for a conversion rescued to nil and for a broadcast to live subscribers, medium for other work", async () => {
    const release = [
      "defmodule A.Application do",
      "  defp otp_release do",
      "    :erlang.system_info(:otp_release) |> to_string() |> String.to_integer()",
      "  rescue",
      "    _ -> nil",
      "  end",
      "end",
    ].join("\n");
    const settings = [
      "defmodule A.Settings do",
      "  defp broadcast(car, settings) do",
      "    Phoenix.PubSub.broadcast(A.PubSub, topic(car), settings)",
      "  rescue",
      "    _ -> :ok",
      "  end",
      "end",
    ].join("\n");
    // Near misses: the same clauses around work that has effects.
    const saved = settings
      .replace("Phoenix.PubSub.broadcast(A.PubSub, topic(car), settings)", "A.Repo.update!(settings)")
      .replace("A.Settings", "A.Saved");
    const charged = release
      .replace(
        ":erlang.system_info(:otp_release) |> to_string() |> String.to_integer()",
        "Billing.charge!(:otp_release) |> String.to_integer()",
      )
      .replace("A.Application", "A.Charged");
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/application.ex": release,
      "lib/a/settings.ex": settings,
      "lib/a/saved.ex": saved,
      "lib/a/charged.ex": charged,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a/application.ex low",
      "lib/a/charged.ex medium",
      "lib/a/saved.ex medium",
      "lib/a/settings.ex low",
    ]);
    expect(findings.find((f) => f.location?.path === "lib/a/settings.ex")?.message).toContain(
      "live subscribers",
    );
  });

  it("is low for a bang lookup of one record falling back to none, medium for other work", async () => {
    const join = [
      "defmodule AWeb.JoinLive do",
      "  def mount(params, _session, socket) do",
      '    if params["from"] do',
      "      try do",
      '        event = A.Events.get_event!(params["from"])',
      "        {:ok, assign(socket, :last_event, event)}",
      "      rescue",
      "        _ -> {:ok, assign(socket, :last_event, nil)}",
      "      end",
      "    else",
      "      {:ok, assign(socket, :last_event, nil)}",
      "    end",
      "  end",
      "end",
    ].join("\n");
    // Near miss: the same clause around a write.
    const charge = join
      .replace('A.Events.get_event!(params["from"])', 'A.Billing.charge!(params["from"])')
      .replace("AWeb.JoinLive", "AWeb.ChargeLive");
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a_web/live/join_live.ex": join,
      "lib/a_web/live/charge_live.ex": charge,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a_web/live/charge_live.ex medium",
      "lib/a_web/live/join_live.ex low",
    ]);
    expect(findings.find((f) => f.severity === "low")?.message).toContain("missing record");
  });

  it("is low in a :logger filter answering :ignore, medium for the same rescue in a function that is not one", async () => {
    const filter = [
      "defmodule A.UserMonitoring do",
      "  def log_interceptor(%{meta: %{user_id: user_id} = meta} = log_event, _) when is_integer(user_id) do",
      "    with %{monitoring: true} <- A.Users.get(user_id) do",
      "      A.Processor.ingest(log_event, meta)",
      "      :ignore",
      "    end",
      "  rescue",
      "    _error -> :ignore",
      "  end",
      "",
      "  def log_interceptor(_, _), do: :ignore",
      "end",
    ].join("\n");
    // Near miss: the same body in a function of a record, not of a log event.
    const other = filter
      .replace("A.UserMonitoring", "A.Sync")
      .replace(
        "%{meta: %{user_id: user_id} = meta} = log_event",
        "%{owner: %{user_id: user_id} = meta} = log_event",
      );
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/user_monitoring.ex": filter,
      "lib/a/sync.ex": other,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "lib/a/sync.ex medium",
      "lib/a/user_monitoring.ex low",
    ]);
  });

  it("does not count a catch-all in a function that releases a resource", async () => {
    const source = (name: string) =>
      [
        "defmodule A.Http do",
        `  defp ${name}(z) do`,
        "    try do",
        "      :zlib.inflateEnd(z)",
        "    catch",
        "      _, _ -> :ok",
        "    end",
        "    :zlib.close(z)",
        "  end",
        "end",
      ].join("\n");
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/close.ex": source("close_inflater"),
      "lib/a/inflate.ex": source("inflate_all").replace("A.Http", "A.Inflate"),
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["lib/a/inflate.ex"]);
  });

  it("is low for fallbacks that give back the call's argument, a local the normal path answers too, a conversion to nil, or an unreachable node's empty answer", async () => {
    const fallbacks = [
      "defmodule A.Fallbacks do",
      "  def format(code) do",
      '    spec_code = "@spec " <> code',
      "    try do",
      "      Code.format_string!(spec_code, line_length: 80)",
      "    rescue",
      "      _ -> spec_code",
      "    end",
      "  end",
      "  def port(name) do",
      "    configured = A.Config.port()",
      "    try do",
      "      ThousandIsland.listener_info(name)",
      "    rescue",
      "      _ -> configured",
      "    else",
      "      {:ok, {_ip, port}} -> port",
      "      _ -> configured",
      "    end",
      "  end",
      "  def names(list) do",
      "    for name <- list, string = (try do IO.chardata_to_string(name) rescue _ -> nil end), do: string",
      "  end",
      "  def exports(node, mod) do",
      "    try do",
      "      :erpc.call(node, mod, :module_info, [:exports])",
      "    rescue",
      "      _ -> []",
      "    end",
      "  end",
      "end",
    ].join("\n");
    const silent = [
      "defmodule A.Silent do",
      "  def exports(node, mod) do",
      "    try do",
      "      :erpc.call(node, mod, :module_info, [:exports])",
      "    rescue",
      "      _ -> [:default]",
      "    end",
      "  end",
      "  def format(code) do",
      "    try do",
      '      Code.format_string!(code <> "\\n", line_length: 80)',
      "    rescue",
      "      _ -> other_code()",
      "    end",
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/fallbacks.ex": fallbacks,
      "lib/a/silent.ex": silent,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`)).toEqual([
      "lib/a/fallbacks.ex:low",
      "lib/a/silent.ex:medium",
    ]);
    expect(JSON.stringify(findings[0])).toContain("a fallback when the other process or node is unreachable");
  });

  it("is low when a conversion falls back to inspect of the same value, medium when it inspects something else", async () => {
    const source = (fallback: string) =>
      [
        "defmodule A.Coerce do",
        "  def coerce_to_string(value) do",
        "    to_string(value)",
        "  rescue",
        `    _ -> ${fallback}`,
        "  end",
        "end",
      ].join("\n");
    const same = await findingsOf("elixir/rescue-catch-all", { "lib/a/coerce.ex": source("inspect(value)") });
    expect(same.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "1 catch-all rescue/catch clause discards the error: line 5: every error from to_string → inspect(value) (a conversion falling back to another rendering of the same value)",
      ],
    ]);
    const other = await findingsOf("elixir/rescue-catch-all", {
      "lib/a/coerce.ex": source("inspect(@default)"),
    });
    expect(other.map((f) => f.severity)).toEqual(["medium"]);
  });
});
