// python/getenv-without-validation: settings read straight from os.getenv/os.environ where pydantic-settings is available.
import type { SgNode } from "@ast-grep/napi";
import {
  calleeOf,
  importMap,
  isAuxiliaryPath,
  positionalArgs,
  stringValue,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

const GETTERS = new Set(["os.getenv", "os.environ.get", "os.environ.setdefault"]);
const SETTINGS_BASES = /^(BaseSettings|pydantic_settings\.BaseSettings|pydantic\.BaseSettings)$/;

export default defineRule({
  id: "python/getenv-without-validation",
  area: "config",
  severity: "low",
  title: "Settings read with os.getenv instead of the Pydantic settings",
  effortMinutes: 20,
  confidence: "heuristic",
  languages: ["python"],
  prefilter: /\b(getenv|environ)\b/,
  notes: [
    "Applies when pydantic-settings is a declared dependency or a BaseSettings class exists. One finding per file listing the variables read with os.getenv/os.environ.get/os.environ[...] outside a BaseSettings class.",
    "Tests, examples, scripts, tools and docs, Alembic env.py and Django/gunicorn entry points (manage.py, wsgi.py, asgi.py, gunicorn*.py) are not checked.",
  ],
  docs: {
    rationale:
      "The project already has typed, validated settings; values read ad hoc with os.getenv bypass them: no type conversion, no required check, no single list of what the service needs.",
    impact:
      "A missing or misspelt variable becomes None (or a string where a number was meant) and fails later, far from start-up, often only in production.",
    fix: "Add the variable as a typed field of the BaseSettings class and read it from the settings object.",
    example: {
      language: "python",
      bad: 'timeout = os.getenv("PAYMENT_TIMEOUT")  # str | None',
      good: "class Settings(BaseSettings):\n    payment_timeout: float = 5.0\n\ntimeout = settings.payment_timeout",
    },
  },
  applies(facts) {
    const py = facts.python;
    if (!py) return { status: "unknown", reason: "Python facts were not collected" };
    const available =
      py.settingsClasses.length > 0 || py.dependencies.declared.some((d) => d.name === "pydantic-settings");
    return available
      ? true
      : { status: "not-applicable", reason: "pydantic-settings is neither declared nor used" };
  },
  checkFile({ tree, path, report }) {
    if (
      !tree ||
      isAuxiliaryPath(path) ||
      /(^|\/)(manage|wsgi|asgi|gunicorn[^/]*|env|setup|conftest|noxfile)\.py$/.test(path)
    )
      return;
    const imports = importMap(tree);
    const reads: Array<{ node: SgNode; name: string | null }> = [];
    for (const call of tree.findAll({ rule: { kind: "call" } })) {
      const callee = calleeOf(call, imports);
      if (!callee || !GETTERS.has(callee.qualified) || insideSettingsClass(call)) continue;
      const first = positionalArgs(call)[0];
      reads.push({ node: call, name: first ? stringValue(first) : null });
    }
    for (const subscript of tree.findAll({ rule: { kind: "subscript" } })) {
      if (subscript.field("value")?.text() !== "os.environ" || insideSettingsClass(subscript)) continue;
      const parent = subscript.parent();
      if (
        parent?.kind() === "assignment" &&
        parent.field("left")?.range().start.index === subscript.range().start.index
      )
        continue;
      const key = subscript.field("subscript");
      reads.push({ node: subscript, name: key ? stringValue(key) : null });
    }
    if (reads.length === 0) return;
    reads.sort((a, b) => a.node.range().start.index - b.node.range().start.index);
    const names = [...new Set(reads.map((r) => r.name ?? "<dynamic>"))];
    const first = reads[0]?.node;
    if (!first) return;
    report({
      node: first,
      message: `${reads.length} setting(s) read from the environment without validation (${names.slice(0, 6).join(", ")}${names.length > 6 ? ", …" : ""}); use the Pydantic settings class`,
      key: "getenv-without-validation",
      snippet: reads
        .map((r) => `${r.node.range().start.line + 1}: ${r.node.text()}`)
        .slice(0, 8)
        .join("\n"),
    });
  },
});

function insideSettingsClass(node: SgNode): boolean {
  for (let p = node.parent(); p; p = p.parent()) {
    if (p.kind() !== "class_definition") continue;
    const bases =
      p
        .field("superclasses")
        ?.children()
        .filter((c) => c.isNamed()) ?? [];
    if (bases.some((b) => SETTINGS_BASES.test(b.text()))) return true;
  }
  return false;
}
