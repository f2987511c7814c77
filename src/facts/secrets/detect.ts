// Secret detection over text: known token formats plus entropy-checked generic assignments.
// Pure and synchronous, shared by the working-tree analyzer and the git-history scan.
// A secret's value is never kept: only a masked form (first 4 characters + length) and a short hash.
import { createHash } from "node:crypto";
import { isExamplePath, isTestPath } from "../../repo/path-kind.js";
import { lineCommentPrefixes } from "../../repo/line-counts.js";
import { languageFromPath } from "../../repo/language-of.js";
import { indexOutsideQuotes } from "../../util/index-outside-quotes.js";

export type SecretKind =
  | "aws-access-key-id"
  | "aws-secret-access-key"
  | "gcp-api-key"
  | "azure-storage-key"
  | "github-token"
  | "gitlab-token"
  | "slack-token"
  | "slack-webhook"
  | "stripe-key"
  | "twilio-api-key"
  | "sendgrid-api-key"
  | "private-key"
  | "jwt"
  | "connection-string-password"
  | "generic-assignment";

/** Where the file sits: decides how serious a secret in it is. */
export type SecretContext = "production-config" | "source" | "test" | "example";

export interface SecretHit {
  kind: SecretKind;
  line: number;
  /** First 4 characters, an ellipsis and the length: `ghp_… (40 chars)`. */
  masked: string;
  /** First 16 hex digits of the value's SHA-256: identifies the same secret across files and commits. */
  hash: string;
  /** The line with the value replaced by its masked form (at most 160 characters). */
  maskedLine: string;
  /** Name of the variable or key for generic assignments, else null. */
  name: string | null;
  /** Shannon entropy of the value, bits per character (2 decimals). */
  entropy: number;
  context: SecretContext;
  /** `certain` for formats with a fixed prefix/structure, `heuristic` for entropy-based assignments. */
  confidence: "certain" | "heuristic";
  /**
   * Why the value is public by design, when it is: a client-side key (PostHog project key, Stripe publishable
   * key) or a value in a variable the front-end build ships to browsers (VITE_, NEXT_PUBLIC_ …).
   */
  public?: string;
  /** The credential is for a service on this machine or a local network (`@localhost`, `@db:5432`): a development default. */
  local?: string;
  /** Why the key reaches only a provider's test environment (a Stripe `sk_test_` key moves no money), when it does. */
  testMode?: string;
  /**
   * The value is the fallback of an environment lookup (`env.str("DB_URL", "postgres://…")`,
   * `os.environ.get("X", …)`, `process.env.X ?? "…"`): deployments set the variable, the literal serves local runs.
   */
  envDefault?: boolean;
}

interface Pattern {
  kind: SecretKind;
  regex: RegExp;
  /** Index of the capture group holding the secret value (0 = the whole match). */
  group: number;
  /** Entropy below which a match is a placeholder (for formats with a free-form body). */
  minEntropy?: number;
}

// Known formats, as published by the issuers (and used by gitleaks/secretlint presets).
const PATTERNS: Pattern[] = [
  { kind: "aws-access-key-id", regex: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/g, group: 1, minEntropy: 3 },
  {
    kind: "aws-secret-access-key",
    regex: /aws_?secret_?access_?key["']?\s*[:=]>?\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    minEntropy: 3.5,
  },
  { kind: "gcp-api-key", regex: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, group: 1, minEntropy: 3 },
  {
    kind: "azure-storage-key",
    regex: /AccountKey=([A-Za-z0-9+/]{86}==)/g,
    group: 1,
    minEntropy: 3.5,
  },
  {
    kind: "github-token",
    regex: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})\b/g,
    group: 1,
    minEntropy: 3,
  },
  { kind: "gitlab-token", regex: /\b(glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g, group: 1, minEntropy: 3 },
  {
    kind: "slack-token",
    regex: /\b(xox[abposr]-[0-9A-Za-z]{10,}-[0-9A-Za-z-]{10,})\b/g,
    group: 1,
    minEntropy: 3,
  },
  {
    kind: "slack-webhook",
    regex: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/g,
    group: 1,
    minEntropy: 3,
  },
  { kind: "stripe-key", regex: /\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})\b/g, group: 1, minEntropy: 3 },
  { kind: "twilio-api-key", regex: /\b(SK[0-9a-f]{32})\b/g, group: 1, minEntropy: 3 },
  {
    kind: "sendgrid-api-key",
    regex: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    group: 1,
    minEntropy: 3,
  },
  {
    kind: "private-key",
    regex: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/g,
    group: 1,
  },
  {
    kind: "jwt",
    regex: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    group: 1,
  },
];

const CONNECTION_SCHEMES =
  "postgres|postgresql|mysql|mariadb|mongodb|mongodb\\+srv|redis|rediss|amqp|amqps|ecto|mssql|sqlserver|oracle|ftp|sftp|smtp|smtps|ldap|ldaps|nats|kafka|clickhouse";
const CONNECTION = new RegExp(
  `\\b(?:${CONNECTION_SCHEMES}):\\/\\/([^\\s:@/'"\`]+):([^\\s@/'"\`]+)@([^\\s/:'"\`]+)`,
  "gi",
);

// `name = "value"`, `name: "value"`, `name => "value"`, `"name": "value"`, `name := "value"`.
const SECRET_NAME =
  "[A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|salt|credential)[A-Za-z0-9_.-]*";
const QUOTED_ASSIGNMENT = new RegExp(
  `(?:^|[^A-Za-z0-9_.-])(${SECRET_NAME})["']?\\s*(?::=|=>|==|=|:)\\s*(?:[a-zA-Z]?)(["'\`])([^"'\`\\s]{8,200})\\2`,
  "gi",
);
// .env / ini / properties style: `API_TOKEN=value` at the start of a line, unquoted.
const BARE_ASSIGNMENT = new RegExp(
  `^\\s*(?:export\\s+)?(${SECRET_NAME})\\s*[=:]\\s*([^\\s"'#;]{8,200})\\s*$`,
  "i",
);

