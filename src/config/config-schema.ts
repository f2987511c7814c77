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
  minTokens: z
    .number()
    .int()
    .min(10)
    .max(10000)
    .optional()
    .describe("Smallest clone in tokens (default 50)."),
  minLines: z
    .number()
    .int()
    .min(1)
    .max(10000)
    .optional()
    .describe("Smallest clone in lines, every copy (default 6)."),
};

const duplicationSettings = z
  .object({
    enabled: z
      .boolean()
      .optional()
      .describe(
        "false turns copy-paste detection off (no token streams, no clone facts, no clone-class findings).",
      ),
    ...cloneThresholds,
    languages: z
      .partialRecord(z.enum(LANGUAGES), z.object(cloneThresholds).strict())
      .optional()
      .describe('Per-language thresholds, e.g. { "python": { "minTokens": 70 } }.'),
  })
  .strict();

const suppressionSettings = z
  .object({
    requireReason: z
      .boolean()
      .optional()
      .describe(
        "true (default): a `codeaudit-ignore <rule-id>` comment needs `: <reason>` after the id, or it silences nothing and is reported.",
      ),
  })
  .strict();

/** The quality gates of `codeaudit delta` (SPEC §6), by id. */
export const DELTA_GATE_IDS = [
  "no_new_critical_high",
  "no_secret_added",
  "coverage_non_decreasing",
  "deps_new_without_advisories",
  "migrations_reversible",
  "docs_dx_updated",
  "lint_type_config_not_weakened",
] as const;

const gateSetting = z.union([
  z.literal("off"),
  z.literal("on"),
  z
    .object({
      enabled: z.boolean().optional(),
      /** coverage_non_decreasing: percentage points the line coverage may fall before the gate fails (default 0). */
      tolerance: z.number().min(0).max(100).optional(),
    })
    .strict(),
]);

const deltaSettings = z
  .object({
    gates: z
      .partialRecord(z.enum(DELTA_GATE_IDS), gateSetting)
      .optional()
      .describe(
        "Gate id → off | on | { enabled, tolerance }. An off gate shows as N/A and never fails --fail-on-gate; tolerance: points coverage may fall (coverage_non_decreasing).",
      ),
  })
  .strict();

const historySettings = z
  .object({
    record: z
      .boolean()
      .optional()
      .describe("Record each audit, delta and plan run (default true; --no-history for one run)."),
    store: z
      .string()
      .optional()
      .describe(
        "A folder (relative to this file) or a postgres:// URL; default: the per-user data folder. Used from an audited tree's own config only with --trust-repo-config.",
      ),
    keepReports: z
      .boolean()
      .optional()
      .describe("Also keep each run's whole audit.json in the store (default false)."),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z
      .record(z.string(), ruleSetting)
      .optional()
      .describe(
        "Rule id (`codeaudit rules` lists them) → off | on | a severity | { enabled, severity, options }; `codeaudit explain <id>` lists a rule's options.",
      ),

    weights: z
      .partialRecord(z.enum(AREA_IDS), z.number().min(0).max(100))
      .optional()
      .describe("Area id → weight (relative; renormalised over applicable areas)."),
    ignore: z.array(z.string()).optional().describe("Paths to leave out, gitignore syntax."),
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Files larger than this many bytes are not analysed as source."),
    customRules: z
      .string()
      .optional()
      .describe(
        "Folder of custom ast-grep YAML rules (`<dir>/<language>/*.yml`), relative to the config file.",
      ),
    failOn: z.enum(SEVERITIES).optional().describe("Default for --fail-on."),
    advisories: z.string().optional().describe("Local OSV advisory store folder."),
    delta: deltaSettings.optional().describe("`codeaudit delta`: its quality gates."),
    suppressions: suppressionSettings.optional().describe("Inline `codeaudit-ignore` comments."),
    duplication: duplicationSettings.optional().describe("Copy-paste detection thresholds."),
    history: historySettings
      .optional()
      .describe("The history store every run is recorded in (`codeaudit history`)."),
  })
  .strict();

export type CodeauditConfig = z.infer<typeof configSchema>;
