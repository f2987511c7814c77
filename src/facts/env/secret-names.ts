// Which environment variable names hold a secret the app signs, encrypts or authenticates with. Public keys, key
// IDs, key files and paths are not secrets. Shared by the secret-env facts and the Go rule that reads os.Getenv.
export const SECRET_ENV_NAME =
  /(?:^|_)(?:SECRET|SECRET_KEY|JWT_SECRET|SIGNING_KEY|ENCRYPTION_KEY|PASSWORD|PASSWD|API_KEY|TOKEN|HMAC_KEY|SESSION_KEY|PRIVATE_KEY)(?:_|$)/i;
export const NOT_SECRET_ENV_NAME =
  /(?:PUBLIC|_FILE|_PATH|_ID|_URL|_NAME|_HEADER|_TTL|_EXPIR|_DURATION|_LENGTH|_LEN)(?:_|$)/i;

export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name) && !NOT_SECRET_ENV_NAME.test(name);
}

/**
 * Secrets the app itself owns and cannot run correctly without: its signing, session and encryption keys
 * (`JWT_SECRET`, `SECRET_KEY`, `NEXTAUTH_SECRET`, `SESSION_SECRET`, `ENCRYPTION_KEY`), possibly behind an app prefix
 * (`PAPERLESS_SECRET_KEY`). Credentials of optional integrations (OAuth client secrets, mail passwords, provider API
 * keys and webhook secrets) are not: a missing one turns a feature off.
 */
const APP_SECRET_SUFFIX =
  /(?:^SECRET$|(?:^|_)(?:JWT_SECRET|JWT_KEY|SECRET_KEY|AUTH_SECRET|NEXTAUTH_SECRET|SESSION_SECRET|SESSION_KEY|COOKIE_SECRET|SIGNING_KEY|SIGNING_SECRET|ENCRYPTION_KEY|ENCRYPTION_SECRET|HMAC_KEY|HMAC_SECRET|TOKEN_SECRET|APP_SECRET|APP_KEY)$)/i;
const INTEGRATION =
  /(?:^|_)(?:CLIENT|OAUTH|OIDC|STRIPE|AWS|S3|R2|SPACES|GOOGLE|GITHUB|GITLAB|AZURE|AZUREAD|APPLE|SLACK|DISCORD|TWILIO|SENDGRID|MAILGUN|MAIL|SMTP|EMAIL|OPENAI|WEBHOOK|CRON|RECAPTCHA|TURNSTILE|CAPTCHA|SENTRY|POSTHOG|PUSHER|ALGOLIA|CLOUDINARY|FIREBASE|PAYPAL|LEMON|LEMONSQUEEZY|TELEGRAM|KEYCLOAK|AUTH0|OKTA|FACEBOOK|TWITTER|LINKEDIN|MICROSOFT|ACCESS)(?:_|$)/i;

export function isAppSecretEnvName(name: string): boolean {
  return APP_SECRET_SUFFIX.test(name) && !INTEGRATION.test(name) && !NOT_SECRET_ENV_NAME.test(name);
}
