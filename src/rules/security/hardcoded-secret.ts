// security/hardcoded-secret: credentials committed in the working tree (known token formats, private keys,
// connection strings with passwords, entropy-checked `*_KEY/SECRET/TOKEN/PASSWORD` assignments).
import { composeSecretAt } from "../../facts/docker/compose-secrets.js";
import { isComposePath } from "../../facts/docker/index.js";
import type { SecretEntry } from "../../facts/secrets/index.js";
import { isAtLeast, type Severity } from "../../model/severity.js";
import { configValueAt } from "../../facts/elixir/config-overrides.js";
import type { RepoFacts } from "../../facts/repo-facts.js";
import { defineRule } from "../define-rule.js";
import { parentDir } from "../../repo/repo-path.js";

const SEVERITY: Record<SecretEntry["context"], { certain: Severity; heuristic: Severity | null }> = {
  "production-config": { certain: "critical", heuristic: "high" },
  source: { certain: "high", heuristic: "medium" },
  test: { certain: "low", heuristic: "info" },
  example: { certain: "info", heuristic: null },
};

const LABEL: Record<SecretEntry["kind"], string> = {
  "aws-access-key-id": "AWS access key id",
  "aws-secret-access-key": "AWS secret access key",
  "gcp-api-key": "Google API key",
  "azure-storage-key": "Azure storage account key",
  "github-token": "GitHub token",
  "gitlab-token": "GitLab personal access token",
  "slack-token": "Slack token",
  "slack-webhook": "Slack incoming webhook URL",
  "stripe-key": "Stripe secret key",
  "twilio-api-key": "Twilio API key",
  "sendgrid-api-key": "SendGrid API key",
  "private-key": "private key block",
  jwt: "JSON Web Token",
  "connection-string-password": "password in a connection string",
  "generic-assignment": "high-entropy value assigned to a secret-named key",
};

