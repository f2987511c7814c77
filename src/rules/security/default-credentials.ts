// security/default-credentials: an account or service password fixed in code — a default admin created with
// `admin`/`admin`, a password setting whose fallback is a literal (`os.getenv("ADMIN_PASSWORD", "admin")`).
import type { SgNode } from "@ast-grep/napi";
import { insideApiDocExample, pairKey } from "../../facts/secrets/api-doc-example.js";
import { secretContext } from "../../facts/secrets/detect.js";
import { goTestHelper, isBuildPipeline, oneOffKind } from "../../facts/one-off-code.js";
import type { Severity } from "../../model/severity.js";
import { defineRule } from "../define-rule.js";
import { runsOnServer } from "../../facts/node/ast.js";

const BROWSER_LANGUAGES: ReadonlySet<string> = new Set(["javascript", "typescript", "tsx"]);

/** String literal node kinds, by grammar. */
const LITERAL_KINDS = ["interpreted_string_literal", "raw_string_literal", "string", "template_string"];
const LITERAL_KINDS_OF: Record<string, string[]> = {
  go: ["interpreted_string_literal", "raw_string_literal"],
  python: ["string"],
  elixir: ["string"],
  typescript: ["string", "template_string"],
  tsx: ["string", "template_string"],
  javascript: ["string", "template_string"],
};

/** Passwords that are guessed first: the product's name aside, what scanners try on every login form. */
const WELL_KNOWN =
  /^(admin|administrator|changeme|change_me|change-me|changeit|changethis|change_this|password|passw0rd|password1|mypassword|secret|root|toor|default|letmein|welcome|123456|12345678|123456789|admin123|pass|qwerty|guest)$/i;

/** Calls that read an environment variable and take a fallback as their second argument. */
const ENV_LOOKUP =
  /(^|\.)(getenv|Getenv|get_env|getEnv|GetEnv|get_env_var|env|Env|getEnvOr\w*|envOr\w*|environ\.get|environ\.setdefault|config)$/;

