import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { endOfLifeOf, releaseLineOf } from "../../facts/toolchain/end-of-life.js";

const ID = "build/end-of-life-runtime";

const workflow = (uses: string, inputs: string, run: string, matrix = "") =>
  `on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n${matrix}    steps:\n      - uses: actions/checkout@v4\n      - uses: ${uses}\n        with:\n${inputs}      - run: ${run}\n`;

const pyproject = '[project]\nname = "svc"\nrequires-python = ">=3.8"\n';

describe("end-of-life table", () => {
  it("knows release lines by the runtime's own numbering and only dates on or before the table's", () => {
    expect(releaseLineOf("python", "3.8.10")).toBe("3.8");
    expect(releaseLineOf("node", "18.19.0")).toBe("18");
    expect(releaseLineOf("python", "3")).toBeNull();
    expect(endOfLifeOf("python", "3.8-slim")).toEqual({ line: "3.8", since: "2024-10" });
    expect(endOfLifeOf("python", "3.12")).toBeNull();
    expect(endOfLifeOf("node", "22")).toBeNull();
    expect(endOfLifeOf("elixir", "1.9.4-otp-22")).toEqual({ line: "1.9", since: "2022-09" });
    expect(endOfLifeOf("erlang", "22.2")).toEqual({ line: "22", since: "2022-05" });
  });
});

describe(ID, () => {
  it("reports the shipped image on an end-of-life line at medium, listing the CI job that also runs it", async () => {
    const findings = await findingsOf(ID, {
      "pyproject.toml": pyproject,
      "app/main.py": "print('hi')\n",
      Dockerfile: 'FROM python:3.8-slim\nCOPY . /app\nCMD ["python", "app/main.py"]\n',
      ".github/workflows/ci.yml": workflow(
        "actions/setup-python@v5",
        "          python-version: '3.8'\n",
        "pytest",
      ),
    });
    expect(
      findings.map((f) => [f.severity, `${f.location?.path}:${f.location?.startLine}`, f.message]),
    ).toEqual([
      [
        "medium",
        "Dockerfile:1",
        "Python 3.8 has had no security fixes since October 2024: the image the project ships runs on it (FROM python:3.8-slim); 1 more place(s) run end-of-life Python (3.8)",
      ],
    ]);
    expect(findings[0]?.related?.map((r) => `${r.path}:${r.startLine}`)).toEqual([
      ".github/workflows/ci.yml:7",
    ]);
  });

  it("reports an asdf version file naming end-of-life Elixir and OTP lines", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, elixir: "~> 1.9"]\nend\n',
      "lib/app.ex": "defmodule App do\nend\n",
      ".tool-versions": "elixir 1.9.4-otp-22\nerlang 22.2.8\n",
    });
    expect(findings.map((f) => [f.severity, f.message.split(":")[0]])).toEqual([
      ["medium", "Elixir 1.9 has had no security fixes since September 2022"],
      ["medium", "Erlang/OTP 22 has had no security fixes since May 2022"],
    ]);
  });

  it("is low for a CI job on an old line when the image ships a supported one", async () => {
    const findings = await findingsOf(ID, {
      "pyproject.toml": pyproject,
      "app/main.py": "print('hi')\n",
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "app/main.py"]\n',
      ".github/workflows/ci.yml": workflow(
        "actions/setup-python@v5",
        "          python-version: '3.9'\n",
        "pytest",
      ),
    });
    expect(findings.map((f) => [f.severity, f.message.split(":")[0]])).toEqual([
      ["low", "Python 3.9 has had no security fixes since October 2025"],
    ]);
  });

  it("stays silent on supported lines, a matrix that also tests a supported release, and manifest minimums", async () => {
    const findings = await findingsOf(ID, {
      "package.json": JSON.stringify({
        name: "lib",
        engines: { node: ">=14" },
        scripts: { test: "vitest run" },
      }),
      "src/index.js": "module.exports = 1;\n",
      ".nvmrc": "22\n",
      Dockerfile: 'FROM node:22-alpine\nCMD ["node", "src/index.js"]\n',
      ".github/workflows/ci.yml": workflow(
        "actions/setup-node@v4",
        "          node-version: ${{ matrix.node }}\n",
        "npm test",
        "    strategy:\n      matrix:\n        node: [18, 20, 22]\n",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("is low for an interpreter in a stage the final image is not built from (assets built with Node, a release on alpine)", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, elixir: "~> 1.17"]\nend\n',
      "lib/app.ex": "defmodule App do\nend\n",
      "assets/package.json": JSON.stringify({ name: "assets", scripts: { deploy: "webpack" } }),
      ".tool-versions": "elixir 1.17.3-otp-27\nerlang 27.1\nnodejs 16.20.2\n",
      Dockerfile: [
        "FROM hexpm/elixir:1.17.3-erlang-27.1-alpine-3.20.3 AS builder",
        "RUN mix release",
        "FROM node:16 AS frontend",
        "RUN npm ci && npm run deploy",
        "FROM builder AS releaser",
        "COPY --from=frontend /priv/static /app/priv/static",
        "FROM alpine:3.20",
        "COPY --from=releaser /app/_build/prod/rel/app /app",
        'CMD ["/app/bin/app", "start"]',
      ].join("\n"),
    });
    expect(findings.map((f) => f.related?.map((r) => r.path))).toEqual([[".tool-versions"]]);
    expect(findings.map((f) => [f.severity, f.location?.path, f.message.split(":")[0]])).toEqual([
      ["low", "Dockerfile", "Node.js 16 has had no security fixes since September 2023"],
    ]);
  });

  it("weighs Node.js by whether it serves: medium beside Express, low when it only builds front-end files", async () => {
    const serves = await findingsOf(ID, {
      ".nvmrc": "16\n",
      "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4.19.0" } }),
      "src/server.js": 'require("express")().listen(3000);\n',
    });
    expect(serves.map((f) => [f.severity, f.message])).toEqual([
      [
        "medium",
        "Node.js 16 has had no security fixes since September 2023: the version file developers and deployments read names it (.nvmrc)",
      ],
    ]);
    const builds = await findingsOf(ID, {
      ".nvmrc": "16\n",
      "package.json": JSON.stringify({ name: "theme", devDependencies: { webpack: "^5.0.0" } }),
      "pyproject.toml": pyproject,
      "app/main.py": "print('hi')\n",
    });
    expect(builds.map((f) => f.severity)).toEqual(["low"]);
  });

  it("reports one finding per runtime when several end-of-life lines are in use", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs":
        'defmodule App.MixProject do\n  use Mix.Project\n  def project, do: [app: :app, elixir: "~> 1.10"]\nend\n',
      "lib/app.ex": "defmodule App do\nend\n",
      Dockerfile: 'FROM elixir:1.11.3-alpine\nRUN mix release\nCMD ["/app/bin/app", "start"]\n',
      ".github/workflows/ci.yml": workflow(
        "erlef/setup-beam@v1",
        "          elixir-version: '1.10.4'\n          otp-version: '25.3'\n",
        "mix test",
      ),
    });
    expect(
      findings.map((f) => [f.severity, `${f.location?.path}:${f.location?.startLine}`, f.message]),
    ).toEqual([
      [
        "medium",
        "Dockerfile:1",
        "Elixir 1.11 has had no security fixes since January 2024: the image the project ships runs on it (FROM elixir:1.11.3-alpine); 1 more place(s) run end-of-life Elixir (1.11, 1.10)",
      ],
    ]);
  });
});
