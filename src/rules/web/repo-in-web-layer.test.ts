import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("elixir/repo-in-web-layer", () => {
  it("fires once per web module that calls the Repo", async () => {
    const source =
      'defmodule AWeb.UserController do\n  use AWeb, :controller\n  def show(conn, %{"id" => id}), do: render(conn, :show, user: A.Repo.get!(User, id))\n  def index(conn, _), do: render(conn, :index, users: Repo.all(User))\nend\n';
    const findings = await findingsOf("elixir/repo-in-web-layer", {
      "lib/a_web/controllers/user_controller.ex": source,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("AWeb.UserController calls the Repo directly 2 time(s) (lines 3, 4)");
  });

  it("stays silent in contexts and when the web layer calls a context", async () => {
    const findings = await findingsOf("elixir/repo-in-web-layer", {
      "lib/a/accounts.ex": "defmodule A.Accounts do\n  def get_user!(id), do: Repo.get!(User, id)\nend\n",
      "lib/a_web/controllers/user_controller.ex":
        'defmodule AWeb.UserController do\n  def show(conn, %{"id" => id}), do: render(conn, :show, user: A.Accounts.get_user!(id))\nend\n',
    });
    expect(findings).toEqual([]);
  });
});
