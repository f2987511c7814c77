import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docker/runs-as-root", () => {
  it("fires when the final stage has no USER (even if a builder stage has one), and on USER root", async () => {
    const findings = await findingsOf("docker/runs-as-root", {
      Dockerfile:
        'FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nCMD ["node", "/app"]\n',
      "worker/Dockerfile": "FROM python:3.12\nUSER root\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "Dockerfile:4",
      "worker/Dockerfile:2",
    ]);
  });

  it("stays silent with a non-root USER or a nonroot distroless base", async () => {
    expect(
      await findingsOf("docker/runs-as-root", {
        Dockerfile: "FROM node:20\nUSER 10001:10001\n",
        "b/Dockerfile": "FROM gcr.io/distroless/static:nonroot\n",
        "bundle.Dockerfile": "FROM scratch\nCOPY manifests /manifests/\n",
      }),
    ).toEqual([]);
  });

  it("inherits USER from the stage the final one is built FROM", async () => {
    const inherited = await findingsOf("docker/runs-as-root", {
      Dockerfile:
        'FROM node:20 AS base\nRUN useradd app\nUSER app\nFROM base AS prod\nCOPY . /app\nEXPOSE 3000\nCMD ["node", "/app"]\n',
    });
    expect(inherited).toEqual([]);
    // Near miss: the user is set on a stage the final one is not built from.
    const other = await findingsOf("docker/runs-as-root", {
      Dockerfile: 'FROM node:20 AS base\nUSER app\nFROM node:20 AS prod\nEXPOSE 3000\nCMD ["node", "/app"]\n',
    });
    expect(other.map((f) => [f.location?.startLine, f.severity])).toEqual([[3, "medium"]]);
  });

  it("accepts an entrypoint that drops privileges, in the Dockerfile or in a copied script", async () => {
    const dockerfile =
      'FROM python:3.12-slim\nCOPY docker/entry.sh /app/run.sh\nEXPOSE 8000\nENTRYPOINT ["/app/run.sh"]\n';
    expect(
      await findingsOf("docker/runs-as-root", {
        Dockerfile: dockerfile,
        "docker/entry.sh": '#!/bin/sh\nchown -R app /data\nexec gosu app "$@"\n',
      }),
    ).toEqual([]);
    expect(
      await findingsOf("docker/runs-as-root", {
        Dockerfile: "FROM ghcr.io/some/base:3\nCOPY docker/rootfs/ /\nEXPOSE 80\n",
        "docker/rootfs/etc/services.d/app/run":
          "#!/usr/bin/with-contenv sh\nexec s6-setuidgid abc /bin/app\n",
      }),
    ).toEqual([]);
    // `exec su $USER -c "…"`: the user named by a variable of the script.
    expect(
      await findingsOf("docker/runs-as-root", {
        Dockerfile: dockerfile,
        "docker/entry.sh":
          '#!/bin/sh\nchown -R "$USER" /data\nexec su $USER -c "/app/server --config /config.yml"\n',
      }),
    ).toEqual([]);
    // Near miss: the script runs the service as it is.
    const asRoot = await findingsOf("docker/runs-as-root", {
      Dockerfile: dockerfile,
      "docker/entry.sh": '#!/bin/sh\nexec "$@"\n',
    });
    expect(asRoot.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("reads a script copied from a build stage that copied the build context", async () => {
    const dockerfile = [
      "FROM golang:1.22-alpine AS backend",
      "WORKDIR /backend-build",
      "COPY . .",
      "RUN go build -o server ./cmd/server",
      "FROM alpine:3.20",
      "COPY --from=backend /backend-build/server /usr/local/bin/server",
      "COPY --from=backend /backend-build/scripts/entrypoint.sh /usr/local/bin/entrypoint.sh",
      "USER root",
      'ENTRYPOINT ["/usr/local/bin/entrypoint.sh", "/usr/local/bin/server"]',
      "",
    ].join("\n");
    const drops = '#!/bin/sh\nchown -R app /data\nexec su-exec app:app "$@"\n';
    expect(
      await findingsOf("docker/runs-as-root", { Dockerfile: dockerfile, "scripts/entrypoint.sh": drops }),
    ).toEqual([]);
    // Near miss: the stage it copies from did not copy the context, so the script is not the repository's.
    const other = dockerfile.replace("COPY . .", "RUN git clone https://example.com/x .");
    const asRoot = await findingsOf("docker/runs-as-root", {
      Dockerfile: other,
      "scripts/entrypoint.sh": drops,
    });
    expect(asRoot).toHaveLength(1);
  });

  it("accepts a compose user: and leaves images built FROM this repository's image to that image", async () => {
    expect(
      await findingsOf("docker/runs-as-root", {
        Dockerfile: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["app"]\n',
        "compose.yml": "services:\n  app:\n    build: .\n    user: '1000:1000'\n",
      }),
    ).toEqual([]);
    const derived = await findingsOf("docker/runs-as-root", {
      Dockerfile: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["app"]\n',
      "plugins/extra/Dockerfile": "ARG TAG=latest\nFROM acme/app:${TAG}\nRUN pip install extra\n",
      ".github/workflows/docker.yml":
        "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ${{ secrets.DOCKER_USER }}/app:latest\n",
    });
    expect(derived.map((f) => f.location?.path)).toEqual(["Dockerfile"]);
  });

  it("leaves a base image with no CMD/ENTRYPOINT to the images built FROM it, but not one that starts a process", async () => {
    const workflow =
      "on: push\njobs:\n  base:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: extras/docker/base/Dockerfile\n          push: true\n          tags: acme/base:latest\n";
    const base = "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3\nRUN useradd app\n";
    const app =
      'FROM acme/base:latest\nCOPY . /app\nUSER app\nEXPOSE 8000\nCMD ["python3", "/app/main.py"]\n';
    expect(
      await findingsOf("docker/runs-as-root", {
        "extras/docker/base/Dockerfile": base,
        "extras/docker/production/Dockerfile": app,
        ".github/workflows/docker-base.yml": workflow,
      }),
    ).toEqual([]);
    // A base that starts a service itself runs as root wherever it is used as is.
    const serving = await findingsOf("docker/runs-as-root", {
      "extras/docker/base/Dockerfile": `${base}CMD ["python3", "-m", "http.server"]\n`,
      "extras/docker/production/Dockerfile": app,
      ".github/workflows/docker-base.yml": workflow,
    });
    expect(serving.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "extras/docker/base/Dockerfile medium",
    ]);
    // Nothing here is built FROM it: still an image that ships as it is.
    const alone = await findingsOf("docker/runs-as-root", {
      "extras/docker/base/Dockerfile": base,
      ".github/workflows/docker-base.yml": workflow,
    });
    expect(alone.map((f) => f.location?.path)).toEqual(["extras/docker/base/Dockerfile"]);
  });

  it("is low for development and test images, and for official images that drop privileges not at all", async () => {
    const findings = await findingsOf("docker/runs-as-root", {
      "Dockerfile.e2e": 'FROM golang:1.22\nEXPOSE 8080\nENTRYPOINT ["go", "run", "."]\n',
      ".devcontainer/Dockerfile": "FROM node:20\nEXPOSE 3000\n",
      "extras/docker/demo/Dockerfile":
        'FROM ubuntu:24.04\nEXPOSE 80\nCMD ["apache2ctl", "-D", "FOREGROUND"]\n',
      "db/Dockerfile": "FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/\n",
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      ".devcontainer/Dockerfile low",
      "Dockerfile.e2e low",
      "extras/docker/demo/Dockerfile low",
    ]);
  });

  it("is low for static files added to the official nginx image, medium once the image starts its own process", async () => {
    const findings = await findingsOf("docker/runs-as-root", {
      "web/Dockerfile":
        "FROM node:24 AS build\nRUN yarn build\nFROM nginx:stable-alpine-slim\nCOPY --from=build /app/build /usr/share/nginx/html\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost || exit 1\n",
      "proxy/Dockerfile": 'FROM nginx:1.27\nCOPY app /app\nEXPOSE 80\nCMD ["/app/start-everything.sh"]\n',
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "proxy/Dockerfile medium",
      "web/Dockerfile low",
    ]);
  });

  it("reads the entrypoint script named by ENTRYPOINT when the whole context is copied (quoted)", async () => {
    const dockerfile = (script: string): Record<string, string> => ({
      Dockerfile:
        'FROM python:3.12-slim\nENV CODE_DIR=/app\nCOPY --chown=root:root "." "$CODE_DIR/"\nUSER root\nEXPOSE 8000\nENTRYPOINT ["dumb-init", "--", "/app/bin/entry.sh"]\n',
      "bin/entry.sh": script,
      "bin/dev.sh": "#!/bin/sh\nexec su-exec dev make serve\n",
    });
    expect(
      await findingsOf(
        "docker/runs-as-root",
        dockerfile('#!/bin/sh\nchown -R app /data\nexec gosu app "$@"\n'),
      ),
    ).toEqual([]);
    // Near miss: the named entrypoint runs the service as root (another script's drop does not count).
    const asRoot = await findingsOf("docker/runs-as-root", dockerfile('#!/bin/sh\nexec "$@"\n'));
    expect(asRoot.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("is low for a published program on FROM scratch that serves no port, medium when it serves one", async () => {
    const pushed =
      "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: acme/checker:latest\n";
    const scratch = await findingsOf("docker/runs-as-root", {
      ".github/workflows/release.yml": pushed,
      Dockerfile:
        'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /checker\nFROM scratch\nCOPY --from=build /checker /checker\nCMD ["/checker"]\n',
    });
    expect(scratch.map((f) => [f.severity, f.message.slice(0, 40)])).toEqual([
      ["low", "Final stage (FROM scratch) has no USER: "],
    ]);
    // Near miss: a scratch image serving a port stays medium.
    const served = await findingsOf("docker/runs-as-root", {
      ".github/workflows/release.yml": pushed,
      Dockerfile:
        'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /srv\nFROM scratch\nCOPY --from=build /srv /srv\nEXPOSE 8080\nCMD ["/srv"]\n',
    });
    expect(served.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("accepts a server's own user switch in a script the entrypoint script runs, and a supervisord program's user", async () => {
    const web = (gunicorn: string): Record<string, string> => ({
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD ["/srv/docker/start.sh"]\n',
      "docker/start.sh":
        '#!/bin/bash\nROOT="/srv"\nbash ${ROOT}/docker/migrate.sh\ncd ${ROOT}\n./docker/_gunicorn.sh\n',
      "docker/migrate.sh": "#!/bin/bash\npython manage.py migrate --noinput\n",
      "docker/_gunicorn.sh": `#!/bin/bash\ngunicorn app.wsgi -b 0.0.0.0:8000 \\\n    ${gunicorn} \\\n    --timeout 30\n`,
      "app/wsgi.py": "application = None\n",
    });
    expect(await findingsOf("docker/runs-as-root", web("--user www-data --group www-data"))).toEqual([]);
    expect(await findingsOf("docker/runs-as-root", web("--workers 4"))).toHaveLength(1);
    const supervised = (user: string): Record<string, string> => ({
      "docker/Dockerfile":
        'FROM alpine:3.20\nRUN apk add supervisor\nCOPY supervisor.conf /\nUSER root\nCMD ["/usr/bin/supervisord", "-c", "/supervisor.conf"]\n',
      "docker/supervisor.conf": `[supervisord]\nnodaemon=true\nuser=root\n\n[program:app]\ncommand=app serve\nuser=${user}\n`,
    });
    expect(await findingsOf("docker/runs-as-root", supervised("app"))).toEqual([]);
    expect(await findingsOf("docker/runs-as-root", supervised("root"))).toHaveLength(1);
  });

  it("stays silent on an AWS Lambda function image and is low for a helper Dockerfile nothing builds", async () => {
    const pushed =
      "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          file: Dockerfile\n          tags: acme/app:latest\n";
    const helper = "FROM python:latest\nADD . /\nEXPOSE 7000\nCMD python -m http.server 7000\n";
    const app = 'FROM node:22\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n';
    const findings = await findingsOf("docker/runs-as-root", {
      ".github/workflows/release.yml": pushed,
      Dockerfile: app,
      "packages/runner/Dockerfile.lambda":
        'FROM public.ecr.aws/lambda/nodejs:22-arm64\nCOPY dist ./\nCMD ["index.handler"]\n',
      "packages/frontend/bin/Dockerfile": helper,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["Dockerfile", "medium"],
      ["packages/frontend/bin/Dockerfile", "low"],
    ]);
    // Near misses: the same helper named by a package.json script, a Lambda-like image from another registry.
    const named = await findingsOf("docker/runs-as-root", {
      ".github/workflows/release.yml": pushed,
      Dockerfile: app,
      "packages/frontend/package.json": JSON.stringify({
        scripts: { serve: "docker build -f bin/Dockerfile -t docs . && docker run docs" },
      }),
      "packages/frontend/bin/Dockerfile": helper,
      "Dockerfile.worker": 'FROM acme/lambda/nodejs:22\nEXPOSE 8080\nCMD ["index.handler"]\n',
    });
    expect(named.map((f) => [f.location?.path, f.severity])).toEqual([
      ["Dockerfile", "medium"],
      ["Dockerfile.worker", "medium"],
      ["packages/frontend/bin/Dockerfile", "medium"],
    ]);
  });
});
