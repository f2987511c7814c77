import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

const appsOf = async (files: Record<string, string>): Promise<string[]> =>
  ((await analyseFiles(files)).facts.apps ?? []).map((app) => `${app.ecosystem} ${app.manifest}`);

describe("apps facts", () => {
  it("counts a requirements.txt as a Python application when Python source sits under its folder", async () => {
    expect(
      await appsOf({
        "requirements.txt": "flask==3.0.0\nmkdocs==1.6.0\n",
        "app/main.py": "import flask\n",
      }),
    ).toEqual(["python requirements.txt"]);
  });

  it("does not count a docs site's requirements or one with no Python source beside it", async () => {
    expect(
      await appsOf({
        "requirements.txt": "# docs site\nmkdocs-material==9.5.0\nmkdocs-minify-plugin\n",
        "docs/conf.py": "project = 'x'\n",
        "tools/requirements.txt": "requests\n",
        "main.go": "package main\n",
        "go.mod": "module example.com/x\n",
      }),
    ).toEqual(["go go.mod"]);
  });

  it("does not count a Gemfile whose every gem is a development or test tool", async () => {
    const app = { "mix.exs": "defmodule App.MixProject do\n  def project, do: [app: :app]\nend\n" };
    expect(
      await appsOf({
        ...app,
        Gemfile:
          "source 'https://rubygems.org'\n\ngem 'license_finder', :group => :development\ngem 'csv', group: [:development, :test]\ngroup :test do\n  gem 'rspec'\nend\n",
      }),
    ).toEqual(["elixir mix.exs"]);
    // Near miss: one gem outside the development groups makes it an application.
    expect(
      await appsOf({
        ...app,
        Gemfile:
          "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngroup :development, :test do\n  gem 'rspec-rails'\nend\n",
      }),
    ).toEqual(["ruby Gemfile", "elixir mix.exs"]);
  });
});
