// The local OSV advisory store: import from a folder of OSV JSON files or a .zip (as osv.dev publishes per
// ecosystem), load, never download. Layout: <storeDir>/meta.json and <storeDir>/<ecosystem>.json (one array each).
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { MAX_READ_BYTES, readRegularFile } from "../repo/safe-read.js";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { Severity } from "../model/severity.js";
import { compareCodeUnits } from "../util/compare-code-units.js";
import { readZipJsonEntries, ZipRefusedError, type ZipJsonEntry } from "./zip-entries.js";

/** One affected package of an OSV advisory, as stored. */
export interface StoredAffected {
  ecosystem: string;
  name: string;
  ranges: Array<{ type: string; events: Array<Record<string, string>> }>;
  versions: string[];
}

export interface StoredAdvisory {
  id: string;
  aliases: string[];
  summary: string;
  severity: Severity;
  published: string | null;
  modified: string | null;
  affected: StoredAffected[];
}

export interface StoreMeta {
  /** ISO date-time of the last import. */
  importedAt: string;
  /** What was imported last (folder or zip path). */
  source: string;
  ecosystems: Record<string, number>;
  total: number;
}

export interface AdvisoryStore {
  meta: StoreMeta;
  advisories: StoredAdvisory[];
}

/** `${XDG_CACHE_HOME:-~/.cache}/codeaudit/advisories`. */
export function defaultAdvisoryDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(cache, "codeaudit", "advisories");
}

// The parts of the OSV schema (https://ossf.github.io/osv-schema/) that matching needs; unknown keys pass.
const OsvEvent = z.record(z.string(), z.string());
const OsvSchema = z.object({
  id: z.string().min(1),
  modified: z.string().optional(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).optional(),
  affected: z
    .array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string() }).optional(),
        ranges: z.array(z.object({ type: z.string(), events: z.array(OsvEvent) })).optional(),
        versions: z.array(z.string()).optional(),
        ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
        database_specific: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});
type Osv = z.infer<typeof OsvSchema>;

/** Imports OSV advisories from a folder (recursively, *.json) or a .zip into the store; merges by id (newest `modified` wins). */
export async function importAdvisories(
  source: string,
  storeDir: string,
): Promise<{ imported: number; ecosystems: Record<string, number> }> {
  const documents: unknown[] = [];
  const addJson = (text: string): void => {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) documents.push(...(parsed as unknown[]));
      else documents.push(parsed);
    } catch {
      // Not JSON: skipped (counted as not imported).
    }
  };
  if (statSync(source).isDirectory()) {
    const files = listJsonFiles(source);
    if (files.length > MAX_IMPORT_ENTRIES)
      throw new AdvisoryImportError(`${files.length} JSON files, over the limit of ${MAX_IMPORT_ENTRIES}`);
    let total = 0;
    for (const file of files) {
      const bytes = readRegularFile(file, MAX_IMPORT_BYTES);
      total += bytes.length;
      if (total > MAX_IMPORT_BYTES) throw tooMuch(total);
      addJson(bytes.toString("utf8"));
    }
  } else if (source.toLowerCase().endsWith(".zip")) {
    const zip = new Uint8Array(readRegularFile(source, MAX_IMPORT_BYTES));
    let entries: ZipJsonEntry[];
    try {
      entries = readZipJsonEntries(zip, { maxEntries: MAX_IMPORT_ENTRIES, maxBytes: MAX_IMPORT_BYTES });
    } catch (error) {
      if (error instanceof ZipRefusedError) throw new AdvisoryImportError(error.message);
      throw new AdvisoryImportError(`${source}: not a readable zip (${(error as Error).message})`);
    }
    const decoder = new TextDecoder();
    for (const entry of entries) addJson(decoder.decode(entry.bytes));
  } else {
    addJson(readRegularFile(source).toString("utf8"));
  }

  const existing = loadAdvisoryStore(storeDir)?.advisories ?? [];
  const byId = new Map(existing.map((advisory) => [advisory.id, advisory]));
  let imported = 0;
  // Ecosystem names come from the advisories: a Map, so `__proto__` or `constructor` is a name like any other.
  const importedPerEcosystem = new Map<string, number>();
  for (const document of documents) {
    const parsed = OsvSchema.safeParse(document);
    if (!parsed.success || parsed.data.withdrawn) continue;
    const advisory = normalise(parsed.data);
    if (advisory.affected.length === 0) continue;
    const previous = byId.get(advisory.id);
    if (previous && (previous.modified ?? "") > (advisory.modified ?? "")) continue;
    byId.set(advisory.id, advisory);
    imported++;
    for (const ecosystem of new Set(advisory.affected.map((a) => a.ecosystem)))
      importedPerEcosystem.set(ecosystem, (importedPerEcosystem.get(ecosystem) ?? 0) + 1);
  }

  // One push per advisory and ecosystem (linear; copying each list on every push was quadratic).
  const perEcosystem = new Map<string, StoredAdvisory[]>();
  for (const advisory of [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id))) {
    for (const ecosystem of new Set(advisory.affected.map((a) => a.ecosystem))) {
      const list = perEcosystem.get(ecosystem);
      if (list) list.push(advisory);
      else perEcosystem.set(ecosystem, [advisory]);
    }
  }
  mkdirSync(storeDir, { recursive: true });
  const ecosystems: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [ecosystem, advisories] of [...perEcosystem].sort(([a], [b]) => compareCodeUnits(a, b))) {
    ecosystems[ecosystem] = advisories.length;
    writeFileSync(join(storeDir, `${fileSafe(ecosystem)}.json`), JSON.stringify(advisories));
  }
  const meta: StoreMeta = { importedAt: new Date().toISOString(), source, ecosystems, total: byId.size };
  writeFileSync(join(storeDir, "meta.json"), JSON.stringify(meta, null, 2));
  return { imported, ecosystems: Object.fromEntries(importedPerEcosystem) };
}

