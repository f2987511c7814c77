import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("Elixir call graph (elixirCallGraph facts)", () => {
  it("resolves remote calls through aliases, __MODULE__, imports, captures, pipes and default arguments", async () => {
    const { facts } = await analyseFiles({
      "lib/shop/orders.ex": [
        "defmodule Shop.Orders do",
        "  alias Shop.{Repo, Billing}",
        "  alias Shop.Mail, as: Mailer",
        "  import Shop.Helpers",
        "  def place(order, opts \\\\ []) do",
        "    order |> Billing.charge() |> __MODULE__.log()",
        "    Mailer.send_receipt(order)",
        "    Enum.each(order.items, &reserve/1)",
        "    money(order.total)",
        "    Billing.refund(order)",
        "    mod = Billing",
        "    mod.charge(order)",
        "    Repo.insert(order)",
        "    Shop.Repo.all(Shop.Order)",
        "  end",
        "  def log(x), do: x",
        "  defp reserve(item), do: item",
        "end",
      ].join("\n"),
      "lib/shop/repo.ex": "defmodule Shop.Repo do\n  use Ecto.Repo, otp_app: :shop\nend\n",
      "lib/shop/billing.ex": "defmodule Shop.Billing do\n  def charge(order), do: order\nend\n",
      "lib/shop/mail.ex": "defmodule Shop.Mail do\n  def send_receipt(order), do: order\nend\n",
      "lib/shop/helpers.ex": "defmodule Shop.Helpers do\n  def money(x), do: x\nend\n",
      "lib/shop/checkout.ex":
        "defmodule Shop.Checkout do\n  def run(o), do: Shop.Orders.place(o)\n  def run2(o), do: Shop.Orders.place(o, [])\nend\n",
    });
    const graph = facts.elixirCallGraph;
    // charge, log, send_receipt, reserve, money, place/1, place/2 found; Billing.refund/1 missing; Repo.insert/1 and Repo.all/1 injected
    // by `use Ecto.Repo`; mod.charge dynamic.
    expect(graph.callSites).toMatchObject({ resolved: 7, unresolved: 1, injected: 2, dynamic: 1 });
    expect(graph.callerCounts).toMatchObject({
      "Shop.Billing.charge/1": 1,
      "Shop.Orders.log/1": 1,
      "Shop.Mail.send_receipt/1": 1,
      "Shop.Orders.reserve/1": 1,
      "Shop.Helpers.money/1": 1,
      "Shop.Orders.place/1": 1,
      "Shop.Orders.place/2": 1,
    });
    expect(graph.alwaysInTransaction).toEqual([]);
  });
});
