// Facts pack: the port each container image's application listens on, with every place that states or assumes it —
// Dockerfile EXPOSE and HEALTHCHECK, compose `ports:`/`expose:`/healthcheck for services built from the Dockerfile,
// fly.toml `internal_port`, and the application's own listen config (code, server command lines, proxy configs).
// Env-driven ports are resolved against the image's ENV/ARG and each compose service's environment; a port that
// cannot be resolved is recorded as unknown (null), never guessed.
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import { isVendoredPath } from "../../repo/path-kind.js";
import { manifestFolderOf, outsideApplication } from "../app-folders.js";
import { defineCollector, definePack, type CollectContext } from "../define.js";
import {
  INFRA_IMAGE,
  type ComposeFile,
  type ComposeService,
  type Dockerfile,
  type DockerStage,
} from "../docker/index.js";
import type { AreaFactEntry } from "../repo-facts.js";
import {
  commandPort,
  commandSites,
  isProxyConfig,
  listenSitesAnalyzer,
  portFlagOf,
  portOfExpression,
  proxySites,
  type ListenSite,
  type PortValue,
} from "./listen-sites.js";

export type { ListenSite, PortValue } from "./listen-sites.js";
export { commandPort, portOfExpression } from "./listen-sites.js";

/** What a place says about the port. */
export type PortRole =
  "listen" | "expose" | "compose-port" | "compose-expose" | "healthcheck" | "internal-port";

/** One place stating a port, as written and as resolved in its deployment's environment. */
export interface PortPlace extends PortValue {
  role: PortRole;
  path: string;
  line: number;
  via: string;
  /** The port once env reads are resolved; null when it cannot be known from the repository. */
  resolved: number | null;
}

/** One way the image is run: by itself, as a compose service, as a Fly app. */
export interface PortDeployment {
  kind: "image" | "compose" | "fly";
  /** The compose service or Fly app name; the Dockerfile path for the image itself. */
  name: string;
  path: string;
  line: number;
  /** A development, test or CI set-up (compose file or Dockerfile for those), not what production runs. */
  development: boolean;
  /** Ports traffic is sent to inside the container (EXPOSE, compose container side, internal_port). */
  published: PortPlace[];
  healthchecks: PortPlace[];
  /** Where the application listens, resolved for this deployment. */
  listens: PortPlace[];
  /** The ports it listens on, or "unknown" when a listen place cannot be resolved or none was found. */
  listenPorts: number[] | "unknown";
}

export interface ContainerPorts {
  dockerfile: string;
  /** The folder the image is built from (compose `build:`, else the nearest folder with a manifest). */
  context: string;
  deployments: PortDeployment[];
}

export interface PortFacts {
  containers: ContainerPorts[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    ports: PortFacts;
  }
}

const PROXY_IMAGE = /(^|\/)(nginx|caddy|httpd|haproxy|traefik|envoy|openresty)[\w./-]*(:|@|$)/i;

/** `name=value` pairs of the final stage, its parent stages and the file's global ARGs, ARG values substituted. */
function imageEnv(df: Dockerfile): Map<string, string | null> {
  const chain: DockerStage[] = [];
  let stage = df.stages[df.stages.length - 1];
  while (stage && !chain.includes(stage)) {
    chain.unshift(stage);
    const parent = stage.image.toLowerCase();
    stage = df.stages.find(
      (s) => s.name !== null && s.name.toLowerCase() === parent && s.index < (stage?.index ?? 0),
    );
  }
  const env = new Map<string, string | null>(df.globalArgs.map((a) => [a.name, a.value]));
  for (const s of chain)
    for (const e of s.env) {
      const value =
        e.value?.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => env.get(name) ?? whole) ?? null;
      if (e.keyword === "ENV" || !env.has(e.name) || value !== null) env.set(e.name, value);
    }
  return env;
}

