// Which environment entries of a compose service are literal secrets: shared by the rules that judge compose
// credentials (docker/compose-default-password) and the generic secret scan (which leaves those lines to it).
import type { ComposeFile } from "./index.js";

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SECRET_KEY_BASE)(_|$)/i;
const NOT_SECRET = /(_FILE|_PATH|_URL|_HOST|_USER(NAME)?|_LENGTH)$/i;
/**
 * Credentials of a database, search engine, cache or broker, on its own service or on the app that connects to it
 * (`POSTGRES_PASSWORD`, `ELASTIC_PASSWORD`, an app's `KIWI_DB_PASSWORD`).
 */
const DATABASE_SECRET =
  /(^|_)(POSTGRES|PG|MYSQL|MARIADB|MONGO(_INITDB_ROOT)?|REDIS|RABBITMQ(_DEFAULT)?|DB|DATABASE|TIMESCALE|CLICKHOUSE|ELASTIC(SEARCH)?|OPENSEARCH|ES|INFLUXDB?|COUCHDB|NEO4J)_?\w*PASS(WORD|WD)?$/i;
/** Values that tell the reader to set their own (`replace-me-with-a-random-string`, `<your-secret>`), unlike defaults such as `postgres`. */
const INSTRUCTION =
  /change.?me|replace.?(me|this|with)|your[_-]|^<.*>$|^x{4,}$|placeholder|generate|set.?(me|this)|todo|fixme/i;

/** A secret-named environment entry with a literal value (not interpolated, empty or a set-your-own placeholder). */
export function isLiteralComposeSecret(env: { name: string; value: string | null }): boolean {
  return (
    SECRET_NAME.test(env.name) &&
    !NOT_SECRET.test(env.name) &&
    env.value !== null &&
    env.value.trim() !== "" &&
    !env.value.includes("${") &&
    !INSTRUCTION.test(env.value)
  );
}

/** A database/search/cache credential, by the variable's name. */
export function isDatabaseSecretName(name: string): boolean {
  return DATABASE_SECRET.test(name);
}

/** Whether line `line` of compose file `path` sets a literal secret in a service's environment. */
export function composeSecretAt(
  compose: readonly ComposeFile[] | undefined,
  path: string,
  line: number,
): boolean {
  const file = compose?.find((f) => f.path === path);
  return (
    file?.services.some((s) => s.environment.some((e) => e.line === line && isLiteralComposeSecret(e))) ??
    false
  );
}
