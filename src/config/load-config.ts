// Finds, reads and validates the configuration; errors name the file, the key and what is allowed.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { readRegularFile, ReadRefusedError, TreeReader } from "../repo/safe-read.js";
import { ZodEnum, ZodObject, ZodOptional, ZodRecord, ZodUnion, type z } from "zod";
import { SEVERITIES } from "../model/severity.js";
import { configSchema, type CodeauditConfig } from "./config-schema.js";

export class ConfigError extends Error {}

export interface LoadedConfig {
  config: CodeauditConfig;
  /** The file it came from, or null for defaults. */
  path: string | null;
  /** True when the file belongs to the audited tree (found there, not named by the user with --config). */
  fromAuditedTree?: boolean;
}

const CANDIDATES = [
  "codeaudit.config.json",
  "codeaudit.config.yaml",
  "codeaudit.config.yml",
  ".codeaudit.json",
  ".codeaudit.yaml",
  ".codeaudit.yml",
];

/** A configuration file is a few kilobytes; anything far larger is not one. */
const CONFIG_BYTES = 4 * 1024 * 1024;

export function loadConfig(repoRoot: string, explicitPath?: string): LoadedConfig {
  if (explicitPath) {
    const path = resolve(explicitPath);
    let text: string;
    try {
      text = readRegularFile(path, CONFIG_BYTES).toString("utf8");
    } catch (error) {
      if (!(error instanceof ReadRefusedError)) throw error;
      throw new ConfigError(`--config ${explicitPath}: ${refusalReason(error)}`);
    }
    return { config: validate(parseConfigText(text, path), path), path };
  }
  // Files of the audited tree are read like every other file of it: no link, no device, capped.
  const tree = new TreeReader(repoRoot, CONFIG_BYTES);
  for (const name of CANDIDATES) {
    const path = join(repoRoot, name);
    let bytes: Buffer;
    try {
      bytes = tree.readOrThrow(name);
    } catch (error) {
      if (!(error instanceof ReadRefusedError)) throw error;
      if (error.reason === "missing") continue;
      throw new ConfigError(`${path}: ${refusalReason(error)}`);
    }
    return {
      config: validate(parseConfigText(bytes.toString("utf8"), path), path),
      path,
      fromAuditedTree: true,
    };
  }
  const packageJson = join(repoRoot, "package.json");
  const packageBytes = tree.read("package.json");
  if (packageBytes) {
    try {
      const parsed = JSON.parse(packageBytes.toString("utf8")) as { codeaudit?: unknown };
      if (parsed.codeaudit !== undefined)
        return {
          config: validate(parsed.codeaudit, `${packageJson}#codeaudit`),
          path: `${packageJson}#codeaudit`,
          fromAuditedTree: true,
        };
    } catch {
      // A broken package.json is the audited project's problem, reported by its facts; it holds no config here.
    }
  }
  return { config: {}, path: null };
}

function refusalReason(error: ReadRefusedError): string {
  const colon = error.message.indexOf(": ");
  return colon === -1 ? error.message : error.message.slice(colon + 2);
}

/** The YAML reader, loaded when a YAML configuration is read (the same module instance an `import` gets). */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yaml.parse(text);
}

