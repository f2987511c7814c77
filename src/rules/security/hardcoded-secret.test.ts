import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/hardcoded-secret";
// Built at run time so this test file does not itself look like it holds secrets.
const GITHUB = "ghp_" + "R8sVb3kLq9Xw2mZt7Yp4Nc6Hd1Jf5Ga0Ue8K";
const AWS = "AKIA" + "Z3MSJV4WQXKJ7P2N";
const STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";

describe(ID, () => {
  it("fires on known formats and high-entropy assignments, by location", async () => {
    const findings = await findingsOf(ID, {
      "config/prod.exs": `import Config\nconfig :app, github_token: "${GITHUB}"\n`,
      "src/billing.ts": `export const stripe = new Stripe("${STRIPE}");\n`,
      "app/hooks.py":
        'WEBHOOK_SECRET = "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA"\nSIGNING_SECRET = "_q8Vt2LmZ9xR4wK7pN3sB6y_"\n',
      ".env": "DATABASE_URL=postgres://app:Zq8rT2vLx9Wm4@db.internal:5432/app\n",
      "test/fixtures/aws.json": `{ "key": "${AWS}" }\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".env", 1, "critical"],
      ["app/hooks.py", 1, "medium"],
      ["app/hooks.py", 2, "medium"],
      ["config/prod.exs", 2, "critical"],
      ["src/billing.ts", 1, "high"],
      ["test/fixtures/aws.json", 1, "low"],
    ]);
  });

  it("stays silent on a setting about a credential (a rate limit, a TTL), fires on the credential beside it", async () => {
    const findings = await findingsOf(ID, {
      "deploy/variables.env": [
        "API_KEY_RATE_LIMIT=60/minute",
        "TOKEN_TTL_SECONDS=86400s",
        "LIVE_SERVER_SECRET_KEY=htbqvBJAgpm9bzvf3r4urJer0ENReatce",
        "GENERATED_TOKEN=Zq8rT2vLx9Wm4kP7",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3, 4]);
  });

  it("treats a file with ten or more secrets as sample data (low)", async () => {
    const keys = Array.from(
      { length: 10 },
      (_, i) => `  "AKIA${"Z3MSJV4WQXKJ7P2N".slice(0, 15)}${"ABCDEFGHJK"[i]}",`,
    );
    const findings = await findingsOf(ID, {
      "internal/rules/aws.go": `package rules
var samples = []string{\n${keys.join("\n")}\n}\n`,
    });
    expect(findings).toHaveLength(10);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(["low"]));
  });

  it("treats a folder full of secrets across files as sample data (a scanner's rules with their examples)", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++)
      files[`cmd/rules/rule${i}.go`] =
        `package rules\nvar sample = "AKIA${"Z3MSJV4WQXKJ7P2".slice(0, 15)}${"ABCDEFGHJKLMNPQRSTUV"[i]}"\n`;
    const findings = await findingsOf(ID, files);
    expect(findings).toHaveLength(20);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(["low"]));
    // Near miss: one such key alone in a folder is reported.
    const one = await findingsOf(ID, { "cmd/rules/rule0.go": files["cmd/rules/rule0.go"]! });
    expect(one.map((f) => f.severity)).toEqual(["high"]);
  });

  it("never prints the value whole", async () => {
    const findings = await findingsOf(ID, { "src/billing.ts": `const key = "${STRIPE}";\n` });
    expect(findings).toHaveLength(1);
    const text = JSON.stringify(findings);
    expect(text).not.toContain(STRIPE);
    expect(findings[0]?.message).toContain("sk_l… (32 chars)");
  });

  it("stays silent on placeholders, env lookups, low entropy, identifiers, paths and lockfiles", async () => {
    const findings = await findingsOf(ID, {
      ".env.example": "API_TOKEN=changeme\nSECRET_KEY_BASE=<generate with mix phx.gen.secret>\n",
      "config/runtime.exs": 'config :app, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")\n',
      "app/settings.py":
        'SECRET_KEY = os.environ["SECRET_KEY"]\nPASSWORD_FIELD = "password_confirmation"\nAPI_KEY = "${API_KEY}"\n',
      "src/db.ts":
        'const url = "postgres://postgres:postgres@localhost:5432/dev";\nconst token = "xxxxxxxxxxxxxxxx";\n',
      "client/src/postgres-form.jsx":
        '<Input placeholder="postgres://[USERNAME]:[PASSWORD]@[HOSTNAME]:[PORT]/[DB_NAME]" />\n',
      "docker-compose.yml": "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
      "src/devices.ts":
        'export enum Authenticator {\n  GooglePasswordManager = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",\n}\n',
      "app/views.py":
        "token_auth_string = f'{prefix}{plaintext}'\n_NEW_REFRESH_TOKEN_SESSION_KEY = '_app_new_long_lived_refresh_token'\n",
      "mkdocs.yml": "nav:\n  - Token: 'models/users/token.md'\n",
      "package-lock.json": '{ "integrity": "sha512-q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA" }\n',
    });
    expect(findings).toEqual([]);
  });

  it("reads a value that spells its own name in another case as a setting's key, and still fires on a secret beside it", async () => {
    const findings = await findingsOf(ID, {
      "internal/conf/const.go":
        'package conf\n\nconst (\n\tAria2Uri    = "aria2_uri"\n\tAria2Secret = "aria2_secret"\n\tQbitSecret  = "qbit9_Xk2mV8tQ4zR7"\n)\n',
      // A template's reference to a stored credentials row (a cuid), beside a Vault AppRole secret id, which is a secret.
      "packages/templates/src/typebots/lead-gen.json":
        '{\n  "options": {\n    "credentialsId": "clvqq3hey0007pub4almxnhk2"\n  }\n}\n',
      "deploy/vault.py": 'VAULT_SECRET_ID = "9f3kQ7xZ2mB8vL4pR6tW"\n',
      // A policy action's name: the constant's name and one more word.
      "app/lib/actions.py":
        'class PolicyAction:\n    TOKENWIZARD2ND = "tokenwizard_2nd_token"\n    API_TOKEN = "api_token_9fK2xQ7mZ4"\n',
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/lib/actions.py:3",
      "deploy/vault.py:1",
      "internal/conf/const.go:6",
    ]);
  });

  it("reports a sample token in a doc comment at info only: it is documentation", async () => {
    const findings = await findingsOf(ID, {
      "src/routes/auth.js": ` * refreshToken: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ZWJhYzUzNDk1NGI1In0.m1U63blB0MLej_WfB7yC2FTMnCziif9X8\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["src/routes/auth.js", "info"]]);
  });

  it("keeps test, CI, mock and development values out of the high severities", async () => {
    const URL_PASSWORD = "Postgres" + "1234";
    const findings = await findingsOf(ID, {
      // Helm values for a CI cluster, a compose file for tests, a mock env, a benchmark config, seed data.
      "deploy/charts/app/ci/kind-testing-values.yaml":
        "env:\n  - name: DATABASE_URL\n    value: ecto://postgres:borspwd9@app-postgresql:5432/app\n",
      "compose.tests.yml":
        "services:\n  app:\n    image: app\n    environment:\n      API_JWT_SECRET: q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gAq8Vt\n",
      ".env.mock": "TOKEN=yZcpq8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gAq8Vt\n",
      "config/bench.exs": 'config :app, secret_key_base: "erV7q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gAq8VtQ2"\n',
      "packages/database/src/seed/constants.ts": 'export const user = { password: "Pass9word123!" };\n',
      // A development URL to this machine, and the same password spelled out beside it.
      // A compose file's service talking to another service of the same file.
      "compose.yaml":
        "services:\n  app:\n    image: acme/app:1\n    environment:\n      - CACHE_URL=redis://default:filebrowser9@redis:6379\n",
      "lib/repo.ex": `case url do\n  "postgresql://postgres:${URL_PASSWORD}@localhost/app_dev" ->\n    [password: "${URL_PASSWORD}"]\nend\n`,
      // A compose file that builds the app from source is a development setup.
      "compose.yml":
        "services:\n  app:\n    build: .\n    environment:\n      SECRET_KEY_BASE: UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15B\n",
    });
    expect(findings.filter((f) => f.severity !== "low" && f.severity !== "info")).toEqual([]);
  });

  it("keeps a local service's password low as an env lookup's fallback, and medium as a plain value", async () => {
    const findings = await findingsOf(ID, {
      "settings/main.py":
        "PG_URI = env.str(\n    'PG_URI', 'postgres://storage:storagepass77@db:5432/app'\n)\nCACHE = os.getenv('CACHE_URL', 'redis://app:cachepass88@cache:6379')\n",
      "src/db.ts": 'const url = process.env.DATABASE_URL ?? "postgres://app:apppass99@db:5432/app";\n',
      "settings/other.py": "PG_URI = 'postgres://storage:plainpass55@db:5432/app'\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "settings/main.py:2 low",
      "settings/main.py:4 low",
      "settings/other.py:1 medium",
      "src/db.ts:1 low",
    ]);
    expect(findings.find((f) => f.location?.path === "src/db.ts")?.message).toContain(
      "the fallback of an environment lookup",
    );
  });

  it("keeps mock files, test packages and translation tables low or silent, and a placeholder key body is no key", async () => {
    const KEY_NAME = ["-----BEGIN RSA", "PRIVATE KEY-----"].join(" ");
    const END_NAME = ["-----END RSA", "PRIVATE KEY-----"].join(" ");
    const findings = await findingsOf(ID, {
      "packages/connector-x/src/mock.ts":
        'export const mockConfig = { accessKeySecret: "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA" };\n',
      "packages/integration-tests/src/constants.ts":
        'export const consolePassword = "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ";\n',
      "packages/phrases/src/locales/pt-pt/user.ts":
        "const user = {\n  password: 'Palavra-passe:',\n};\nexport default user;\n",
      "packages/connector-saml/src/constant.ts": [
        "export const form = {",
        "  placeholder:",
        `    '${KEY_NAME}\\n[private-key-content]\\n${END_NAME}',`,
        "  description: 'The private key is used to sign the authentication request sent to the provider.',",
        "};",
        "",
      ].join("\n"),
      // Near-miss: the same value in the service's own source is high.
      "packages/core/src/config.ts": 'export const accessKeySecret = "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA";\n',
    });
    expect(
      findings
        .filter((f) => f.severity !== "low" && f.severity !== "info")
        .map((f) => `${f.location?.path} ${f.severity}`),
    ).toEqual(["packages/core/src/config.ts medium"]);
    expect(findings.some((f) => f.location?.path === "packages/connector-saml/src/constant.ts")).toBe(false);
  });

  it("keeps a sample API response quoted in a block comment out of medium; the same key in code still fires", async () => {
    const sample = [
      "{",
      '    "code": 0,',
      '    "data": {',
      '         "access_token": "d30bedaa4d8eb3128cf35ddc1030e27d",',
      '         "refresh_token": "WxFDKwqScZIQDm4iWmKDvetyFugM6HkX"',
      "    }",
      "}",
    ];
    const findings = await findingsOf(ID, {
      "idp/bilibili.go": ["package idp", "", "/*", ...sample, "*/", "func getToken() {}", ""].join("\n"),
      "idp/client.go": [
        "package idp",
        "",
        "var defaults = map[string]string{",
        '\t"access_token": "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA",',
        "}",
        "",
        "/* legacy:",
        'refreshToken := "WxFDKwqScZIQDm4iWmKDvetyFugM6HkX"',
        "*/",
        "",
      ].join("\n"),
    });
    expect(
      findings
        .filter((f) => f.severity !== "low" && f.severity !== "info")
        .map((f) => `${f.location?.path}:${f.location?.startLine}`),
    ).toEqual(["idp/client.go:4", "idp/client.go:8"]);
  });

  it("finds no key where a PEM header is only a string compared against, and still finds an encrypted key", async () => {
    const BEGIN_RSA = ["-----BEGIN RSA", "PRIVATE KEY-----"].join(" ");
    const findings = await findingsOf(ID, {
      "idp/alipay.go": [
        "package idp",
        "",
        'import "strings"',
        "",
        "func formatPrivateKey(privateKey string) string {",
        "\t// Check if the key is already in PEM format",
        `\tif strings.HasPrefix(privateKey, "${BEGIN_RSA}") {`,
        "\t\t// Key is already in PEM format, return as is",
        "\t\treturn privateKey",
        "\t}",
        '\treturn strings.ReplaceAll(privateKey, "\\n", "")',
        "}",
      ].join("\n"),
      // Near-miss: an encrypted key whose Proc-Type and DEK-Info lines come before the body.
      "deploy/signing.key": [
        BEGIN_RSA,
        "Proc-Type: 4,ENCRYPTED",
        "DEK-Info: AES-128-CBC,3F17B4C4D0E1A8B9C2D3E4F5A6B7C8D9",
        "",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual(["deploy/signing.key high"]);
  });

  it("keeps keys of local development certificates low, and a private key elsewhere high", async () => {
    const KEY =
      ["-----BEGIN", "PRIVATE KEY-----"].join(" ") +
      "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n";
    const findings = await findingsOf(ID, {
      "https-dev-config/localhost.key": KEY,
      "certs/localhost.pem": KEY,
      "deploy/server.key": KEY,
      "container_fixtures/rabbitmq/certs/ca_key.pem": KEY,
      "assets/js/lib/test-utils/keys/signing.pem": KEY,
      "container/rabbitmq/certs/ca_key.pem": KEY,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "assets/js/lib/test-utils/keys/signing.pem low",
      "certs/localhost.pem low",
      "container/rabbitmq/certs/ca_key.pem high",
      "container_fixtures/rabbitmq/certs/ca_key.pem low",
      "deploy/server.key high",
      "https-dev-config/localhost.key low",
    ]);
  });

  it("keeps the key of a certificate issued to localhost by a test CA low; the key of a certificate for a real host stays high", async () => {
    const KEY =
      ["-----BEGIN", "PRIVATE KEY-----"].join(" ") +
      "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n";
    // CN = localhost, issued by CN = Test CA.
    const LOCAL_CERT =
      "-----BEGIN CERTIFICATE-----\n" +
      "MIIBIDCBxwIUWgoEIylERzkQzzMGMYejwZ5LttUwCgYIKoZIzj0EAwIwEjEQMA4G\n" +
      "A1UEAwwHVGVzdCBDQTAeFw0yNjEyMDcwNzAyNDVaFw0zNjEyMDQwNzAyNDVaMBQx\n" +
      "EjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABG7c\n" +
      "M8gmt9u+MAGZgIQt7+VZ8Vtrfpx4XENBD3QKHj261PseGA5sQIsKbAmP6/JRqRu7\n" +
      "xwe1WsGuQKr99fHR5z8wCgYIKoZIzj0EAwIDSAAwRQIgXQAUC+y6G+pyjFmeGA5V\n" +
      "DVBHIlOgry8SZhZscvX46T4CIQDTB4KUapuY72hRSnCMXMvOz73pbYPwZa+jwG3E\n" +
      "HKOj0g==\n" +
      "-----END CERTIFICATE-----\n";
    // CN = api.acme.io, issued by CN = Acme Issuing CA 2.
    const HOST_CERT =
      "-----BEGIN CERTIFICATE-----\n" +
      "MIIBKzCB0wIULCdnq2kVv5nGJXDOS2/ShxutamAwCgYIKoZIzj0EAwIwHDEaMBgG\n" +
      "A1UEAwwRQWNtZSBJc3N1aW5nIENBIDIwHhcNMjYxMjA3MDcwMjQ3WhcNMzYxMjA0\n" +
      "MDcwMjQ3WjAWMRQwEgYDVQQDDAthcGkuYWNtZS5pbzBZMBMGByqGSM49AgEGCCqG\n" +
      "SM49AwEHA0IABG7cM8gmt9u+MAGZgIQt7+VZ8Vtrfpx4XENBD3QKHj261PseGA5s\n" +
      "QIsKbAmP6/JRqRu7xwe1WsGuQKr99fHR5z8wCgYIKoZIzj0EAwIDRwAwRAIgWjZw\n" +
      "IKk77X29t9VxDUsVmOOy5Yv7Sm6iclvnXhcaxHACIA5FzuWtuTVdDQRLVZ6XOAGg\n" +
      "ZKA47K70DmzmPhIhLBJt\n" +
      "-----END CERTIFICATE-----\n";
    const findings = await findingsOf(ID, {
      "priv/telegraf/server.key": KEY,
      "priv/telegraf/server.crt": LOCAL_CERT,
      "priv/mtls/server.key": KEY,
      "priv/mtls/server.crt": HOST_CERT,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "priv/mtls/server.key high",
      "priv/telegraf/server.key low",
    ]);
    expect(findings.find((f) => f.location?.path === "priv/telegraf/server.key")?.message).toContain(
      "issued to localhost",
    );
  });

  it("stays silent on a connection string built from shell variables or written as a URL's grammar", async () => {
    const makefile = (password: string) =>
      `migrate:\n\tPASS=$$(jq -r .pw); \\\n\tDATABASE_URL="mysql://$$USER:${password}@$$HOST/app" pnpm run migrate\n`;
    expect(
      await findingsOf(ID, {
        Makefile: makefile("$$PASS"),
        "deploy/run.sh":
          'exec app --db "postgres://$DB_USER:${DB_PASS}@$DB_HOST/app" --cache "redis://:$redis_pw@cache"\n',
        "pkg/counter/redis.go":
          "package counter\n\n// Format: redis://[[username][:password]@][host][:port][/database]\ntype RedisConfig struct{ URL string }\n",
      }),
    ).toEqual([]);
    // A literal password between the variables still fires.
    const findings = await findingsOf(ID, { Makefile: makefile("Xq9vL2pTz7Rw") });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3]);
  });

  it("stays silent on a connection string an f-string builds from settings; a literal password in it still fires", async () => {
    const settings = (password: string) =>
      [
        "import os",
        "REDIS_HOST = os.getenv('REDIS_HOST')",
        "if REDIS_USERNAME and REDIS_PASSWORD:",
        `    CACHES['default']['LOCATION'] = f'redis://{REDIS_USERNAME}:${password}@{REDIS_HOST}:6379'`,
        "",
      ].join("\n");
    expect(await findingsOf(ID, { "recipes/settings.py": settings("{REDIS_PASSWORD}") })).toEqual([]);
    const findings = await findingsOf(ID, { "recipes/settings.py": settings("Xq9vL2pTz7Rw") });
    expect(findings.map((f) => f.location?.startLine)).toEqual([4]);
  });

  it("keeps a Stripe test-mode key low, saying why; the live key in the same place stays high", async () => {
    const TEST_KEY = "sk_test_" + "QTUa8AqWXyU2feC32glNgDQd";
    const findings = await findingsOf(ID, {
      "sql/migrations.sql": `INSERT INTO app_conf VALUES ('stripe_secret_key', '"${TEST_KEY}"'::jsonb);\n`,
      "sql/live.sql": `INSERT INTO app_conf VALUES ('stripe_secret_key', '"${STRIPE}"'::jsonb);\n`,
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "sql/live.sql high",
      "sql/migrations.sql low",
    ]);
    expect(findings.find((f) => f.location?.path === "sql/migrations.sql")?.message).toContain(
      "Stripe test-mode key",
    );
  });

  it("says when a key is public by design or an identifier, and keeps live-looking secrets high", async () => {
    const findings = await findingsOf(ID, {
      "lib/telemetry.ex":
        'config :app, Posthog, api_key: "phc_9CipPajQC22mSkk2wxe2TXsUA0Ysyupe8dt5KQQELqx"\n',
      ".env.production": `VITE_APP_FIREBASE_CONFIG='{"apiKey":"AIza${"SyAd15pYlMci_xIp9ko6wkEsDzAAA0Dn0RU"}"}'\n`,
      "src/errors.ts":
        'export const INVALID_ACCESS_TOKEN = "auth/invalid_access_token" as const;\nexport const CLIENT_SECRET = "MAILER_SMTP_OAUTH2_CLIENT_SECRET";\n',
      "lib/web/controller.ex":
        'parameters: [\n  authorization: [\n    example:\n      "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE2ODAxNjIxNTR9.9xR4wK7pN3sB6yH1cJ5dF0gA"\n  ]\n]\n',
      // Near miss: a live-looking key in production configuration stays critical.
      "config/prod.exs": `import Config\nconfig :app, github_token: "${GITHUB}"\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      [".env.production", "low"],
      ["config/prod.exs", "critical"],
      ["lib/telemetry.ex", "low"],
      ["lib/web/controller.ex", "info"],
    ]);
    expect(findings.find((f) => f.location?.path === "lib/telemetry.ex")?.message).toContain(
      "PostHog project key",
    );
  });
  it("reads a map under an API schema's example: key as documentation, not the same map in code", async () => {
    const jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcHAiLCJ1c2VyX2lkIjoxfQ.frHteBttgtW8706m7nqYC6ruYtTrbVcCEO_UgIkHn6A";
    const schema = (key: string): string =>
      [
        "defmodule AppWeb.Schema.Refresh do",
        "  OpenApiSpex.schema(%{",
        "    type: :object,",
        `    ${key}: %{`,
        "      refresh_token:",
        `        "${jwt}",`,
        '      api_key: "api_key_abcd1234efgh5678ijkl9012mnop3456"',
        "    }",
        "  })",
        "end",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "lib/app_web/schema/refresh.ex": schema("example"),
      "lib/app/client.ex": schema("defaults"),
    });
    expect(
      findings.filter((f) => f.severity !== "info").map((f) => [f.location?.path, f.location?.startLine]),
    ).toEqual([
      ["lib/app/client.ex", 6],
      ["lib/app/client.ex", 7],
    ]);
  });

  it("keeps a JWT for the anonymous role low (clients carry it by design) and a service-role JWT high", async () => {
    const header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    const anon = `${header}.eyJpc3MiOiJhcGkiLCJyb2xlIjoiYW5vbiIsImlhdCI6MTY0NTE5MjgyNH0.M9jrxyvPLkUxWgOYSf5dNdJ8v_eRrq8`;
    const service = `${header}.eyJpc3MiOiJhcGkiLCJyb2xlIjoic2VydmljZV9yb2xlIiwiaWF0IjoxNjQ1MTkyODI0fQ.Qw8rT2vLx9Wm4Zq8rT2vLx9W`;
    const findings = await findingsOf(ID, {
      "scripts/setup.sh": `JWT="Bearer ${anon}"
curl -H "Authorization: $JWT" "$API_URL/tenants"
`,
      "scripts/admin.sh": `JWT="Bearer ${service}"
curl -H "Authorization: $JWT" "$API_URL/tenants"
`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["scripts/admin.sh", "high"],
      ["scripts/setup.sh", "low"],
    ]);
    expect(findings.find((f) => f.location?.path === "scripts/setup.sh")?.message).toMatch(/anonymous role/);
  });

  it("keeps an Nx Cloud token in nx.json low and a Storybook story's sample key out, the same values elsewhere medium", async () => {
    const token = "ZTQ3" + "Yzk2NjMtYjQ5Ni00ZDE5LWE0NjItNmQ2ZjE1N2Y1ZTQ1fHJlYWQtb25seQ";
    const sample = "TH!S" + "i$ASup3RSeCreTAP!KEy";
    const findings = await findingsOf(ID, {
      "nx.json": `{\n  "nxCloudAccessToken": "${token}"\n}\n`,
      "src/components/CodeBlock.stories.tsx": `const apiKey = '${sample}';\n`,
      // Near misses: the same names and values in the application's own code.
      "src/cloud.ts": `export const nxCloudAccessToken = "${token}";\n`,
      "src/components/CodeBlock.tsx": `const apiKey = '${sample}';\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["nx.json", "low"],
      ["src/cloud.ts", "medium"],
      ["src/components/CodeBlock.tsx", "medium"],
    ]);
    expect(findings.find((f) => f.location?.path === "nx.json")?.message).toContain("Nx Cloud token");
  });

  it("keeps the Firebase API key of an app's google-services.json low, the same key in server code high", async () => {
    const key = "AIza" + "SyB3kq9Xh2Lr7Tn4Vw8Zp1Qs6Md0Fc5Jy2W";
    const androidConfig = JSON.stringify(
      {
        project_info: { project_number: "123456789012", project_id: "acme-app" },
        client: [{ api_key: [{ current_key: key }] }],
      },
      null,
      2,
    );
    const findings = await findingsOf(ID, {
      "apps/mobile/google-services.json": androidConfig,
      // Near miss: the same key in the server's code.
      "server/geocode.ts": `const mapsKey = "${key}";\nexport const url = (q: string) => \`https://maps.example.com?q=\${q}&key=\${mapsKey}\`;\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["apps/mobile/google-services.json", "low"],
      ["server/geocode.ts", "high"],
    ]);
    expect(findings.find((f) => f.location?.path === "apps/mobile/google-services.json")?.message).toMatch(
      /Firebase/,
    );
  });

  it("reads an email template's PreviewProps and a local test environment's config as samples, the same values elsewhere medium", async () => {
    const sample = "TH!S" + "i$ASup3RSeCreTAP!KEy";
    const template = (assign: string): string =>
      [
        "export default function InvitationEmail(props: Props) {",
        "  return <Html>{props.unsubscribeToken}</Html>;",
        "}",
        "",
        `${assign} = {`,
        '  baseUrl: "https://app.example.com",',
        `  unsubscribeToken: "${sample}",`,
        "};",
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "packages/mail/emails/invitation.tsx": template("InvitationEmail.PreviewProps"),
      "scripts/test-environments/oidc/idp/configuration.yml": `identity_providers:\n  hmac_secret: "${sample}"\n`,
      // Near misses: props the component is rendered with in the app, and the same config deployed.
      "packages/mail/emails/reminder.tsx": template("ReminderEmail.defaultProps"),
      "deploy/idp/configuration.yml": `identity_providers:\n  hmac_secret: "${sample}"\n`,
      // A migration test's database dump, and a value that says it is for development only.
      "server/store/migration/test-files/postgres.sql": `INSERT INTO secrets VALUES ('api_secret', '${sample}');\napi_secret = "${sample}"\n`,
      "Taskfile.yml": 'env:\n  AUTH_API_KEY_PEPPER: "dev-only-pepper-not-for-production-use-32b+"\n',
      // Near miss: the same pepper without that statement.
      "deploy/Taskfile.yml": 'env:\n  AUTH_API_KEY_PEPPER: "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA"\n',
    });
    expect(
      findings
        .filter((f) => f.severity !== "info" && f.severity !== "low")
        .map((f) => f.location?.path)
        .sort(),
    ).toEqual(["deploy/Taskfile.yml", "deploy/idp/configuration.yml", "packages/mail/emails/reminder.tsx"]);
  });

  it("treats a Go test-harness package outside _test.go files as test code", async () => {
    // A fixture password, built at run time (a stored hash such as `$2a$14$…` is no credential at all).
    const hash = "Qx7vNb2LkR9" + "wPz4TgH6mYe.cJ3sDf8AaKu1WoE5iVnB0rXyZlMq2G";
    const harness = (imports: string) =>
      [
        "package webtests",
        "import (",
        imports,
        ")",
        `var fixture = User{Username: "user1", Password: "${hash}"}`,
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "pkg/webtests/integrations.go": harness('\t"github.com/stretchr/testify/assert"'),
      // Near miss: the same value in a package that is not test code.
      "pkg/bootstrap/users.go": harness('\t"fmt"'),
    });
    const medium = findings.filter((f) => f.severity !== "info" && f.severity !== "low");
    expect(medium.map((f) => [f.location?.path, f.severity])).toEqual([["pkg/bootstrap/users.go", "medium"]]);
  });

  it("reads a label of words joined by punctuation and a docs folder's request samples as no secret", async () => {
    const findings = await findingsOf(ID, {
      "cps/gdrive.py": "gdrive_watch_callback_token = 'target=calibreweb-watch_files'\n",
      "api.docs/bruno/auth/Login.bru": 'body:json {\n  {\n    "password": "Qx7vNb2Lk9wPz"\n  }\n}\n',
      // Near misses: a random token after the same key, and the same request sample outside a docs folder.
      "cps/watch.py": "gdrive_watch_callback_token = 'target=Zq8xW2-kP9_vB3nR7tY'\n",
      "requests/auth/Login.bru": 'body:json {\n  {\n    "password": "Qx7vNb2Lk9wPz"\n  }\n}\n',
    });
    const reported = findings.filter((f) => f.severity !== "info" && f.severity !== "low");
    expect(reported.map((f) => f.location?.path).sort()).toEqual(["cps/watch.py", "requests/auth/Login.bru"]);
  });
  it("reads qualified names (a tokenizer's model, a token lookup, a cache key), typed labels and password hashes as no secret", async () => {
    const findings = await findingsOf(ID, {
      "migrations/001/migration.sql":
        "INSERT INTO models VALUES ('m1', '{\"tokenizerModel\": \"text-embedding-ada-002\"}');\n",
      "internal/web/csrf.go":
        'package web\n\nvar c = CSRFConfig{TokenLookup: "form:_csrf,header:X-CSRF-Token"}\n',
      "internal/constant/cache_key.go":
        'package constant\n\nconst UserTokenMappingCacheKey = "answer:user-token:mapping:"\n',
      "deploy/.single.env": "APP_PRIVATE_ACCESS_TOKEN=my-cool-api-key-123\n",
      "scripts/users.json":
        '{"username": "admin", "password": "pbkdf2_sha256$20000$DiNBixt6xUUF$rn0vN6IhaNy2z4CJkwIiq+N9rxT0B5wjq9y2ncC8ytw="}\n',
      // Near misses: a secret word in front of the qualifier, a random token in the same .env, a plain password.
      "src/llm.py": 'MODEL_API_KEY = "Zq8xW2kP9vB3nR7tYw4L"\n',
      "deploy/.other.env": "APP_PRIVATE_ACCESS_TOKEN=Zq8xW2-kP9_vB3nR7tY\n",
      "scripts/admins.json": '{"username": "admin", "password": "Zq8xW2$kP9vB3nR7tY"}\n',
    });
    const reported = findings.filter((f) => f.severity !== "info" && f.severity !== "low");
    expect(reported.map((f) => f.location?.path).sort()).toEqual([
      "deploy/.other.env",
      "scripts/admins.json",
      "src/llm.py",
    ]);
  });

  it("keeps a site's published client key low (a well-known web-client key, or one its comment says is taken from the site's pages)", async () => {
    // Built at run time: YouTube's innertube web-client key, which every youtube.com page carries.
    const INNERTUBE = "AIzaSyAO_FJ2SlqU8Q4ST" + "EHLGCilw_Y9_11qcW8";
    const OTHER_GOOGLE = "AIzaSyBq8Vt2LmZ9xR4wK" + "7pN3sB6yH1cJ5dF0gA";
    const findings = await findingsOf(ID, {
      "app/engines/video.py": `# the key seems to be constant\nnext_page_url = 'https://www.youtube.com/youtubei/v1/search?key=${INNERTUBE}'\n`,
      "app/engines/photos.py":
        'base_url = "https://photos.example.com"\napi_key = "H2jk9uKnhRmL6WPwh89zBezWvr"\n"""\nFallback API key to use when the engine fails to extract one from the website.\n"""\n',
      // Near misses: another Google key in the same shape, and the same value with no such comment.
      "app/engines/maps.py": `# the key seems to be constant\nsearch_url = 'https://maps.example.com/v1/search?key=${OTHER_GOOGLE}'\n`,
      "app/engines/books.py":
        'base_url = "https://books.example.com"\napi_key = "H2jk9uKnhRmL6WPwh89zBezWvr"\n"""\nThe API key of the books service.\n"""\n',
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "app/engines/books.py medium",
      "app/engines/maps.py high",
      "app/engines/photos.py low",
      "app/engines/video.py low",
    ]);
    expect(findings.find((f) => f.location?.path === "app/engines/video.py")?.message).toContain("innertube");
  });

  it("reads a PEM private key whose DER body stops short of its declared length as a placeholder, and a whole one as a key", async () => {
    const BEGIN = ["-----BEGIN", "PRIVATE KEY-----"].join(" ");
    const END = ["-----END", "PRIVATE KEY-----"].join(" ");
    // A certificate's first 96 bytes under a private-key header: what a form shows as the value's shape.
    const truncated =
      "MIIFRDCCAyygAwIBAgIUEPOR47ys6VDwMVB9tYoeEka83uQwDQYJKoZIhvcNAQELBQAwGTEXMBUGA1UEAwwObWktZG9taW5pby5jb20wHhcNMjQwMzExMDQyNzU3WhcN";
    const whole = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "pkcs8", format: "der" })
      .toString("base64");
    const form = (body: string): string =>
      `const privateKeyHolder =\n\t"${BEGIN}\\n${body}\\n${END}";\nexport const Form = () => <textarea placeholder={privateKeyHolder} />;\n`;
    const findings = await findingsOf(ID, {
      "components/certificates/form.tsx": form(truncated),
      "components/signing/key.tsx": form(whole),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`)).toEqual([
      "components/signing/key.tsx high",
    ]);
  });
  it("keeps a secret in a Go file built only under a test tag low, and one in a production build high", async () => {
    const body = `package service\n\nvar token = "${GITHUB}"\n`;
    const findings = await findingsOf(ID, {
      "internal/service/e2etest_service.go": `//go:build e2etest\n\n${body}`,
      "internal/service/token_service.go": `//go:build !e2etest\n\n${body}`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["internal/service/e2etest_service.go", "low"],
      ["internal/service/token_service.go", "high"],
    ]);
  });

  it("reads a secret-named phrase in a trailing comment as prose, and still scans the code before it", async () => {
    const findings = await findingsOf(ID, {
      "app/settings.py": [
        'REDIS_URL = "redis://localhost:6379"  # or with a password: "redis://:x9Kq2mVt7LpR4wZs@localhost:6379"',
        'API_SECRET = "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA"  # rotate me',
        'HASH = "#notacomment"  # secret: "Zq8rT2vLx9Wm4Pk7Yh3Ds6Bn"',
        "",
      ].join("\n"),
      "src/conf.ts": 'export const url = "https://example.org"; // token: "Zq8rT2vLx9Wm4Pk7Yh3Ds6Bn1Qa"\n',
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([["app/settings.py", 2]]);
  });

  it("leaves a secret-named literal in a compose service's environment to the compose rule, but not a known key format", async () => {
    const findings = await findingsOf(ID, {
      "docker-compose.yml": [
        "services:",
        "  db:",
        "    image: mariadb:11",
        "    environment:",
        "      MYSQL_ROOT_PASSWORD: kiwi-1s-aw3s0m3",
        "  app:",
        "    image: acme/app:1",
        "    environment:",
        '      SECRET_KEY_BASE: "dvPPvOjpgX2Wk8Y3ONrqWsgM9ZtU4sSrs4l/5CFD1sLm4H+CjLU+EidjNGuSz7bz"',
        `      STRIPE_API_KEY: ${STRIPE}`,
        "    labels:",
        '      signing_secret: "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA"',
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([10, 12]);
  });

  it("reads Kubernetes $(VAR) references and salts as no secret, and a prefixed compose file's service host as its network", async () => {
    const findings = await findingsOf(ID, {
      "k8s/app.yaml": [
        "env:",
        "  - name: DATABASE_URL",
        "    value: postgresql://postgres:$(PG_PASSWORD)@app-pg.svc:5432/app",
        "  - name: CACHE_URL",
        "    value: redis://default:Zq8rT2vLx9Wm4Pk7@cache.internal:6379",
        "",
      ].join("\n"),
      "lib/app_web/endpoint.ex":
        '  @session_options [\n    encryption_salt: "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA",\n  ]\n',
      "dev-compose.yaml": [
        "services:",
        "  api:",
        "    image: acme/api",
        "    environment:",
        "      APP_POSTGRES_URL: postgres://app:Zq8rT2vLx9Wm4Pk7@postgres:5432/app",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["dev-compose.yaml", 5, "low"],
      ["k8s/app.yaml", 5, "critical"],
    ]);
  });
  it("keeps the OAuth client of an app this code presents itself as low (its package name beside it), and the same pair without one medium", async () => {
    const findings = await findingsOf(ID, {
      "drivers/cloud/util.go": [
        "package cloud",
        "",
        "const (",
        '\tAndroidClientID      = "YNxT9w7GMdWvEOKa"',
        '\tAndroidClientSecret  = "dbw2OtmVEeuUvIptb1Coyg"',
        '\tAndroidPackageName   = "com.pikcloud.pikpak"',
        '\tWebClientID          = "YUMx5nI8ZU8Ap8pm"',
        '\tWebClientSecret      = "Zq8rT2vLx9Wm4kP7cJ5dF0"',
        '\tWebPackageName       = "mypikpak.com"',
        ")",
        "",
        "func login() Req {",
        "\treturn Req{",
        '\t\tClientID:     "Xp6vsxz_7IYVw2BB",',
        '\t\tClientSecret: "Xp6vsy4tN9toTVdMSpomVdXpRmES",',
        '\t\tPackageName:  "com.xunlei.downloadprovider",',
        "\t}",
        "}",
        "",
      ].join("\n"),
      "internal/oauth/app.go": [
        "package oauth",
        "",
        "const (",
        '\tClientID     = "Ov23liAbCdEf12345678"',
        '\tClientSecret = "q8Vt2LmZ9xR4wK7pN3sB6yH1cJ5dF0gA"',
        '\tRedirectPath = "/oauth/callback"',
        ")",
        "",
        "var pkg = struct{ PackageName string }{",
        '\tPackageName: "com.example.app",',
        "}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["drivers/cloud/util.go", 5, "low"],
      ["drivers/cloud/util.go", 8, "low"],
      ["drivers/cloud/util.go", 15, "low"],
      ["internal/oauth/app.go", 5, "medium"],
    ]);
    const [android, web] = findings;
    expect(android?.message).toContain("the app `com.pikcloud.pikpak`");
    expect(web?.message).toContain("the app `mypikpak.com`");
  });

  it("reads sample configs, seeders and a verification script's name as no production secret", async () => {
    const findings = await findingsOf(ID, {
      "v2/sample-simple.cfg": 'otpsecret = "3hnvnk4ycv44glzigd6s25j4dougs3rk"\n',
      "types/checkins/samples.go": 'package checkins\n\nvar c = Checkin{\n\tApiKey: "demoCheckin123",\n}\n',
      "packages/shared/lib/seeders/user.seeder.ts": "export const password = 'Password123!';\n",
      "packages/providers/providers.yaml":
        "pushpay:\n  credentials_verification_script: pushpayChmsV1CredentialsVerification\n",
      "v2/simple.cfg": 'otpsecret = "3hnvnk4ycv44glzigd6s25j4dougs3rk"\n',
      "types/checkins/checkin.go": 'package checkins\n\nvar c = Checkin{\n\tApiKey: "demoCheckin123",\n}\n',
      "packages/shared/lib/users/user.service.ts": "export const password = 'Password123!';\n",
    });
    expect(
      findings.filter((f) => f.severity !== "info" && f.severity !== "low").map((f) => f.location?.path),
    ).toEqual(["packages/shared/lib/users/user.service.ts", "types/checkins/checkin.go", "v2/simple.cfg"]);
  });

  it("reads MDX pages, seeding scripts, storage keys, namespaced keys and a secret-named object's plain member as no secret", async () => {
    const findings = await findingsOf(ID, {
      "handbook/design/customers.mdx": '```json\n{ "token": "shop_cst_Zq8xW2kP9vB3" }\n```\n',
      "server/scripts/seed_demo.py": 'CLIENT_SECRET = "Zq8xW2kP9vB3nR7tYw4L"\n',
      "idp/wallet.go": 'package idp\n\nconst Wallet3AuthTokenKey = "wallet3AuthToken"\n',
      "object/krb.go": 'package object\n\nconst ctxCredentials = "example.org/krb/v8/ctxCredentials"\n',
      "static/views/enrolled.html": "<span ng-if=\"U2FToken.vendor=='zq8xW2kP9v'\">x</span>\n",
      // Near misses: the same values as code's own secrets.
      "server/app/billing.py": 'CLIENT_SECRET = "Zq8xW2kP9vB3nR7tYw4L"\n',
      "idp/wallet_secret.go": 'package idp\n\nconst WalletAuthTokenKey = "zq8xW2kP9vB3nR7tYw4L"\n',
      "object/krb_key.go": 'package object\n\nconst ctxCredentials = "Zq8xW2kP9vB3/nR7tYw4L"\n',
      "static/views/u2f.js": "U2FToken.secret = 'Zq8xW2kP9vB3nR7tYw4L';\n",
    });
    expect(
      findings.filter((f) => f.severity !== "info" && f.severity !== "low").map((f) => f.location?.path),
    ).toEqual(["idp/wallet_secret.go", "object/krb_key.go", "server/app/billing.py", "static/views/u2f.js"]);
  });
});
