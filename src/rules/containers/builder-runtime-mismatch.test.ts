import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { systemOf } from "../../facts/docker/stage-systems.js";

const phoenix = (runner: string): string =>
  [
    "ARG BUILDER_IMAGE=hexpm/elixir:1.17.3-erlang-27.1.2-debian-bookworm-20241016-slim",
    `ARG RUNNER_IMAGE=${runner}`,
    "FROM ${BUILDER_IMAGE} AS builder",
    "RUN mix release",
    "FROM ${RUNNER_IMAGE}",
    "COPY --from=builder /app/_build/prod/rel/app ./",
    'CMD ["/app/bin/server"]',
    "",
  ].join("\n");

describe("docker/builder-runtime-mismatch", () => {
  it("fires when an Elixir release built on bookworm runs on bullseye", async () => {
    const findings = await findingsOf("docker/builder-runtime-mismatch", {
      Dockerfile: phoenix("debian:bullseye-20241016-slim"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[6, "medium"]]);
    expect(findings[0]?.message).toContain(
      "runs on debian bullseye (debian:bullseye-20241016-slim) but copies an Erlang/Elixir release",
    );
  });

  it("stays silent on the same release, and on static files copied to another system", async () => {
    const findings = await findingsOf("docker/builder-runtime-mismatch", {
      Dockerfile: phoenix("debian:bookworm-20241016-slim"),
      "web/Dockerfile": [
        "FROM node:22-bookworm AS build",
        "RUN npm ci && npm run build",
        "FROM nginx:1.27-alpine",
        "COPY --from=build /app/dist /usr/share/nginx/html",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a cgo binary built on an older glibc release than the runtime's, fires on a newer one", async () => {
    const go = (builder: string): string =>
      [
        `FROM golang:1.24.2-${builder} AS cli`,
        "RUN go build -o /cli",
        "FROM debian:bookworm-slim",
        "COPY --from=cli /cli /usr/local/bin/cli",
        "",
      ].join("\n");
    expect(await findingsOf("docker/builder-runtime-mismatch", { Dockerfile: go("bullseye") })).toEqual([]);
    const newer = await findingsOf("docker/builder-runtime-mismatch", { Dockerfile: go("trixie") });
    expect(newer.map((f) => f.location?.startLine)).toEqual([4]);
  });

  it("reads a `make <target>` recipe: silent when it links statically, fires when it builds with cgo", async () => {
    const dockerfile = [
      "FROM golang:1.24-bookworm AS builder",
      "ADD Makefile .",
      "RUN make VERSION=$VERSION server",
      "FROM alpine",
      "COPY --from=builder /app/dist/server /usr/bin/server",
      "",
    ].join("\n");
    const makefile = (flags: string): string =>
      `server: deps\n\tmkdir -p dist\n\tCGO_ENABLED=1 go build \\\n\t\t-o dist/server ${flags}\ndeps:\n\tgo mod download\n`;
    expect(
      await findingsOf("docker/builder-runtime-mismatch", {
        Dockerfile: dockerfile,
        Makefile: makefile('-ldflags "-linkmode=external -extldflags=-static"'),
      }),
    ).toEqual([]);
    const dynamic = await findingsOf("docker/builder-runtime-mismatch", {
      Dockerfile: dockerfile,
      Makefile: makefile("-tags netgo"),
    });
    expect(dynamic.map((f) => f.location?.startLine)).toEqual([5]);
  });

  it("reads systems from image tags", () => {
    expect(systemOf("python:3.12-slim-bookworm")).toEqual({ family: "debian", release: "bookworm" });
    expect(systemOf("node:20-alpine3.19")).toEqual({ family: "alpine", release: "3.19" });
    expect(systemOf("hexpm/elixir:1.16.0-erlang-26.2.1-alpine-3.18.4")).toEqual({
      family: "alpine",
      release: "3.18",
    });
    expect(systemOf("ubuntu:jammy")).toEqual({ family: "ubuntu", release: "22.04" });
    expect(systemOf("gcr.io/distroless/static")).toBeNull();
  });
});
