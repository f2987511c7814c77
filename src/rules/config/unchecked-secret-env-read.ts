// generic/unchecked-secret-env: Python and Node code reads a secret from the environment with no default and no
// check that it is set, so a deployment that forgot the variable starts with None/undefined as its key.
import { oneOffKind } from "../../facts/one-off-code.js";
import { isExamplePath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

/**
 * Secrets a library reads and enforces itself: next-auth refuses to serve sessions in production without
 * NEXTAUTH_SECRET, so a deployment that forgot it fails on its first sign-in whatever the app does with the value.
 */
const LIBRARY_ENFORCED: ReadonlyMap<string, string> = new Map([
  ["NEXTAUTH_SECRET", "next-auth refuses to run in production without it"],
]);

// Django refuses to start with an empty SECRET_KEY (ImproperlyConfigured), so its settings check it for the app.
const DJANGO_SETTINGS = /(^|\/)settings(\/[^/]+|[^/]*)\.py$/;

export default defineRule({
  id: "generic/unchecked-secret-env",
  area: "config",
  severity: "medium",
  title: "Secret read from the environment without checking it is set",
  effortMinutes: 10,
  confidence: "heuristic",
  languages: ["python", "javascript", "typescript"],
  docs: {
    rationale:
      '`os.environ.get("JWT_SECRET")` and `process.env.JWT_SECRET` return None/undefined when the variable is missing. Used directly as a signing key, session secret or API key, the app starts normally and fails (or, with some libraries, signs with an empty key) only when the first request needs the secret.',
    impact:
      "A deployment that forgot one variable passes its health checks and breaks logins or webhooks at the first request — or accepts tokens signed with an empty key; nothing at start-up says which variable is missing.",
    fix: 'Read required secrets once at start-up and stop when they are missing: `os.environ["JWT_SECRET"]` (raises KeyError), pydantic-settings fields, or a zod/envalid/t3-env schema in Node (`JWT_SECRET: z.string().min(32)`).',
    example: {
      language: "python",
      bad: 'SECRET = os.environ.get("JWT_SECRET")\n\ndef issue(user_id):\n    return jwt.encode({"sub": user_id}, SECRET, algorithm="HS256")',
      good: 'SECRET = os.environ["JWT_SECRET"]  # fails at start when missing\n\ndef issue(user_id):\n    return jwt.encode({"sub": user_id}, SECRET, algorithm="HS256")',
    },
    examples: [
      {
        language: "typescript",
        bad: "export const sign = (user: User) => jwt.sign({ sub: user.id }, process.env.JWT_SECRET!);",
        good: "const env = z.object({ JWT_SECRET: z.string().min(32) }).parse(process.env);\nexport const sign = (user: User) => jwt.sign({ sub: user.id }, env.JWT_SECRET);",
      },
    ],
  },
  notes: [
    "Reads the secret-env facts: a secret the app itself owns — a name ending in JWT_SECRET, SECRET_KEY, AUTH_SECRET, NEXTAUTH_SECRET, SESSION_SECRET/KEY, COOKIE_SECRET, SIGNING_KEY/SECRET, ENCRYPTION_KEY, HMAC_KEY, TOKEN_SECRET or APP_SECRET/KEY (or is SECRET), possibly behind an app prefix; not credentials of optional integrations (OAuth client secrets, mail, provider, webhook and cron secrets), whose absence turns a feature off — read with `os.environ.get`/`os.getenv` without a default, or as `process.env.X` (also `process.env.X!` and `as string`, which check nothing at run time) without `??`/`||`, and passed straight to a call or option or kept in a variable — also inside a template string or f-string (`` `Bearer ${process.env.X}` ``), where an unset variable becomes the text `undefined`/`None`.",
    "Low for NEXTAUTH_SECRET (next-auth itself refuses to run in production without it) and for a secret read only inside an `if` on a feature flag (`if ENABLE_TRELLO_IMPORTER:`, `if (env.SSO_ENABLED)`): the deployment that forgot it has that optional feature off, or broken alone.",
    'Silent when the file checks it (`if not X: raise`, `assert X`, `if (!process.env.X) throw`, a comparison with undefined/None, the name listed again as a string), when any file declares the name in a validating schema (pydantic-settings BaseSettings fields, zod/envalid/t3-env keys), for `os.environ["X"]` (raises at start), for Django\'s SECRET_KEY in settings (Django refuses an empty one), and in tests, examples and scripts. Go has go/unchecked-secret-env.',
  ],
  applies(facts) {
    if (!facts.env?.secretReads)
      return { status: "unknown", reason: "secret environment reads were not collected" };
    return facts.env.secretReads.length > 0
      ? true
      : {
          status: "not-applicable",
          reason: "no Python or JS/TS code reads a secret-named environment variable without a default",
        };
  },
  check({ facts, report }) {
    const validated = new Set(facts.env.validatedNames ?? []);
    // One finding per variable: where it is first used, with the other uses as related locations.
    const byName = new Map<string, NonNullable<typeof facts.env.secretReads>>();
    for (const read of facts.env.secretReads ?? []) {
      if (read.checked || read.isTest || validated.has(read.name.toUpperCase())) continue;
      if (oneOffKind(read.path) !== null || isExamplePath(read.path)) continue;
      const variable = typeof read.usedAs === "object" ? read.usedAs.variable : null;
      if ((read.name === "SECRET_KEY" || variable === "SECRET_KEY") && DJANGO_SETTINGS.test(read.path))
        continue;
      byName.set(read.name, [...(byName.get(read.name) ?? []), read]);
    }
    for (const [name, reads] of byName) {
      const [read, ...others] = reads;
      if (!read) continue;
      const missing = read.path.endsWith(".py") ? "None" : "undefined";
      const enforced = LIBRARY_ENFORCED.get(name);
      // Read only under a feature flag: a deployment without it has the feature off; one that turns it on without
      // the secret breaks that feature alone.
      const gate = reads.every((r) => r.gatedBy) ? read.gatedBy : undefined;
      const lowered = enforced
        ? ` (low: ${enforced})`
        : gate
          ? ` (low: read only when \`${gate}\` turns an optional feature on)`
          : "";
      report({
        path: read.path,
        line: read.line,
        key: `secret-env:${name}`,
        message: `${name} is read with \`${read.call}\` and used${typeof read.usedAs === "object" ? ` (as ${read.usedAs.variable})` : ""} without checking it is set${others.length > 0 ? ` (${others.length + 1} places)` : ""}: a deployment without it starts with ${missing} as the secret and fails (or signs with it) only when a request needs it${lowered}`,
        ...(lowered ? { severity: "low" as const } : {}),
        related: others.slice(0, 5).map((o) => ({ path: o.path, startLine: o.line, endLine: o.line })),
      });
    }
  },
});
