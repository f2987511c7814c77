import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/unused-private-function", () => {
  it("fires on a defp nothing in its module calls", async () => {
    const findings = await findingsOf("elixir/unused-private-function", {
      "lib/app/accounts.ex": [
        "defmodule App.Accounts do",
        "  def list(f), do: f |> normalize()",
        "  defp normalize(f), do: Map.to_list(f)",
        "  @spec legacy_hash(String.t()) :: integer()",
        "  defp legacy_hash(email), do: :erlang.phash2(email)",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.startLine} ${f.message}`)).toEqual([
      "5 `legacy_hash/1` is private to App.Accounts and nothing there calls it.",
    ]);
  });

  it("stays silent on private functions used by captures, in templates, or by clauses of their own", async () => {
    const findings = await findingsOf("elixir/unused-private-function", {
      "lib/app_web/live/page_live.ex": [
        "defmodule AppWeb.PageLive do",
        "  def tokens(docs), do: Enum.map(docs, &tokenize/1)",
        "  defp tokenize(doc), do: String.split(doc)",
        '  defp greeting(name), do: "Hello #{name}"',
        "end",
      ].join("\n"),
      "lib/app_web/live/page_live.html.heex": "<h1>{greeting(@name)}</h1>\n",
    });
    expect(findings).toEqual([]);
  });
});
