// Readers for the places a runtime version is declared: version-manager files (.tool-versions, mise.toml, .nvmrc,
// .node-version, .python-version, runtime.txt), container base images and CI setup actions.
import { basename } from "node:path/posix";
import { parse as parseToml } from "smol-toml";

export type Runtime = "node" | "bun" | "deno" | "python" | "elixir" | "erlang" | "go" | "ruby" | "rust";

/**
 * Where a version is declared: a version-manager file developers' shells read, a manifest (a range such as
 * `engines.node` or an exact `volta.node`), a container base image, or a CI setup step.
 */
export type PinSource = "version-file" | "manifest" | "container" | "ci";

/**
 * What a declaration states: one concrete version developers or CI install (`pin`), a set of versions the project
 * accepts (`range`: engines, requires-python, mix.exs `elixir:`), or the version an image is built on (`image`).
 */
export type PinKind = "pin" | "range" | "image";

export interface ToolchainPin {
  runtime: Runtime;
  kind: PinKind;
  /** The version as written: "20.11.1", "3.11", "~> 1.15", ">=18". */
  version: string;
  /** A concrete version (possibly partial, "20" or "3.11") rather than a range or an alias. */
  exact: boolean;
  source: PinSource;
  /** What declares it, for messages: ".nvmrc", "FROM node:20-alpine", "actions/setup-node node-version". */
  via: string;
  path: string;
  line: number;
  /** Several versions tested side by side (a CI matrix): any one of them counts as agreeing. */
  alternatives?: string[];
  /**
   * Container images: the image ships (the last stage on this runtime in a Dockerfile built for production), as
   * opposed to an earlier stage, a development/test Dockerfile or a compose service image.
   */
  ships?: boolean;
  /** Dockerfile stages: the stage's index, so the stages of one file can be compared with each other. */
  stage?: number;
  /** CI pins: the job, and whether it runs a build, test or lint step (a bot bumping dependencies does not). */
  job?: string;
  gates?: boolean;
  /** CI pins: the job runs a test step of this runtime's ecosystem (what CI tests runs on this version). */
  tests?: boolean;
  /**
   * CI pins: some version the step installs moves on its own (`lts/*`, `3.x` for Python, `>=3.10`, `stable`), as
   * described here; which release CI runs is then not known from the repository.
   */
  moving?: string;
}

/** The ecosystem CI gates name for each runtime (facts/ci gate `ecosystem`). */
export const RUNTIME_ECOSYSTEMS: Record<Runtime, string> = {
  node: "node",
  bun: "node",
  deno: "node",
  python: "python",
  elixir: "elixir",
  erlang: "elixir",
  go: "go",
  ruby: "ruby",
  rust: "rust",
};

/** asdf / mise plugin names → runtime. */
const TOOL_NAMES: Record<string, Runtime> = {
  nodejs: "node",
  node: "node",
  bun: "bun",
  deno: "deno",
  python: "python",
  elixir: "elixir",
  erlang: "erlang",
  golang: "go",
  go: "go",
  ruby: "ruby",
  rust: "rust",
};

/** A concrete version at the start of a string: "20.11.1", "v20", "3.11.7", "1.15.7-otp-26" → "1.15.7". */
export function leadingVersion(text: string): string | null {
  return /^v?(\d+(?:\.\d+){0,2})(?![\d.]*[*x])/.exec(text.trim())?.[1] ?? null;
}

/** `.tool-versions` (asdf): `<tool> <version> [fallback…]` per line. */
export function parseToolVersions(path: string, text: string): ToolchainPin[] {
  const pins: ToolchainPin[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const [tool, version] = raw.replace(/#.*/, "").trim().split(/\s+/);
    const runtime = tool ? TOOL_NAMES[tool] : undefined;
    if (!runtime || !version) return;
    pins.push(versionFilePin(runtime, version, path, index + 1));
  });
  return pins;
}

/** `mise.toml` / `.mise.toml`: the `[tools]` table (`node = "20"` or `node = { version = "20" }`). */
export function parseMiseToml(path: string, text: string): ToolchainPin[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const tools = doc.tools;
  if (!tools || typeof tools !== "object") return [];
  const lines = text.split(/\r?\n/);
  const pins: ToolchainPin[] = [];
  for (const [tool, value] of Object.entries(tools as Record<string, unknown>)) {
    const runtime = TOOL_NAMES[tool];
    const version =
      typeof value === "string"
        ? value
        : Array.isArray(value) && typeof value[0] === "string"
          ? value[0]
          : value && typeof value === "object" && typeof (value as { version?: unknown }).version === "string"
            ? (value as { version: string }).version
            : null;
    if (!runtime || !version) continue;
    const index = lines.findIndex((line) => new RegExp(`^\\s*["']?${tool}["']?\\s*=`).test(line));
    pins.push(versionFilePin(runtime, version, path, index >= 0 ? index + 1 : 1));
  }
  return pins;
}

