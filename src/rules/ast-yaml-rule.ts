// ast-grep YAML rules with codeaudit metadata: `rules/ast/<language>/<name>.yml`, built-in or user-supplied.
import type { NapiConfig, SgNode } from "@ast-grep/napi";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { AREA_IDS } from "../model/areas.js";
import { LANGUAGES, type Language } from "../model/language.js";
import { SEVERITIES } from "../model/severity.js";
import { readRegularFile, ReadRefusedError } from "../repo/safe-read.js";
import { unifiedDiffForEdit } from "../util/unified-diff.js";
import { catastrophicRegexReason } from "./regex-safety.js";
import { defineRule, type FileRule } from "./define-rule.js";

const metadataSchema = z
  .object({
    area: z.enum(AREA_IDS),
    severity: z.enum(SEVERITIES),
    title: z.string().min(3),
    effortMinutes: z.number().int().positive(),
    confidence: z.enum(["certain", "heuristic"]).optional(),
    includeTests: z.boolean().optional(),
    prefilter: z.string().optional(),
    docs: z.object({
      rationale: z.string().min(10),
      impact: z.string().min(10),
      fix: z.string().min(5),
      example: z.object({ bad: z.string(), good: z.string() }),
    }),
  })
  .strict();

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "ids are <ecosystem>/<kebab-name>"),
    language: z.enum(LANGUAGES),
    message: z.string(),
    rule: z.record(z.string(), z.unknown()),
    constraints: z.record(z.string(), z.unknown()).optional(),
    utils: z.record(z.string(), z.unknown()).optional(),
    fix: z.string().optional(),
    metadata: metadataSchema,
  })
  .strict();

export class AstRuleError extends Error {}

/** A rule file is a few kilobytes; a folder of rules has no business holding anything far larger. */
const AST_RULE_FILE_BYTES = 1024 * 1024;

/** ast-grep's napi `replace` inserts text as given, so `$VAR` and `$$$VARS` in a fix are filled in here. */
function substituteMetavariables(template: string, node: SgNode, source: string): string {
  return template.replace(
    /\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)/g,
    (whole, many: string | undefined, one: string | undefined) => {
      if (one) return node.getMatch(one)?.text() ?? whole;
      const matches = node.getMultipleMatches(many ?? "").filter((m) => m.kind() !== "," && m.text() !== ",");
      const first = matches[0];
      const last = matches[matches.length - 1];
      if (!first || !last) return "";
      return source.slice(first.range().start.index, last.range().end.index);
    },
  );
}

/** Reads one YAML file (which may hold several `---` documents) into file rules; errors name the file and key. */
export function loadAstRuleFile(path: string): FileRule[] {
  let text: string;
  try {
    text = readRegularFile(path, AST_RULE_FILE_BYTES).toString("utf8");
  } catch (error) {
    if (error instanceof ReadRefusedError) throw new AstRuleError(error.message);
    throw error;
  }
  const rules: FileRule[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new AstRuleError(`${path}: ${document.errors[0]?.message}`);
    const parsed = ruleSchema.safeParse(document.toJS());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AstRuleError(`${path}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    const prefilter = parsed.data.metadata.prefilter;
    if (prefilter !== undefined) {
      const reason = catastrophicRegexReason(prefilter);
      if (reason)
        throw new AstRuleError(
          `${path}: metadata.prefilter ${JSON.stringify(prefilter)} refused: ${reason}; write it without such a group`,
        );
      try {
        new RegExp(prefilter);
      } catch (error) {
        throw new AstRuleError(`${path}: metadata.prefilter: ${(error as Error).message}`);
      }
    }
    rules.push(astRule(parsed.data));
  }
  return rules;
}

function astRule(spec: z.infer<typeof ruleSchema>): FileRule {
  const meta = spec.metadata;
  const config = { rule: spec.rule, constraints: spec.constraints, utils: spec.utils } as NapiConfig;
  const language: Language = spec.language;
  // TypeScript rules also read TSX, as ast-grep's own CLI does.
  const languages: Language[] = language === "typescript" ? ["typescript", "tsx"] : [language];
  return defineRule({
    id: spec.id,
    area: meta.area,
    severity: meta.severity,
    title: meta.title,
    effortMinutes: meta.effortMinutes,
    confidence: meta.confidence ?? "certain",
    languages,
    includeTests: meta.includeTests ?? false,
    ...(meta.prefilter ? { prefilter: new RegExp(meta.prefilter) } : {}),
    docs: { ...meta.docs, example: { ...meta.docs.example, language } },
    notes: [`ast-grep rule (${language}): \`${JSON.stringify(spec.rule)}\``],
    checkFile(ctx) {
      if (!ctx.tree) return;
      for (const node of ctx.tree.findAll(config)) {
        const message = spec.message.replace(
          /\$([A-Z_][A-Z0-9_]*)/g,
          (whole, name: string) => node.getMatch(name)?.text() ?? whole,
        );
        let patch: string | null = null;
        if (spec.fix !== undefined) {
          const edit = node.replace(substituteMetavariables(spec.fix, node, ctx.text));
          patch = unifiedDiffForEdit(ctx.path, ctx.text, edit.startPos, edit.endPos, edit.insertedText);
        }
        ctx.report({ node, message, patch });
      }
    },
  });
}
