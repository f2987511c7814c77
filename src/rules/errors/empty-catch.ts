// node/empty-catch: `catch {}` blocks that swallow errors without a word.
import { isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/empty-catch",
  area: "errors",
  severity: "medium",
  title: "Empty catch block swallows errors",
  effortMinutes: 15,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /\bcatch\b/,
  docs: {
    rationale:
      "An empty catch block discards the error and continues as if the operation had succeeded. Failures then surface far away, as wrong data or a hang, with no log to trace them.",
    impact:
      "Lost writes, half-initialised state and silent outages that nobody notices until users report them.",
    fix: "Handle the error, log it with context, or rethrow; when ignoring is really intended, say why in a comment inside the block.",
    example: {
      language: "typescript",
      bad: "try {\n  await cache.set(key, value);\n} catch {}",
      good: "try {\n  await cache.set(key, value);\n} catch (error) {\n  logger.warn({ error, key }, 'cache write failed; continuing without cache');\n}",
    },
  },
  notes: [
    "A catch block holding only a comment counts as a deliberate, documented ignore and is not reported.",
    "`.catch(() => {})` on promises is reported the same way.",
    "Test files are not checked; scripts and tools are lowered to low, as is the binding-less `try { one statement } catch {}` fallback idiom.",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const severity = isToolingPath(path) ? "low" : "medium";
    for (const clause of tree.findAll({ rule: { kind: "catch_clause" } })) {
      const body = clause.field("body");
      if (!body || body.children().some((child) => child.isNamed())) continue;
      const tried = clause.parent()?.field("body");
      const statements =
        tried?.children().filter((child) => child.isNamed() && child.kind() !== "comment").length ?? 0;
      // `try { x = parse(s) } catch {}` without a binding is the "attempt, else fall back" idiom: lower risk.
      const fallback = !clause.field("parameter") && statements === 1;
      report({
        node: clause,
        message: fallback
          ? "empty catch block after a single-statement try: the fallback is silent and undocumented"
          : "empty catch block: the error is discarded without handling or logging",
        severity: fallback ? "low" : severity,
        key: `catch:${clause.parent()?.text().split("\n")[1]?.trim() ?? ""}`,
      });
    }
    for (const call of tree.findAll({
      rule: {
        kind: "call_expression",
        has: { field: "function", kind: "member_expression", has: { field: "property", regex: "^catch$" } },
      },
    })) {
      const handler = call
        .field("arguments")
        ?.children()
        .find((child) => child.isNamed());
      if (!handler || (handler.kind() !== "arrow_function" && handler.kind() !== "function_expression"))
        continue;
      const body = handler.field("body");
      if (!body || body.kind() !== "statement_block" || body.children().some((child) => child.isNamed()))
        continue;
      report({
        node: call,
        message: "promise .catch() with an empty handler swallows the rejection",
        severity,
        key: `promise-catch:${call.field("function")?.text().slice(0, 80) ?? ""}`,
      });
    }
  },
});
