// python/debug-enabled: DEBUG = True in a settings module, or an app started/created with debug=True.
import type { SgNode } from "@ast-grep/napi";
import {
  calleeOf,
  developmentClassOf,
  enclosingFunction,
  importMap,
  keywordArg,
  stringValue,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";
import { lowerOverriddenSetting } from "../shared/settings-override.js";

const SETTINGS_PATH = /(^|\/)(settings|config|conf|configuration)(\/[^/]+)?\.py$|(^|\/)settings\/[^/]+\.py$/;
const DEV_PATH =
  /(^|\/|_)(dev|devel|develop|development|local|test|tests|testing|ci)(_settings|_config)?\.py$|(^|\/)(examples?|scripts?|docs?)\//;

export default defineRule({
  id: "python/debug-enabled",
  area: "config",
  severity: "high",
  title: "Debug mode enabled in code",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /DEBUG|debug\s*=\s*True/,
  notes: [
    "Module-level `DEBUG = True` in a settings/config module (settings.py, config.py, settings/<env>.py); `app.run(debug=True)` on Flask and `FastAPI(debug=True)`.",
    '`app.run(debug=True)` under `if __name__ == "__main__":`, or in a module-level function (`def main():`) that the file calls only under that guard, is lowered to medium (the development entry point), and to low when the server listens on this machine only (no `host`, which Flask defaults to 127.0.0.1, or a loopback host). Not reported inside the branch of an `if` whose condition names a debug setting (`if settings.DEBUG: app.run(debug=True)`): debug mode then follows a switch the project sets. Class-level `DEBUG = True` in a Dev/Local/Test config class (Flask style) is not reported. Development, local and test settings files (dev.py, devel.py, local_settings.py, settings/test.py …) and examples/scripts/docs are not reported; neither is `DEBUG = os.getenv(...)`. A literal `DEBUG = True` that a later module-level assignment replaces with a value read at run time is not reported; when the replacement is conditional (`if os.path.isfile(ini): … DEBUG = section.getboolean("debug", DEBUG)`) or falls back to the literal, it is medium: the literal is only the default when the configuration does not set it.',
    "`DEBUG = True` in a Django base settings module is low when every settings module the project is served with (DJANGO_SETTINGS_MODULE in wsgi.py/asgi.py, Dockerfiles — including a `sed` switching manage.py to another module —, compose files, uwsgi ini files, start scripts or systemd units, development and test modules aside) star-imports it and sets DEBUG again, or when it ends with a required `from .local_settings import *` of a file the repository does not hold and whose template sets DEBUG.",
  ],
  docs: {
    rationale:
      "Debug mode shows stack traces, settings and sometimes an interactive console to whoever triggers an error.",
    impact:
      "Information disclosure (secrets in tracebacks, SQL), and with Werkzeug's debugger remote code execution.",
    fix: "Default DEBUG to False and enable it only from the environment in development.",
    example: {
      language: "python",
      bad: "DEBUG = True",
      good: 'DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() == "true"',
    },
  },
  reviseWithFacts(findings, facts) {
    const overrides = facts.python?.settingsOverrides ?? [];
    if (overrides.length === 0) return [...findings];
    return findings.map((finding) =>
      finding.key === "debug-true" ? lowerOverriddenSetting(finding, "DEBUG", overrides) : finding,
    );
  },
  checkFile({ tree, path, report }) {
    if (!tree || DEV_PATH.test(path)) return;
    const imports = importMap(tree);
    if (SETTINGS_PATH.test(path)) {
      for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
        if (
          enclosingFunction(assignment) ||
          assignment.field("left")?.text() !== "DEBUG" ||
          assignment.field("right")?.kind() !== "true"
        )
          continue;
        if (
          assignment.parent()?.parent()?.kind() === "block" &&
          assignment.parent()?.parent()?.parent()?.kind() === "if_statement"
        )
          continue;
        if (developmentClassOf(assignment)) continue;
        const override = laterOverride(assignment);
        // `DEBUG = True` overwritten at module level by a value read from elsewhere: never the value that runs.
        if (override?.unconditional) continue;
        report({
          node: assignment,
          message: override
            ? `DEBUG = True in a settings module is the fallback when the configuration read at line ${override.line} (\`${override.text}\`) does not set it`
            : "DEBUG = True in a settings module",
          key: "debug-true",
          severity: override ? "medium" : undefined,
        });
      }
    }
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      if (keywordArg(call, "debug")?.kind() !== "true") continue;
      const callee = calleeOf(call, imports);
      if (!callee) continue;
      const isFlaskRun =
        callee.name === "run" &&
        callee.receiver !== null &&
        [...imports.values()].some((v) => v.startsWith("flask"));
      if (callee.qualified === "fastapi.FastAPI" || callee.qualified === "flask.Flask" || isFlaskRun) {
        // `if settings.DEBUG: app.run(debug=True)`: debug mode follows the project's own switch, off unless set.
        if (underDebugSwitch(call)) continue;
        const guarded = isFlaskRun && underMainGuard(call);
        // Flask's development server listens on 127.0.0.1 unless told otherwise: its debugger is reachable from
        // this machine only, and production servers (gunicorn, uwsgi) never call app.run.
        const host = keywordArg(call, "host");
        const hostText = host ? stringValue(host) : null;
        const loopback =
          isFlaskRun &&
          (host === null || (hostText !== null && /^(127\.0\.0\.1|localhost|::1)$/.test(hostText)));
        report({
          node: call,
          message: `${callee.written}(debug=True) enables debug mode${
            loopback
              ? " (the development server, on this machine only)"
              : guarded
                ? " (development entry point)"
                : ""
          }`,
          key: `debug-true:${callee.written}`,
          severity: loopback ? "low" : guarded ? "medium" : undefined,
        });
      }
    }
  },
});

