// The configuration as a user meets it: the JSON Schema editors read, `codeaudit init`'s suggestions, the
// dotfile names, and error messages that name what is allowed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { initialConfig } from "../cli/init-config.js";
import { loadBuiltInRules } from "../rules/load-rules.js";
import { configJsonSchema, CONFIG_SCHEMA_URL } from "./config-json-schema.js";
import { checkRuleSettings, ConfigError, loadConfig, validate } from "./load-config.js";

const shipped = join(import.meta.dirname, "..", "..", "schema", "config.schema.json");

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("no error");
}

describe("config JSON Schema", () => {
  it("is generated from the zod schema and shipped up to date (npx tsx scripts/generate-config-schema.ts)", () => {
    expect(readFileSync(shipped, "utf8")).toBe(configJsonSchema());
  });

  it("accepts what the loader accepts and rejects what it rejects", () => {
    const validateSchema = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(shipped, "utf8")));
    const good = {
      rules: { "generic/god-file": { severity: "low", options: { maxCodeLines: 900 } }, "x/y": "off" },
      failOn: "high",
      duplication: { minTokens: 60, languages: { python: { minTokens: 70 } } },
    };
    expect(validateSchema(good)).toBe(true);
    expect(() => validate(good, "c")).not.toThrow();
    for (const bad of [{ failOn: "severe" }, { rules: { "x/y": "loud" } }, { nope: 1 }]) {
      expect(validateSchema(bad)).toBe(false);
      expect(() => validate(bad, "c")).toThrow(ConfigError);
    }
  });
});

describe("codeaudit init", () => {
  it("names the schema and suggests options that exist, in a file the loader accepts", async () => {
    const text = initialConfig();
    expect(text).toContain(`$schema=${CONFIG_SCHEMA_URL}`);
    expect(text).toContain("maxCodeLines");
    // Every suggestion, uncommented, is a valid configuration whose rule options exist.
    const uncommented = text.replace(/^#( {2}generic\/)/gm, "$1").replace(/^rules: \{\}$/m, "rules:");
    const loaded = { config: validate(parseYaml(uncommented), "init"), path: "init" };
    expect(Object.keys(loaded.config.rules ?? {})).toContain("generic/god-file");
    expect(() => checkRuleSettings(loaded, [])).toThrow(/no such rule/);
    const rules = await loadBuiltInRules();
    expect(() => checkRuleSettings(loaded, rules)).not.toThrow();
  });
});

describe("config files and messages", () => {
  it("reads .codeaudit.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "codeaudit-dotfile-"));
    writeFileSync(join(dir, ".codeaudit.yaml"), "failOn: high\n");
    const loaded = loadConfig(dir);
    expect(loaded.config.failOn).toBe("high");
    expect(loaded.path).toBe(join(dir, ".codeaudit.yaml"));
  });

  it("a bad value names the key, what was given and what is allowed", () => {
    expect(messageOf(() => validate({ rules: { "a/b": "severe" } }, "c.yaml"))).toBe(
      'c.yaml: rules.a/b: got "severe"; allowed: off, on, a severity (critical, high, medium, low, info) or { enabled, severity, options }',
    );
    expect(messageOf(() => validate({ rules: { "a/b": { severity: "x" } } }, "c.yaml"))).toBe(
      'c.yaml: rules.a/b.severity: got "x"; allowed: critical, high, medium, low, info',
    );
    expect(messageOf(() => validate({ failOn: "bad" }, "c.yaml"))).toBe(
      'c.yaml: failOn: got "bad"; allowed: critical, high, medium, low, info',
    );
    expect(messageOf(() => validate({ duplication: { minTokens: "x" } }, "c.yaml"))).toBe(
      'c.yaml: duplication.minTokens: got "x"; expected number',
    );
    expect(messageOf(() => validate({ weights: { nope: 1 } }, "c.yaml"))).toMatch(
      /unknown key "nope" in weights; allowed: build, dependencies/,
    );
  });

  it("unknown rule ids and rule options name the allowed ones; a matching option passes", async () => {
    const rules = await loadBuiltInRules();
    const check = (value: unknown) => () =>
      checkRuleSettings({ config: validate({ rules: value }, "c.yaml"), path: "c.yaml" }, rules);
    expect(messageOf(check({ "generic/god-file": { options: { maxLines: 800 } } }))).toBe(
      "c.yaml: rules.generic/god-file.options.maxLines: unknown option; allowed: maxCodeLines, maxPublicFunctions, mediumCodeLines",
    );
    expect(messageOf(check({ "generic/god-file": { options: { maxCodeLines: "big" } } }))).toBe(
      'c.yaml: rules.generic/god-file.options.maxCodeLines: got "big"; expected a number (default 800)',
    );
    expect(messageOf(check({ "quality/god-file": "off" }))).toBe(
      "c.yaml: rules.quality/god-file: no such rule; did you mean generic/god-file?",
    );
    expect(check({ "generic/god-file": { options: { maxCodeLines: 900 } } })).not.toThrow();
  });
});
