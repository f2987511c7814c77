// Finds, reads and validates the configuration; errors name the file, the key and what is allowed.
import { dirname, join, resolve } from "node:path";
import { readRegularFile, ReadRefusedError, TreeReader } from "../repo/safe-read.js";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { configSchema, type CodeauditConfig } from "./config-schema.js";

export class ConfigError extends Error {}

export interface LoadedConfig {
  config: CodeauditConfig;
  /** The file it came from, or null for defaults. */
  path: string | null;
  /** True when the file belongs to the audited tree (found there, not named by the user with --config). */
  fromAuditedTree?: boolean;
}

const CANDIDATES = ["codeaudit.config.json", "codeaudit.config.yaml", "codeaudit.config.yml"];

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
  throw new ConfigError(`${source}: ${describeIssue(parsed.error.issues[0])}`);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "invalid configuration";
  const key = issue.path.join(".") || "(top level)";
  if (issue.code === "unrecognized_keys") {
    return `unknown key ${issue.keys.map((k) => `"${k}"`).join(", ")}${issue.path.length ? ` in ${key}` : ""}; allowed: ${allowedKeys(issue.path)}`;
  }
  return `${key}: ${issue.message}`;
}

function allowedKeys(path: PropertyKey[]): string {
  if (path.length === 0)
    return Object.keys(configSchema.shape)
      .filter((k) => k !== "$schema")
      .join(", ");
  if (path[0] === "rules") return "enabled, severity, options";
  return "see `codeaudit init`";
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
  if (config.maxFileBytes) notes.push(`maxFileBytes ${config.maxFileBytes}`);
  if (config.weights && Object.keys(config.weights).length > 0) notes.push("area weights");
  if (config.duplication) notes.push(`copy-paste detection settings ${JSON.stringify(config.duplication)}`);
  return notes;
}
