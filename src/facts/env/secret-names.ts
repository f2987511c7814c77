// Which environment variable names hold a secret the app signs, encrypts or authenticates with. Public keys, key
// IDs, key files and paths are not secrets. Shared by the secret-env facts and the Go rule that reads os.Getenv.
export const SECRET_ENV_NAME =
  /(?:^|_)(?:SECRET|SECRET_KEY|JWT_SECRET|SIGNING_KEY|ENCRYPTION_KEY|PASSWORD|PASSWD|API_KEY|TOKEN|HMAC_KEY|SESSION_KEY|PRIVATE_KEY)(?:_|$)/i;
export const NOT_SECRET_ENV_NAME =
  /(?:PUBLIC|_FILE|_PATH|_ID|_URL|_NAME|_HEADER|_TTL|_EXPIR|_DURATION|_LENGTH|_LEN)(?:_|$)/i;

export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name) && !NOT_SECRET_ENV_NAME.test(name);
}
