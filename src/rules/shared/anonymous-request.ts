// What the TLS-verification rules of every language share: whether a request made with verification off carries a
// credential. A fetch of a public page or a ping that sends none (a page watcher, a site cloner, an uptime probe)
// risks a forged response, not a stolen secret.

/** Words of a credential a request can carry: an auth header or option, a token, a password, a key, a cookie. */
const CREDENTIAL =
  /auth|bearer|token|passw(?:or)?d|passwd|secret|api[_-]?key|apikey|access[_-]?key|cookie|session[_-]?id|\bcert\s*=|client[_-]?cert|credential|signature|\bsign\(/i;

/**
 * Words of what a forged response could subvert even when nothing secret is sent: keys and identity metadata
 * (JWKS, OpenID discovery, SAML metadata), updates, downloads and packages that will be installed or run.
 */
const TRUSTED_CONTENT =
  /jwks|openid|well-known|discovery|saml|metadata|update|upgrade|download|release|install|artifact|package|binary|checksum|\.(?:tar|tgz|zip|whl|deb|rpm|exe|sh)\b/i;

/**
 * Whether the text of a request (its call, or the function that builds and sends it) names no credential and
 * nothing whose integrity the code then trusts (keys, metadata, updates, downloads).
 */
export function sendsNoCredential(requestText: string): boolean {
  // The switch itself (`rejectUnauthorized`) names no credential the request carries.
  const text = requestText.replace(/(?:NODE_TLS_)?(?:reject)?[_-]?unauthori[sz]ed/gi, "");
  return !CREDENTIAL.test(text) && !TRUSTED_CONTENT.test(text);
}

/** The message part that says why verification off weighs less on such a request. */
export const ANONYMOUS_REQUEST_NOTE =
  "on a request that sends no credential and only reads the response (a page fetch or probe): an impersonator can forge what it reads, not steal a secret";