/** Files where `KEY=value` / `key: value` without quotes is a literal value (not code). */
const BARE_ASSIGNMENT_FILE =
  /(^|\/)\.env($|\.)|\.(env|ini|cfg|conf|properties|ya?ml|toml)$|(^|\/)(\.npmrc|\.pypirc|\.netrc)$/i;

/** Cheap test: does this text contain anything a pattern could match? */
export const SECRET_PREFILTER =
  /AKIA|ASIA|AIza|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com|_live_|_test_|SG\.|SK[0-9a-f]{32}|PRIVATE KEY|eyJ|:\/\/[^\s:@/]+:[^\s@/]+@|secret|token|passw|pwd|api.?key|access.?key|salt|credential|AccountKey/i;

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "mix.lock",
  "go.sum",
  "cargo.lock",
  "poetry.lock",
  "pipfile.lock",
  "uv.lock",
  "composer.lock",
  "gemfile.lock",
]);

/** Files never scanned: lockfiles (integrity hashes) and this tool's own SARIF/JSON outputs. */
export function isSecretScanExcluded(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return LOCKFILES.has(base) || base.endsWith(".sarif") || base.endsWith(".min.js");
}

const PRODUCTION_CONFIG = [
  /(^|\/)config\/(prod|production|runtime|releases?)\.exs$/,
  /(^|\/)\.env\.(prod|production|live)$/,
  /(^|\/)[^/]*\.(prod|production)\.(ya?ml|json|toml|ini|env|conf|properties|exs|py|js|ts)$/,
  /(^|\/)(prod|production)[^/]*\.(ya?ml|json|toml|ini|env|conf|properties|cfg)$/,
  /(^|\/)settings\/(prod|production)\.py$/,
  /(^|\/)(k8s|kubernetes|helm|deploy|deployment|manifests|charts)\/[^ ]*\.(ya?ml|json)$/,
  /(^|\/)(docker-compose|compose)(\.[a-z]+)?\.ya?ml$/,
  /(^|\/)\.env$/,
];

// Development and test configuration: credentials there are local defaults, not production secrets.
const DEV_CONFIG = [
  /(^|\/)config\/(dev|test|development|local)\.exs$/,
  /(^|\/)\.env\.(dev|development|test|local|ci)$/,
  /(^|\/)[^/]*[._-](dev|development|test|local)\.(ya?ml|json|toml|ini|env|conf|properties|exs|py|js|ts)$/,
  /(^|\/)settings\/(dev|development|test|local)\.py$/,
  // CI configuration: literal keys there are for the CI's throwaway services.
  /(^|\/)\.(?:github|depot)\/workflows\/|(^|\/)\.gitlab-ci\.ya?ml$|(^|\/)\.circleci\/|(^|\/)\.drone\.ya?ml$/,
  // Seed data (`seeds.exs`, a `user.seeder.ts`, the `samples.go` that inserts a demo install's records), and test
  // doubles named for what they are (a connector's `mock.ts` beside its unit tests).
  /(^|\/)(seeds?|seeders?|samples?|fixtures?|mocks?|stubs?)\.(exs|py|rb|go|[cm]?[jt]sx?|sql)$|(^|\/)[^/]+[._-]seeders?\.[cm]?[jt]sx?$|(^|\/)priv\/repo\/seeds/,
  // A script named for seeding (`seeds_load.py`, `seed-demo.ts`) fills a local or end-to-end database with fixtures.
  /(^|\/)(seeds?|seeders?)[_-][^/]*\.(exs|py|rb|go|[cm]?[jt]sx?|sql)$/,
  // Folders of CI, test doubles, browser tests, seed data, local development and benchmarks.
  /(^|\/)(\.?ci|__stubs__|__mocks__|mocks?|stubs?|playwright|cypress|seeds?|seeders?|dev|bench|benchmarks?|regtest|e2e)\//i,
  // Test packages of a monorepo: integration-tests/, api-tests/; local test environments (test-environments/oidc/).
  /(^|\/)[\w-]+-tests?\//i,
  /(^|\/)tests?[-_]?env(?:ironments?|s)?\//i,
  // Folders of files for tests (a migration test's database dump under migration/test-files/).
  /(^|\/)tests?[-_]?(?:files|data|assets)\//i,
  // Fixture folders named for what they serve (container_fixtures/, e2e-fixtures/) and test helpers (test-utils/).
  /(^|\/)[\w-]*[_-]fixtures?\/|(^|\/)test[-_]?(?:utils?|helpers?|support)\//i,
  // Files named for tests, mocks, benchmarks or local runs: compose.tests.yml, kind-testing-values.yaml, .env.mock, config/bench.exs.
  /(^|\/)[^/]*([._-](tests?|testing|mock|mocks|stub|bench|e2e|ci)([._-][^/]*)?\.[a-z0-9]+|[._-]testing[._-][^/]*)$/i,
  /(^|\/)\.env\.(mock|bench|e2e|testing|tests)$/i,
  // Folders named for development (https-dev-config/, dev-certs/, local-dev/) and keys of localhost certificates.
  /(^|\/)([^/]*[._-])?(dev|development)([._-][^/]*)?\//i,
  /(^|\/)localhost[^/]*\.(key|pem)$/i,
  /(^|\/)config\/(bench|ci|e2e)\.exs$/,
];