/** An env lookup at the start of an expression: `process.env.X`, `os.getenv("X")`, `System.get_env("X")`. */
const ENV_READ =
  /^(?:process\.env\.|process\.env\[\s*["'`]|import\.meta\.env\.|(?:os\.)?(?:getenv|Getenv)\(\s*["'`]|System\.get_env\(\s*["']|os\.environ\.get\(\s*["']|os\.environ\[\s*["'])([A-Za-z_][A-Za-z0-9_]*)/;

const ADMIN_NAME = /admin|root|superuser|super_user|default|initial/i;
const ACCOUNT_CONTAINER = /user|account|admin|owner|member|credential/i;
/** Keys that make an object a connection's settings (database, SMTP, broker), not an account being created. */
const CONNECTION_KEY =
  /^(host|hostname|server|port|database|db|dbname|url|uri|dsn|adapter|driver|engine|pool_size|ssl|tls|vhost|smtp_host)$/i;
const USER_CREATION =
  /create_?(super_?)?user|createUser|createAdmin|create_?admin|createSuperuser|add_?user|addUser/i;

export default defineRule({
  id: "security/default-credentials",
  area: "security",
  severity: "high",
  title: "Default credentials fixed in code",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["go", "python", "typescript", "tsx", "javascript", "elixir"],
  prefilter: /pass|pwd/i,
  docs: {
    rationale:
      "A password written in the code is the same on every installation and is published with the source: whoever reads it can sign in to any deployment where nobody changed it, and many never do.",
    impact:
      "An administrator account (or the database behind the service) reachable with a password listed in the project's own code or docs: full takeover of instances left on the default.",
    fix: "Make the password a required setting checked at start-up, or generate a random one on first start and print it once; force a change on first sign-in.",
    example: {
      language: "python",
      bad: 'if not User.objects.filter(is_superuser=True).exists():\n    User.objects.create_superuser("admin", password="admin")',
      good: 'password = os.environ["ADMIN_PASSWORD"]  # required: fails at start when unset\nif not User.objects.filter(is_superuser=True).exists():\n    User.objects.create_superuser("admin", password=password)',
    },
    examples: [
      {
        language: "go",
        bad: 'DefaultUser: DefaultUser{Name: "admin", Pass: "admin"},',
        good: 'DefaultUser: DefaultUser{Name: "admin", Pass: randomPassword()}, // printed once at first start',
      },
      {
        language: "typescript",
        bad: 'const adminPassword = process.env.ADMIN_PASSWORD || "admin";',
        good: 'const adminPassword = process.env.ADMIN_PASSWORD;\nif (!adminPassword) throw new Error("ADMIN_PASSWORD must be set");',
      },
      {
        language: "elixir",
        bad: 'config :app, MyApp.Repo, password: System.get_env("DB_PASSWORD", "postgres")',
        good: 'config :app, MyApp.Repo, password: System.fetch_env!("DB_PASSWORD")',
      },
    ],
  },
  notes: [
    "Reads string literals in the syntax tree bound to a password-named key, field, keyword or variable (`password`, `pass`, `passwd`, `pwd`, `ADMIN_PASSWORD`, `defaultPass`).",
    "High: an account created with a fixed password (a literal password beside a literal user name or e-mail, or passed to create_user/createUser), a password named for an admin, root or default user, or an environment fallback for such a password.",
    'Medium: the fallback of any other password read from the environment (`os.getenv("DB_PASSWORD", "postgres")`, `process.env.SMTP_PASS || "secret"`), and a well-known weak password (admin, changeme, password, secret, 123456 …) assigned to a password setting.',
    'A route or URL (`"forgot-password": "/forgot-password"` in a table of front-end paths) is an address, not a password or a user name; a rate limit (`"change_password": "1/m/user"` in a table of per-action limits) is neither, and a key naming an action on a password (`change_password`, `reset_password`) holds a setting of that action. The fallback of a mail server password (`EMAIL_HOST_PASSWORD`, `SMTP_PASSWORD`) is low: it is the login this service presents to the mail server, and a wrong one lets no one in.',
    'A value equal to its own key (`PASSWORD = "password"`, a field-type enum), a table of field types (`{USERNAME: "string", PASSWORD: "password", TIMEOUT: "int"}`) and an empty string are not passwords. Tests (also Go test-harness packages, known by a `*testing.T` parameter or an assertion library import), examples and docs are not read; a value set only in the then-branch of an `if` testing a development or debug switch (`if flags.Dev {`, `if settings.DEBUG:`) or in a Python module\'s `if __name__ == "__main__":` block (a self-test run by hand), development configuration, seeds, migrations and scripts (also in dot-folders such as `.scripts/`), the build and CI pipeline (a top-level `build/` or `ci/` folder, a file importing Dagger) are low (documented local defaults), and so is JavaScript/TypeScript that runs in the browser (form placeholders, field labels, API documentation samples create no account).',
    'A password setting\'s declared default is judged like an environment fallback: a Go struct tag (`DefaultUserPass string \`default:"admin"\`` for envconfig or creasty/defaults, `envDefault:` for caarlos0/env, `env-default:` for cleanenv), a `default:` in a settings schema (convict, envalid `str({ default: … })`, NimbleOptions) and pydantic `Field(default=…)`.',
    "A map under an API schema's `example:`/`examples:` key (OpenApiSpex schemas, pydantic `json_schema_extra`, FastAPI `Body(examples=…)`) is a sample request for the documentation and is not read.",
  ],
  checkFile({ tree, path, language, text, report }) {
    if (!tree) return;
    const context = secretContext(path);
    if (context === "example") return;
    // Django keeps a module's tests in `tests.py`.
    if (oneOffKind(path) === "test" || /(^|\/)tests?\.py$/.test(path)) return;
    // A Go test-harness package outside `_test.go` files (fixture users of an e2e suite) says so by its imports.
    if (language === "go" && goTestHelper(text)) return;
    // A password in code that runs in the browser creates no account on the server: a form's placeholder, a field
    // label or an API documentation sample.
    const browser = BROWSER_LANGUAGES.has(language) && !runsOnServer(path, text);
    const devOnly = context === "test" || isDevPath(path) || browser || isBuildPipeline(path, text);
    // Only literals without ASCII whitespace can hold a password (couldBePassword), and ast-grep tells them apart
    // natively: docstrings and messages no longer cross into JavaScript for their value and bindings (Python's
    // standard library: this rule was 2 GB of native handles and the slowest of the run).
    for (const literal of tree.findAll({
      rule: {
        any: (LITERAL_KINDS_OF[language] ?? []).map((kind) => ({ kind })),
        regex: "^[^ \\t\\n\\r\\x0B\\x0C]*$",
      },
    })) {
      const value = literalValue(literal);
      if (value === null || value.trim() === "") continue;
      const finding = judge(literal, value);
      if (!finding) continue;
      const devFlag = developmentBranch(literal);
      report({
        node: literal,
        message: devFlag
          ? `${finding.message} (only under \`if ${devFlag}\`: a development default)`
          : finding.message,
        severity: devOnly || devFlag ? "low" : finding.severity,
        key: finding.key,
      });
    }
    // Go settings structs: `DefaultUserPass string \`default:"admin"\`` (envconfig, creasty/defaults), `envDefault:`
    // (caarlos0/env), `env-default:` (cleanenv) — the value every deployment runs with when the variable is unset.
    if (language === "go" && /(?:default|Default):"/.test(text)) {
      for (const field of tree.findAll({
        rule: { kind: "field_declaration", has: { field: "tag", kind: "raw_string_literal" } },
      })) {
        const tag = field.field("tag");
        const fallback = tag ? TAG_DEFAULT.exec(tag.text())?.[1] : undefined;
        const name = field.field("name")?.text();
        if (!tag || fallback === undefined || !name) continue;
        const struct = field.parent()?.parent()?.parent();
        const owner = struct?.kind() === "type_spec" ? (struct.field("name")?.text() ?? "") : "";
        const finding = judgeDefault(name, fallback, owner, "the struct tag default");
        if (finding)
          report({
            node: tag,
            message: finding.message,
            severity: devOnly ? "low" : finding.severity,
            key: finding.key,
          });
      }
    }
  },
});

/** The default a Go struct tag gives a setting read from the environment. */
const TAG_DEFAULT = /(?:^`|\s)(?:default|envDefault|env-default):"([^"]*)"/;

/**
 * A password setting whose declared default is a literal: a struct tag, a schema's `default:` (convict, envalid,
 * NimbleOptions), a pydantic `Field(default=…)`. Judged like an environment fallback: the value of every deployment
 * that does not set it.
 */
function judgeDefault(name: string, value: string, owner: string, how: string): Judged | null {
  if (!isPasswordName(name) || PASSWORD_ACTION.test(name) || !couldBePassword(value) || value.trim() === "")
    return null;
  if (/^\$|^<.*>$|\{\{/.test(value) || value.toLowerCase() === lastWord(name).toLowerCase()) return null;
  const admin = ADMIN_NAME.test(name) || ADMIN_NAME.test(owner);
  const mail =
    !admin &&
    OUTBOUND_MAIL.test(name.split(/[_\-.]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).join("_"));
  return {
    message: `\`${name}\` defaults to the fixed password "${value}" (${how}) when it is not configured${admin ? ": every deployment that keeps it has the same admin password" : mail ? " (low: the login this service presents to a mail server; a wrong one fails to send mail and lets no one in)" : ""}`,
    severity: admin ? "high" : mail ? "low" : "medium",
    key: `default:${name}`,
  };
}

/**
 * The setting a `default` key or keyword belongs to: `adminPassword: { default: "admin", env: … }` (convict),
 * `ADMIN_PASSWORD: str({ default: "admin" })` (envalid), `admin_password: str = Field(default="admin")` (pydantic),
 * `password: [type: :string, default: "admin"]` (NimbleOptions).
 */
function settingOfDefault(pair: SgNode): string | null {
  let node = pair.parent();
  for (let depth = 0; node && depth < 5; depth++, node = node.parent()) {
    const kind = String(node.kind());
    if (kind === "pair" || kind === "keyword_argument" || kind === "keyed_element") return keyOf(node);
    if (
      ["assignment", "variable_declarator", "assignment_expression", "short_var_declaration"].includes(kind)
    ) {
      const left = node.field("left") ?? node.field("name");
      return left?.text().replace(/^.*\./, "") ?? null;
    }
    if (
      ![
        "object",
        "dictionary",
        "arguments",
        "argument_list",
        "call",
        "call_expression",
        "list",
        "keywords",
        "map",
        "map_content",
        "literal_value",
        "composite_literal",
      ].includes(kind)
    )
      return null;
  }
  return null;
}

interface Judged {
  message: string;
  severity: Severity;
  key: string;
}

/**
 * The condition of an `if` whose then-branch holds the node when it tests a development or debug switch
 * (`if flags.Dev {`, `if settings.DEBUG:`, `if (env === "development")`), or null. A negated test is no such branch.
 */
function developmentBranch(node: SgNode): string | null {
  for (let child = node, parent = node.parent(); parent; child = parent, parent = parent.parent()) {
    if (parent.kind() !== "if_statement") continue;
    const consequence = parent.field("consequence");
    const condition = parent.field("condition");
    if (!consequence || !condition || child.range().start.index !== consequence.range().start.index) continue;
    const text = condition
      .text()
      .replace(/^\(|\)$/g, "")
      .trim();
    // A Python module's `if __name__ == "__main__":` block runs only when a developer starts the file by hand (a
    // self-test or demo of the module), never when the service imports it.
    if (/^__name__\s*==\s*["']__main__["']$/.test(text)) return text;
    if (/!(?!=)|!=|\bnot\b|==\s*false\b/.test(text)) continue;
    const words = text
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z0-9]+/);
    if (words.some((word) => word === "dev" || word === "development" || word === "debug")) return text;
  }
  return null;
}

/** Passwords are one token: text with spaces, or a dotted message key (`emails.reset_password`), is a label or a key. */
function couldBePassword(value: string): boolean {
  return (
    value.length <= 64 &&
    !/\s/.test(value) &&
    !/^[a-z_]+(\.[a-z_]+)+$/i.test(value) &&
    !isUrlPath(value) &&
    !RATE_LIMIT.test(value) &&
    // A placeholder to fill in (`<password>`, `{{ password }}`, `${PASSWORD}`): the reader writes their own.
    !/^<[^<>]+>$|^\{\{.*\}\}$|^\$\{[^}]+\}$/.test(value)
  );
}

/** A rate limit (`5/m/ip`, `1/m/ip,1/m/key`, `100/hour`): how often an action may run, not a secret. */
const RATE_LIMIT = /^\d+\/[a-z]+(\/[a-z]+)?(,\d+\/[a-z]+(\/[a-z]+)?)*$/i;

/** A key naming an action on a password (`change_password`, `resetPassword`): a table of per-action settings. */
const PASSWORD_ACTION = /^(change|reset|forgot|forgotten|lost|update|recover)[_\-.]?pass(word|wd)?$/i;

/** A route or URL (`/forgot-password`, `/change-password/{0}`, `https://…/login`): a page's address, not a secret. */
function isUrlPath(value: string): boolean {
  return /^\/[\w\-./{}:]*$/.test(value) || /^[a-z][\w+.-]*:\/\/\S*$/i.test(value);
}

/** The password this service presents to a mail server: a wrong fallback fails to send mail and lets no one in. */
const OUTBOUND_MAIL = /(^|_)(EMAIL|SMTP|MAIL|MAILER)(_HOST)?_(PASSWORD|PASS|PASSWD)$/i;

function judge(literal: SgNode, value: string): Judged | null {
  if (!couldBePassword(value)) return null;
  const fallback = envFallback(literal);
  if (fallback) {
    if (!isPasswordName(fallback) || /^\$|^<.*>$|\{\{/.test(value)) return null;
    const admin = ADMIN_NAME.test(fallback);
    const mail = !admin && OUTBOUND_MAIL.test(fallback);
    return {
      message: `\`${fallback}\` falls back to the fixed password "${value}" when the variable is unset${admin ? ": every deployment that forgets it has the same admin password" : mail ? " (low: the login this service presents to a mail server; a wrong one fails to send mail and lets no one in)" : ""}`,
      severity: admin ? "high" : mail ? "low" : "medium",
      key: `env-fallback:${fallback}`,
    };
  }
  const binding = bindingOf(literal);
  if (binding && /^(default|envDefault|env_default)$/.test(binding.name)) {
    const pair = unwrap(literal);
    const setting = pair ? settingOfDefault(pair) : null;
    return setting ? judgeDefault(setting, value, "", "its declared default") : null;
  }
  if (!binding || !isPasswordName(binding.name) || PASSWORD_ACTION.test(binding.name)) return null;
  // A user name beside the password makes an account only where the object is not a connection's settings.
  const account =
    USER_CREATION.test(binding.call ?? "") ||
    (binding.userLiteral !== null &&
      (ACCOUNT_CONTAINER.test(binding.container ?? "") || !binding.connection));
  if (!account && value.toLowerCase() === lastWord(binding.name).toLowerCase()) return null;
  if (!account && value.toLowerCase() === binding.name.toLowerCase()) return null;
  const weak = WELL_KNOWN.test(value);
  const admin = ADMIN_NAME.test(binding.name) || ADMIN_NAME.test(binding.container ?? "");
  if (account) {
    const who = binding.userLiteral ? `"${binding.userLiteral}"` : "an account";
    return {
      message: `${who} is created with the fixed password "${value}"${weak ? ", one of the first a scanner tries" : ""}: every installation that keeps it can be signed in to`,
      severity: "high",
      key: `account:${binding.name}`,
    };
  }
  if (!weak) return null;
  return {
    message: `\`${binding.name}\` is set to the well-known password "${value}"${admin ? " for an administrator or default account" : ""}`,
    severity: admin ? "high" : "medium",
    key: `weak:${binding.name}`,
  };
}

/** The literal's text without quotes, or null when it interpolates. */
function literalValue(literal: SgNode): string | null {
  const kind = String(literal.kind());
  const children = literal.children();
  if (children.some((child) => /interpolation|substitution|escape_sequence/.test(String(child.kind()))))
    return null;
  if (kind === "interpreted_string_literal" || kind === "raw_string_literal" || kind === "template_string")
    return literal.text().slice(1, -1);
  const parts = children.filter((child) =>
    ["string_content", "string_fragment", "quoted_content"].includes(String(child.kind())),
  );
  if (parts.length === 0) return /^(["'])\1$/.test(literal.text()) ? "" : null;
  // Python f/b prefixes: an f-string without a placeholder is still a fixed string.
  return parts.map((part) => part.text()).join("");
}

/** Walks up through wrappers that do not change what a literal is bound to. */
function unwrap(node: SgNode): SgNode | null {
  let parent = node.parent();
  while (
    parent &&
    ["literal_element", "parenthesized_expression", "expression_list"].includes(String(parent.kind()))
  )
    parent = parent.parent();
  return parent;
}

/** The environment variable whose fallback this literal is: `getenv("X", lit)`, `process.env.X || lit`. */
function envFallback(literal: SgNode): string | null {
  const parent = unwrap(literal);
  if (!parent) return null;
  const kind = String(parent.kind());
  if (kind === "argument_list" || kind === "arguments") {
    const call = parent.parent();
    const callee = call?.field("function")?.text() ?? call?.children()[0]?.text() ?? "";
    if (!ENV_LOOKUP.test(callee)) return null;
    const args = parent.children().filter((child) => child.isNamed() && child.kind() !== "comment");
    if (args.length < 2 || args[1]?.id() !== literal.id()) return null;
    const name = args[0] ? literalValue(args[0]) : null;
    return name && /^[A-Z][A-Z0-9_]*$/.test(name) ? name : null;
  }
  if (kind === "keyword_argument" && parent.field("name")?.text() === "default") {
    const call = parent.parent()?.parent();
    if (!ENV_LOOKUP.test(call?.field("function")?.text() ?? "")) return null;
    const first = parent
      .parent()
      ?.children()
      .find((child) => child.isNamed());
    const name = first ? literalValue(first) : null;
    return name && /^[A-Z][A-Z0-9_]*$/.test(name) ? name : null;
  }
  if (["binary_expression", "boolean_operator", "binary_operator"].includes(kind)) {
    const operator = parent.children().find((child) => /^(\|\||\?\?|or)$/.test(child.text()));
    const left = parent.children().find((child) => child.isNamed());
    if (!operator || !left || left.id() === literal.id()) return null;
    return ENV_READ.exec(left.text())?.[1] ?? null;
  }
  return null;
}

interface Binding {
  /** The key, field, keyword or variable the literal is assigned to. */
  name: string;
  /** The literal user name or e-mail beside it in the same object, struct or call, if any. */
  userLiteral: string | null;
  /** The callee when the literal is a keyword argument or object passed to a call. */
  call: string | null;
  /** The struct type or variable the object literal belongs to. */
  container: string | null;
  /** Whether the object also names a host, port, database or URL: a connection's settings. */
  connection: boolean;
}

/** What name the literal is bound to, and what stands beside it. */
function bindingOf(literal: SgNode): Binding | null {
  const parent = unwrap(literal);
  if (!parent) return null;
  const kind = String(parent.kind());
  if (kind === "keyed_element" || kind === "pair" || kind === "keyword_argument") {
    // The literal must be the value: in `{"password": hash(x)}` the string is the key.
    const value =
      parent.field("value") ??
      parent
        .children()
        .filter((child) => child.isNamed())
        .at(-1);
    const inner =
      value?.kind() === "literal_element" ? value.children().find((child) => child.isNamed()) : value;
    if (inner?.id() !== literal.id()) return null;
    const name = keyOf(parent);
    if (!name) return null;
    // What stands beside the pair is read only for a password's key (judge stops at any other name): reading
    // every sibling for every value made a large table quadratic (Python's standard library: this rule was 2 GB
    // of native handles and 30% of the run).
    if (!isPasswordName(name))
      return { name, userLiteral: null, call: null, container: null, connection: false };
    const group = parent.parent();
    // A sample request in an API schema (`example: %{username: "admin", password: "…"}`) creates no account.
    if (group && insideApiDocExample(group)) return null;
    // A table of field types (`{USERNAME: 'string', PASSWORD: 'password', TIMEOUT: 'int'}`): `password` is the
    // kind of input a form or config descriptor shows for the key, and `string` beside it no user name.
    if (group && isFieldTypeTable(group)) return null;
    return {
      name,
      userLiteral: group ? userBeside(group, parent) : null,
      call: callOf(group),
      container: group ? containerOf(group) : null,
      connection: group ? hasConnectionKey(group) : false,
    };
  }
  const assigned = assignedName(parent, literal);
  return assigned
    ? { name: assigned, userLiteral: null, call: null, container: null, connection: false }
    : null;
}

/** Names of value types and form input kinds: what a descriptor table maps its keys to. */
const FIELD_TYPE =
  /^(str|string|text|textarea|int|integer|bool|boolean|float|double|decimal|number|dict|list|array|object|password|secret|email|url|uri|date|datetime|time|json|bytes|binary|uuid|file|select|checkbox|hidden|tel|any)$/i;

/** The value of a key/value pair (JS pair, Python dict pair or keyword argument, Go keyed element). */
function pairValue(pair: SgNode): SgNode | undefined {
  return (
    pair.field("value") ??
    pair
      .children()
      .filter((child) => child.isNamed())
      .at(-1)
  );
}

/** An object or dict of three or more pairs whose values are all literal type names (a config or form descriptor). */
function isFieldTypeTable(group: SgNode): boolean {
  let pairs = 0;
  for (const sibling of group.children()) {
    const kind = String(sibling.kind());
    if (kind !== "keyed_element" && kind !== "pair" && kind !== "keyword_argument") continue;
    const value = pairValue(sibling);
    const literal = value ? literalOf(value) : null;
    if (literal === null || !FIELD_TYPE.test(literal)) return false;
    pairs++;
  }
  return pairs >= 3;
}

/** The key of a pair / keyed element / keyword argument, unquoted. */
function keyOf(pair: SgNode): string | null {
  return pairKey(pair) || null;
}

/** The name on the left of an assignment, declaration or default parameter whose value is the literal. */
function assignedName(parent: SgNode, literal: SgNode): string | null {
  const kind = String(parent.kind());
  const value = parent.field("right") ?? parent.field("value");
  const onRight =
    value?.id() === literal.id() || (value?.kind() === "expression_list" && value.text() === literal.text());
  if (
    [
      "assignment",
      "assignment_expression",
      "variable_declarator",
      "assignment_pattern",
      "required_parameter",
      "optional_parameter",
      "default_parameter",
      "typed_default_parameter",
    ].includes(kind) &&
    onRight
  ) {
    const left = parent.field("left") ?? parent.field("name") ?? parent.field("pattern");
    return left?.text().replace(/^.*\./, "") ?? null;
  }
  if (
    kind === "short_var_declaration" ||
    kind === "assignment_statement" ||
    kind === "const_spec" ||
    kind === "var_spec"
  ) {
    const left = parent.field("left") ?? parent.field("name");
    const names =
      left
        ?.text()
        .split(",")
        .map((name) => name.trim()) ?? [];
    return names.length === 1 ? (names[0]?.replace(/^.*\./, "") ?? null) : null;
  }
  if (kind === "binary_operator" && parent.children().some((child) => child.text() === "=")) {
    const left = parent.children().find((child) => child.isNamed());
    return left && left.id() !== literal.id() ? left.text() : null;
  }
  return null;
}

/** A literal user name or e-mail given beside the password (`Name: "admin"`, `username="admin"`, first positional argument). */
function userBeside(group: SgNode, pair: SgNode): string | null {
  for (const sibling of group.children()) {
    if (sibling.id() === pair.id() || !sibling.isNamed()) continue;
    const kind = String(sibling.kind());
    if (kind === "keyed_element" || kind === "pair" || kind === "keyword_argument") {
      const key = keyOf(sibling);
      const value = pairValue(sibling);
      const literal = value ? literalOf(value) : null;
      if (
        key &&
        !(literal !== null && (isUrlPath(literal) || RATE_LIMIT.test(literal))) &&
        /^(user_?name|user|login|email|e_?mail|name|admin_?user|admin_?email|account)$/i.test(
          lastWords(key),
        ) &&
        literal
      )
        return literal;
    }
  }
  // `create_user("admin", password="admin")`: the first positional argument of a user-creation call.
  const first = group.children().find((child) => child.isNamed());
  if (
    (group.kind() === "argument_list" || group.kind() === "arguments") &&
    first &&
    USER_CREATION.test(callOf(group) ?? "")
  )
    return literalOf(first);
  return null;
}

function hasConnectionKey(group: SgNode): boolean {
  return group.children().some((sibling) => {
    const kind = String(sibling.kind());
    if (kind !== "keyed_element" && kind !== "pair" && kind !== "keyword_argument") return false;
    return CONNECTION_KEY.test(keyOf(sibling) ?? "");
  });
}

function literalOf(node: SgNode): string | null {
  const inner = node.kind() === "literal_element" ? node.children().find((child) => child.isNamed()) : node;
  if (!inner || !LITERAL_KINDS.includes(String(inner.kind()))) return null;
  const value = literalValue(inner);
  return value && value.trim() !== "" && !/\s/.test(value) ? value : null;
}

/** The callee of the call that this argument list (or an object literal inside it) belongs to. */
function callOf(group: SgNode | null): string | null {
  let node = group;
  for (let depth = 0; node && depth < 3; depth++, node = node.parent()) {
    const kind = String(node.kind());
    if (kind === "call" || kind === "call_expression")
      return node.field("function")?.text() ?? node.children()[0]?.text() ?? null;
  }
  return null;
}

/** The struct type (`DefaultUser{…}`) or variable (`default_admin = {…}`) an object literal belongs to. */
function containerOf(group: SgNode): string | null {
  const owner = group.parent();
  if (!owner) return null;
  if (owner.kind() === "composite_literal") return owner.field("type")?.text() ?? null;
  const assigned = owner.kind() === "variable_declarator" ? owner.field("name") : owner.field("left");
  return assigned?.text() ?? null;
}

/** Last word of an identifier (`adminPassword` → `Password`, `DB_PASS` → `PASS`). */
function lastWord(name: string): string {
  const words = name.split(/[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  return words.at(-1) ?? name;
}

/** Identifier folded to its last one or two words, for user-key matching (`admin_user`, `userName`). */
function lastWords(name: string): string {
  const words = name.split(/[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  return words
    .slice(-2)
    .join("_")
    .toLowerCase()
    .replace(/^.*_(user_?name|e_?mail)$/, "$1");
}

/** Whether an identifier names a password: its last word is password, passwd, pass, pwd or passphrase (or `DBPASS`). */
function isPasswordName(name: string): boolean {
  // `DBPASS`, `SMTPPASSWORD`: a short prefix glued to the word.
  return /^(db|admin|user|root|smtp|mail|email|redis|ldap|api|bind)?(password|passwd|pass|pwd|passphrase)$/i.test(
    lastWord(name),
  );
}

/**
 * Development configuration, seeds and scripts run by hand: documented local defaults. Migrations and management
 * commands are not among them: they run on every deployment (a `migrate` command that creates the first admin).
 */
function isDevPath(path: string): boolean {
  return (
    // A leading dot (`.scripts/`, `.tools/`) hides the same developer tooling from listings; it ships no more.
    /(^|\/)\.?(scripts?|bin|dev|hack|tools?|examples?|samples?|demo|docs?|benchmarks?|bench|seeds?|seeding|seed[-_][\w-]+|fixtures|lib\/mix\/tasks)\//.test(
      path,
    ) ||
    /(^|\/)[^/]*seeds?\.[a-z]+$|(^|\/)dev_[^/]*$|(^|\/)(dev|development|local)(\.[a-z]+)?\.(exs|py|ts|js|go)$|(^|\/)settings\/(dev|development|local)\w*\.py$/i.test(
      path,
    )
  );
}
