// What a Dockerfile's final image runs as, read across files: the USER it inherits from earlier stages, a
// privilege drop in its entrypoint or in scripts copied into it (gosu, su-exec, setpriv, s6-setuidgid), a compose
// `user:`, and whether the image is built (and pushed) by CI or built from another image of this repository.
import type { CiWorkflow } from "../ci/types.js";
import type { ComposeFile, Dockerfile, DockerStage } from "./index.js";
import { normaliseRepoPath, parentDir } from "../../repo/repo-path.js";

/** Commands that start the service as another user. `sudo -u` is left out: it is used for one-off commands. */
const PRIVILEGE_DROP =
  /\b(gosu|su-exec|s6-setuidgid|setuidgid|chpst\s+-u|runuser\s+-u|setpriv\s+[^\n]*--re[ug]id|su\s+-s\s+\S+\s+\S+\s+-c|exec\s+su\s+-?\s*(?:\w+|"?\$\{?\w+\}?"?)\s+-c|start-stop-daemon\b[^\n]*--chuid)\b/;

/**
 * A server started with its own switch to an unprivileged user: `gunicorn --user www-data` (also across `\\`
 * continuations), `uwsgi --uid app`.
 */
const SERVER_USER_FLAG =
  /\b(?:gunicorn|uwsgi)\b(?:[^\n]|\\\n)*?\s(?:--user|-u|--uid)[=\s]+(?!root\b|0\b)["']?[\w$.{}-]+/;
/** A supervisord program run as another user (`[program:app]` … `user=app`); the daemon's own `user=root` is not it. */
const SUPERVISOR_PROGRAM_USER = /^\[program:[^\]\n]+\][^[]*?^\s*user\s*=\s*(?!root\b)\w[\w.-]*/m;
/** A uWSGI ini that drops to another user (`[uwsgi]` … `uid = www-data`). */
const UWSGI_INI_UID = /^\[uwsgi\][^[]*?^\s*uid\s*=\s*(?!root\b|0\b)\w[\w.-]*/m;

/**
 * Base images whose own entrypoint or USER runs the service unprivileged: the official database images drop to
 * their service user (gosu), Gitpod workspaces run as `gitpod`, linuxserver.io images run services as `abc`
 * through s6, umputun/baseimage:app runs the command as `app`, distroless :nonroot and Chainguard images set a
 * non-root USER, Bitnami images run as 1001.
 */
const UNPRIVILEGED_BASE =
  /^(docker\.io\/)?(library\/)?(postgres|mysql|mariadb|redis|mongo|rabbitmq|memcached|elasticsearch|couchdb|cassandra)(:|$)|^(docker\.io\/)?gitpod\/workspace-|(^|\/)linuxserver\/|^lscr\.io\/linuxserver\/|^umputun\/baseimage:app|(^|[/:-])nonroot\b|chainguard|^(docker\.io\/)?bitnami\//;

/**
 * AWS Lambda's base images for function containers (`public.ecr.aws/lambda/nodejs:22`, `amazon/aws-lambda-python`):
 * Lambda runs a function image as a least-privileged user of its own, not as the image's USER.
 */
const LAMBDA_BASE = /^public\.ecr\.aws\/lambda\/|^(docker\.io\/)?amazon\/aws-lambda-/;

/** Official web server images whose master hands requests to workers running as an unprivileged user. */
const WORKER_DROPPING_SERVER = /^(docker\.io\/)?(library\/)?(nginx|httpd)(:|@|$)/;

/** Files that can start a process: shell scripts, extension-less executables (s6 `run`), entrypoint/init files. */
const SCRIPT_FILE = /(\.(sh|bash|ash)$|(^|\/)[^/.]+$|(^|\/)(docker-)?(entrypoint|init|start|run)[^/]*$)/i;

export interface ImageUser {
  /** The USER in effect in the final stage (own or inherited from an earlier stage), or null for root by default. */
  user: { value: string; line: number; stage: number } | null;
  /** Where the service is started as another user: a drop command, a compose `user:`, or a base image that does it. */
  privilegeDrop: { how: string; path: string; line: number } | null;
  /**
   * An image of this repository the final stage is built FROM (it inherits that image's user): the build that tags
   * it, and the Dockerfile that build reads.
   */
  baseBuiltHere: { image: string; by: string; dockerfile: string } | null;
  /** The final stage (or a stage it derives from) has a CMD or ENTRYPOINT: the image starts a process of its own. */
  startsProcess: boolean;
  /** The final image as FROM names it, build arguments resolved with their defaults. */
  finalImage: string;
  /**
   * The base is a web server whose master starts as root (to bind its port) and whose workers run as an
   * unprivileged user (official nginx, httpd), and the final stage starts no process of its own.
   */
  workersUnprivileged: boolean;
}

export interface ImageBuild {
  dockerfile: string;
  context: string;
  tags: string[];
  push: boolean;
  path: string;
  line: number;
}

const join = (dir: string, name: string): string => (dir === "." || dir === "" ? name : `${dir}/${name}`);
const dirOf = (path: string): string => parentDir(path);

/** A path in normal form (the repository's shared normalisation). */
export const normalisePath = normaliseRepoPath;

/** Container builds CI runs: `docker build -f X -t T ctx` commands and docker/build-push-action steps. */
export function ciImageBuilds(workflows: readonly CiWorkflow[]): ImageBuild[] {
  const builds: ImageBuild[] = [];
  for (const workflow of workflows)
    for (const job of workflow.jobs)
      for (const step of job.steps) {
        if (step.uses && /^(docker|[\w-]+)\/build-push-action@/i.test(step.uses)) {
          const inputs = step.with ?? {};
          const context = normalisePath((inputs.context ?? ".").replace(/^\$\{\{[^}]*\}\}\/?/, ""));
          builds.push({
            dockerfile: normalisePath(inputs.file ?? join(context, "Dockerfile")),
            context,
            tags: (inputs.tags ?? "")
              .split(/[\n,]+/)
              .map((t) => t.trim())
              .filter((t) => t !== ""),
            push: /^true$/i.test(inputs.push ?? ""),
            path: workflow.path,
            line: step.usesLine ?? step.line,
          });
        }
        for (const command of step.commands ?? []) {
          const m = /\b(?:docker|podman)\s+(?:buildx\s+)?build\b(.*)$/.exec(command.text);
          if (!m) continue;
          const words = (m[1] ?? "").match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
          let file: string | null = null;
          let context = ".";
          const tags: string[] = [];
          let push = false;
          for (let i = 0; i < words.length; i++) {
            const word = (words[i] ?? "").replace(/^["']|["']$/g, "");
            const eq = /^(--file|-f|--tag|-t)=(.*)$/.exec(word);
            const flag = eq?.[1] ?? word;
            if (flag === "-f" || flag === "--file") file = eq?.[2] ?? words[++i] ?? null;
            else if (flag === "-t" || flag === "--tag") tags.push(eq?.[2] ?? words[++i] ?? "");
            else if (word === "--push") push = true;
            else if (/^(&&|;|\||\|\|)$/.test(word)) break;
            else if (word.startsWith("-")) {
              if (
                !word.includes("=") &&
                /^--(build-arg|platform|target|label|cache-from|cache-to|output|secret|ssh|progress|network|builder)$/.test(
                  word,
                )
              )
                i++;
            } else context = word;
          }
          const dir = step.workingDirectory ?? ".";
          const ctx = normalisePath(join(dir, context));
          builds.push({
            dockerfile: normalisePath(
              file ? join(dir, file.replace(/^["']|["']$/g, "")) : join(ctx, "Dockerfile"),
            ),
            context: ctx,
            tags: tags.map((t) => t.replace(/^["']|["']$/g, "")),
            push,
            path: workflow.path,
            line: command.line,
          });
        }
      }
  return builds;
}

/** An image name pattern from a tag as written: registry/owner expressions become wildcards, the tag is dropped. */
function tagPattern(tag: string): RegExp | null {
  const name = tag
    .replace(/\$\{\{[^}]*\}\}/g, "\u0000")
    .replace(/\$\{?\w+\}?/g, "\u0000")
    .replace(/@sha256:.*$/, "")
    .replace(/:[^/:]*$/, "");
  if (!/[a-z]/i.test(name.replace(/\u0000/g, ""))) return null;
  const escaped = name
    .split("\u0000")
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^:@]*");
  return new RegExp(`^(?:[^/]+/)?${escaped.replace(/^docker\\.io\//, "")}$`);
}

function imageName(ref: string): string {
  return ref
    .replace(/@sha256:.*$/, "")
    .replace(/:[^/:]*$/, "")
    .replace(/^docker\.io\/(library\/)?/, "");
}

/**
 * Where this repository builds the image a FROM names (a CI build whose tag matches it, else a compose service
 * with `build:` and that `image:`), with the Dockerfile that build reads; null for outside images. A Dockerfile
 * building its own tag is left out.
 */
export function imageBuiltHere(
  ref: string,
  dockerfile: string,
  ctx: Pick<ImageContext, "builds" | "compose">,
): { by: string; dockerfile: string } | null {
  const name = imageName(ref);
  if (name === "scratch") return null;
  let found: { by: string; dockerfile: string } | null = null;
  for (const build of ctx.builds)
    if (build.dockerfile !== dockerfile && build.tags.some((t) => tagPattern(t)?.test(name)))
      found = { by: `${build.path}:${build.line}`, dockerfile: build.dockerfile };
  for (const file of ctx.compose) {
    // Compose files of one folder are merged (`-f compose.yml -f compose.dev.yml`), and the project name of the
    // merge may come from any of them: an override file's `name: dev-app` names the images of the base file's
    // services.
    const projects = new Set(
      ctx.compose
        .filter((other) => dirOf(other.path) === dirOf(file.path))
        .map((other) => other.project)
        .filter((project): project is string => typeof project === "string" && project !== ""),
    );
    for (const service of file.services)
      if (
        service.build !== null &&
        (service.image
          ? imageName(service.image) === name
          : // Compose names an image it builds without `image:` after the project and the service.
            [...projects].some(
              (project) => name === `${project}-${service.name}` || name === `${project}_${service.name}`,
            ))
      )
        found ??= {
          by: `${file.path}:${service.line}`,
          dockerfile: normalisePath(
            join(join(dirOf(file.path), service.build), service.dockerfile ?? "Dockerfile"),
          ),
        };
  }
  return found;
}

/** The image FROM names, with `${ARG}` replaced by the ARG's default (global, then the stage's own). */
export function resolveFrom(df: Dockerfile, stage: DockerStage): string {
  const raw = stage.instructions[0]?.args.split(/\s+/).filter((p) => !p.startsWith("--"))[0] ?? stage.image;
  return raw.replace(/\$\{?(\w+)\}?/g, (m, name: string) => {
    const arg = df.globalArgs.find((a) => a.name === name);
    return arg?.value
      ? arg.value
          .replace(/^["']|["']$/g, "")
          .replace(
            /\$\{?(\w+)\}?/g,
            (mm, inner: string) => df.globalArgs.find((a) => a.name === inner)?.value ?? mm,
          )
      : m;
  });
}

/** Sources of COPY/ADD instructions from the build context (not `--from=` another stage or image). */
function copiedSources(stage: DockerStage, stages: readonly DockerStage[] = []): string[] {
  const out: string[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== "COPY" && ins.keyword !== "ADD") continue;
    const from = /--from=(\S+)/.exec(ins.args)?.[1];
    const args = ins.args.replace(/--[\w-]+=\S+\s*/g, "").trim();
    const parts = args.startsWith("[")
      ? [...args.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "")
      : args.split(/\s+/).map((word) => word.replace(/^(["'])(.*)\1$/, "$2"));
    const sources = parts.slice(0, -1).filter((p) => p !== "" && !/^https?:/.test(p));
    if (from === undefined) out.push(...sources);
    // From a build stage that copied the whole build context (`COPY . .`), `/src/scripts/entrypoint.sh` is the
    // context's `scripts/entrypoint.sh`, or a shorter tail of it: every tail is a candidate.
    else if (
      stages.some((other) => (other.name === from || String(other.index) === from) && copiesContext(other))
    )
      for (const source of sources) {
        const segments = source.split("/").filter((segment) => segment !== "");
        for (let i = 0; i < segments.length; i++) out.push(segments.slice(i).join("/"));
      }
  }
  return out;
}

/**
 * The repository files an ENTRYPOINT/CMD of the chain names by path (`/app/bin/docker_entrypoint.sh` is the
 * context's `bin/docker_entrypoint.sh`, or a shorter tail of it), when the whole build context was copied in.
 */
function entryScripts(chain: readonly DockerStage[], paths: readonly string[], context: string): string[] {
  const prefix = context === "." || context === "" ? "" : `${context}/`;
  const wanted = new Set<string>();
  for (const stage of chain)
    for (const ins of stage.instructions) {
      if (ins.keyword !== "ENTRYPOINT" && ins.keyword !== "CMD") continue;
      for (const word of ins.args.match(/[\w.$/{}-]*\/[\w.-]+/g) ?? []) {
        const segments = word.split("/").filter((segment) => segment !== "" && segment !== ".");
        for (let i = 0; i < segments.length; i++) wanted.add(`${prefix}${segments.slice(i).join("/")}`);
      }
    }
  return paths.filter((path) => wanted.has(path));
}

/** A stage that copies the whole build context in (`COPY . .`, `ADD . /app`). */
function copiesContext(stage: DockerStage): boolean {
  return stage.instructions.some(
    (ins) =>
      (ins.keyword === "COPY" || ins.keyword === "ADD") &&
      !/--from=/.test(ins.args) &&
      /^\.\/?$/.test(
        ins.args
          .replace(/--[\w-]+=\S+\s*/g, "")
          .trim()
          .split(/\s+/)[0] ?? "",
      ),
  );
}

export interface ImageContext {
  paths: readonly string[];
  read(path: string): string | null;
  compose: readonly ComposeFile[];
  builds: readonly ImageBuild[];
}

/** What the final stage of a Dockerfile runs as. */
export function imageUser(df: Dockerfile, ctx: ImageContext): ImageUser {
  const stages = df.stages;
  const final = stages[stages.length - 1];
  const empty: ImageUser = {
    user: null,
    privilegeDrop: null,
    baseBuiltHere: null,
    startsProcess: false,
    finalImage: "",
    workersUnprivileged: false,
  };
  if (!final) return empty;
  // The chain of stages the final one derives from (FROM <earlier stage>), final first.
  const chain: DockerStage[] = [];
  for (let stage: DockerStage | undefined = final; stage && !chain.includes(stage);) {
    chain.push(stage);
    const from = resolveFrom(df, stage).toLowerCase();
    stage = stages.find(
      (s) => s.index < (chain[chain.length - 1]?.index ?? 0) && s.name?.toLowerCase() === from,
    );
  }
  const root = chain[chain.length - 1]!;
  const finalImage = resolveFrom(df, root);
  const userStage = chain.find((s) => s.user !== null);
  const user = userStage?.user ? { ...userStage.user, stage: userStage.index } : null;

  let privilegeDrop: ImageUser["privilegeDrop"] = null;
  const scan = (text: string, path: string, firstLine = 1): boolean => {
    const m = PRIVILEGE_DROP.exec(text);
    const other = m
      ? null
      : (SERVER_USER_FLAG.exec(text) ?? SUPERVISOR_PROGRAM_USER.exec(text) ?? UWSGI_INI_UID.exec(text));
    const found = m ?? other;
    if (!found) return false;
    const line = firstLine + (text.slice(0, found.index).match(/\n/g)?.length ?? 0);
    privilegeDrop = { how: m ? (m[1] ?? m[0]) : (/^\S+/.exec(found[0])?.[0] ?? found[0]), path, line };
    return true;
  };
  /**
   * A script and the repository scripts it runs (`./docker/scripts/_start_gunicorn.sh`,
   * `bash ${ROOT}/docker/scripts/bootstrap.sh`), a few levels deep, scanned for a drop.
   */
  const scanScript = (file: string, depth: number, seen: Set<string>): boolean => {
    if (seen.has(file) || seen.size > 40) return false;
    seen.add(file);
    const text = ctx.read(file);
    if (text === null || text.length >= 200_000) return false;
    if (scan(text, file)) return true;
    if (depth >= 3 || !SCRIPT_FILE.test(file)) return false;
    for (const word of text.match(/[\w.$/{}-]*\/[\w.-]+\.(?:sh|bash)\b/g) ?? []) {
      const segments = word
        .split("/")
        .filter((segment) => segment !== "" && segment !== "." && !segment.includes("$"));
      for (let i = 0; i < segments.length; i++) {
        const tail = segments.slice(i).join("/");
        const called = ctx.paths.find((p) => p === tail || p.endsWith(`/${tail}`));
        if (called) {
          if (scanScript(called, depth + 1, seen)) return true;
          break;
        }
      }
    }
    return false;
  };
  // 1. The Dockerfile's own entrypoint, command and RUN lines of the chain.
  for (const stage of chain)
    for (const ins of stage.instructions)
      if (/^(ENTRYPOINT|CMD)$/.test(ins.keyword) && scan(ins.args, df.path, ins.line)) break;
  // 2. Scripts copied from the build context into the chain (context: the Dockerfile's folder, else the root),
  // directly or through a build stage that copied the context.
  if (!privilegeDrop) {
    const contexts = [dirOf(df.path), "."];
    let budget = 400;
    outer: for (const stage of chain)
      for (const source of copiedSources(stage, stages)) {
        for (const context of contexts) {
          const base = normalisePath(join(context, source.replace(/\/\*.*$/, "").replace(/\/$/, "")));
          // The whole context (`COPY . /app`): only the scripts the entrypoint or command names are read.
          const files =
            base === "." || base === ""
              ? entryScripts(chain, ctx.paths, context)
              : ctx.paths.filter((p) => p === base || p.startsWith(`${base}/`));
          if (files.length === 0) continue;
          // Privileges are dropped by scripts (entrypoints, s6/runit service `run` files), not by source code.
          const scripts = files.filter((p) => p === base || SCRIPT_FILE.test(p));
          const seen = new Set<string>();
          for (const file of scripts) {
            if (budget-- <= 0) break outer;
            if (scanScript(file, 0, seen)) break outer;
          }
          break;
        }
      }
  }
  // 3. A compose service that builds this Dockerfile and sets `user:`.
  if (!privilegeDrop)
    for (const file of ctx.compose)
      for (const service of file.services) {
        if (service.build === null || !service.user) continue;
        const built = normalisePath(
          join(join(dirOf(file.path), service.build), service.dockerfile ?? "Dockerfile"),
        );
        if (built === df.path)
          privilegeDrop = { how: `compose user: ${service.user}`, path: file.path, line: service.line };
      }
  // 4. A base image that runs its service unprivileged by itself.
  if (!privilegeDrop && user === null && UNPRIVILEGED_BASE.test(finalImage))
    privilegeDrop = { how: `base image ${finalImage}`, path: df.path, line: root.line };
  // 5. An AWS Lambda function image: Lambda runs it as its own unprivileged user, whatever USER says.
  if (!privilegeDrop && LAMBDA_BASE.test(finalImage))
    privilegeDrop = {
      how: `AWS Lambda base image ${finalImage} (Lambda runs function images as an unprivileged user)`,
      path: df.path,
      line: root.line,
    };

  // An image this repository builds (CI tags, compose image names of services with a build).
  const built = imageBuiltHere(finalImage, df.path, ctx);
  const baseBuiltHere: ImageUser["baseBuiltHere"] = built ? { image: finalImage, ...built } : null;
  const startsOwnProcess = chain.some((stage) =>
    stage.instructions.some((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT"),
  );
  const workersUnprivileged = user === null && !startsOwnProcess && WORKER_DROPPING_SERVER.test(finalImage);
  return {
    user,
    privilegeDrop,
    baseBuiltHere,
    startsProcess: startsOwnProcess,
    finalImage,
    workersUnprivileged,
  };
}