// Storybook stories (`Button.stories.tsx`) render components with sample props: documentation of the UI. A folder
// named for docs (`docs/`, `api-docs/`, `api.docs/`: an API client's request collection) holds sample values.
const EXAMPLE_FILE =
  /(^|\/)[^/]*[._-](example|sample|template|dist|tmpl|defaults?)(\.[a-z0-9]+)?$|(^|\/)(examples?|samples?)[._-][^/]*\.(cfg|conf|ini|ya?ml|toml|json|env|properties|xml)$|\.(md|mdx|rst|txt|adoc)$|(^|\/)[\w.-]*docs\/|(^|\/)(docusaurus|vitepress|mkdocs)\.config\.[a-z]+$|\.stories?\.([cm]?[jt]sx?|mdx|svelte|vue)$/i;

/** Production configuration: prod/runtime config, `.env` and `.env.production`, k8s/helm/compose manifests. */
export function isProductionConfigPath(path: string): boolean {
  return PRODUCTION_CONFIG.some((pattern) => pattern.test(path));
}

// Translation tables: their values are UI text (`password: 'Palavra-passe:'`), never credentials.
const TRANSLATION_TREE = /(^|\/)(locales?|i18n|l10n|translations?)\//i;

/** How serious a secret in this path is. */
export function secretContext(path: string, isTest = isTestPath(path)): SecretContext {
  if (EXAMPLE_FILE.test(path) || isExamplePath(path) || TRANSLATION_TREE.test(path)) return "example";
  if (isTest || DEV_CONFIG.some((pattern) => pattern.test(path))) return "test";
  if (PRODUCTION_CONFIG.some((pattern) => pattern.test(path))) return "production-config";
  return "source";
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export function maskSecret(value: string): string {
  return `${value.slice(0, 4)}… (${value.length} chars)`;
}

export function hashSecret(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}

const PLACEHOLDER_WORDS =
  /change.?me|changeit|^some[_-]?|replace.?me|placeholder|example|sample|dummy|fake|redacted|your[_-]?|my[_-]?(secret|token|password|key)|insert|todo|fixme|xxxx|\*\*\*|\.\.\.|not.?a.?real|notsecret|not[_-]?for[_-]?prod|dev[_-]?only[_-]|not[_-]?set|secret[_-]?here|token[_-]?here|key[_-]?here|test[_-]?(secret|token|key|password)|^(password|passwd|secret|token|postgres|root|admin|guest|user|pass|test|dev|development|default|none|null|nil|undefined|true|false)$/i;

/** Obvious non-secrets: placeholders, interpolations, env lookups, repeated or sequential characters. */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (
    /^<.*>$|^\[[A-Za-z][\w -]*\]$|^\{\{.*\}\}$|\$\{|\$\(|^\$[A-Z_]|#\{|%\(|%[sd]|^%[A-Z_]+%$|^\{[A-Za-z_][\w.]*\}$/.test(
      value,
    )
  )
    return true;
  // A shell or make variable reference standing for the whole value: `$PASS`, `$$PASS` (make's escaped `$`),
  // `${pass}`, `$db_password`.
  if (/^\$+\{?[A-Za-z_]\w*\}?$/.test(value)) return true;
  if (/^(.)\1+$/.test(value)) return true;
  if (/^(0123456789|123456789|abcdefgh|qwerty)/i.test(value)) return true;
  // Env and config lookups written as strings: `env:SECRET`, `ENV['X']`, `process.env.X`.
  if (/^(env|ENV|process\.env|os\.environ|System\.get_env|vault|ssm|secretsmanager|arn):/.test(value))
    return true;
  return false;
}

/**
 * A value that spells its own key's name: the name in another case (`Aria2Secret = "aria2_secret"`,
 * `SECRET_KEY = "SECRET_KEY"` in a class of config key names, `SECRET = "secret"` in an enum). That is the key of a
 * setting or a member's label, not a secret. With `withWords`, also the name followed by a few more letters as words
 * (`TOKENWIZARD2ND = "tokenwizard_2nd_token"`, a policy action's name): a generated value does not begin with the
 * name it is stored under and go on in plain words.
 */
export function spellsItsName(value: string, name: string, withWords = false): boolean {
  const letters = (text: string): string => text.replace(/[^a-z0-9]/gi, "").toLowerCase();
  const own = letters(name.slice(name.lastIndexOf(".") + 1));
  const spelled = letters(value);
  if (own === "" || spelled === "") return false;
  if (spelled === own) return true;
  return (
    withWords &&
    own.length >= 6 &&
    spelled.startsWith(own) &&
    /^[a-z]{1,12}$/.test(spelled.slice(own.length)) &&
    /^[a-z0-9]+([_.:-][a-z0-9]+)+$/i.test(value)
  );
}

/** The secret words of SECRET_NAME, alone: what makes a name a credential's. */
const SECRET_WORD =
  /secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|salt|credential/i;

/**
 * A value that names where a credential is kept, under a name that says so (`Web3AuthTokenKey = "web3AuthToken"`, a
 * session or storage key), or that ends in its own name after a namespace (`ctxCredentials =
 * "…/gokrb5/v8/ctxCredentials"`): the key, not the secret.
 */
export function namesItsKey(value: string, name: string): boolean {
  const letters = (text: string): string => text.replace(/[^a-z0-9]/gi, "").toLowerCase();
  const own = letters(name.slice(name.lastIndexOf(".") + 1));
  const spelled = letters(value);
  if (own.length < 4 || spelled === "") return false;
  if (/key$/.test(own) && own.length > 3 && spelled === own.slice(0, -3)) return true;
  const last = value.split(/[/.:#]/).pop() ?? "";
  return last !== value && letters(last) === own;
}

/** Stored password hashes: Django/passlib `pbkdf2_sha256$…`, modular crypt `$2b$…`, `$argon2id$…`, `$6$…`. */
const PASSWORD_HASH =
  /^(?:(?:pbkdf2_sha\d+|bcrypt(?:_sha256)?|argon2|scrypt|sha[1-9]\d*_crypt)\$|\$(?:2[abxy]?|argon2(?:id|i|d)|pbkdf2(?:-sha\d+)?|scrypt|[156])\$)/;

/** A generic assignment's value reads like a secret: long enough, mixed, high entropy, not an identifier. */
function looksLikeGenericSecret(value: string, name: string): boolean {
  if (value.length < 8 || isPlaceholder(value)) return false;
  // Secrets are printable ASCII; translated labels and prose are not. 0x… are addresses and digests.
  if (!/^[\x21-\x7e]+$/.test(value) || /^0x[0-9a-fA-F]+$/.test(value)) return false;
  // UUIDs are identifiers; `{…}` is interpolation (f-strings, templates); relative file paths are not values.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) || /[{}]/.test(value))
    return false;
  if (/^[\w.-]*(\/[\w.-]+)+\.[a-z]{1,5}$/i.test(value)) return false;
  // Dates, regular expressions and expressions (brackets, backslashes) are not credentials.
  if (/^\d{4}-\d\d-\d\d/.test(value) || /[[\]()\\]/.test(value)) return false;
  // Salts (Phoenix signing/encryption salts) are not secret: the key is derived from the secret key base and the
  // salt, and the salt is committed by design.
  if (/salt/i.test(name)) return false;
  // Paths, URLs, file names, dotted identifiers, and words joined by separators are not secrets.
  if (/^(https?:|file:|\/|\.\/|~\/)/.test(value) || /\.(pem|key|crt|json|txt|ya?ml|env|p12)$/i.test(value))
    return false;
  // Leading or trailing underscores included: `_app_new_refresh_token` names a session key, it is not one.
  // `target=calibreweb-watch_files`: a label of words joined by `=` is a name too, whatever its character entropy.
  // A namespace prefix (`answer:user-token:mapping:`) ends in its separator.
  if (/^_*[a-z]+([_.:/=-][a-z]+)*[_:.-]*$/i.test(value)) return false;
  // Words and a short number (`my-cool-api-key-123`, `text-embedding-ada-002`) are a label someone typed or a model
  // name, not generated key material.
  if (/^[a-z]+([_-][a-z]+){2,}[_-]\d{1,4}$/i.test(value)) return false;
  // A password hash (Django `pbkdf2_sha256$…`, bcrypt `$2b$…`, argon2 `$argon2id$…`, crypt `$6$…`) is what a
  // site stores instead of the password: a fixture user's hash reveals no credential.
  if (PASSWORD_HASH.test(value)) return false;
  // Constants whose value is their own name or an identifier (`MAILER_CLIENT_SECRET = "MAILER_CLIENT_SECRET"`, error codes).
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value) || value.toLowerCase() === name.toLowerCase()) return false;
  if (spellsItsName(value, name, true)) return false;
  if (namesItsKey(value, name)) return false;
  // A host and path with no scheme (`github.com/jcmturner/gokrb5/v8/ctxCredentials`, a Go import path used as a
  // context key) is an address or a namespace, not key material.
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}\/[\w.\/-]+$/i.test(value)) return false;
  // A member of a secret-named object whose own name says nothing secret (`U2FToken.vendor == 'u2fzero'`,
  // `token.kind`): the value describes that thing, it is not its credential.
  const member = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : null;
  if (
    member !== null &&
    member !== "" &&
    !SECRET_WORD.test(member) &&
    !/^(value|val|key|data)$/i.test(member)
  )
    return false;
  if (/^[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)+$/.test(value)) return false;
  // Names of headers, form fields and settings ("token_type", "password_confirmation") are not values, nor are
  // names where the secret word qualifies another thing: a tokenizer's model, where a token is looked up
  // (`TokenLookup`), the cache key of a token mapping.
  if (
    /type|field|name|header|prefix|url|uri|path|file|length|expir|policy|param|min|max|count|label|title|tooltip|text|message|msg|description|placeholder|hint|address|changeset|strength|script|function|hash$|tokeniz/i.test(
      name,
    ) ||
    /(?:secret|token|passw(?:or)?d|key)[\w.-]*?(?:model|lookup|mapping|cache_?key)$/i.test(name) ||
    // The id of a stored credential (`"credentialsId": "clvq…"` in a template, `tokenId`): a reference to a row, not
    // the secret. A Vault AppRole `secret_id` is a secret and stays.
    /(?:credentials?|token|key)[_-]?ids?$/i.test(name) ||
    // A setting about the credential, not the credential: `API_KEY_RATE_LIMIT=60/minute`, `TOKEN_TTL`.
    /(?:^|[_.-])(?:rate|limit|ttl|timeout|interval)(?:[_.-]|$)/i.test(name)
  )
    return false;
  const classes =
    Number(/[a-z]/.test(value)) +
    Number(/[A-Z]/.test(value)) +
    Number(/[0-9]/.test(value)) +
    Number(/[^A-Za-z0-9]/.test(value));
  const entropy = shannonEntropy(value);
  if (value.length >= 16) return classes >= 2 && entropy >= 3.5;
  return classes >= 3 && entropy >= 3;
}

