// Facts pack: Dockerfiles (stages, base images, USER, HEALTHCHECK, EXPOSE, ENV/ARG, RUN installs) and compose services.
import { basename } from "node:path/posix";
import { stageInfos, type StageInfo } from "./stage-systems.js";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { defineCollector, definePack } from "../define.js";
import { ciImageBuilds, imageBuiltHere, imageUser, type ImageUser } from "./images.js";

export interface DockerInstruction {
  /** Upper-cased keyword: FROM, RUN, COPY … */
  keyword: string;
  /** Arguments with `\` continuations joined. */
  args: string;
  line: number;
  endLine: number;
}

export interface DockerStage {
  index: number;
  name: string | null;
  /** The image as written (`node:20-alpine`, `$BASE`, `builder`). */
  image: string;
  tag: string | null;
  digest: string | null;
  /** True when FROM names an earlier stage or a build argument, not a registry image. */
  internal: boolean;
  line: number;
  user: { value: string; line: number } | null;
  healthcheck: { value: string; line: number } | null;
  expose: Array<{ port: string; line: number }>;
  env: Array<{ name: string; value: string | null; line: number; keyword: "ENV" | "ARG" }>;
  instructions: DockerInstruction[];
}

export interface Dockerfile {
  path: string;
  stages: DockerStage[];
  /** ARGs declared before the first FROM. */
  globalArgs: Array<{ name: string; value: string | null; line: number }>;
  /** What the final image runs as, read with the stages, scripts and compose files around it. */
  runtime?: ImageUser;
  /** Why the Dockerfile builds an image for development, tests, CI, demos or packaging rather than production, or null. */
  development?: string | null;
  /**
   * Dockerfiles of this repository whose final stage is built FROM the image this one builds (through the tag CI or
   * compose gives it): this image is their base.
   */
  baseOf?: string[];
  /** CI steps that build this Dockerfile, and whether one pushes the image. */
  builtInCi?: Array<{ path: string; line: number; push: boolean }>;
  /** Each stage's resolved image, operating system and the stages it copies from. */
  stageInfos?: StageInfo[];
}

export interface ComposeService {
  name: string;
  line: number;
  image: string | null;
  build: string | null;
  /** `build.dockerfile`, relative to the build context, when set. */
  dockerfile?: string | null;
  ports: Array<{ value: string; line: number }>;
  privileged: { line: number } | null;
  user: string | null;
  healthcheck: boolean;
  volumes: string[];
  environment: Array<{ name: string; value: string | null; line: number }>;
  /** `expose:` entries (container ports, not published). */
  expose?: Array<{ value: string; line: number }>;
  /** `healthcheck.test` joined into one command line, with its line. */
  healthcheckTest?: { value: string; line: number } | null;
  /** `command:` joined into one command line, with its line. */
  command?: { value: string; line: number } | null;
  /** The image is a database, cache, broker or observability tool, not the application. */
  infrastructure?: boolean;
  /** `labels:` entries (map or `key=value` list), as a reverse proxy (Traefik, Caddy) reads them. */
  labels?: Array<{ name: string; value: string | null; line: number }>;
}

export interface ComposeFile {
  path: string;
  services: ComposeService[];
  /**
   * The Compose project name: the top-level `name:`, else the folder that holds the file (Compose's default). A
   * service with `build:` and no `image:` builds an image named `<project>-<service>`.
   */
  project?: string | null;
  /**
   * Why the file sets up local development or tests rather than a deployment, or null: named for development,
   * tests, CI or examples; a service built from source; or only databases and tools.
   */
  development?: string | null;
}

export interface DockerFacts {
  dockerfiles: Dockerfile[];
  compose: ComposeFile[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    docker: DockerFacts;
  }
}

/**
 * Images of databases, caches, brokers and observability tools, and of their local stand-ins and proxies named after
 * them (`serverless-redis-http`): a compose file of only these supports local development.
 */
export const INFRA_IMAGE =
  /(^|\/|-)(postgres|postgis|pgvector|timescaledb|mysql|mariadb|mongo|redis|valkey|memcached|rabbitmq|nats|kafka|zookeeper|clickhouse|elasticsearch|opensearch|minio|localstack|mailhog|mailpit|grafana|prometheus|jaeger|otel|loki|tempo|adminer|pgadmin)[\w./-]*(:|@|$)/i;
