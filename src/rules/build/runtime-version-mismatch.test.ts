import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "build/runtime-version-mismatch";

const workflow = (uses: string, inputs: string, matrix = "", run = "npm test", env = "") =>
  `on: [push]\n${env}jobs:\n  test:\n    runs-on: ubuntu-latest\n${matrix}    steps:\n      - uses: ${uses}\n        with:\n${inputs}      - run: ${run}\n`;

const nodePackage = JSON.stringify({ name: "svc", scripts: { test: "vitest run" } });

describe(ID, () => {
  it("reports CI testing another minor than the image ships as one medium finding listing every place", async () => {
    const findings = await findingsOf(ID, {
      ".nvmrc": "20.11.1\n",
      "package.json": nodePackage,
      Dockerfile: 'FROM node:18-alpine\nCMD ["node", "index.js"]\n',
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", "          node-version: 22\n"),
    });
    expect(
      findings.map((f) => [f.message, `${f.location?.path}:${f.location?.startLine}`, f.severity]),
    ).toEqual([
      [
        "Node.js versions disagree: 20.11.1 (.nvmrc, .nvmrc:1); 22 (actions/setup-node node-version (job test), .github/workflows/ci.yml:6); 18 (FROM node:18-alpine, Dockerfile:1) — CI job test tests 22 while Dockerfile ships 18",
        ".github/workflows/ci.yml:6",
        "medium",
      ],
    ]);
    expect(findings[0]?.related?.map((r) => `${r.path}:${r.startLine}`)).toEqual([
      ".nvmrc:1",
      "Dockerfile:1",
    ]);
  });

  it("resolves env indirection, version-file inputs and build-argument defaults before comparing CI with the image", async () => {
    const viaEnv = await findingsOf(ID, {
      "package.json": nodePackage,
      Dockerfile: "FROM node:20-alpine\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-node@v4",
        "          node-version: ${{ env.NODE_VERSION }}\n",
        "",
        "npm test",
        "env:\n  NODE_VERSION: '18'\n",
      ),
    });
    expect(viaEnv.map((f) => f.severity)).toEqual(["medium"]);
    const viaFile = await findingsOf(ID, {
      ".python-version": "3.11\n",
      "pyproject.toml": '[project]\nname = "svc"\n',
      "app/main.py": "print(1)\n",
      Dockerfile: "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-python@v5",
        "          python-version-file: .python-version\n",
        "",
        "pytest",
      ),
    });
    expect(viaFile.map((f) => [f.severity, f.message])).toEqual([
      [
        "medium",
        "Python versions disagree: 3.11 (.python-version, .python-version:1); 3.11 (actions/setup-python python-version-file .python-version (job test), .github/workflows/ci.yml:6); 3.12 (FROM python:3.12-slim (build argument default), Dockerfile:2) — CI job test tests 3.11 while Dockerfile ships 3.12",
      ],
    ]);
  });

  it("stays silent on CI vs image when CI passes the build argument, the image is for development, the matrix includes its minor, or the job tests nothing", async () => {
    const findings = await findingsOf(ID, {
      "package.json": nodePackage,
      Dockerfile: "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\n",
      "Dockerfile.dev": "FROM node:16\n",
      "web/Dockerfile": "FROM node:22.3-alpine\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-node@v4",
        "          node-version: ${{ matrix.node }}\n",
        "    strategy:\n      matrix:\n        node: [18]\n        include:\n          - node: 22\n",
        "npm test",
      ),
      ".github/workflows/image.yml": workflow(
        "docker/build-push-action@v6",
        "          build-args: NODE_VERSION=18\n",
      ),
      ".github/workflows/lint.yml": workflow(
        "actions/setup-node@v4",
        "          node-version: 16\n",
        "",
        "npx eslint .",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("takes only the Dockerfile CI builds for what ships when CI builds one (a development compose may build others)", async () => {
    const findings = await findingsOf(ID, {
      "package.json": nodePackage,
      "prod.Dockerfile": "FROM node:22-alpine\n",
      "packages/api/Dockerfile": "FROM node:20.12.2 AS builder\nFROM builder AS prod\n",
      "docker-compose.yml":
        "services:\n  old-api:\n    build:\n      context: .\n      dockerfile: packages/api/Dockerfile\n",
      ".github/workflows/release.yml":
        "on: { push: { tags: ['v*'] } }\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: ./prod.Dockerfile\n          push: true\n",
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", "          node-version: 22\n"),
    });
    expect(findings).toEqual([]);
  });

  it("does not compare with the image a CI Go that switches to the toolchain go.mod asks for", async () => {
    const findings = await findingsOf(ID, {
      "cli/go.mod": "module example.com/cli\n\ngo 1.24\n\ntoolchain go1.24.1\n",
      "cli/main.go": "package main\n\nfunc main() {}\n",
      Dockerfile:
        "FROM golang:1.24.2-bullseye AS cli\nRUN go build -o /cli ./cli\nFROM debian:bookworm-slim\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-go@v5",
        "          go-version: '1.23'\n",
        "",
        "go test ./...",
      ),
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "Go versions disagree: 1.24 (go.mod go directive, cli/go.mod:3); 1.23 (actions/setup-go go-version (job test), .github/workflows/ci.yml:6) — CI job test uses 1.23, older than the go 1.24 cli/go.mod requires",
      ],
    ]);
  });

  it("reports a version outside the manifest range as low, and is silent when the range admits it", async () => {
    const outside = await findingsOf(ID, {
      ".nvmrc": "18\n",
      "package.json": JSON.stringify({ name: "svc", engines: { node: ">=20" } }),
      ".tool-versions": "elixir 1.14.5-otp-25\n",
      "mix.exs":
        'defmodule App.MixProject do\n  def project do\n    [app: :app, elixir: "~> 1.15"]\n  end\nend\n',
    });
    expect(outside.map((f) => [f.severity, f.message]).sort()).toEqual([
      [
        "low",
        "Elixir versions disagree: 1.14.5-otp-25 (.tool-versions, .tool-versions:1); ~> 1.15 (mix.exs elixir requirement, mix.exs:3) — 1.14.5-otp-25 (.tool-versions) is outside ~> 1.15 that mix.exs accepts",
      ],
      [
        "low",
        "Node.js versions disagree: 18 (.nvmrc, .nvmrc:1); >=20 (package.json engines.node, package.json:1) — 18 (.nvmrc) is outside >=20 that package.json accepts",
      ],
    ]);
    const inside = await findingsOf(ID, {
      ".nvmrc": "20\n",
      "package.json": JSON.stringify({ name: "svc", engines: { node: "^18 || ^20" } }),
      ".tool-versions": "elixir 1.16.2-otp-26\n",
      "mix.exs":
        'defmodule App.MixProject do\n  def project do\n    [app: :app, elixir: "~> 1.15"]\n  end\nend\n',
      "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.10,<3.13"\n',
      Dockerfile: "FROM python:3.12-slim\n",
    });
    expect(inside).toEqual([]);
  });

  it("reports a Go image older than go.mod requires and a YAML 3.10 read as 3.1, low without a CI/image split", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": "module example.com/svc\n\ngo 1.22\n",
      Dockerfile: "FROM golang:1.21-alpine AS build\nFROM gcr.io/distroless/static\n",
      ".python-version": "3.10\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-python@v5",
        "          python-version: 3.10\n",
        "",
        "ruff check .",
      ),
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "Python versions disagree: 3.10 (.python-version, .python-version:1); 3.1 (actions/setup-python python-version (job test), .github/workflows/ci.yml:6) — CI job test uses 3.1 while .python-version pins 3.10",
      ],
      [
        "low",
        "Go versions disagree: 1.22 (go.mod go directive, go.mod:3); 1.21 (FROM golang:1.21-alpine, Dockerfile:1) — the image uses 1.21, older than the go 1.22 go.mod requires",
      ],
    ]);
  });

  it("lowers patch-level differences and CI that tests another version than the developers' pin", async () => {
    const findings = await findingsOf(ID, {
      ".tool-versions": "elixir 1.11.3-otp-23\nerlang 26.2\n",
      Dockerfile: "FROM hexpm/elixir:1.11.4-erlang-26.2.1-alpine-3.13.1\n",
      ".github/workflows/ci.yml": workflow(
        "erlef/setup-beam@v1",
        "          elixir-version: ${{ matrix.elixir }}\n          otp-version: '26'\n",
        "    strategy:\n      matrix:\n        elixir: ['1.11', '1.10']\n",
        "mix test",
      ),
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
    expect(findings[0]?.message).toContain("the image uses 1.11.4 while .tool-versions pins 1.11.3-otp-23");
  });

  it("reports one Dockerfile whose builder and runtime stages run different versions, listing both", async () => {
    const findings = await findingsOf(ID, {
      "package.json": JSON.stringify({ name: "svc" }),
      Dockerfile:
        "FROM node:18-alpine AS build\nRUN npm ci\nFROM node:20-alpine\nCOPY --from=build /app /app\n",
    });
    expect(findings.map((f) => [f.message, f.location?.startLine, f.severity])).toEqual([
      [
        "Node.js versions disagree: 18 (FROM node:18-alpine, Dockerfile:1); 20 (FROM node:20-alpine, Dockerfile:3) — the stages of Dockerfile differ (18 at line 1, 20 at line 3), so what one stage builds or installs runs on another",
        1,
        "medium",
      ],
    ]);
  });

  it("stays silent when versions agree at common precision, on matrices including the pin, newer Go, ranges and separate monorepo pins", async () => {
    const findings = await findingsOf(ID, {
      ".nvmrc": "20\n",
      "package.json": JSON.stringify({ name: "svc", engines: { node: ">=16" }, scripts: { test: "vitest" } }),
      Dockerfile: "FROM node:20.11-alpine AS build\nRUN npm ci\nFROM node:20-slim\n",
      "go.mod": "module example.com/svc\n\ngo 1.21\n",
      "build/Dockerfile": "FROM golang:1.22\n",
      "services/api/.python-version": "3.12\n",
      "services/worker/.python-version": "3.11\n",
      "services/worker/Dockerfile": "FROM python:3.11-slim\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-node@v4",
        "          node-version: ${{ matrix.node }}\n",
        "    strategy:\n      matrix:\n        node: [18, 20, 22]\n",
      ),
      ".github/workflows/py.yml": workflow("actions/setup-python@v5", "          python-version: '3.13'\n"),
    });
    expect(findings).toEqual([]);
  });

  it("reads 20.x and ^20 as the Node.js 20 line, so a CI range on another line than the image is a mismatch", async () => {
    const files = (version: string, image: string) => ({
      "package.json": nodePackage,
      Dockerfile: `FROM ${image}\nCMD ["node", "index.js"]\n`,
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", `          node-version: '${version}'\n`),
    });
    const xRange = await findingsOf(ID, files("18.x", "node:20-alpine"));
    expect(xRange.map((f) => [f.severity, f.message])).toEqual([
      [
        "medium",
        "Node.js versions disagree: 18 (actions/setup-node node-version 18.x (job test), .github/workflows/ci.yml:6); 20 (FROM node:20-alpine, Dockerfile:1) — CI job test tests 18 while Dockerfile ships 20",
      ],
    ]);
    expect(await findingsOf(ID, files("^20", "node:20.11-alpine"))).toEqual([]);
    expect(await findingsOf(ID, files("20.x", "node:20-alpine"))).toEqual([]);
  });

  it("never claims a mismatch for a moving CI version (lts/*, Python 3.x, >=3.10), and says CI follows one (low) where the image pins a version", async () => {
    const lts = await findingsOf(ID, {
      "package.json": nodePackage,
      Dockerfile: 'FROM node:20-alpine\nCMD ["node", "index.js"]\n',
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", "          node-version: lts/*\n"),
    });
    expect(lts.map((f) => [f.severity, f.message])).toEqual([
      [
        "low",
        "Node.js versions disagree: lts/* (actions/setup-node node-version (job test), .github/workflows/ci.yml:6); 20 (FROM node:20-alpine, Dockerfile:1) — CI job test follows a moving version (lts/*: a moving LTS) while Dockerfile ships 20",
      ],
    ]);
    const python = (version: string) => ({
      ".python-version": "3.11\n",
      "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.11,<3.12"\n',
      "app/main.py": "print(1)\n",
      Dockerfile: 'FROM python:3.11-slim\nCMD ["python", "app/main.py"]\n',
      ".github/workflows/ci.yml": workflow(
        "actions/setup-python@v5",
        `          python-version: '${version}'\n`,
        "",
        "pytest",
      ),
    });
    // A matrix with a moving entry may run the image's version today: no medium claim, no "outside the range".
    for (const version of ["3.x", ">=3.10"]) {
      const found = await findingsOf(ID, python(version));
      expect(found.map((f) => f.severity)).toEqual(["low"]);
      expect(found[0]?.message).toContain("follows a moving version");
    }
    const mixed = await findingsOf(ID, {
      ...python("3.11"),
      ".github/workflows/ci.yml": workflow(
        "actions/setup-python@v5",
        "          python-version: ${{ matrix.python }}\n",
        "    strategy:\n      matrix:\n        python: ['3.10', '3.x']\n",
        "pytest",
      ),
    });
    expect(mixed.map((f) => f.severity)).toEqual(["low"]);
    expect(mixed[0]?.message).not.toContain("tests 3.10 while");
  });

  it("does not count Node.js as shipped when it only builds files a static web server image serves", async () => {
    const files = (final: string) => ({
      "package.json": nodePackage,
      Dockerfile: `FROM node:24 AS build\nRUN npm ci && npm run build\n${final}\n`,
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", "          node-version: 20\n"),
    });
    expect(
      (
        await findingsOf(
          ID,
          files("FROM nginx:stable-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html"),
        )
      ).map((f) => f.severity),
    ).toEqual([]);
    expect(
      (
        await findingsOf(
          ID,
          files('FROM node:24-slim\nCOPY --from=build /app /app\nCMD ["node", "/app/server.js"]'),
        )
      ).map((f) => f.severity),
    ).toEqual(["medium"]);
  });
});
