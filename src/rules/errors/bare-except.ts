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
    "`except Exception: pass` is low: it is usually a deliberate best-effort (a fallback value set before the try, an optional step), and what it hides depends on the try body. A bare `except:` stays medium: it also swallows KeyboardInterrupt and SystemExit.",
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
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const copied = thirdPartyNotice(text);
    for (const clause of tree.findAll({ rule: { kind: "except_clause" } })) {
      const body = clause.children().find((c) => c.kind() === "block") ?? null;
      const caught = clause
        .children()
        .filter((c) => c.isNamed() && c.kind() !== "block" && c.kind() !== "comment");
      if (caught.length === 0) {
        if (body && reraises(body)) continue;
        report({
          node: clause.children()[0] ?? clause,
          line: clause.range().start.line + 1,
          message: copied
            ? `bare \`except:\` catches everything, including KeyboardInterrupt and SystemExit (low: a bundled copy of another project's code, its header carries ${copied})`
            : "bare `except:` catches everything, including KeyboardInterrupt and SystemExit",
          severity: copied ? "low" : undefined,
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

function reraises(block: SgNode): boolean {
  return block
    .findAll({ rule: { kind: "raise_statement" } })
    .some((r) => r.children().filter((c) => c.isNamed()).length === 0 || /sys\.exit/.test(r.text()));
}

function firstLine(node: SgNode): string {
  return node.text().split("\n")[0] ?? node.text();
}