/** Single-version files: `.nvmrc`, `.node-version`, `.python-version`, `.ruby-version`, `.go-version`, `runtime.txt`. */
const SINGLE_VERSION_FILES: Record<string, Runtime> = {
  ".nvmrc": "node",
  ".node-version": "node",
  ".bun-version": "bun",
  ".dvmrc": "deno",
  ".python-version": "python",
  ".ruby-version": "ruby",
  ".go-version": "go",
  "runtime.txt": "python",
};

export function isVersionFile(path: string): boolean {
  const base = basename(path);
  return (
    base in SINGLE_VERSION_FILES ||
    base === ".tool-versions" ||
    base === "mise.toml" ||
    base === ".mise.toml" ||
    base === "rust-toolchain" ||
    base === "rust-toolchain.toml"
  );
}

export function parseVersionFile(path: string, text: string): ToolchainPin[] {
  const base = basename(path);
  if (base === ".tool-versions") return parseToolVersions(path, text);
  if (base === "mise.toml" || base === ".mise.toml") return parseMiseToml(path, text);
  if (base === "rust-toolchain.toml") {
    try {
      const channel = (parseToml(text) as { toolchain?: { channel?: unknown } }).toolchain?.channel;
      if (typeof channel !== "string") return [];
      const index = text.split(/\r?\n/).findIndex((line) => /^\s*channel\s*=/.test(line));
      return [versionFilePin("rust", channel, path, index >= 0 ? index + 1 : 1)];
    } catch {
      return [];
    }
  }
  const runtime = base === "rust-toolchain" ? "rust" : SINGLE_VERSION_FILES[base];
  if (!runtime) return [];
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  if (index < 0) return [];
  // runtime.txt (Heroku and friends) reads `python-3.11.7`.
  const version = (lines[index] ?? "").trim().replace(/^python-/, "");
  if (base === "runtime.txt" && !/^\d/.test(version)) return [];
  return [versionFilePin(runtime, version, path, index + 1)];
}

function versionFilePin(runtime: Runtime, version: string, path: string, line: number): ToolchainPin {
  return {
    runtime,
    kind: leadingVersion(version) !== null ? "pin" : "range",
    version,
    exact: leadingVersion(version) !== null,
    source: "version-file",
    via: basename(path),
    path,
    line,
  };
}

/** Official and common base images → runtime, and how to read the version from the tag. */
const IMAGES: Array<{ image: RegExp; runtime: Runtime; also?: { runtime: Runtime; tag: RegExp } }> = [
  { image: /^(?:.*\/)?node$/, runtime: "node" },
  { image: /^oven\/bun$/, runtime: "bun" },
  { image: /^denoland\/deno$/, runtime: "deno" },
  { image: /^(?:.*\/)?python$/, runtime: "python" },
  { image: /^(?:.*\/)?golang$/, runtime: "go" },
  { image: /^(?:.*\/)?ruby$/, runtime: "ruby" },
  { image: /^(?:.*\/)?rust$/, runtime: "rust" },
  { image: /^(?:.*\/)?erlang$/, runtime: "erlang" },
  // hexpm/elixir:1.15.7-erlang-26.2.1-alpine-3.18.4 carries both versions; elixir:1.15-otp-26 too.
  {
    image: /^(?:.*\/)?elixir$/,
    runtime: "elixir",
    also: { runtime: "erlang", tag: /-(?:erlang|otp)-(\d+(?:\.\d+){0,3})/ },
  },
];

/** Runtime versions a container base image fixes, from its name and tag (`python:3.11-slim` → python 3.11). */
/** Display names of the runtimes, for facts and messages. */
export const RUNTIME_NAMES: Record<Runtime, string> = {
  node: "Node.js",
  bun: "Bun",
  deno: "Deno",
  python: "Python",
  elixir: "Elixir",
  erlang: "Erlang/OTP",
  go: "Go",
  ruby: "Ruby",
  rust: "Rust",
};