// Keys meant to be embedded in clients: PostHog project keys, Stripe publishable keys.
const PUBLIC_KEY_FORMATS: Array<{ re: RegExp; why: string }> = [
  { re: /^phc_[A-Za-z0-9]{30,}$/, why: "a PostHog project key, embedded in clients by design" },
  { re: /^pk_(live|test)_[0-9A-Za-z]{20,}$/, why: "a Stripe publishable key, embedded in clients by design" },
];
// Variables the front-end build inlines into the JavaScript it ships to browsers.
const CLIENT_BUNDLED =
  /\b(VITE|NEXT_PUBLIC|REACT_APP|NUXT_PUBLIC|EXPO_PUBLIC|VUE_APP|GATSBY|PUBLIC|SVELTEKIT_PUBLIC)_[A-Z0-9_]*\s*[=:]/;
// Names that say the key is public (Algolia search-only keys, reCAPTCHA site keys, publishable keys).
const PUBLIC_NAME = /public|publishable|search[_-]?only|site[_-]?key|client[_-]?id/i;

/**
 * The workspace's Nx Cloud token in nx.json (`nxCloudAccessToken`, or `accessToken` of the Nx Cloud task runner):
 * `nx connect` writes it there for everyone who builds the workspace; it opens the remote build cache, not the
 * application's data.
 */