/** Paths of compose files for development, tests, CI and examples. */
const DEV_PATH =
  /(^|\/)[^/]*(dev|test|e2e|ci|local|example|sample|cypress|playwright|bench|gitpod|codespaces?)[^/]*(\/|\.ya?ml$)|(^|\/)\.devcontainer\//i;

// Paths of images for development, tests, CI, demos and packaging: not what runs in production.
const DEV_DOCKERFILE =
  /(^|\/)\.?(devcontainer|codesandbox|gitpod|ci|tests?|e2e|examples?|samples?|demo|dev|development|packaging)\/|(^|\/)[^/]*(dev|test|e2e|ci|gitpod|codesandbox|cypress|compose|local)[^/]*$/i;

/** Why a Dockerfile builds an image for development, tests, CI, demos or packaging (by its path), or null. */
/** Platform configs that build the Dockerfile beside them (Fly, Render, Railway, Heroku, App Engine, Procfile). */
const DEPLOY_CONFIG =
  /(^|\/)(fly\.toml|render\.ya?ml|railway\.(json|toml)|heroku\.yml|app\.ya?ml|Procfile|captain-definition|zeabur\.json)$/;
/** Folders kept for images and deployment (`docker/production/`, `deploy/`, `infra/`): what is there ships. */
const IMAGE_FOLDER =
  /(^|\/)(\.?docker\w*|containers?|images?|deploy\w*|prod\w*|release\w*|infra\w*|k8s|kubernetes|helm|ops|services?)(\/|$)/i;
/** Files that may run a build by hand: Makefiles, shell scripts, package.json scripts, task runners. */
const BUILD_SCRIPT =
  /(^|\/)(Makefile|GNUmakefile|[^/]+\.mk|[^/]+\.sh|package\.json|justfile|Justfile|Taskfile\.ya?ml|Earthfile|[^/]+\.hcl)$/;