/**
 * A later assignment in the same module that replaces `DEBUG = True` with a value read from somewhere else (an ini
 * section, the environment): `DEBUG = section.getboolean("debug", DEBUG)`. Unconditional when it sits at module level
 * and does not fall back to the literal (it names no `DEBUG`); otherwise the literal stays the default.
 */
function laterOverride(assignment: SgNode): { line: number; text: string; unconditional: boolean } | null {
  const module = assignment.ancestors().at(-1);
  if (!module) return null;
  const after = assignment.range().end.index;
  for (const other of module.findAll({ rule: { kind: "assignment" } })) {
    const right = other.field("right");
    if (
      other.range().start.index < after ||
      other.field("left")?.text() !== "DEBUG" ||
      !right ||
      right.kind() === "true" ||
      right.kind() === "false" ||
      enclosingFunction(other)
    )
      continue;
    // Only a value read at run time: a call (`getboolean`, `os.getenv`, `env.bool`) or a comparison of one.
    if (!right.find({ rule: { kind: "call" } }) && right.kind() !== "call") continue;
    const fallsBack = right.find({ rule: { kind: "identifier", regex: "^DEBUG$" } }) !== null;
    return {
      line: other.range().start.line + 1,
      text: other.text().replace(/\s+/g, " ").slice(0, 60),
      unconditional: other.parent()?.parent()?.kind() === "module" && !fallsBack,
    };
  }
  return null;
}

/** Inside the branch taken when a condition naming a debug setting holds (`if searx.sxng_debug:`, `if args.debug:`). */
function underDebugSwitch(node: SgNode): boolean {
  let child = node;
  for (const ancestor of node.ancestors()) {
    if (ancestor.kind() === "function_definition" || ancestor.kind() === "class_definition") return false;
    if (ancestor.kind() === "if_statement") {
      const condition = ancestor.field("condition");
      const consequence = ancestor.field("consequence");
      if (consequence && child.id() === consequence.id() && /debug/i.test(condition?.text() ?? ""))
        return true;
    }
    child = ancestor;
  }
  return false;
}

function underMainGuard(node: SgNode): boolean {
  for (let p = node.parent(); p; p = p.parent())
    if (p.kind() === "if_statement" && /__main__/.test(p.field("condition")?.text() ?? "")) return true;
  return calledOnlyUnderMainGuard(node);
}

/**
 * `def main(): app.run(debug=True)` with `if __name__ == "__main__": main()`: a module-level function that this file
 * calls under its main guard and nowhere else is the same development entry point.
 */
function calledOnlyUnderMainGuard(node: SgNode): boolean {
  const fn = enclosingFunction(node);
  if (!fn || fn.parent()?.kind() !== "module") return false;
  const name = fn.field("name")?.text();
  const root = fn.parent();
  if (!name || !root) return false;
  const calls = root
    .findAll({ rule: { kind: "call", has: { field: "function", kind: "identifier", regex: `^${name}$` } } })
    .filter((call) => !inside(call, fn));
  return (
    calls.length > 0 &&
    calls.every((call) =>
      call
        .ancestors()
        .some((a) => a.kind() === "if_statement" && /__main__/.test(a.field("condition")?.text() ?? "")),
    )
  );
}

function inside(node: SgNode, container: SgNode): boolean {
  const { start, end } = container.range();
  return node.range().start.index >= start.index && node.range().end.index <= end.index;
}