const NX_CLOUD_TOKEN = /^(nxCloudAccessToken|accessToken)$/;

/** Firebase's client config files for Android and iOS apps, generated by the Firebase console and built into the app. */
const FIREBASE_CLIENT_CONFIG = /(^|\/)(google-services\.json|GoogleService-Info\.plist)$/;

/**
 * Keys a service publishes itself in every page of its own web and app clients (YouTube's innertube client keys),
 * by the SHA-256 prefix of the value: a project that calls the service the way its own pages do carries the same
 * key, and anyone who opens the site has it.
 */
const PUBLISHED_CLIENT_KEYS = new Map<string, string>([
  ["31043aae8be22df7", "YouTube's web client (innertube) key, published in every youtube.com page"],
  ["01b6940ca3815a06", "YouTube's Android client (innertube) key, published in the app"],
  ["961991da3ab8c4db", "YouTube's iOS client (innertube) key, published in the app"],
  [
    "fc5fe3f49674c80d",
    "YouTube Music's web client (innertube) key, published in every music.youtube.com page",
  ],
]);

/**
 * Comments beside a value saying it is a site's own public client key: taken from that site's pages or front-end
 * (`Fallback API key … when it fails to extract one from the website`), or public outright.
 */
const PUBLIC_KEY_CONTEXT =
  /\b(?:extract|scrap)\w*\b[^\n]{0,80}\b(?:web ?site|web ?page|home ?page|front-?end|page source|html|javascript bundle)\b|\bpublic(?:ly)?\s+(?:available|known|documented|published)\b|\bembedded in (?:every|each|the) (?:web ?)?page\b/i;

