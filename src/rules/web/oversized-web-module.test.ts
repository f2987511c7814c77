import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const MIX = "defmodule A.MixProject do\n  def project, do: [app: :a]\nend\n";
const body = (lines: number) => Array.from({ length: lines }, (_, i) => `  def f${i}(x), do: x`).join("\n");

describe("elixir/oversized-web-module", () => {
  it("fires on a LiveView over 500 lines", async () => {
    const findings = await findingsOf("elixir/oversized-web-module", {
      "mix.exs": MIX,
      "lib/a_web/live/dashboard_live.ex": `defmodule AWeb.DashboardLive do\n  use AWeb, :live_view\n${body(520)}\nend\n`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("LiveView AWeb.DashboardLive is 523 lines (limit 500)");
    expect(findings[0]?.severity).toBe("low");
  });

  it("is medium beyond twice the limit", async () => {
    const findings = await findingsOf("elixir/oversized-web-module", {
      "mix.exs": MIX,
      "lib/a_web/controllers/page_controller.ex": `defmodule AWeb.PageController do\n  use AWeb, :controller\n${body(820)}\nend\n`,
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ["medium", "Controller AWeb.PageController is 823 lines (limit 400)"],
    ]);
  });

  it("stays silent on a smaller LiveView, and on a large non-web module", async () => {
    const findings = await findingsOf("elixir/oversized-web-module", {
      "mix.exs": MIX,
      "lib/a_web/live/cart_live.ex": `defmodule AWeb.CartLive do\n  use AWeb, :live_view\n${body(300)}\nend\n`,
      "lib/a/big.ex": `defmodule A.Big do\n${body(900)}\nend\n`,
    });
    expect(findings).toEqual([]);
  });
});
