// python/bare-except: `except:` that does not re-raise, and `except Exception:` / `except BaseException:` whose body is only pass or `...`.
import type { SgNode } from "@ast-grep/napi";
import { isEmptyBody } from "../../facts/python/syntax.js";
import { unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";
import { thirdPartyNotice } from "../../repo/path-kind.js";

const BROAD = /^\(?\s*(builtins\.)?(Exception|BaseException)\s*\)?$/;

export default defineRule({
  id: "python/bare-except",
  area: "errors",
  severity: "medium",
  title: "Bare except or silently swallowed Exception",
  effortMinutes: 15,
  confidence: "certain",
  languages: ["python"],
  prefilter: /\bexcept\b/,
  notes: [
    "`except:` is reported unless its body re-raises with a bare `raise`; `except Exception:`/`except BaseException:` (with or without `as e`) only when the body is nothing but pass, `...` or a docstring.",
    "A bare `except:` is medium only where it keeps a `while` loop running past Ctrl-C or sys.exit(): its handler neither breaks, returns nor raises. Elsewhere it is low (a failed parse that falls back, an optional step that logs and carries on, an error turned into another exception): what it hides is mostly hygiene, and an interrupt arriving in that short window is rare. The message says when the project marked it deliberate (`# pylint: disable=bare-except`, `# noqa: E722` on the clause or the line above) or the handler only falls back.",
    "`except Exception: pass` is low: it is usually a deliberate best-effort (a fallback value set before the try, an optional step), and what it hides depends on the try body.",
    "Test files are not checked. In a bundled copy of another project's code (its header carries an RCS `$Id` line or a library licence such as Python's or zlib's) a bare `except:` is low: the authors do not maintain that code, and the fix belongs upstream or in replacing the copy with the published package.",
    "A bare `except:` whose body does something gets a ready-to-apply patch to `except Exception:` (KeyboardInterrupt, SystemExit and GeneratorExit then propagate, as they should). A bare `except:` whose body is only pass/`...` gets none: `except Exception: pass` would still swallow every error, so the fix needs a decision.",
  ],
  docs: {
    rationale:
      "A bare `except:` also catches KeyboardInterrupt, SystemExit and GeneratorExit; an `except Exception: pass` hides every failure, including bugs.",
    impact:
      "Errors vanish without a log line; the service continues in a broken state and the cause is invisible in production.",
    fix: "Catch the specific exceptions you expect, and log or re-raise the rest (`except ValueError as e: log.warning(...)`).",
    example: {
      language: "python",
      bad: "try:\n    send_email(user)\nexcept:\n    pass",
      good: 'try:\n    send_email(user)\nexcept SMTPException:\n    log.exception("email to %s failed", user.id)',
    },
  },
  checkFile({ tree, path, text, lines, report }) {
    if (!tree) return;
    const copied = thirdPartyNotice(text);
    for (const clause of tree.findAll({ rule: { kind: "except_clause" } })) {
      const body = clause.children().find((c) => c.kind() === "block") ?? null;
      const caught = clause
        .children()
        .filter((c) => c.isNamed() && c.kind() !== "block" && c.kind() !== "comment");
      if (caught.length === 0) {
        if (body && reraises(body)) continue;
        const line = clause.range().start.line + 1;
        const lowered = copied
          ? `a bundled copy of another project's code, its header carries ${copied}`
          : suppressed(lines, line)
            ? "the project marked it deliberate with a linter suppression"
            : isFallback(body) && !inWhileLoop(clause)
              ? "the handler only falls back (pass, continue, a default value) and no loop keeps running past an interrupt"
              : !inWhileLoop(clause) || leavesLoop(body)
                ? "no loop keeps running past an interrupt"
                : null;
        report({
          node: clause.children()[0] ?? clause,
          line,
          message: lowered
            ? `bare \`except:\` catches everything, including KeyboardInterrupt and SystemExit (low: ${lowered})`
            : "bare `except:` catches everything, including KeyboardInterrupt and SystemExit",
          severity: lowered ? "low" : undefined,
          key: "bare-except",
          snippet: firstLine(clause),
          patch: isEmptyBody(body) ? null : catchException(clause, path, text),
        });
        continue;
      }
      const type =
        caught[0]?.kind() === "as_pattern"
          ? (caught[0]
              .children()
              .find((c) => c.isNamed())
              ?.text() ?? "")
          : (caught[0]?.text() ?? "");
      if (!BROAD.test(type.trim())) continue;
      if (!isEmptyBody(body)) continue;
      report({
        node: clause,
        message: `\`except ${type.trim()}:\` swallows every error without handling or logging it`,
        key: `swallowed:${type.trim()}`,
        snippet: firstLine(clause),
        severity: "low",
      });
    }
  },
});

/** `except:` → `except Exception:`, replacing whatever stands between the keyword and the colon. */
function catchException(clause: SgNode, path: string, text: string): string | null {
  const [keyword, colon] = clause.children();
  if (keyword?.text() !== "except" || colon?.text() !== ":") return null;
  return unifiedDiffForEdit(path, text, keyword.range().end.index, colon.range().start.index, " Exception");
}

// `# pylint: disable=bare-except`, `# noqa`, `# noqa: E722`, `# ruff: noqa: E722` on the clause or the line above it.
const SUPPRESSION =
  /#\s*(pylint:\s*disable=[\w,-]*\bbare-except\b|noqa\b(?!:)|noqa:[\w, ]*\b(E722|B001)\b|ruff:\s*noqa:[\w, ]*\bE722\b)/;

function suppressed(lines: readonly string[], line: number): boolean {
  return [lines[line - 2], lines[line - 1]].some((text) => text !== undefined && SUPPRESSION.test(text));
}

/** A handler that only substitutes a result: pass, `...`, continue, break, return, or assignments of a default. */
function isFallback(block: SgNode | null): boolean {
  if (!block) return false;
  const statements = block.children().filter((c) => c.isNamed() && c.kind() !== "comment");
  return (
    statements.length > 0 &&
    statements.every((statement) => {
      const kind = String(statement.kind());
      if (["pass_statement", "continue_statement", "break_statement", "return_statement"].includes(kind))
        return true;
      if (kind !== "expression_statement") return false;
      const expression = statement.children().find((c) => c.isNamed());
      return (
        expression?.kind() === "ellipsis" ||
        expression?.kind() === "assignment" ||
        expression?.kind() === "augmented_assignment" ||
        expression?.kind() === "string"
      );
    })
  );
}

/** Inside a `while` loop of the same function: swallowing KeyboardInterrupt there keeps a loop running. */
function inWhileLoop(node: SgNode): boolean {
  for (const ancestor of node.ancestors()) {
    const kind = ancestor.kind();
    if (kind === "function_definition" || kind === "class_definition") return false;
    if (kind === "while_statement") return true;
  }
  return false;
}

/** A handler that ends the loop it sits in: it breaks, returns or raises something. */
function leavesLoop(block: SgNode | null): boolean {
  return (
    block?.find({
      rule: { any: [{ kind: "break_statement" }, { kind: "return_statement" }, { kind: "raise_statement" }] },
    }) != null
  );
}

function reraises(block: SgNode): boolean {
  return block
    .findAll({ rule: { kind: "raise_statement" } })
    .some((r) => r.children().filter((c) => c.isNamed()).length === 0 || /sys\.exit/.test(r.text()));
}

function firstLine(node: SgNode): string {
  return node.text().split("\n")[0] ?? node.text();
}
