// security/jwt-unverified: JWTs accepted with the `none` algorithm or decoded without verifying the signature.
import { runsOnServer } from "../../facts/node/ast.js";
import { matchLines } from "../../facts/secrets/line-scan.js";
import type { Language } from "../../model/language.js";
import { defineRule } from "../define-rule.js";

const NONE_ALGORITHM: RegExp[] = [
  /\balg(?:orithm)?s?["']?\s*(?:=>|[:=])\s*\[?\s*["']none["']/i,
  /\bSigningMethodNone\b|\bUnsafeAllowNoneSignatureType\b|\bAlgorithm\.none\(\)|\bAlgorithm::None\b/,
];
const UNVERIFIED: Partial<Record<Language, RegExp[]>> = {
  python: [/["']verify_signature["']\s*:\s*False\b/, /\bjwt\.decode\([^)]*\bverify\s*=\s*False\b/],
  go: [/\.ParseUnverified\(/],
  elixir: [/\bJoken\.peek_claims\(|\bJoken\.peek\(|\bJOSE\.JWT\.peek(?:_payload)?\(/],
  ruby: [/\bJWT\.decode\([^)]*,\s*(?:nil|["'][^"']*["']|\w+)\s*,\s*false\b/],
  rust: [/\binsecure_disable_signature_validation\(\)|\bdangerous_insecure_decode\b|\binsecure_decode\b/],
  java: [/\.parseClaimsJwt\(|\bJWT\.decode\(/],
  kotlin: [/\.parseClaimsJwt\(|\bJWT\.decode\(/],
};
/** Code next to an unverified decode that shows why it is deliberate (key lookup, id_token, logging, claim checks). */
const DELIBERATE =
  /\bkid\b|get_unverified_header|\bid_?token\b|idToken|Logger\.metadata|\blog(?:ger)?\.\w+\(|\baudit\w*|NewValidator\(|validate_claims|verify_claims/i;

/** The argument decoded: `token` in `jwt.decode(token)`, `credentials.access_token`. */
const DECODED_ARGUMENT = /\bdecode\(\s*([\w$.]+)\s*[,)]/;
/** Where a token the application obtained from a provider is kept: its stored OAuth credentials, a token response. */
const PROVIDER_TOKEN =
  /\bcredentials?\b|\baccess_?token\b|\baccessToken\b|\btoken_?response\b|\btokenResponse\b/i;
/** Where a token a caller sent is read: the request, its headers, cookies, body or query. */
const INCOMING =
  /\b(?:req|request|ctx|context|event|headers?|cookies?|body|query|params|authorization|bearer)\b|\bAuthorization\b/i;

/**
 * A token the application obtained from a provider (the access token of its stored OAuth credentials, a token
 * endpoint's response), not one a caller presents: the decode reads the provider's claims (an account id), it
 * authenticates nobody. Judged from the decoded expression and, for a local, what it was last set to above.
 */
function providerToken(lines: readonly string[], line: number, text: string): string | undefined {
  const argument = DECODED_ARGUMENT.exec(text)?.[1];
  if (!argument) return undefined;
  const sources = [argument];
  if (/^[\w$]+$/.test(argument)) {
    const assigned = new RegExp(`\\b${argument.replace(/\$/g, "\\$")}\\s*=(?!=)\\s*([^;]+)`);
    for (let i = line - 2; i >= Math.max(0, line - 16); i--) {
      const value = assigned.exec(lines[i] ?? "")?.[1];
      if (value) {
        sources.push(value);
        break;
      }
    }
  }
  const source = sources[sources.length - 1] ?? "";
  return PROVIDER_TOKEN.test(source) && !INCOMING.test(source) ? source.trim() : undefined;
}

/**
 * The name of a small helper whose body is the decode (`export function decode(token) { return jwt.decode(token) }`):
 * it trusts nothing itself, what its callers do with the claims decides.
 */
function decodeHelper(lines: readonly string[], line: number): string | undefined {
  for (let i = line - 1; i >= Math.max(0, line - 5); i--) {
    const declared =
      /\bfunction\s+((?:decode|peek|unsafeDecode)\w*)\s*\(|\b((?:decode|peek|unsafeDecode)\w*)\s*(?:=|:)\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>|^\s*(?:export\s+)?(?:async\s+)?((?:decode|peek|unsafeDecode)\w*)\s*\([^)]*\)\s*(?::[^{]+)?\{/.exec(
        lines[i] ?? "",
      );
    if (declared) return declared[1] ?? declared[2] ?? declared[3];
  }
  return undefined;
}

/**
 * An identity that authentication middleware verified is returned first (`if (req.user) return req.user;`): the
 * decode below only runs on a route that no verifying guard covers.
 */
const VERIFIED_FIRST = /\bif\s*\(\s*(?:req|request|ctx\.state)\.(?:user|auth)\s*\)\s*\{?\s*return\b/;

/**
 * Browser code (a store or component reading the token from a cookie or local storage) holds no key: it can only
 * decode the claims to show them, and whatever decides access is the server's verification.
 */
const BROWSER_CODE =
  /\bdocument\.cookie\b|\b(?:localStorage|sessionStorage)\.|\bwindow\.|\bfrom\s+["'](?:js-cookie|vue|vuex|vuex-pathify|pinia|react|react-dom|svelte\/store|@angular\/core)["']/;
/** A verifying Passport strategy configured or run in the file (passport-jwt checks signature before expiry). */
const PASSPORT_JWT = /\bpassport-jwt\b|\bpassportJWT\.Strategy\b|\bauthenticate\(\s*["']jwt["']/;

// jsonwebtoken's decode() never checks the signature; it is a finding where the file never verifies.
const JS_DECODE = /\b(?:jwt|jsonwebtoken)\.decode\(/;

const LANGUAGES: Language[] = [
  "python",
  "javascript",
  "typescript",
  "tsx",
  "go",
  "elixir",
  "ruby",
  "rust",
  "java",
  "kotlin",
  "php",
  "csharp",
];

export default defineRule({
  id: "security/jwt-unverified",
  area: "security",
  severity: "high",
  title: "JWT accepted without signature verification",
  effortMinutes: 60,
  confidence: "certain",
  languages: LANGUAGES,
  needsTree: false,
  prefilter: /none|None|Unverified|verify|peek|insecure|decode|parseClaimsJwt/,
  docs: {
    rationale:
      "A token whose signature is not checked (or that may use the `none` algorithm) can be forged by anyone: the claims are just base64 the attacker writes.",
    impact:
      "Authentication bypass: an attacker sets `sub`/`role` claims to any user, including administrators.",
    fix: "Verify every token with the expected key and an explicit allow-list of algorithms (e.g. RS256 only); use the unverified decode only for logging, never for decisions.",
    example: {
      language: "python",
      bad: 'claims = jwt.decode(token, options={"verify_signature": False})',
      good: 'claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="api")',
    },
    examples: [
      {
        language: "typescript",
        bad: "const claims = jwt.decode(token);",
        good: "const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'], audience: 'api' });",
      },
      {
        language: "go",
        bad: "token, _, err := jwt.NewParser().ParseUnverified(raw, &claims)",
        good: 'token, err := jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) { return publicKey, nil }, jwt.WithValidMethods([]string{"RS256"}))',
      },
      {
        language: "elixir",
        bad: "{:ok, claims} = Joken.peek_claims(token)",
        good: "{:ok, claims} = MyApp.Token.verify_and_validate(token)",
      },
    ],
  },
  notes: [
    '`none` algorithm in any language (alg/algorithm(s) = "none", SigningMethodNone, Algorithm.none()); unverified decodes: PyJWT verify_signature False / verify=False, Go ParseUnverified, Joken.peek_claims / JOSE.JWT.peek, Ruby JWT.decode(..., false), Rust insecure decode, jjwt parseClaimsJwt, java-jwt JWT.decode.',
    "jsonwebtoken's jwt.decode() in JS/TS counts only when the file never calls jwt.verify(); tests are skipped.",
    "Severity: `none` algorithm high; an unverified decode medium, low when the same file also verifies tokens (a peek before verification, or a passport-jwt strategy that verifies), in browser code (a store or component reading the token from a cookie or storage: it holds no key and can only show the claims) or the code around it shows a deliberate use: reading the `kid` to look up the verification key, an OIDC `id_token` received from the provider's token endpoint over TLS, claims copied into log metadata or an audit record, or a claims validator right after; when the token decoded is one the application obtained from a provider (the access token of its stored OAuth credentials, a token response; not one read from the request); when the decode is the body of a helper named for it (`function decode(token) { return jwt.decode(token) }`: its callers decide); or when it is a fallback after the identity a verifying middleware set is returned (`if (req.user) return req.user;`), so only routes without the guard reach it.",
  ],
  checkFile({ path, lines, language, text, report }) {
    const patterns = [...NONE_ALGORITHM, ...(UNVERIFIED[language] ?? [])];
    const js = language === "javascript" || language === "typescript" || language === "tsx";
    const jsUnverified =
      js &&
      /jsonwebtoken|jose|jwt-decode/.test(text) &&
      !/\b(?:jwt|jsonwebtoken)\.verify\(|\bjwtVerify\(/.test(text);
    if (jsUnverified) patterns.push(JS_DECODE);
    // A file that also verifies tokens probably peeks at claims before verifying: still worth a look, lower.
    const alsoVerifies =
      /verify_and_validate|Joken\.verify|\.verify\(|jwtVerify\(|ParseWithClaims\(|jwt\.Parse\(|jwt\.decode\([^)]*algorithms\s*=/.test(
        text,
      ) || PASSPORT_JWT.test(text);
    const inBrowser = js && !runsOnServer(path, text) && BROWSER_CODE.test(text);
    for (const hit of matchLines(lines, language, patterns)) {
      const none = NONE_ALGORITHM.some((pattern) => pattern.test(hit.text));
      // Reasons to read claims unverified that the code states nearby: the key id to look the key up with,
      // an OIDC id_token received from the provider's token endpoint, claims copied into log metadata, or a
      // validator of the registered claims right after.
      const near = lines.slice(Math.max(0, hit.line - 9), hit.line + 8).join("\n");
      const deliberate = DELIBERATE.exec(near);
      const fallback =
        !none && lines.slice(Math.max(0, hit.line - 20), hit.line).some((l) => VERIFIED_FIRST.test(l));
      const obtained = none ? undefined : providerToken(lines, hit.line, hit.text);
      const helper = none || obtained ? undefined : decodeHelper(lines, hit.line);
      const why = obtained
        ? ` (the token decoded is one the application obtained from a provider, \`${obtained.slice(0, 60)}\`: its claims are read, no caller is authenticated by it)`
        : helper
          ? ` (inside \`${helper}\`, a helper that only decodes: what its callers do with the claims decides)`
          : "";
      report({
        line: hit.line,
        severity: none
          ? "high"
          : alsoVerifies || deliberate || fallback || inBrowser || obtained || helper
            ? "low"
            : "medium",
        confidence: none ? "certain" : "heuristic",
        message: none
          ? `The \`none\` algorithm is accepted: \`${hit.match[0].trim()}\``
          : `JWT decoded without verifying its signature: \`${hit.match[0].trim()}\`${inBrowser && !alsoVerifies ? " (in browser code, which holds no key: the claims may be shown, and the server must verify the token before trusting them)" : ""}${!alsoVerifies && !inBrowser && deliberate ? ` (nearby: \`${deliberate[0]}\`; check the claims are not used for access decisions)` : !alsoVerifies && !inBrowser && fallback ? " (a fallback: the identity a verifying guard put on the request is returned first, so only routes without that guard trust the unsigned claims)" : !alsoVerifies && !inBrowser && !deliberate && !fallback ? why : ""}`,
        key: hit.match[0].replace(/\s+/g, ""),
      });
    }
  },
});