/** Decompressed JSON an import reads at most (OSV's whole npm export is about 1 GB; a bomb is far more). */
export const MAX_IMPORT_BYTES = MAX_READ_BYTES;
/** JSON files or zip entries an import reads at most. */
export const MAX_IMPORT_ENTRIES = 500_000;

/** An import refused for its size or shape: one line, naming the limit. */
export class AdvisoryImportError extends Error {}

function tooMuch(bytes: number): AdvisoryImportError {
  return new AdvisoryImportError(
    `over ${MAX_IMPORT_BYTES} bytes of JSON once decompressed (${bytes} bytes so far): refused as a possible zip bomb; split the import`,
  );
}

/** The store's advisories (deduplicated by id), or null when the folder has no store. */
export function loadAdvisoryStore(storeDir: string): AdvisoryStore | null {
  const metaPath = join(storeDir, "meta.json");
  if (!existsSync(metaPath)) return null;
  let meta: StoreMeta;
  try {
    meta = JSON.parse(readRegularFile(metaPath).toString("utf8")) as StoreMeta;
  } catch {
    return null;
  }
  const byId = new Map<string, StoredAdvisory>();
  for (const ecosystem of Object.keys(meta.ecosystems ?? {})) {
    const file = join(storeDir, `${fileSafe(ecosystem)}.json`);
    if (!existsSync(file)) continue;
    for (const advisory of JSON.parse(readRegularFile(file).toString("utf8")) as StoredAdvisory[])
      byId.set(advisory.id, advisory);
  }
  return { meta, advisories: [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id)) };
}

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => compareCodeUnits(a.name, b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return listJsonFiles(full);
      return entry.name.toLowerCase().endsWith(".json") ? [full] : [];
    });
}

function fileSafe(ecosystem: string): string {
  return ecosystem.replace(/[^A-Za-z0-9._-]/g, "_");
}

function normalise(osv: Osv): StoredAdvisory {
  const affected: StoredAffected[] = [];
  for (const entry of osv.affected ?? []) {
    if (!entry.package) continue;
    affected.push({
      ecosystem: entry.package.ecosystem.split(":")[0] ?? entry.package.ecosystem,
      name: entry.package.name,
      ranges: (entry.ranges ?? []).filter((range) => range.type !== "GIT"),
      versions: entry.versions ?? [],
    });
  }
  const specific = [osv.database_specific, ...(osv.affected ?? []).map((a) => a.database_specific)];
  return {
    id: osv.id,
    aliases: [...(osv.aliases ?? [])].sort(),
    summary: osv.summary ?? (osv.details ?? "").split("\n")[0]?.slice(0, 200) ?? "",
    severity: severityOf(osv.severity ?? [], specific),
    published: osv.published ?? null,
    modified: osv.modified ?? null,
    affected,
  };
}

/** Severity from a database's label (GHSA: LOW/MODERATE/HIGH/CRITICAL) or a CVSS v3 vector; medium when unknown. */
function severityOf(
  scores: Array<{ type: string; score: string }>,
  specific: Array<Record<string, unknown> | undefined>,
): Severity {
  for (const record of specific) {
    const label = typeof record?.severity === "string" ? record.severity.toUpperCase() : "";
    if (label === "CRITICAL") return "critical";
    if (label === "HIGH") return "high";
    if (label === "MODERATE" || label === "MEDIUM") return "medium";
    if (label === "LOW") return "low";
  }
  for (const { type, score } of scores) {
    const numeric = /^\d+(\.\d+)?$/.test(score)
      ? Number(score)
      : type.startsWith("CVSS_V3")
        ? cvss3BaseScore(score)
        : null;
    if (numeric === null) continue;
    if (numeric >= 9) return "critical";
    if (numeric >= 7) return "high";
    if (numeric >= 4) return "medium";
    return numeric > 0 ? "low" : "info";
  }
  return "medium";
}

/** CVSS v3.x base score from a vector string (FIRST specification §7.1), or null when malformed. */
export function cvss3BaseScore(vector: string): number | null {
  const metrics = Object.fromEntries(
    vector
      .split("/")
      .slice(1)
      .map((part) => part.split(":") as [string, string]),
  );
  const weights: Record<string, Record<string, number>> = {
    AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
    AC: { L: 0.77, H: 0.44 },
    UI: { N: 0.85, R: 0.62 },
    C: { H: 0.56, L: 0.22, N: 0 },
    I: { H: 0.56, L: 0.22, N: 0 },
    A: { H: 0.56, L: 0.22, N: 0 },
  };
  const scope = metrics.S;
  const pr = { N: 0.85, L: scope === "C" ? 0.68 : 0.62, H: scope === "C" ? 0.5 : 0.27 }[
    metrics.PR as "N" | "L" | "H"
  ];
  const get = (key: string): number | undefined => weights[key]?.[metrics[key] as string];
  const [av, ac, ui, c, i, a] = ["AV", "AC", "UI", "C", "I", "A"].map(get);
  if ([av, ac, ui, c, i, a, pr].some((value) => value === undefined) || (scope !== "U" && scope !== "C"))
    return null;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  const roundUp = (value: number): number => Math.ceil(value * 10 - 1e-9) / 10;
  return scope === "U"
    ? roundUp(Math.min(impact + exploitability, 10))
    : roundUp(Math.min(1.08 * (impact + exploitability), 10));
}