/** The comment and docstring text within a few lines of `index` (code lines are left out). */
function nearbyCommentText(lines: readonly string[], index: number): string {
  const out: string[] = [];
  let inDocstring = false;
  for (let i = Math.max(0, index - 2); i <= Math.min(lines.length - 1, index + 3); i++) {
    const text = (lines[i] ?? "").trim();
    const quotes = (text.match(/"""|'''/g) ?? []).length;
    if (i !== index && (inDocstring || quotes > 0 || /^(#|\/\/|\/?\*|--|%)/.test(text))) out.push(text);
    if (quotes % 2 === 1) inDocstring = !inDocstring;
  }
  return out.join(" ");
}

function publicReason(
  value: string,
  lineText: string,
  name: string | null,
  path = "",
  around = "",
): string | undefined {
  if (name && NX_CLOUD_TOKEN.test(name) && /(^|\/)nx\.json$/.test(path))
    return "an Nx Cloud token in nx.json, committed for everyone who builds the workspace: it opens the build cache, not the application's data (keep it read-only)";
  if (FIREBASE_CLIENT_CONFIG.test(path) && value.startsWith("AIza"))
    return "the Firebase API key of the app's own Firebase config file, which every build of the app ships to its users: it identifies the Firebase project, and access is decided by the project's security rules and API key restrictions";
  const published = PUBLISHED_CLIENT_KEYS.get(hashSecret(value));
  if (published) return published;
  const format = PUBLIC_KEY_FORMATS.find((f) => f.re.test(value));
  if (format) return format.why;
  if (around !== "" && PUBLIC_KEY_CONTEXT.test(around))
    return "the comment beside it says it is a public client key of the site it calls, taken from its pages";
  if (isAnonymousRoleJwt(value)) return "a JWT for the anonymous role, handed to clients by design";
  const bundled = CLIENT_BUNDLED.exec(lineText);
  if (bundled && lineText.indexOf(value) > bundled.index)
    return `in ${bundled[0].replace(/\s*[=:]$/, "")}, which the front-end build ships to browsers`;
  if (name && PUBLIC_NAME.test(name)) return `named \`${name}\`: a key meant to be public`;
  return undefined;
}

/**
 * A JWT whose payload claims `"role": "anon"`: the anonymous key of a PostgREST/Supabase-style API, which every
 * browser client carries; it grants only what row-level policies allow the public.
 */
function isAnonymousRoleJwt(value: string): boolean {
  const payload = value.split(".")[1];
  if (!value.startsWith("eyJ") || !payload) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return typeof claims === "object" && claims !== null && (claims as { role?: unknown }).role === "anon";
  } catch {
    // Not JSON: an opaque token that only looks like a JWT; judged like any other.
    return false;
  }
}

/** Host of a connection string on this machine or a local network: loopback, Docker's host, or a one-label service name. */
function localHost(host: string): string | undefined {
  const bare = host.replace(/:\d+$/, "").toLowerCase();
  if (/^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/.test(bare))
    return `host ${bare} is this machine`;
  if (/^[a-z][a-z0-9_-]*$/.test(bare)) return `host ${bare} is a local service name (compose, Kubernetes)`;
  return undefined;
}

function maskLine(line: string, value: string): string {
  const masked = line.split(value).join(maskSecret(value)).trim();
  return masked.length > 160 ? `${masked.slice(0, 157)}...` : masked;
}

/** The raw value behind each hit, kept only in this module (for `maskSecretsInText`), never in the hit. */
const rawValues = new WeakMap<SecretHit, string>();

function hit(
  kind: SecretKind,
  value: string,
  lineText: string,
  line: number,
  context: SecretContext,
  name: string | null,
  confidence: "certain" | "heuristic",
  extra?: { public?: string | undefined; local?: string | undefined },
): SecretHit {
  const found: SecretHit = {
    kind,
    line,
    masked: maskSecret(value),
    hash: hashSecret(value),
    maskedLine: maskLine(lineText, value),
    name,
    entropy: Math.round(shannonEntropy(value) * 100) / 100,
    context,
    confidence,
    ...(extra?.public ? { public: extra.public } : {}),
    ...(extra?.local ? { local: extra.local } : {}),
  };
  rawValues.set(found, value);
  return found;
}

const MAX_LINE = 4000;

/**
 * Where a line's trailing comment begins: the first `#` or `//` (those the file's language uses) outside a quoted
 * string, after code and whitespace; null when the line has none (a whole-line comment is not trailing).
 */
export function trailingCommentStart(text: string, markers: readonly string[]): number | null {
  if (markers.length === 0) return null;
  const at = indexOutsideQuotes(
    text,
    (i) => markers.some((m) => text.startsWith(m, i)) && i > 0 && /\s/.test(text[i - 1] ?? ""),
  );
  return at === -1 || text.slice(0, at).trim() === "" ? null : at;
}

/** Secrets in one file's lines. `firstLine` numbers the lines (for diff hunks). */
export function detectSecrets(
  lines: readonly string[],
  path: string,
  options: { isTest?: boolean; lineNumbers?: readonly number[]; bareAssignments?: boolean } = {},
): SecretHit[] {
  const context = secretContext(path, options.isTest ?? isTestPath(path));
  const found: SecretHit[] = [];
  const localPasswords = new Map<string, string>();
  const bareAssignments = options.bareAssignments ?? BARE_ASSIGNMENT_FILE.test(path);
  const language = languageFromPath(path);
  const commentMarkers = language ? lineCommentPrefixes(language).filter((p) => p === "#" || p === "//") : [];
  const blockComments = commentMarkers.includes("//") ? blockCommentLines(lines) : null;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    if (text.length > MAX_LINE || !SECRET_PREFILTER.test(text)) continue;
    const line = options.lineNumbers?.[index] ?? index + 1;
    const seen = new Set<string>();
    const add = (h: SecretHit): void => {
      if (seen.has(h.hash)) return;
      seen.add(h.hash);
      found.push(h);
    };
    for (const pattern of PATTERNS) {
      pattern.regex.lastIndex = 0;
      for (const match of text.matchAll(pattern.regex)) {
        const value = match[pattern.group] ?? match[0];
        if (pattern.minEntropy !== undefined && shannonEntropy(value) < pattern.minEntropy) continue;
        if (pattern.kind !== "private-key" && isPlaceholder(value.replace(/^[a-z]+_(live|test)_/, "")))
          continue;
        if (pattern.kind === "private-key" && !privateKeyHasBody(lines, index)) continue;
        // Sample tokens in doc comments (API docs, JSDoc/Swagger) and API schema examples are documentation.
        const inComment =
          (pattern.kind === "jwt" && /^\s*(\*|\/\/|#|--|%)/.test(text)) || isExampleLine(lines, index);
        const h = hit(pattern.kind, value, text, line, inComment ? "example" : context, null, "certain", {
          public:
            pattern.kind === "private-key"
              ? undefined
              : publicReason(value, text, null, path, nearbyCommentText(lines, index)),
        });
        // Stripe test-mode keys reach only the test environment: no charge, payout or customer record is real.
        if (pattern.kind === "stripe-key" && /^[sr]k_test_/.test(value))
          h.testMode = "a Stripe test-mode key: it reaches only Stripe's test environment and moves no money";
        // A PEM header is not secret itself: show it, hash the body's first line.
        if (pattern.kind === "private-key") {
          h.maskedLine = value;
          h.masked = "PEM private key";
          h.hash = hashSecret((lines[index + 1] ?? text).trim());
        }
        add(h);
      }
    }
    for (const match of text.matchAll(CONNECTION)) {
      const password = match[2] ?? "";
      if (isPlaceholder(password) || password === match[1] || password.length < 4) continue;
      // A URL's grammar written out (`redis://[[username][:password]@][host]`): square brackets, which RFC 3986 keeps
      // out of a URL's user information, mark optional parts of a format, not a credential.
      if (/[[\]]/.test(`${match[1] ?? ""}${password}`)) continue;
      const local = localHost(match[3] ?? "");
      if (local) localPasswords.set(hashSecret(password), local);
      const h = hit("connection-string-password", password, text, line, context, null, "certain", { local });
      if (isEnvLookupDefault(lines, index, match.index)) h.envDefault = true;
      add(h);
    }
    const assignments: Array<{ name: string; value: string }> = [];
    // Prose in a trailing comment (`REDIS_URL = "redis://host"  # or with a password: "redis://:pw@host"`) is
    // not an assignment of the code: a secret-named word there describes an example, it sets nothing.
    const comment = trailingCommentStart(text, commentMarkers);
    // A JSON key inside a block comment (`/* {"access_token": "d30b…"} */`) quotes a sample response of the API
    // the code calls: documentation. Commented-out code assigns to names, not to quoted keys, and is still read.
    const inBlockComment = blockComments?.has(index) ?? false;
    let sampleResponse = false;
    for (const match of text.matchAll(QUOTED_ASSIGNMENT)) {
      if (comment !== null && (match.index ?? 0) >= comment) continue;
      const keyAt = (match.index ?? 0) + match[0].indexOf(match[1] ?? "");
      if (inBlockComment && /["']/.test(text[keyAt - 1] ?? "")) sampleResponse = true;
      assignments.push({ name: match[1] ?? "", value: match[3] ?? "" });
    }
    const bare = bareAssignments ? BARE_ASSIGNMENT.exec(text) : null;
    if (bare && !/[(){}[\]$%&<>|]/.test(bare[2] ?? ""))
      assignments.push({ name: bare[1] ?? "", value: bare[2] ?? "" });
    const inExample = sampleResponse || isExampleLine(lines, index);
    for (const { name, value } of assignments) {
      if (found.some((h) => h.line === line && h.maskedLine.includes(maskSecret(value)))) continue;
      if (!looksLikeGenericSecret(value, name)) continue;
      const app = CLIENT_CREDENTIAL_NAME.test(name) ? nativeAppPackage(lines, index, name) : undefined;
      add(
        hit("generic-assignment", value, text, line, inExample ? "example" : context, name, "heuristic", {
          public: app
            ? `the OAuth client credential of the app \`${app}\`, which this code presents itself as (its package name is declared beside it): a native app's client secret ships in every install of that app and identifies the app, not an account (RFC 8252); rotate it only if the app is this project's`
            : publicReason(value, text, name, path, nearbyCommentText(lines, index)),
        }),
      );
    }
  }
  // The same password as a connection string's to a local host is that local database's password.
  for (const h of found)
    if (!h.local && h.kind === "generic-assignment" && localPasswords.has(h.hash))
      h.local = localPasswords.get(h.hash);
  return found;
}

/** Names of an application's client credentials: `ClientSecret`, `client_id`, `AppSecret`, `AndroidClientSecret`. */
const CLIENT_CREDENTIAL_NAME = /(?:client|app)[_-]?(?:secret|id|key)/i;
// A literal naming an installed app's package (`PackageName: "com.xunlei.downloadprovider"`, `bundle_id = "…"`):
// a reverse-domain or domain identifier.
const APP_PACKAGE =
  /\b(\w*?)(?:package[_-]?name|bundle[_-]?id(?:entifier)?|app[_-]?package)["']?\s*(?::=|[:=])\s*["'`]([a-z][\w-]*(?:\.[a-z0-9][\w-]*)+)["'`]/i;
// Where a declaration block (a const group, a struct or object literal) ends or another begins.
const BLOCK_EDGE = /^\s*$|^\s*[)}\]]+[,;)]*\s*$|^\s*(?:const|var|let|func|def|type|class|export|import)\b/;
/** How far from a client credential its app's package name may be declared, in lines of the same block. */
const APP_BLOCK_REACH = 8;

/**
 * The package name of the installed app whose client credentials line `index` declares: a client id or secret in
 * the same declaration block as the app's package name (`AndroidClientSecret` beside `AndroidPackageName =
 * "com.pikcloud.pikpak"`). Code that calls a provider's API as the provider's own Android/desktop app carries that
 * app's OAuth client, which every install of the app embeds (a public client, RFC 8252).
 */
function nativeAppPackage(lines: readonly string[], index: number, name: string): string | undefined {
  // Several apps' clients in one block (`AndroidClientSecret`, `WebClientSecret`): the package of the same prefix.
  const prefix = name.replace(/(?:client|app)[_-]?(?:secret|id|key).*$/i, "").toLowerCase();
  let nearest: { app: string; distance: number } | undefined;
  for (const step of [1, -1]) {
    for (let i = index + step; Math.abs(i - index) <= APP_BLOCK_REACH; i += step) {
      const text = lines[i];
      if (text === undefined || BLOCK_EDGE.test(text)) break;
      const match = APP_PACKAGE.exec(text);
      if (!match?.[2]) continue;
      if (prefix !== "" && (match[1] ?? "").toLowerCase() === prefix) return match[2];
      const distance = Math.abs(i - index);
      if (!nearest || distance < nearest.distance) nearest = { app: match[2], distance };
    }
  }
  return nearest?.app;
}

/**
 * Lines inside a `/* … *\/` comment of a C-like language: the lines after one opens (at the start of a line or
 * after whitespace, with no quote before it on that line) up to the line that closes it.
 */
function blockCommentLines(lines: readonly string[]): Set<number> {
  const inside = new Set<number>();
  let open = false;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    if (open) {
      inside.add(index);
      if (text.includes("*/")) open = false;
      continue;
    }
    const start = /(?:^|\s)\/\*/.exec(text);
    if (!start || /["'`]/.test(text.slice(0, start.index))) continue;
    const after = text.slice(start.index + start[0].length);
    if (after.includes("*/")) continue;
    open = true;
  }
  return inside;
}

/**
 * Text that ends where an environment lookup's fallback argument begins: `env.str("X", `, `os.getenv("X", `,
 * `config("X", default=`, `System.get_env("X", `, `ENV.fetch("X", `, `process.env.X ?? ` (with the opening quote).
 */
const ENV_LOOKUP_FALLBACK =
  /(?:\b(?:os\.environ\.get|environ\.get|os\.getenv|getenv|Getenv\w*|env(?:\.(?:str|get|url|db_url|db|cache_url))?|config|System\.get_env|ENV\.fetch|getEnv\w*|envOr\w*)\s*\(\s*["'][\w.-]+["']\s*,\s*(?:default\s*=\s*)?|process\.env(?:\.\w+|\[["']\w+["']\])\s*(?:\?\?|\|\|)\s*)["'`]?$/;

/** Whether the value starting at `column` of line `index` is the fallback of an environment lookup (two lines back). */
function isEnvLookupDefault(lines: readonly string[], index: number, column: number): boolean {
  const before = [lines[index - 2] ?? "", lines[index - 1] ?? "", (lines[index] ?? "").slice(0, column)]
    .map((part) => part.trim())
    .join(" ");
  return ENV_LOOKUP_FALLBACK.test(before);
}

/**
 * A line that gives an example value in an API schema or docs: `example: "…"` on the line or the one before, or a
 * line inside the map or list an `example:`/`examples:` key opens (`example: %{refresh_token: "eyJ…"}` over several
 * lines), found by walking up through the lines indented less than it.
 */
function isExampleLine(lines: readonly string[], index: number): boolean {
  const re = /\bexamples?["']?\s*[:=]|@example\b/i;
  if (re.test(lines[index] ?? "") || /\bexamples?["']?\s*[:=]\s*$/i.test(lines[index - 1] ?? "")) return true;
  let indent = indentOf(lines[index] ?? "");
  for (let i = index - 1; i >= Math.max(0, index - EXAMPLE_REACH) && indent > 0; i--) {
    const text = lines[i] ?? "";
    if (text.trim() === "" || indentOf(text) >= indent) continue;
    indent = indentOf(text);
    if (EXAMPLE_OPENER.test(text)) return true;
    if (SCOPE_OPENER.test(text)) return false;
  }
  return false;
}

/** How many lines above a value its `example:` opener may stand (a sample request of a few dozen fields). */
const EXAMPLE_REACH = 40;
// A key that opens a map or list of sample values: `example: %{`, `"examples": [`, `json_schema_extra={`, and an
// email template's preview props (`WelcomeEmail.PreviewProps = {`: react-email renders the template with them in
// its preview server only).
const EXAMPLE_OPENER =
  /(?:^|[\s{,(])["']?(?:examples?|json_schema_extra|openapi_examples)["']?\s*(?:[:=]|=>)\s*(?:%?\{|\[|$)|^\s*(?:export\s+)?[\w$]+\.PreviewProps\s*=\s*\{/i;
// A function, module or class: no example map encloses code beyond it.
const SCOPE_OPENER = /^\s*(?:def|defp|defmodule|class|func|function|export\s|async\s+function)\b/;

function indentOf(text: string): number {
  return /^\s*/.exec(text)?.[0].length ?? 0;
}

/** A PEM header followed by base64 body lines (not `...` or a placeholder). */
function privateKeyHasBody(lines: readonly string[], index: number): boolean {
  const header = lines[index] ?? "";
  const after = header.slice(header.indexOf("PRIVATE KEY") + 16);
  // A whole key on one line (`'-----BEGIN …-----\n[key]\n-----END …-----'`): its body is what lies between the markers.
  const end = after.indexOf("-----END");
  const following: string[] = [];
  for (let at = index + 1; at <= index + 4 && at < lines.length && following.length < 2; at++) {
    const next = lines[at] ?? "";
    if (next.includes("-----END")) break;
    // A body line is one run of base64, perhaps quoted or concatenated (`"MIIE…\n" +`). Words separated by spaces
    // are code or prose after a header that is only a string compared against (`strings.HasPrefix(k, "-----BEGIN
    // RSA PRIVATE KEY-----") {` then `// already PEM`, `return k`): taken together they looked like base64. They are
    // skipped, as are an encrypted key's `Proc-Type:` and `DEK-Info:` lines, and the next two body lines read.
    const token = next
      .replace(/\\n/g, "")
      .replace(/["'`,+;]/g, "")
      .trim();
    if (/\s/.test(token)) continue;
    following.push(next);
  }
  // Keys embedded in one string with `\n` escapes.
  const body =
    end >= 0 ? after.slice(0, end) : /[A-Za-z0-9+/=]{40,}/.test(after) ? after : following.join("");
  const base64 = body.replace(/\\n|["',\s]/g, "");
  if (!/[A-Za-z0-9+/]{40,}/.test(base64) || shannonEntropy(base64) <= 4) return false;
  // A DER key (PKCS#1, PKCS#8, SEC1) whose body stops before the length its outer SEQUENCE declares is a
  // truncated sample (a form's placeholder, a docs excerpt): it cannot be used as a key. Bodies that continue past
  // the lines read here (a multi-line PEM) are not judged.
  if (end >= 0 && /^(?:RSA |EC )?PRIVATE KEY/.test(header.slice(header.indexOf("BEGIN ") + 6)))
    return !truncatedDer(base64);
  return true;
}

/** The body decodes to a DER SEQUENCE declaring more bytes than it holds, or to no SEQUENCE at all. */
function truncatedDer(base64: string): boolean {
  const bytes = Buffer.from(base64.replace(/=+$/, ""), "base64");
  if (bytes.length < 2 || bytes[0] !== 0x30) return true;
  const first = bytes[1] ?? 0;
  let length = first;
  let offset = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3) return true;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[2 + i] ?? 0);
    offset = 2 + count;
  }
  return offset + length > bytes.length;
}

/** Window for masking lines longer than the detector reads: overlapping, so no token is cut in two. */
const MASK_WINDOW = MAX_LINE - 500;
const PEM_BLOCK =
  /(-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----)(?:\\n|[\s"'+,]|[A-Za-z0-9+/=:-])*?(-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;

/**
 * The text with every secret the detector recognises replaced by its masked form (`ghp_… (40 chars)`), and the
 * body of any PEM private key dropped. For text leaving the process (reports, terminal, errors), so it is
 * deliberately eager: `KEY=value` lines count as assignments whatever file the text came from.
 */
export function maskSecretsInText(text: string, path = "output.env"): string {
  if (!SECRET_PREFILTER.test(text)) return text;
  let masked = text.includes("PRIVATE KEY")
    ? text.replace(
        PEM_BLOCK,
        (_whole, begin: string, end: string) => `${begin}…(private key body masked)…${end}`,
      )
    : text;
  const lines = masked.split(/\r\n|\r|\n/);
  const windows: string[] = [];
  for (const line of lines) {
    if (line.length <= MAX_LINE) windows.push(line);
    else
      for (let start = 0; start < line.length; start += MASK_WINDOW)
        windows.push(line.slice(start, start + MAX_LINE));
  }
  const values = new Set<string>();
  for (const found of detectSecrets(windows, path, { bareAssignments: true })) {
    const value = rawValues.get(found);
    if (value && found.kind !== "private-key" && value.length >= 4) values.add(value);
  }
  // Longest first, so a value containing another is masked whole.
  for (const value of [...values].sort((a, b) => b.length - a.length))
    masked = masked.split(value).join(maskSecret(value));
  return masked;
}