/** A port value resolved in an environment: the env's value when set, else the fallback. */
function resolve(value: PortValue, env: ReadonlyMap<string, string | null>): number | null {
  if (value.env === null) return value.port;
  if (!env.has(value.env)) return value.port;
  const set = env.get(value.env);
  if (set === null || set === undefined) return null;
  const inner = portOfExpression(/^\$/.test(set) ? set : `"${set.replace(/^["']|["']$/g, "")}"`);
  return inner && inner.env === null ? inner.port : null;
}

/** The container side of a compose `ports:` entry: `8080`, `80:8080`, `127.0.0.1:80:8080/tcp`, `{target: 8080}`. */
function composeContainerPort(value: string): PortValue | null {
  if (value.startsWith("{")) {
    const target = /"target":\s*"?(\d+|\$\{[^}]+\})/.exec(value)?.[1];
    return target ? portOfExpression(target.startsWith("$") ? target : `"${target}"`) : null;
  }
  const container =
    value
      .replace(/\/(tcp|udp)$/, "")
      .split(":")
      .pop() ?? "";
  if (/-/.test(container)) return null;
  return portOfExpression(container.startsWith("$") ? container : `"${container}"`);
}

/** The port a healthcheck command probes on the container itself, or null when it probes no local port. */
export function healthcheckPort(command: string): PortValue | null {
  const url =
    /\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\$\{?HOSTNAME\}?)(?::(\$\{[^}]+\}|\$\w+|\d+))?/.exec(
      command,
    );
  if (url) {
    if (url[1] === undefined) return { port: url[0].startsWith("https") ? 443 : 80, env: null };
    return portOfExpression(url[1].startsWith("$") ? url[1] : `"${url[1]}"`);
  }
  const nc = /\bnc\s+(?:-\w+\s+)*(?:localhost|127\.0\.0\.1)\s+(\$\{[^}]+\}|\$\w+|\d+)/.exec(command);
  if (nc?.[1]) return portOfExpression(nc[1].startsWith("$") ? nc[1] : `"${nc[1]}"`);
  return null;
}

function place(
  role: PortRole,
  path: string,
  line: number,
  via: string,
  value: PortValue,
  env: ReadonlyMap<string, string | null>,
): PortPlace {
  return { role, path, line, via, port: value.port, env: value.env, resolved: resolve(value, env) };
}

function listenPortsOf(listens: readonly PortPlace[]): number[] | "unknown" {
  if (listens.length === 0 || listens.some((l) => l.resolved === null)) return "unknown";
  return [...new Set(listens.map((l) => l.resolved as number))].sort((a, b) => a - b);
}

function contextOf(
  df: Dockerfile,
  compose: ReadonlyArray<{ file: ComposeFile; service: ComposeService }>,
  has: (path: string) => boolean,
): string {
  const built = compose.find(({ service }) => service.build !== null);
  if (built?.service.build)
    return posix
      .normalize(posix.join(posix.dirname(built.file.path), built.service.build))
      .replace(/^\.$/, "");
  return manifestFolderOf(posix.dirname(df.path), has);
}

function under(context: string, path: string): boolean {
  return context === "" || path === context || path.startsWith(`${context}/`);
}

/** Compose services that build this Dockerfile. */
function servicesBuilding(
  df: Dockerfile,
  files: readonly ComposeFile[],
): Array<{ file: ComposeFile; service: ComposeService }> {
  const out: Array<{ file: ComposeFile; service: ComposeService }> = [];
  for (const file of files)
    for (const service of file.services) {
      if (service.build === null) continue;
      const context = posix.normalize(posix.join(posix.dirname(file.path), service.build));
      const dockerfile = posix.normalize(posix.join(context, service.dockerfile ?? "Dockerfile"));
      if (dockerfile === df.path) out.push({ file, service });
    }
  return out;
}

interface FlyApp {
  path: string;
  name: string;
  dockerfile: string | null;
  image: string | null;
  ports: Array<{ port: number; line: number }>;
  env: Map<string, string>;
}