export function imageVersions(
  image: string,
  tag: string | null,
): Array<{ runtime: Runtime; version: string }> {
  if (!tag) return [];
  const known = IMAGES.find((entry) => entry.image.test(image.toLowerCase()));
  if (!known) return [];
  const out: Array<{ runtime: Runtime; version: string }> = [];
  const version = leadingVersion(tag);
  if (version) out.push({ runtime: known.runtime, version });
  const other = known.also ? known.also.tag.exec(tag)?.[1] : undefined;
  if (known.also && other) out.push({ runtime: known.also.runtime, version: other });
  return out;
}

/** CI setup actions, the inputs naming a runtime version, and the inputs naming a file to read it from. */
const SETUP_ACTIONS: Array<{
  action: RegExp;
  inputs: Array<{ input: string; runtime: Runtime }>;
  files?: Array<{ input: string; runtime: Runtime }>;
}> = [
  {
    action: /^actions\/setup-node@/,
    inputs: [{ input: "node-version", runtime: "node" }],
    files: [{ input: "node-version-file", runtime: "node" }],
  },
  { action: /^oven-sh\/setup-bun@/, inputs: [{ input: "bun-version", runtime: "bun" }] },
  { action: /^denoland\/setup-deno@/, inputs: [{ input: "deno-version", runtime: "deno" }] },
  {
    action: /^actions\/setup-python@/,
    inputs: [{ input: "python-version", runtime: "python" }],
    files: [{ input: "python-version-file", runtime: "python" }],
  },
  {
    action: /^actions\/setup-go@/,
    inputs: [{ input: "go-version", runtime: "go" }],
    files: [{ input: "go-version-file", runtime: "go" }],
  },
  { action: /^ruby\/setup-ruby@/, inputs: [{ input: "ruby-version", runtime: "ruby" }] },
  {
    action: /^erlef\/setup-(?:beam|elixir)@/,
    inputs: [
      { input: "elixir-version", runtime: "elixir" },
      { input: "otp-version", runtime: "erlang" },
    ],
    files: [
      { input: "version-file", runtime: "elixir" },
      { input: "version-file", runtime: "erlang" },
    ],
  },
  {
    action: /^(?:astral-sh\/setup-uv|pdm-project\/setup-pdm)@/,
    inputs: [{ input: "python-version", runtime: "python" }],
  },
];

/** Values `${{ env.NAME }}` reads in a step: the step's env over the job's over the workflow's. */
export type EnvLookup = (name: string) => string | undefined;

/**
 * The versions a setup step's inputs request: `${{ matrix.key }}` resolves against the job's matrix (its
 * `include:` entries too), `${{ env.NAME }}` against the env the step sees. A `*-version-file` input is returned as
 * `file` for the caller to read.
 */
export function setupStepVersions(
  uses: string,
  inputs: Record<string, string>,
  matrix: unknown,
  env: EnvLookup = () => undefined,
): Array<{ runtime: Runtime; input: string; versions: string[]; file?: string }> {
  const action = SETUP_ACTIONS.find((entry) => entry.action.test(uses));
  if (!action) return [];
  const out: Array<{ runtime: Runtime; input: string; versions: string[]; file?: string }> = [];
  for (const { input, runtime } of action.inputs) {
    const raw = inputs[input];
    if (raw === undefined) continue;
    const versions = resolveExpression(raw, matrix, env);
    if (versions.length > 0) out.push({ runtime, input, versions });
  }
  for (const { input, runtime } of action.files ?? []) {
    const raw = inputs[input];
    // An explicit version wins over the file (setup-node and setup-python read the file only without one).
    if (raw === undefined || out.some((entry) => entry.runtime === runtime)) continue;
    const [file] = resolveExpression(raw, matrix, env);
    if (file) out.push({ runtime, input, versions: [], file });
  }
  return out;
}