function dirOfPath(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

function normaliseDockerPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/**
 * A Makefile, shell script, package.json or task file names the Dockerfile: by its path, or by its folder and name
 * (`bin/Dockerfile`, `-f Dockerfile` beside it, `docker build bin`).
 */
function referencedByScripts(
  dockerfile: string,
  paths: readonly string[],
  read: (path: string) => string | null,
): boolean {
  const dir = dirOfPath(dockerfile);
  const name = dockerfile.slice(dir.length + 1);
  const leaf = dir.slice(dir.lastIndexOf("/") + 1);
  const needles = [dockerfile, `${leaf}/${name}`, dir];
  for (const path of paths) {
    if (!BUILD_SCRIPT.test(path)) continue;
    const text = read(path);
    if (text === null) continue;
    if (needles.some((needle) => text.includes(needle))) return true;
    if (dirOfPath(path) === dir && /\bdocker\b[^\n]*\bbuild\b/.test(text)) return true;
  }
  return false;
}

export function dockerfileDevelopment(path: string): string | null {
  return DEV_DOCKERFILE.test(path) ? "an image for development, tests, CI, demos or packaging" : null;
}

const HOST_GATEWAY = /\bhost\.docker\.internal\b/;
/** Server commands that start a development mode (Keycloak `start-dev`, `--dev`): never a deployment. */
const DEV_MODE_COMMAND = /(^|[\s"'[,])(start-dev|--dev|--dev-mode)(?=$|[\s"',\]])/;

/** Settings of a server's development mode (`VAULT_DEV_ROOT_TOKEN_ID`, `BAO_DEV_LISTEN_ADDRESS`). */
const DEV_MODE_SETTING = /^[A-Z][A-Z0-9]*_DEV_[A-Z0-9_]+$/;
/** An opening comment saying the file is for development or tests. */
const DEV_PURPOSE =
  /[^\n]*\b(?:for (?:local )?(?:development|testing|tests|dev)\b|setups? for testing|development only|not for production|do not use in production)[^\n]*/i;

/** Why a compose file sets up development or tests (see ComposeFile.development), or null. */
export function composeDevelopment(file: ComposeFile, text = ""): string | null {
  const build = file.services.find((svc) => svc.build !== null);
  if (DEV_PATH.test(file.path)) return "a development/test compose file";
  // The comment that opens the file says what it is for (`# This file provides quick setups for testing …`).
  const header = /^(?:\s*#[^\n]*\n)*/.exec(text)?.[0] ?? "";
  const purpose = DEV_PURPOSE.exec(header);
  if (purpose) return `a development/test setup, as its opening comment says ("${purpose[0].trim()}")`;
  if (build) return `a development setup: service ${build.name} builds from source`;
  if (file.services.length > 0 && file.services.every((svc) => svc.infrastructure))
    return "only databases and tools, for local development";
  // A service that calls back to the host (`AUTH_SERVER_URL: http://host.docker.internal:4000`) supports an app that
  // runs on the developer's machine, outside the file.
  const host = file.services.find((svc) => svc.environment.some((env) => HOST_GATEWAY.test(env.value ?? "")));
  if (host)
    return `a development stack: service ${host.name} calls an app run on the host (host.docker.internal)`;
  const devMode = file.services.find((svc) => DEV_MODE_COMMAND.test(svc.command?.value ?? ""));
  if (devMode)
    return `a development stack: service ${devMode.name} runs in development mode (${devMode.command!.value})`;
  // `VAULT_DEV_ROOT_TOKEN_ID`: a setting that only exists in the server's in-memory development mode.
  const devSetting = file.services
    .flatMap((svc) => svc.environment.map((env) => ({ svc, env })))
    .find(({ env }) => DEV_MODE_SETTING.test(env.name) && !/^(false|0|no|off|)$/i.test(env.value ?? ""));
  if (devSetting)
    return `a development stack: service ${devSetting.svc.name} runs in development mode (${devSetting.env.name})`;
  return null;
}

export function isDockerfilePath(path: string): boolean {
  const base = basename(path);
  // Code and templates named after Dockerfiles (`dockerfile.ex`, `Dockerfile.j2`) are not Dockerfiles.
  if (
    /\.(ex|exs|go|py|rb|js|mjs|ts|rs|java|kt|md|txt|json|ya?ml|erb|eex|heex|j2|jinja2?|tmpl|tpl|template|sh|snap|golden)$/i.test(
      base,
    )
  )
    return false;
  return (
    /^(Dockerfile|Containerfile)([._-][\w.-]+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base)
  );
}

/** A compose file, also when its name is prefixed by what it is for (`dev-compose.yaml`, `prod.docker-compose.yml`). */
export function isComposePath(path: string): boolean {
  return /^([\w.]+[._-])?(docker-)?compose([._-][\w.-]+)?\.ya?ml$/i.test(basename(path));
}

/** Splits a Dockerfile into instructions, joining `\` continuations and skipping comments inside them. */
export function parseInstructions(text: string): DockerInstruction[] {
  const lines = text.split(/\r?\n/);
  const out: DockerInstruction[] = [];
  let escape = "\\";
  const directive = /^#\s*escape\s*=\s*(\S)/i.exec(lines[0] ?? "");
  if (directive?.[1]) escape = directive[1];
  let current: DockerInstruction | null = null;
  // The pieces of the current instruction's arguments, one per line, joined once it ends: each line is looked
  // at once (a megabyte of `\` continuations stays linear).
  let pieces: string[] = [];
  let hereMarker: string | null = null;
  let heredoc: string | null = null;
  const finish = (instruction: DockerInstruction): void => {
    instruction.args = pieces.join(" ").trim();
    out.push(instruction);
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (heredoc !== null) {
      if (current) {
        current.args += "\n" + raw;
        current.endLine = line;
      }
      if (raw.trim() === heredoc) {
        heredoc = null;
        if (current) out.push(current);
        current = null;
      }
      return;
    }
    const trimmed = raw.trim();
    let piece: string;
    if (current === null) {
      if (trimmed === "" || trimmed.startsWith("#")) return;
      const m = /^(\w+)\s*(.*)$/.exec(trimmed);
      if (!m) return;
      piece = m[2] ?? "";
      current = { keyword: (m[1] ?? "").toUpperCase(), args: "", line, endLine: line };
      pieces = [piece];
      hereMarker = null;
    } else {
      if (trimmed.startsWith("#")) return;
      piece = trimmed;
      pieces.push(piece);
      current.endLine = line;
    }
    hereMarker ??= /<<-?["']?(\w+)["']?/.exec(piece)?.[1] ?? null;
    const continues = piece.endsWith(escape);
    if (hereMarker && /^(RUN|COPY)$/.test(current.keyword) && !continues) {
      current.args = pieces.join(" ");
      heredoc = hereMarker;
      return;
    }
    if (continues) {
      pieces[pieces.length - 1] = piece.slice(0, -1).trimEnd();
      return;
    }
    finish(current);
    current = null;
  });
  if (current) finish(current);
  return out;
}

function parseKeyValues(args: string): Array<{ name: string; value: string | null }> {
  // `ENV KEY value` (legacy) or `ENV A=1 B="two words"`; ARG NAME[=default].
  if (!/^[\w.-]+=/.test(args)) {
    const m = /^([\w.-]+)(?:\s+(.*))?$/.exec(args);
    return m?.[1] ? [{ name: m[1], value: m[2] ?? null }] : [];
  }
  const out: Array<{ name: string; value: string | null }> = [];
  const re = /([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (let m = re.exec(args); m; m = re.exec(args))
    out.push({ name: m[1] ?? "", value: (m[2] ?? "").replace(/^["']|["']$/g, "") });
  return out;
}

export function parseDockerfile(path: string, text: string): Dockerfile {
  const stages: DockerStage[] = [];
  const globalArgs: Dockerfile["globalArgs"] = [];
  for (const ins of parseInstructions(text)) {
    if (ins.keyword === "FROM") {
      const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith("--"));
      const ref = parts[0] ?? "";
      const name = parts[1]?.toLowerCase() === "as" ? (parts[2] ?? null) : null;
      const [withoutDigest, digest] = ref.split("@");
      const lastSlash = (withoutDigest ?? "").lastIndexOf("/");
      const colon = (withoutDigest ?? "").indexOf(":", lastSlash + 1);
      const image = colon >= 0 ? (withoutDigest ?? "").slice(0, colon) : (withoutDigest ?? "");
      const tag = colon >= 0 ? (withoutDigest ?? "").slice(colon + 1) : null;
      const internal =
        ref.includes("$") ||
        stages.some((s) => s.name !== null && s.name.toLowerCase() === ref.toLowerCase());
      stages.push({
        index: stages.length,
        name,
        image,
        tag,
        digest: digest ?? null,
        internal,
        line: ins.line,
        user: null,
        healthcheck: null,
        expose: [],
        env: [],
        instructions: [ins],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) {
      if (ins.keyword === "ARG")
        for (const kv of parseKeyValues(ins.args)) globalArgs.push({ ...kv, line: ins.line });
      continue;
    }
    stage.instructions.push(ins);
    if (ins.keyword === "USER") stage.user = { value: ins.args, line: ins.line };
    else if (ins.keyword === "HEALTHCHECK") stage.healthcheck = { value: ins.args, line: ins.line };
    else if (ins.keyword === "EXPOSE")
      for (const port of ins.args.split(/\s+/).filter(Boolean)) stage.expose.push({ port, line: ins.line });
    else if (ins.keyword === "ENV" || ins.keyword === "ARG")
      for (const kv of parseKeyValues(ins.args))
        stage.env.push({ ...kv, line: ins.line, keyword: ins.keyword });
  }
  return { path, stages, globalArgs, development: dockerfileDevelopment(path) };
}

function scalar(node: unknown): string | null {
  return isScalar(node) && node.value !== null && node.value !== undefined
    ? String(node.value as string | number | boolean)
    : null;
}

export function parseCompose(path: string, text: string): { file: ComposeFile; error: string | null } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true, uniqueKeys: false });
  const file: ComposeFile = { path, services: [] };
  const lineOf = (node: unknown): number => {
    const start = (node as YamlNode | null)?.range?.[0];
    return start === undefined ? 1 : lc.linePos(start).line;
  };
  const services = isMap(doc.contents) ? doc.contents.get("services", true) : undefined;
  const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")).split("/").pop()! : null;
  const declaredName = isMap(doc.contents) ? scalar(doc.contents.get("name", true)) : null;
  // Compose lowercases the name and keeps letters, digits, `-` and `_`; a root-level file's folder is the checkout's.
  file.project = (declaredName ?? folder)?.toLowerCase().replace(/[^a-z0-9_-]/g, "") || null;
  if (isMap(services)) {
    for (const pair of services.items) {
      const name = scalar(pair.key);
      const body = pair.value;
      if (!name || !isMap(body)) continue;
      const get = (key: string): unknown => body.get(key, true);
      const build = get("build");
      const service: ComposeService = {
        name,
        line: lineOf(pair.key),
        image: scalar(get("image")),
        build: scalar(build) ?? (isMap(build) ? (scalar(build.get("context", true)) ?? ".") : null),
        dockerfile: isMap(build) ? scalar(build.get("dockerfile", true)) : null,
        ports: isSeq(get("ports"))
          ? (get("ports") as { items: unknown[] }).items.map((p) => ({
              value: scalar(p) ?? JSON.stringify((p as YamlNode).toJSON()),
              line: lineOf(p),
            }))
          : [],
        privileged: scalar(get("privileged")) === "true" ? { line: lineOf(get("privileged")) } : null,
        user: scalar(get("user")),
        healthcheck: get("healthcheck") !== undefined,
        volumes: isSeq(get("volumes"))
          ? (get("volumes") as { items: unknown[] }).items.map((v) => scalar(v) ?? "")
          : [],
        environment: [],
      };
      const commandLine = (node: unknown): { value: string; line: number } | null => {
        const text = scalar(node) ?? (isSeq(node) ? node.items.map((i) => scalar(i) ?? "").join(" ") : null);
        return text === null ? null : { value: text, line: lineOf(node) };
      };
      const exposed = get("expose");
      service.expose = isSeq(exposed)
        ? exposed.items.map((p) => ({ value: scalar(p) ?? "", line: lineOf(p) }))
        : [];
      const healthcheck = get("healthcheck");
      service.healthcheckTest = isMap(healthcheck) ? commandLine(healthcheck.get("test", true)) : null;
      service.command = commandLine(get("command"));
      service.environment = keyValues(get("environment"), lineOf);
      service.labels = keyValues(get("labels"), lineOf);
      service.infrastructure = service.image !== null && INFRA_IMAGE.test(service.image);
      file.services.push(service);
    }
  }
  file.development = composeDevelopment(file, text);
  return { file, error: doc.errors[0]?.message.split("\n")[0] ?? null };
}

/** A compose `environment:` or `labels:` block: a map, or a list of `KEY=value` strings. */
function keyValues(
  node: unknown,
  lineOf: (node: unknown) => number,
): Array<{ name: string; value: string | null; line: number }> {
  const entries: Array<{ name: string; value: string | null; line: number }> = [];
  if (isMap(node))
    for (const e of node.items)
      entries.push({ name: scalar(e.key) ?? "", value: scalar(e.value), line: lineOf(e.key) });
  else if (isSeq(node))
    for (const e of node.items) {
      const s = scalar(e) ?? "";
      const eq = s.indexOf("=");
      entries.push({
        name: eq >= 0 ? s.slice(0, eq) : s,
        value: eq >= 0 ? s.slice(eq + 1) : null,
        line: lineOf(e),
      });
    }
  return entries;
}

export const dockerCollector = defineCollector({
  id: "docker",
  dependsOn: ["ci"],
  collect(ctx): DockerFacts {
    const facts: DockerFacts = { dockerfiles: [], compose: [] };
    for (const file of ctx.index.files) {
      if (file.skip === "skipped-vendored") continue;
      if (isDockerfilePath(file.path)) {
        const text = ctx.index.read(file.path);
        if (text !== null) facts.dockerfiles.push(parseDockerfile(file.path, text));
      } else if (isComposePath(file.path)) {
        const text = ctx.index.read(file.path);
        if (text === null) continue;
        const { file: compose, error } = parseCompose(file.path, text);
        if (error)
          ctx.diagnose({ kind: "invalid-config", path: file.path, message: `invalid YAML: ${error}` });
        if (compose.services.length > 0) facts.compose.push(compose);
      }
    }
    const builds = ciImageBuilds(ctx.facts.ci?.workflows ?? []);
    const paths = ctx.index.files.filter((f) => f.skip !== "skipped-vendored").map((f) => f.path);
    for (const df of facts.dockerfiles) {
      df.runtime = imageUser(df, {
        paths,
        read: (path) => ctx.index.read(path),
        compose: facts.compose,
        builds,
      });
      df.builtInCi = builds
        .filter((b) => b.dockerfile === df.path)
        .map((b) => ({ path: b.path, line: b.line, push: b.push }));
      df.stageInfos = stageInfos(df).map((info) => ({
        ...info,
        builtHere: imageBuiltHere(info.image, df.path, { builds, compose: facts.compose }),
      }));
    }
    for (const df of facts.dockerfiles)
      df.baseOf = facts.dockerfiles
        .filter((other) => other !== df && other.runtime?.baseBuiltHere?.dockerfile === df.path)
        .map((other) => other.path);
    // A Dockerfile in a subfolder that nothing builds, while CI builds the repository's other images: a local helper
    // (a folder kept for images or deployment excepted: those ship by means this scan may not see).
    if (builds.length > 0) {
      const composeBuilt = new Set(
        facts.compose.flatMap((file) =>
          file.services
            .filter((service) => service.build !== null)
            .map((service) =>
              normaliseDockerPath(
                `${dirOfPath(file.path)}/${service.build ?? "."}/${service.dockerfile ?? "Dockerfile"}`,
              ),
            ),
        ),
      );
      for (const df of facts.dockerfiles) {
        if (df.development || !df.path.includes("/") || (df.builtInCi ?? []).length > 0) continue;
        if (IMAGE_FOLDER.test(dirOfPath(df.path))) continue;
        if ((df.baseOf ?? []).length > 0 || composeBuilt.has(df.path)) continue;
        if (paths.some((path) => DEPLOY_CONFIG.test(path) && dirOfPath(path) === dirOfPath(df.path)))
          continue;
        if (referencedByScripts(df.path, paths, (path) => ctx.index.read(path))) continue;
        df.development =
          "an image nothing builds: no CI workflow, compose file or script names it, while CI builds the repository's other images";
      }
    }
    return facts;
  },
});

export default definePack({
  name: "docker",
  collectors: [dockerCollector],
  describe(facts) {
    const docker = facts.docker;
    if (!docker) return [];
    const entries = [];
    if (docker.dockerfiles.length === 0 && docker.compose.length === 0)
      return [
        {
          area: "containers" as const,
          label: "Container files",
          value: "no Dockerfile or compose file found",
        },
      ];
    for (const df of docker.dockerfiles) {
      const final = df.stages[df.stages.length - 1];
      for (const stage of df.stages) {
        const ref = `${stage.image}${stage.tag ? `:${stage.tag}` : ""}${stage.digest ? `@${stage.digest.slice(0, 19)}…` : ""}`;
        entries.push({
          area: "containers" as const,
          label: `Stage ${stage.index}${stage.name ? ` (${stage.name})` : ""}`,
          value: `FROM ${ref}`,
          location: { path: df.path, startLine: stage.line, endLine: stage.line },
        });
      }
      if (final) {
        entries.push({
          area: "containers" as const,
          label: `${df.path} runtime stage`,
          value: `USER ${final.user?.value ?? "not set (root)"}; HEALTHCHECK ${final.healthcheck ? "set" : "none"}; EXPOSE ${final.expose.map((e) => e.port).join(", ") || "none"}`,
          location: {
            path: df.path,
            startLine: final.user?.line ?? final.line,
            endLine: final.user?.line ?? final.line,
          },
        });
      }
    }
    for (const compose of docker.compose) {
      for (const s of compose.services) {
        entries.push({
          area: "containers" as const,
          label: `Compose service ${s.name}`,
          value: `${s.image ?? `build ${s.build ?? "?"}`}${s.ports.length ? `; ports ${s.ports.map((p) => p.value).join(", ")}` : ""}${s.privileged ? "; privileged" : ""}${s.healthcheck ? "; healthcheck" : ""}`,
          location: { path: compose.path, startLine: s.line, endLine: s.line },
        });
      }
    }
    return entries;
  },
});
