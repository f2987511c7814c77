// The configuration file's schema (SPEC §9): rules on/off and severity, thresholds, weights, ignored paths, custom rules.
import { z } from "zod";
import { AREA_IDS } from "../model/areas.js";
import { LANGUAGES } from "../model/language.js";
import { SEVERITIES } from "../model/severity.js";

const ruleOptionValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

const ruleSetting = z.union([
  z.literal("off"),
  z.literal("on"),
  z.enum(SEVERITIES),
  z
    .object({
      enabled: z.boolean().optional(),
      severity: z.enum(SEVERITIES).optional(),
      options: z.record(z.string(), ruleOptionValue).optional(),
    })
    .strict(),
]);

const cloneThresholds = {
  /** Smallest clone in tokens (default 50). */
  minTokens: z.number().int().min(10).max(10000).optional(),
  /** Smallest clone in lines, every copy (default 6). */
  minLines: z.number().int().min(1).max(10000).optional(),
};

const duplicationSettings = z
  .object({
    /** false turns copy-paste detection off (no token streams, no clone facts, no clone-class findings). */
    enabled: z.boolean().optional(),
    ...cloneThresholds,
    /** Per-language thresholds, e.g. `{ "python": { "minTokens": 70 } }`. */
    languages: z.partialRecord(z.enum(LANGUAGES), z.object(cloneThresholds).strict()).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    /** Rule id → "off" | "on" | severity | { enabled, severity, options }. */
    rules: z.record(z.string(), ruleSetting).optional(),
    /** Area id → weight (relative; renormalised over applicable areas). */
    weights: z.partialRecord(z.enum(AREA_IDS), z.number().min(0).max(100)).optional(),
    /** Paths to leave out, gitignore syntax. */
    ignore: z.array(z.string()).optional(),
    /** Files larger than this many bytes are not analysed as source. */
    maxFileBytes: z.number().int().positive().optional(),
    /** Folder of custom ast-grep YAML rules (`<dir>/<language>/*.yml`), relative to the config file. */
    customRules: z.string().optional(),
    /** Default for --fail-on. */
    failOn: z.enum(SEVERITIES).optional(),
    /** Local OSV advisory store folder. */
    advisories: z.string().optional(),
    /** Copy-paste detection thresholds. */
    duplication: duplicationSettings.optional(),
  })
  .strict();

export type CodeauditConfig = z.infer<typeof configSchema>;