export default defineRule({
  id: "security/hardcoded-secret",
  area: "security",
  severity: "high",
  title: "Hard-coded secret in the repository",
  effortMinutes: 45,
  confidence: "certain",
  docs: {
    rationale:
      "A credential committed to the repository is readable by everyone with clone access, forever (it stays in git history), and cannot be rotated without a code change.",
    impact:
      "Anyone with the source (a leaked laptop, a fork, a CI log) can call the cloud account, payment provider or database as the application.",
    fix: "Revoke and rotate the credential now, then read it from the environment or a secret manager at runtime; keep only placeholders in committed config.",
    example: {
      language: "python",
      bad: 'STRIPE_KEY = "sk_live_51H8xQ2eZvKYlo2C8mQ7Rt3Xa"\nstripe.api_key = STRIPE_KEY',
      good: 'stripe.api_key = os.environ["STRIPE_KEY"]',
    },
    examples: [
      {
        language: "go",
        bad: 'func init() {\n\tstripe.Key = "sk_live_51H8xQ2eZvKYlo2C8mQ7Rt3Xa"\n}',
        good: 'func init() {\n\tstripe.Key = os.Getenv("STRIPE_KEY")\n}',
      },
      {
        language: "typescript",
        bad: "const stripe = new Stripe('sk_live_51H8xQ2eZvKYlo2C8mQ7Rt3Xa');",
        good: "const stripe = new Stripe(process.env.STRIPE_KEY!);",
      },
      {
        language: "elixir",
        bad: 'config :shop, stripe_key: "sk_live_51H8xQ2eZvKYlo2C8mQ7Rt3Xa"',
        good: '# config/runtime.exs\nconfig :shop, stripe_key: System.fetch_env!("STRIPE_KEY")',
      },
      {
        language: "yaml",
        bad: "environment:\n  STRIPE_KEY: sk_live_51H8xQ2eZvKYlo2C8mQ7Rt3Xa",
        good: "environment:\n  STRIPE_KEY: ${STRIPE_KEY}",
      },
    ],
  },
  notes: [
    "Formats: AWS, Google, Azure storage, GitHub, GitLab, Slack, Stripe, Twilio, SendGrid, PEM private keys, JWTs, connection strings with passwords; generic secret-named assignments need Shannon entropy >= 3.5 bits/char (16+ chars) and mixed character classes.",
    "Placeholders (changeme, xxx, <...>, ${VAR}, $(VAR) (a Kubernetes dependent variable or a command substitution), example/dummy values, values that say they are dev-only or not for production, env lookups) are ignored; lockfiles are not scanned.",
    'Severity by location: production config (config/prod.exs, runtime.exs, .env, .env.production, *.prod.*, k8s/helm/compose) critical; other source high; tests, CI, mocks, seeds and seeders (`seeds.go`, `samples.go`, `user.seeder.ts`, `seeders/`, seeding scripts such as `seed_demo.py`), benchmarks, development folders (`dev/`, `https-dev-config/`), local test environments (`test-environments/`) and test file folders (`test-files/`, `test-data/`), Stripe test-mode keys (`sk_test_`), keys of localhost certificates (by file name, or the certificate beside the key issued to localhost or by a CA named for tests: `CN = Test CA`) and development compose files (named for it, building from source, or only databases) low; examples (also config files named `sample-*`/`example-*`: `sample-simple.cfg`), docs sites and MDX pages, Storybook stories (`*.stories.tsx`: components rendered with sample props) API schema examples (`example: "eyJ…"`) and the preview props of email templates (`Email.PreviewProps = {…}`) info. Entropy-only matches are one step lower and are not reported in examples/docs.',
    'Low: keys public by design (PostHog project keys, Stripe publishable keys, JWTs whose payload claims the anonymous role `"role": "anon"`, values of VITE_/NEXT_PUBLIC_/REACT_APP_ variables that the front-end build ships to browsers, keys named public/publishable/search-only, the Nx Cloud token that `nx connect` commits in nx.json for the build cache, the Firebase API key of the app\'s own `google-services.json` or `GoogleService-Info.plist` (built into every install; Firebase security rules and key restrictions decide access), client keys a service publishes in every page of its own web or app client (the YouTube innertube keys), keys whose comment says they are taken from the pages or front-end of the site called, and the OAuth client id/secret of an installed app the code presents itself as, declared in the same block as the package name of that app (`AndroidClientSecret` beside `AndroidPackageName = "com.pikcloud.pikpak"`: a native app client, which every install embeds, RFC 8252)) and passwords of connection strings to this machine (`@localhost`, `@127.0.0.1`), with literal assignments of the same password. Passwords of connection strings to a one-label service name (`@db:5432`) are low in compose files (a service of the same file, on its own network) and as the fallback of an environment lookup (`env.str("DB_URL", "postgres://app:pw@db/app")`, `os.getenv`, `System.get_env/2`, `process.env.X ?? …`: deployments set the variable), and medium at most elsewhere (a Kubernetes manifest may hold a real one).',
    "A PEM private key whose DER body ends before the length its outer SEQUENCE declares (a truncated sample in a form's placeholder or a docs excerpt) is not a key.",
    'Salts (`signing_salt`, `encryption_salt`: committed by design, the key derives from the secret key base) are not secrets. Constants whose value is an identifier (`INVALID_ACCESS_TOKEN = "auth/invalid_access_token"`, `X_SECRET = "X_SECRET"`) are not secrets, nor are keys naming where a credential is kept (`AuthTokenKey = "authToken"`), values ending in their own name after a namespace or a scheme-less address (`ctxCredentials = "example.org/krb/v8/ctxCredentials"`), or a plain member of a secret-named object (`U2FToken.vendor == "u2fzero"`). Nor are stored password hashes (`pbkdf2_sha256$…`, `$2b$…`, `$argon2id$…`), labels of typed words with a short number (`my-cool-api-key-123`), namespace prefixes (`app:user-token:mapping:`), or values of names where the secret word qualifies another thing (`tokenizerModel`, `TokenLookup`, `UserTokenMappingCacheKey`), or a setting about the credential (`API_KEY_RATE_LIMIT=60/minute`, `TOKEN_TTL`, `…_TIMEOUT`, `…_INTERVAL`).',
    "A source file with `corpusThreshold` (10) or more candidates, or a folder with twice as many across its files, is treated as sample data (a scanner's test corpus, seed data): its findings are low.",
    "A secret-named literal in a compose service's `environment:` that matches no known key format is left to docker/compose-default-password, which judges it by what the stack publishes.",
    "The value is never printed: messages and snippets show the first 4 characters and the length only.",
    "Elixir config (config/*.exs; a line inside a heredoc value belongs to the entry that opens it): a value that production config replaces (config/runtime.exs or the prod config sets the same key unconditionally) or that only dev, test or custom environments read is low for known formats and info otherwise, and the message says which.",
  ],
  applies: (facts) => (facts.secrets ? true : { status: "unknown", reason: "the secret scan did not run" }),
  options: { corpusThreshold: 10 },
  check({ facts, options, report }) {
    const perFile = new Map<string, number>();
    const perDir = new Map<string, number>();
    const dirOf = (path: string): string => parentDir(path);
    for (const entry of facts.secrets.entries) {
      perFile.set(entry.path, (perFile.get(entry.path) ?? 0) + 1);
      if (entry.context === "source") perDir.set(dirOf(entry.path), (perDir.get(dirOf(entry.path)) ?? 0) + 1);
    }
    for (const entry of facts.secrets.entries) {
      // A secret-named literal in a compose service's environment is docker/compose-default-password's finding,
      // judged there by what the service exposes; a known key format on that line is still a leak reported here.
      if (
        entry.kind === "generic-assignment" &&
        isComposePath(entry.path) &&
        composeSecretAt(facts.docker?.compose, entry.path, entry.line)
      )
        continue;
      let severity = SEVERITY[entry.context][entry.confidence];
      if (severity === null) continue;
      // Keys made to be public, and passwords of databases on this machine, are not leaked secrets.
      const loopback = entry.local !== undefined && /this machine/.test(entry.local);
      // In a compose file a one-label host is a service of the same file, reachable only on its network.
      const composeNetwork = entry.local !== undefined && isComposePath(entry.path);
      // The fallback of an env lookup pointing at a local service name is the development default of a setting
      // that deployments provide.
      const localFallback = entry.local !== undefined && entry.envDefault === true;
      if (entry.public || entry.testMode || loopback || composeNetwork || localFallback) severity = "low";
      // A password for a local service name (`@db:5432`) may still be a real one in a deployment manifest.
      else if (entry.local && (severity === "critical" || severity === "high")) severity = "medium";
      // Dozens of secrets in one source file are a scanner's test corpus or sample data, not a leak.
      const corpus =
        entry.context === "source" &&
        ((perFile.get(entry.path) ?? 0) >= Number(options.corpusThreshold) ||
          (perDir.get(dirOf(entry.path)) ?? 0) >= 2 * Number(options.corpusThreshold));
      if (corpus) severity = "low";
      const elixirConfig = elixirConfigContext(facts, entry);
      const capped = entry.confidence === "certain" ? "low" : "info";
      if (elixirConfig && isAtLeast(severity, capped)) severity = capped;
      const where =
        entry.context === "production-config"
          ? " in production configuration"
          : entry.context === "test"
            ? " in test or development configuration"
            : "";
      const why = entry.public
        ? ` (${entry.public})`
        : entry.testMode
          ? ` (${entry.testMode})`
          : entry.local
            ? ` (${entry.local}${entry.envDefault ? "; the fallback of an environment lookup" : ""})`
            : "";
      report({
        path: entry.path,
        line: entry.line,
        severity,
        confidence: entry.confidence,
        message: `${LABEL[entry.kind]}${entry.name ? ` \`${entry.name}\`` : ""}${where}: ${entry.masked}${
          entry.confidence === "heuristic" ? ` (entropy ${entry.entropy} bits/char)` : ""
        }${why}${
          corpus
            ? (perFile.get(entry.path) ?? 0) >= Number(options.corpusThreshold)
              ? ` (one of ${perFile.get(entry.path)} in this file: probably sample data)`
              : ` (one of ${perDir.get(dirOf(entry.path))} in ${dirOf(entry.path)}/: probably sample data)`
            : ""
        }${elixirConfig ?? ""}`,
        snippet: entry.maskedLine,
        key: `${entry.kind}:${entry.hash}`,
      });
    }
  },
});

/**
 * Elixir config files (config/*.exs): a value that production config replaces (config/runtime.exs or the prod config
 * sets the same key unconditionally) or that only dev/test/custom environments read is not a production secret. Says
 * why, or undefined when Elixir config has nothing to add.
 */
function elixirConfigContext(facts: RepoFacts, entry: SecretEntry): string | undefined {
  if (!facts.elixir || !/(^|\/)config\/[^/]+\.exs$/.test(entry.path)) return undefined;
  const value = configValueAt(
    facts.elixir.config,
    facts.elixir.prodOverrides,
    entry.path,
    entry.line,
    entry.name,
  );
  if (!value) return undefined;
  if (!value.deployed) return ` (only the ${value.entry.env ?? "development"} environment reads it)`;
  if (!value.override) return undefined;
  return ` (production config replaces it: ${value.override.by.map(({ path, line }) => `${path}:${line}`).join(" and ")})`;
}
