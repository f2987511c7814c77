import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";
import { commandPort, portOfExpression } from "../../facts/ports/index.js";

const nodeApp = (listen: string): Record<string, string> => ({
  "package.json": JSON.stringify({ name: "api", scripts: { start: "node server.js" } }),
  "server.js": ["const express = require('express');", "const app = express();", listen, ""].join("\n"),
});

const dockerfile = (...lines: string[]): string =>
  ["FROM node:22-slim", "WORKDIR /app", "COPY . .", ...lines, 'CMD ["node", "server.js"]', ""].join("\n");

describe("docker/port-mismatch", () => {
  it("reads ports from env reads, literals and command lines", () => {
    expect(portOfExpression("process.env.PORT || 3000)")).toEqual({ env: "PORT", port: 3000 });
    expect(portOfExpression("parseInt(process.env.PORT, 10) || 8080, () => {")).toEqual({
      env: "PORT",
      port: 8080,
    });
    expect(portOfExpression('String.to_integer(System.get_env("PORT") || "4000")')).toEqual({
      env: "PORT",
      port: 4000,
    });
    expect(portOfExpression('":8080", mux)')).toEqual({ env: null, port: 8080 });
    expect(portOfExpression("cfg.Port)")).toBeNull();
    expect(commandPort("exec gunicorn app.wsgi -b 0.0.0.0:${PORT:-8000} -w 4")).toMatchObject({
      env: "PORT",
      port: 8000,
    });
    expect(commandPort("uvicorn app.main:app --host 0.0.0.0")).toMatchObject({ env: null, port: 8000 });
    expect(commandPort("python manage.py runserver 0.0.0.0:9000")).toMatchObject({ port: 9000 });
  });

  it("fires low when EXPOSE names another port than the server's fallback and nothing sets PORT", async () => {
    const findings = await findingsOf("docker/port-mismatch", {
      ...nodeApp("app.listen(process.env.PORT || 8080);"),
      Dockerfile: dockerfile("EXPOSE 3000"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["Dockerfile", 4, "low"],
    ]);
    expect(findings[0]?.message).toContain("listens on 8080 (server.js:3 listen(...) (PORT → 8080))");
  });

  it("fires medium when the health check or a production compose service targets a port nothing listens on", async () => {
    const findings = await findingsOf("docker/port-mismatch", {
      ...nodeApp("app.listen(process.env.PORT || 8080);"),
      Dockerfile: dockerfile("EXPOSE 8080", "HEALTHCHECK CMD curl -f http://localhost:3000/health"),
      "docker-compose.yml": [
        "services:",
        "  api:",
        "    build: .",
        "    ports:",
        '      - "80:3000"',
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["Dockerfile", 5, "medium"],
    ]);
    expect(findings[0]?.message).toContain("health check probes 3000 at Dockerfile:5");
    expect(findings[0]?.message).toContain(
      "traffic goes to 3000 at docker-compose.yml:5 ports: 80:3000 (compose api)",
    );
  });

  it("does not take a Go listener that only redirects to HTTPS for the app's port", async () => {
    const app = (handler: string): Record<string, string> => ({
      "go.mod": "module example.com/blog\n\ngo 1.22\n",
      "main.go": [
        "package main",
        "",
        'import "net/http"',
        "",
        "func main() {",
        "\tgo func() {",
        `\t\terr := http.ListenAndServe(":80", ${handler})`,
        "\t\tlog.Println(err)",
        "\t}()",
        "\tserve(cfg.Port)",
        "}",
        "",
      ].join("\n"),
      Dockerfile: [
        "FROM golang:1.22",
        "COPY . .",
        "RUN go build -o /blog .",
        "EXPOSE 8080",
        "HEALTHCHECK CMD wget --spider http://localhost:8080/ || exit 1",
        'CMD ["/blog"]',
        "",
      ].join("\n"),
    });
    expect(await findingsOf("docker/port-mismatch", app("m.HTTPHandler(nil)"))).toEqual([]);
    // Near miss: the same listener serving the app's router.
    expect(
      (await findingsOf("docker/port-mismatch", app("router"))).map((f) => f.location?.startLine),
    ).toEqual([5]);
  });

  it("takes a Go address built at run time for an unknown port, and an image's own --port flag for the port", async () => {
    const app = (listen: string, cmd: string): Record<string, string> => ({
      "go.mod": "module example.com/status\n\ngo 1.22\n",
      "main.go": [
        "package main",
        "",
        'import "net/http"',
        "",
        "func serve(host string, r http.Handler) error {",
        '\tgo http.ListenAndServe(":9090", r)',
        `\treturn http.ListenAndServe(${listen}, r)`,
        "}",
        "",
      ].join("\n"),
      Dockerfile: [
        "FROM golang:1.22",
        "COPY . .",
        "RUN go build -o /status .",
        "ENV PORT=8080",
        "EXPOSE $PORT",
        cmd,
        "",
      ].join("\n"),
    });
    expect(await findingsOf("docker/port-mismatch", app("host", "CMD /status"))).toEqual([]);
    expect(await findingsOf("docker/port-mismatch", app('":9091"', "CMD /status --port $PORT"))).toEqual([]);
    // Near miss: every listener is a literal other than the published port, and the command names no port.
    expect(
      (await findingsOf("docker/port-mismatch", app('":9091"', "CMD /status"))).map(
        (f) => f.location?.startLine,
      ),
    ).toEqual([5]);
  });

  it("takes another published port beside a reachable one for a listener of another kind", async () => {
    const files = (webPort: string): Record<string, string> => ({
      "mix.exs": "defmodule App.MixProject do\n  use Mix.Project\nend\n",
      "config/runtime.exs": [
        "import Config",
        "config :app, AppWeb.Endpoint,",
        '  http: [port: String.to_integer(System.get_env("PORT") || "4000")]',
        'config :app, rtmp_port: String.to_integer(System.get_env("RTMP_PORT", "9006"))',
        "",
      ].join("\n"),
      Dockerfile: ["FROM elixir:1.17-slim", 'CMD ["/app/bin/server"]', ""].join("\n"),
      "fly.toml": [
        'app = "app"',
        "[[services]]",
        `  internal_port = ${webPort}`,
        "[[services]]",
        "  internal_port = 9006",
        "",
      ].join("\n"),
    });
    expect(await findingsOf("docker/port-mismatch", files("4000"))).toEqual([]);
    // Near miss: no published port reaches the web server.
    expect((await findingsOf("docker/port-mismatch", files("4001"))).map((f) => f.location?.path)).toEqual([
      "fly.toml",
    ]);
  });

  it("resolves a Phoenix endpoint port through ENV PORT and a Fly internal_port", async () => {
    const files = (port: string): Record<string, string> => ({
      "mix.exs": "defmodule App.MixProject do\n  use Mix.Project\nend\n",
      "config/runtime.exs": [
        "import Config",
        'port = String.to_integer(System.get_env("PORT") || "4000")',
        "config :app, AppWeb.Endpoint,",
        "  http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: port]",
        "",
      ].join("\n"),
      Dockerfile: [
        "FROM hexpm/elixir:1.17.3-erlang-27.1-debian-bookworm-20241016-slim",
        `ENV PORT=${port}`,
        'CMD ["/app/bin/server"]',
        "",
      ].join("\n"),
      "fly.toml": ['app = "app"', "[http_service]", "  internal_port = 8080", ""].join("\n"),
    });
    const fired = await findingsOf("docker/port-mismatch", files("4000"));
    expect(fired.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["fly.toml", 3, "medium"],
    ]);
    expect(await findingsOf("docker/port-mismatch", files("8080"))).toEqual([]);
  });

  it("stays silent when the image sets PORT, when the port is unknown, and for a proxy image serving built files", async () => {
    expect(
      await findingsOf("docker/port-mismatch", {
        ...nodeApp("app.listen(process.env.PORT || 8080);"),
        Dockerfile: dockerfile(
          "ENV PORT=3000",
          "EXPOSE 3000",
          "HEALTHCHECK CMD curl -f http://localhost:${PORT}/health",
        ),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("docker/port-mismatch", {
        ...nodeApp("app.listen(process.env.PORT);"),
        Dockerfile: dockerfile("EXPOSE 3000"),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("docker/port-mismatch", {
        ...nodeApp("app.listen(8080);"),
        "web/package.json": JSON.stringify({ name: "web" }),
        "web/dev-server.js": "app.listen(5173);\n",
        "web/nginx.conf": "server {\n  listen 80;\n}\n",
        "web/Dockerfile": [
          "FROM node:22 AS build",
          "RUN npm run build",
          "FROM nginx:1.27-alpine",
          "COPY nginx.conf /etc/nginx/conf.d/default.conf",
          "EXPOSE 80",
          "",
        ].join("\n"),
      }),
    ).toEqual([]);
  });

  it("records every place in the facts, unknown when an env read has no fallback", async () => {
    const result = await analyseFiles({
      ...nodeApp("app.listen(process.env.PORT);"),
      Dockerfile: dockerfile("EXPOSE 3000"),
    });
    const image = result.facts.ports.containers[0]?.deployments[0];
    expect([image?.listenPorts, image?.published.map((p) => p.resolved)]).toEqual(["unknown", [3000]]);
  });
  it("does not take a browser history listener or a script the image never runs for the server's port", async () => {
    const findings = await findingsOf("docker/port-mismatch", {
      ...nodeApp("app.listen(process.env.PORT || 3000);"),
      "src/app/router.tsx": "history.listen(() => track(location));\n",
      "scripts/dev.sh": "#!/bin/sh\nuvicorn api:app --port 9000\n",
      Dockerfile: dockerfile("EXPOSE 3000"),
    });
    expect(findings).toEqual([]);
    const result = await analyseFiles({
      ...nodeApp("app.listen(process.env.PORT || 3000);"),
      "src/app/router.tsx": "history.listen(() => track(location));\n",
      "scripts/dev.sh": "#!/bin/sh\nuvicorn api:app --port 9000\n",
      Dockerfile: dockerfile("EXPOSE 3000"),
    });
    expect(result.facts.ports.containers[0]?.deployments[0]?.listenPorts).toEqual([3000]);
  });
});