function resolveExpression(raw: string, matrix: unknown, env: EnvLookup): string[] {
  const envReference = /^\$\{\{\s*env\.([\w-]+)\s*\}\}$/.exec(raw.trim());
  if (envReference) {
    const value = env(envReference[1] ?? "");
    return value === undefined || value.includes("${{")
      ? []
      : resolveExpression(value, null, () => undefined);
  }
  const reference = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(raw.trim());
  if (!reference) {
    if (raw.includes("${{")) return [];
    // A block scalar or JSON list (`["3.10", "3.11"]`) lists several versions.
    if (raw.startsWith("[")) {
      try {
        const list: unknown = JSON.parse(raw);
        if (Array.isArray(list)) return list.filter(isScalar).map(String);
      } catch {
        return [];
      }
    }
    return raw
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  if (!matrix || typeof matrix !== "object") return [];
  const key = reference[1] ?? "";
  const record = matrix as Record<string, unknown>;
  const values = record[key];
  const out = Array.isArray(values)
    ? values.filter(isScalar).map(String)
    : isScalar(values)
      ? [String(values)]
      : [];
  // `include:` entries add combinations, each with its own value of the key.
  if (Array.isArray(record.include))
    for (const entry of record.include as unknown[]) {
      const value = entry && typeof entry === "object" ? (entry as Record<string, unknown>)[key] : undefined;
      if (isScalar(value) && !out.includes(String(value))) out.push(String(value));
    }
  // A matrix expanded from an expression (`fromJSON(...)`) names no versions we can read.
  return out.filter((value) => !value.includes("${{"));
}

function isScalar(value: unknown): value is string | number {
  return typeof value === "string" || typeof value === "number";
}

/**
 * How many version components name a release line people upgrade between: Node.js, Erlang and Deno majors
 * (20, 26), Python, Go, Elixir, Ruby, Rust and Bun minors (3.12, 1.22).
 */
const RELEASE_LINE: Record<Runtime, number> = {
  node: 1,
  bun: 2,
  deno: 1,
  python: 2,
  elixir: 2,
  erlang: 1,
  go: 2,
  ruby: 2,
  rust: 2,
};

/** What a CI setup step installs when given a version as written. */
export type CiVersionReading =
  /** One release line at least: "20.11.1", "3.12", and "20.x" / "^20" / "~3.11" (the newest of that line). */
  | { kind: "line"; version: string }
  /** A version that moves on its own: an alias or an open range, described for messages; never a number. */
  | { kind: "moving"; what: string };

/**
 * Reads a CI setup version: concrete versions as they are, x-ranges, `^` and `~` ranges as the release line they
 * stay on when that line is at least the runtime's release line (`20.x` for Node.js; `3.x` for Python moves across
 * 3.12 and 3.13), and aliases (`lts/*`, `node`, `latest`, `stable`) and open ranges (`>=3.10`) as moving.
 * `lts/*` is read as "a moving LTS", never as a number guessed from today's calendar.
 */
export function readCiVersion(runtime: Runtime, written: string): CiVersionReading | null {
  const text = written.trim().replace(/^v(?=\d)/, "");
  const concrete = leadingVersion(text);
  if (concrete !== null && concrete.length === text.length)
    return concrete.split(".").length >= RELEASE_LINE[runtime]
      ? { kind: "line", version: concrete }
      : { kind: "moving", what: `the newest ${concrete}.x` };
  if (concrete !== null) return { kind: "line", version: concrete };
  if (/^lts\/\*$|^lts$|^lts\/-\d+$/i.test(text))
    return {
      kind: "moving",
      what: text === "lts/*" || text === "lts" ? "a moving LTS" : `an older LTS (${text})`,
    };
  if (/^lts\/[a-z]+$/i.test(text))
    return { kind: "moving", what: `the ${text.slice(4)} LTS line's newest release` };
  if (/^(node|latest|current|\*|x)$/i.test(text)) return { kind: "moving", what: "the newest release" };
  if (/^(stable|oldstable|nightly|beta)$/i.test(text))
    return { kind: "moving", what: `the ${text.toLowerCase()} channel` };
  // `20.x`, `20.*`, `3.11.x`, `^20`, `^20.1`, `~3.11`, `~3.11.2`: a fixed prefix.
  const prefix =
    /^(\d+(?:\.\d+)*)(?:\.[x*])+$/i.exec(text)?.[1] ??
    /^\^(\d+)(?:\.\d+){0,2}$/.exec(text)?.[1] ??
    /^~(\d+\.\d+)(?:\.\d+)?$/.exec(text)?.[1];
  if (prefix !== undefined) {
    if (prefix.split(".").length >= RELEASE_LINE[runtime]) return { kind: "line", version: prefix };
    return { kind: "moving", what: `the newest ${prefix}.x` };
  }
  const floor = /^>=?\s*v?(\d+(?:\.\d+){0,2})$/.exec(text)?.[1];
  if (floor !== undefined) return { kind: "moving", what: `the newest release at or above ${floor}` };
  return null;
}
