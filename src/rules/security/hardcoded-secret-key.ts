// python/hardcoded-secret-key: SECRET_KEY-style settings assigned a string literal in code.
import type { SgNode } from "@ast-grep/napi";
import {
  developmentClassOf,
  enclosingFunction,
  isAuxiliaryPath,
  stringValue,
} from "../../facts/python/syntax.js";
import { spellsItsName } from "../../facts/secrets/detect.js";
import { defineRule } from "../define-rule.js";
import { lowerOverriddenSetting } from "../shared/settings-override.js";

// Settings for tests, CI runs, examples and local development (`settings/ci.py`, `configuration_testing.py`).
const SAMPLE_FILE = /(^|[/_.-])(test|testing|example|sample|dev|local)[^/]*\.py$|(^|[/_.-])ci\.py$/;
/** Calls that read an environment variable, with the fallback as second argument or `default=`. */
const ENV_LOOKUP =
  /^(?:os\.getenv|getenv|os\.environ\.get|environ\.get|env|env\.str|config|decouple\.config)$/;
/** A fallback that says it is for development only (`"onlyusethisindev"`, `"INSECURE_…_SET_IN_ENV"`, `"changeme"`). */
const DEV_ONLY_DEFAULT =
  /insecure|dev|change.?me|example|placeholder|not.?secret|set.?in.?env|unsafe|dummy|local/i;

/** `os.getenv("X", "lit")`, `env("X", default="lit")`, `os.environ.get("X") or "lit"`: the variable and the literal. */
function envFallback(value: SgNode): { variable: string | null; literal: string; call: string } | null {
  let call = value;
  let literal: string | null = null;
  if (value.kind() === "boolean_operator" && value.field("operator")?.text() === "or") {
    const left = value.field("left");
    const right = value.field("right");
    if (!left || !right || left.kind() !== "call") return null;
    call = left;
    literal = stringValue(right);
  }
  if (call.kind() !== "call") return null;
  const fn = call.field("function")?.text() ?? "";
  if (!ENV_LOOKUP.test(fn)) return null;
  const args = (call.field("arguments")?.children() ?? []).filter(
    (c) => c.isNamed() && c.kind() !== "comment",
  );
  const first = args[0];
  const variable = first && first.kind() === "string" ? stringValue(first) : null;
  if (variable === null) return null;
  if (literal === null) {
    const keyword = args.find(
      (a) => a.kind() === "keyword_argument" && a.field("name")?.text() === "default",
    );
    const fallback = keyword
      ? keyword.field("value")
      : args[1]?.kind() === "keyword_argument"
        ? null
        : args[1];
    literal = fallback ? stringValue(fallback) : null;
  }
  if (literal === null || literal.trim().length < 4) return null;
  return { variable, literal, call: fn };
}

/**
 * The settings stop when the key is still the fallback or missing: an `if` naming the setting (or the fallback
 * literal) whose next line raises or exits.
 */
function refusesWithoutIt(text: string, name: string, literal: string): boolean {
  const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const condition = new RegExp(
    String.raw`^\s*if\b[^\n]*(?:\b${escape(name)}\b|["']${escape(literal)}["'])[^\n]*:\s*\n\s*(?:raise\b|sys\.exit\(|exit\()`,
    "m",
  );
  return condition.test(text);
}

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
    'Module- or class-level `SECRET_KEY = "..."` (also `*_SECRET_KEY`, `JWT_SECRET`, Pydantic settings defaults such as `secret_key: str = "..."`), `app.secret_key = "..."` and `app.config["SECRET_KEY"] = "..."` with a non-empty string literal. A value that spells the name it is assigned to (`SECRET_KEY = "SECRET_KEY"` in a class of config key names, `SECRET = "secret"` in an enum) is a key\'s name, not a key.',
    'A key read from the environment with a non-empty literal fallback (`os.getenv("DJANGO_SECRET_KEY", "dev-key")`, `env.str("JWT_SECRET", default="…")`, `os.environ.get("SECRET_KEY") or "…"`) is medium: a deployment that forgets the variable runs with the published key. It is low when the fallback says it is for development (insecure, dev, changeme, example …) and the settings refuse to start with it (an `if` on the key or the fallback whose next line raises or exits).',
    "Low when every deployment replaces the value of a Django base settings module: each settings module the project is served with (DJANGO_SETTINGS_MODULE in wsgi.py/asgi.py, Dockerfiles, compose files, uwsgi ini files, start scripts or systemd units, development and test modules aside) star-imports the base module and assigns SECRET_KEY again; or the base module ends with a required `from .local_settings import *` (outside any try) of a file the repository does not hold and whose template (`local_settings.example.py`) sets SECRET_KEY.",
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
  reviseWithFacts(findings, facts) {
    const overrides = facts.python?.settingsOverrides ?? [];
    if (overrides.length === 0) return [...findings];
    return findings.map((finding) =>
      /^(env-fallback|hardcoded-secret):SECRET_KEY$/.test(finding.key)
        ? lowerOverriddenSetting(finding, "SECRET_KEY", overrides)
        : finding,
    );
  },
  checkFile({ tree, path, report, text: fileText }) {
    if (!tree) return;
    const severity = isAuxiliaryPath(path) || SAMPLE_FILE.test(path) ? "low" : undefined;
    const check = (target: SgNode, name: string, value: SgNode | null, at: SgNode): void => {
      if (!value || enclosingFunction(at)) return;
      const fallback = envFallback(value);
      if (fallback) {
        const devOnly =
          DEV_ONLY_DEFAULT.test(fallback.literal) && refusesWithoutIt(fileText, name, fallback.literal);
        const devClass = developmentClassOf(at);
        report({
          node: at,
          message: `${name} falls back to a string literal when ${fallback.variable ?? "the environment variable"} is unset: a deployment that forgets the variable signs sessions and tokens with a key published in the source${
            devOnly
              ? " (low: the default says it is for development, and the settings refuse to start without a real key)"
              : devClass
                ? ` (in ${devClass}, a development or test config)`
                : ""
          }`,
          key: `env-fallback:${name}`,
          severity: devOnly || devClass ? "low" : (severity ?? "medium"),
          snippet: `${target.text()} = ${fallback.call}(…, "***")`,
        });
        return;
      }
      const text = stringValue(value);
      if (text === null || text.trim().length < 4) return;
      // `class ConfigKey: SECRET_KEY = "SECRET_KEY"`, `class CredentialType(Enum): SECRET = "secret"`: the name of
      // the setting or the member's label, not a key.
      if (spellsItsName(text, name)) return;
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