function parseConfigText(text: string, path: string): unknown {
  try {
    return path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `${path}: not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

export function validate(value: unknown, source: string): CodeauditConfig {
  const parsed = configSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new ConfigError(`${source}: ${describeIssue(parsed.error.issues[0], value)}`);
}

function describeIssue(issue: z.core.$ZodIssue | undefined, value: unknown): string {
  if (!issue) return "invalid configuration";
  const key = issue.path.join(".") || "(top level)";
  const got = shownValue(valueAt(value, issue.path));
  if (issue.code === "unrecognized_keys") {
    return `unknown key ${issue.keys.map((k) => `"${k}"`).join(", ")}${issue.path.length ? ` in ${key}` : ""}; allowed: ${allowedKeys(issue.path)}`;
  }
  // A rule setting is one of four shapes: say which, not zod's "Invalid input".
  const nested =
    issue.code === "invalid_union" ? issue.errors.flat().find((inner) => inner.path.length > 0) : undefined;
  if (nested) return describeIssue({ ...nested, path: [...issue.path, ...nested.path] }, value);
  if (issue.code === "invalid_union" && issue.path[0] === "rules" && issue.path.length === 2)
    return `${key}: got ${got}; allowed: off, on, a severity (${SEVERITIES.join(", ")}) or { enabled, severity, options }`;
  if (issue.code === "invalid_value")
    return `${key}: got ${got}; allowed: ${issue.values.map((v) => String(v)).join(", ")}`;
  if (issue.code === "invalid_type") return `${key}: got ${got}; expected ${issue.expected}`;
  if (issue.code === "too_small" || issue.code === "too_big")
    return `${key}: got ${got}; ${issue.message.replace(/^Too (small|big): expected \w+ to (be|have) /, "must be ")}`;
  return `${key}: ${issue.message}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function shownValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function allowedKeys(path: PropertyKey[]): string {
  let shape: z.ZodType = configSchema;
  for (const key of path) {
    const inner = unwrap(shape);
    if (inner instanceof ZodObject) shape = (inner.shape as Record<string, z.ZodType>)[String(key)] ?? inner;
    else if (inner instanceof ZodRecord) shape = inner.valueType as z.ZodType;
    else return "see `codeaudit init`";
  }
  const inner = unwrap(shape);
  if (inner instanceof ZodObject)
    return Object.keys(inner.shape)
      .filter((k) => k !== "$schema")
      .join(", ");
  if (inner instanceof ZodRecord) {
    const keys = unwrap(inner.keyType as z.ZodType);
    if (keys instanceof ZodEnum) return keys.options.join(", ");
  }
  if (inner instanceof ZodUnion) {
    const object = (inner.options as z.ZodType[]).map(unwrap).find((o) => o instanceof ZodObject);
    if (object instanceof ZodObject) return Object.keys(object.shape).join(", ");
  }
  return "see `codeaudit init`";
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** What `checkRuleSettings` needs of a rule: its id and its options with their defaults. */
export interface ConfigurableRule {
  id: string;
  options?: Readonly<Record<string, unknown>>;
}

/**
 * Rule ids and rule options named by the configuration, checked against the rules that exist: an unknown id, an
 * unknown option or a value of the wrong type is an error naming what is allowed (a typo never silently does nothing).
 */
export function checkRuleSettings(loaded: LoadedConfig, rules: readonly ConfigurableRule[]): void {
  const source = loaded.path ?? "configuration";
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  for (const [id, setting] of Object.entries(loaded.config.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      const tail = id.split("/").pop() ?? id;
      const close = rules
        .filter((r) => r.id.endsWith(`/${tail}`) || r.id.includes(tail))
        .map((r) => r.id)
        .slice(0, 3);
      throw new ConfigError(
        `${source}: rules.${id}: no such rule${close.length ? `; did you mean ${close.join(", ")}?` : " (`codeaudit rules` lists them)"}`,
      );
    }
    if (typeof setting !== "object" || !setting.options) continue;
    const defaults = rule.options ?? {};
    const allowed = Object.keys(defaults);
    for (const [name, value] of Object.entries(setting.options)) {
      if (!(name in defaults))
        throw new ConfigError(
          `${source}: rules.${id}.options.${name}: unknown option; ${allowed.length ? `allowed: ${allowed.join(", ")}` : "this rule takes no options"}`,
        );
      const expected = Array.isArray(defaults[name]) ? "array" : typeof defaults[name];
      const actual = Array.isArray(value) ? "array" : typeof value;
      if (expected !== actual)
        throw new ConfigError(
          `${source}: rules.${id}.options.${name}: got ${shownValue(value)}; expected ${expected === "array" ? "a list of strings" : `a ${expected}`} (default ${shownValue(defaults[name])})`,
        );
    }
  }
}

/** The folder config-relative paths resolve against. */
export function configBase(loaded: LoadedConfig, repoRoot: string): string {
  return loaded.path ? dirname(loaded.path.replace(/#codeaudit$/, "")) : repoRoot;
}

/** The configuration candidates in a tree, in the order `loadConfig` tries them (for reading them at a commit). */
export const CONFIG_FILE_NAMES: readonly string[] = CANDIDATES;

/** A configuration given as text (a file at a commit): validated like a file, labelled `label`. */
export function configFromText(text: string, label: string, path: string): LoadedConfig {
  if (path.endsWith("package.json")) {
    let parsed: { codeaudit?: unknown };
    try {
      parsed = JSON.parse(text) as { codeaudit?: unknown };
    } catch {
      return { config: {}, path: null };
    }
    if (parsed.codeaudit === undefined) return { config: {}, path: null };
    return {
      config: validate(parsed.codeaudit, `${label}#codeaudit`),
      path: `${path}#codeaudit`,
      fromAuditedTree: true,
    };
  }
  return { config: validate(parseConfigText(text, label), label), path, fromAuditedTree: true };
}

/**
 * Settings of a configuration from the audited tree that make the audit see or say less: they are shown in
 * the report header, so a reader knows the repository chose them.
 */
export function weakeningSettings(loaded: LoadedConfig): string[] {
  if (!loaded.fromAuditedTree) return [];
  const config = loaded.config;
  const notes: string[] = [];
  if (config.advisories) notes.push(`advisory store \`${config.advisories}\``);
  if (config.ignore && config.ignore.length > 0)
    notes.push(`ignored paths ${config.ignore.map((pattern) => `\`${pattern}\``).join(", ")}`);
  const off: string[] = [];
  const severities: string[] = [];
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    if (value === "off" || (typeof value === "object" && value.enabled === false)) off.push(id);
    else if (typeof value === "string" && value !== "on") severities.push(`${id} → ${value}`);
    else if (typeof value === "object" && value.severity) severities.push(`${id} → ${value.severity}`);
  }
  if (off.length > 0) notes.push(`rules off: ${off.sort().join(", ")}`);
  if (severities.length > 0) notes.push(`severity overrides: ${severities.sort().join(", ")}`);
  if (config.failOn) notes.push(`failOn ${config.failOn}`);
  const gatesOff = Object.entries(config.delta?.gates ?? {})
    .filter(([, setting]) => setting === "off" || (typeof setting === "object" && setting.enabled === false))
    .map(([id]) => id);
  if (gatesOff.length > 0) notes.push(`delta gates off: ${gatesOff.sort().join(", ")}`);
  if (config.suppressions?.requireReason === false)
    notes.push("codeaudit-ignore comments without a reason accepted");
  if (config.maxFileBytes) notes.push(`maxFileBytes ${config.maxFileBytes}`);
  if (config.weights && Object.keys(config.weights).length > 0) notes.push("area weights");
  if (config.duplication) notes.push(`copy-paste detection settings ${JSON.stringify(config.duplication)}`);
  return notes;
}