function readFly(path: string, text: string): FlyApp | null {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const lines = text.split(/\r?\n/);
  const build = (doc.build ?? {}) as Record<string, unknown>;
  const env = new Map(
    Object.entries((doc.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  const ports: FlyApp["ports"] = [];
  lines.forEach((line, i) => {
    const m = /^\s*internal_port\s*=\s*(\d+)/.exec(line);
    if (m?.[1]) ports.push({ port: Number(m[1]), line: i + 1 });
  });
  return {
    path,
    name: typeof doc.app === "string" ? doc.app : path,
    dockerfile: typeof build.dockerfile === "string" ? build.dockerfile : null,
    image: typeof build.image === "string" ? build.image : null,
    ports,
    env,
  };
}

function collectPorts(ctx: CollectContext): PortFacts {
  const docker = ctx.facts.docker;
  if (!docker) return { containers: [] };
  const paths = new Set(ctx.index.files.map((f) => f.path));
  const sites = ctx
    .fileFacts(listenSitesAnalyzer)
    .filter(({ file }) => !file.isTest && !isVendoredPath(file.path));
  const flyApps = ctx.index.files
    .filter((f) => /(^|\/)fly\.toml$/.test(f.path))
    .map((f) => readFly(f.path, ctx.index.read(f.path) ?? ""))
    .filter((f): f is FlyApp => f !== null && f.image === null && f.ports.length > 0);
  const containers: ContainerPorts[] = [];
  for (const df of docker.dockerfiles) {
    const final = df.stages[df.stages.length - 1];
    if (!final) continue;
    const compose = servicesBuilding(df, docker.compose);
    const context = contextOf(df, compose, (p) => paths.has(p));
    const env = imageEnv(df);
    const finalImage = df.stageInfos?.[df.stageInfos.length - 1]?.image ?? final.image;
    if (INFRA_IMAGE.test(finalImage)) continue;

    // Where the application listens, as written: the image's command line (and scripts it runs), else the code.
    const commands = final.instructions.filter((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT");
    const written: Array<{ path: string; site: ListenSite }> = [];
    for (const ins of commands) {
      const line = ins.args
        .replace(/^\[|\]$/g, "")
        .replace(/"\s*,\s*"/g, " ")
        .replace(/"/g, "");
      const port = commandPort(line) ?? portFlagOf(line);
      if (port) written.push({ path: df.path, site: { line: ins.line, ...port } });
      for (const token of line.split(/\s+/).filter((t) => /\.sh$/.test(t))) {
        const script = [...paths].find(
          (p) => under(context, p) && posix.basename(p) === posix.basename(token),
        );
        const text = script ? ctx.index.read(script) : null;
        if (script && text)
          written.push(...commandSites(text.split(/\r?\n/)).map((site) => ({ path: script, site })));
      }
    }
    if (written.length === 0) {
      if (PROXY_IMAGE.test(finalImage)) {
        for (const path of [...paths].filter((p) => under(context, p) && isProxyConfig(p)).sort()) {
          const text = ctx.index.read(path);
          if (text) written.push(...proxySites(path, text.split(/\r?\n/)).map((site) => ({ path, site })));
        }
      } else
        for (const { file, value } of sites)
          if (under(context, file.path) && !outsideApplication(file.path) && !isProxyConfig(file.path))
            written.push(...value.map((site) => ({ path: file.path, site })));
    }
    const listensIn = (deploymentEnv: ReadonlyMap<string, string | null>): PortPlace[] =>
      written.map(({ path, site }) => place("listen", path, site.line, site.via, site, deploymentEnv));

    const deployments: PortDeployment[] = [];
    const imageListens = listensIn(env);
    deployments.push({
      kind: "image",
      name: df.path,
      path: df.path,
      line: final.line,
      development: Boolean(df.development),
      published: final.expose
        .map((e) => ({
          e,
          value: portOfExpression(e.port.replace(/\/(tcp|udp)$/, "").replace(/^(?!\$)(.*)$/, '"$1"')),
        }))
        .filter((x): x is { e: { port: string; line: number }; value: PortValue } => x.value !== null)
        .map(({ e, value }) => place("expose", df.path, e.line, `EXPOSE ${e.port}`, value, env)),
      healthchecks: final.healthcheck
        ? [healthcheckPort(final.healthcheck.value)]
            .filter((v): v is PortValue => v !== null)
            .map((v) =>
              place("healthcheck", df.path, final.healthcheck?.line ?? final.line, "HEALTHCHECK", v, env),
            )
        : [],
      listens: imageListens,
      listenPorts: listenPortsOf(imageListens),
    });
    for (const { file, service } of compose) {
      const serviceEnv = new Map(env);
      for (const e of service.environment) serviceEnv.set(e.name, e.value);
      const override = service.command
        ? (commandPort(service.command.value) ?? portFlagOf(service.command.value))
        : null;
      const listens = override
        ? [
            place(
              "listen",
              file.path,
              service.command?.line ?? service.line,
              override.via,
              override,
              serviceEnv,
            ),
          ]
        : listensIn(serviceEnv);
      const published = [
        ...service.ports.map((p) => ({ p, role: "compose-port" as const })),
        ...(service.expose ?? []).map((p) => ({ p, role: "compose-expose" as const })),
      ]
        .map(({ p, role }) => ({ p, role, value: composeContainerPort(p.value) }))
        .filter((x) => x.value !== null)
        .map(({ p, role, value }) =>
          place(
            role,
            file.path,
            p.line,
            `${role === "compose-port" ? "ports" : "expose"}: ${p.value}`,
            value as PortValue,
            serviceEnv,
          ),
        );
      const probe = service.healthcheckTest ? healthcheckPort(service.healthcheckTest.value) : null;
      deployments.push({
        kind: "compose",
        name: service.name,
        path: file.path,
        line: service.line,
        development: Boolean(file.development),
        published,
        healthchecks:
          probe && service.healthcheckTest
            ? [
                place(
                  "healthcheck",
                  file.path,
                  service.healthcheckTest.line,
                  "healthcheck test",
                  probe,
                  serviceEnv,
                ),
              ]
            : [],
        listens,
        listenPorts: listenPortsOf(listens),
      });
    }
    for (const fly of flyApps) {
      const dockerfile = fly.dockerfile
        ? posix.normalize(posix.join(posix.dirname(fly.path), fly.dockerfile))
        : posix.join(posix.dirname(fly.path), "Dockerfile").replace(/^\.\//, "");
      if (dockerfile !== df.path) continue;
      const flyEnv = new Map<string, string | null>(env);
      for (const [k, v] of fly.env) flyEnv.set(k, v);
      const listens = listensIn(flyEnv);
      deployments.push({
        kind: "fly",
        name: fly.name,
        path: fly.path,
        line: fly.ports[0]?.line ?? 1,
        development: false,
        published: fly.ports.map((p) =>
          place(
            "internal-port",
            fly.path,
            p.line,
            `internal_port = ${p.port}`,
            { port: p.port, env: null },
            flyEnv,
          ),
        ),
        healthchecks: [],
        listens,
        listenPorts: listenPortsOf(listens),
      });
    }
    containers.push({ dockerfile: df.path, context, deployments });
  }
  return { containers };
}

export const portsCollector = defineCollector({
  id: "ports",
  dependsOn: ["docker"],
  collect: collectPorts,
});

const shown = (p: PortPlace): string =>
  p.resolved !== null ? String(p.resolved) : p.env ? `$${p.env} (unknown)` : "unknown";

export default definePack({
  name: "ports",
  analyzers: [listenSitesAnalyzer],
  collectors: [portsCollector],
  describe(facts) {
    const entries: AreaFactEntry[] = [];
    for (const container of facts.ports?.containers ?? []) {
      const image = container.deployments[0];
      if (!image || (image.published.length === 0 && image.listens.length === 0)) continue;
      const listens = image.listenPorts === "unknown" ? "unknown" : image.listenPorts.join(", ");
      entries.push({
        area: "containers",
        label: `${container.dockerfile} ports`,
        value: `listens on ${listens}${image.listens.length ? ` (${image.listens.map((l) => `${l.path}:${l.line} ${shown(l)}`).join("; ")})` : ""}; EXPOSE ${image.published.map(shown).join(", ") || "none"}`,
        location: { path: container.dockerfile, startLine: image.line, endLine: image.line },
      });
    }
    return entries;
  },
});
