// python/hardcoded-secret-key: SECRET_KEY-style settings assigned a string literal in code.
import type { SgNode } from "@ast-grep/napi";
import {
  developmentClassOf,
  enclosingFunction,
  isAuxiliaryPath,
  stringValue,
} from "../../facts/python/syntax.js";
import { defineRule } from "../define-rule.js";

// Settings for tests, CI runs, examples and local development (`settings/ci.py`, `configuration_testing.py`).
const SAMPLE_FILE = /(^|[/_.-])(test|testing|example|sample|dev|local)[^/]*\.py$|(^|[/_.-])ci\.py$/;
const NAME =
  /^(SECRET_KEY|[A-Z0-9_]*_SECRET_KEY|JWT_SECRET(_KEY)?|secret_key|jwt_secret(_key)?|SECRET|SIGNING_KEY|jwt_signing_key)$/;

export default defineRule({
  id: "python/hardcoded-secret-key",
  supersedes: ["security/hardcoded-secret"],
  area: "security",
  severity: "high",
  title: "Hard-coded SECRET_KEY",
  effortMinutes: 20,
  confidence: "certain",
  languages: ["python"],
  prefilter: /secret|SECRET|signing_key|SIGNING_KEY/,
  notes: [
    'Module- or class-level `SECRET_KEY = "..."` (also `*_SECRET_KEY`, `JWT_SECRET`, Pydantic settings defaults such as `secret_key: str = "..."`), `app.secret_key = "..."` and `app.config["SECRET_KEY"] = "..."` with a non-empty string literal.',
    "Tests are not checked; lowered to low in examples/, scripts/, tools/ and docs/ folders and in files named for testing, CI, examples or local development (configuration_testing.py, settings/ci.py, settings_example.py, local.py), and in development or test config classes (`class TestingConfig:`).",
  ],
  docs: {
    rationale:
      "The secret key signs sessions, CSRF tokens and JWTs; one committed to the repository is known to everyone with read access, forever.",
    impact: "Anyone with the source can forge session cookies or tokens and log in as any user.",
    fix: "Read the key from the environment or a secret store at start-up and fail when it is missing; rotate the committed one.",
    example: {
      language: "python",
      bad: 'SECRET_KEY = "django-insecure-9x!v..."',
      good: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const severity = isAuxiliaryPath(path) || SAMPLE_FILE.test(path) ? "low" : undefined;
    const check = (target: SgNode, name: string, value: SgNode | null, at: SgNode): void => {
      if (!value || enclosingFunction(at)) return;
      const text = stringValue(value);
      if (text === null || text.trim().length < 4) return;
      // `class TestingConfig: SECRET_KEY = "..."`: only test and development runs read it.
      const devClass = developmentClassOf(at);
      report({
        node: at,
        message: `${name} is a string literal in source code${devClass ? ` (in ${devClass}, a development or test config)` : ""}`,
        key: `hardcoded-secret:${name}`,
        severity: devClass ? "low" : severity,
        snippet: `${target.text()} = "***"`,
      });
    };
    for (const assignment of tree.findAll({ rule: { kind: "assignment" } })) {
      const left = assignment.field("left");
      const right = assignment.field("right");
      if (!left) continue;
      if (left.kind() === "identifier" && NAME.test(left.text())) check(left, left.text(), right, assignment);
      else if (left.kind() === "attribute" && left.field("attribute")?.text() === "secret_key")
        check(left, left.text(), right, assignment);
      else if (left.kind() === "subscript") {
        const key = left.field("subscript");
        const keyText = key ? stringValue(key) : null;
        if (keyText && NAME.test(keyText)) check(left, keyText, right, assignment);
      }
    }
  },
});
