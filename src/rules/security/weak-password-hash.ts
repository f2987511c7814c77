// security/weak-password-hash: MD5 or SHA-1 applied to a password-like value, in any language.
import { isCommentLine } from "../../facts/secrets/line-scan.js";
import type { Language } from "../../model/language.js";
import { defineRule } from "../define-rule.js";

// A weak digest named in a call: hashlib.md5, crypto.createHash("sha1"), md5.Sum, :crypto.hash(:md5, …),
// Digest::MD5, MessageDigest.getInstance("SHA-1"), DigestUtils.md5Hex, sha1(), hash('md5', …).
const WEAK =
  /\bhashlib\.(?:md5|sha1)\b|\bhashlib\.new\(\s*["'](?:md5|sha1)["']|createHash\(\s*["'](?:md5|sha1)["']|\b(?:md5|sha1)\.(?:Sum|New)\b|:crypto\.hash\(\s*:(?:md5|sha)\b|\bDigest::(?:MD5|SHA1)\b|getInstance\(\s*["'](?:MD5|SHA-?1)["']|\bDigestUtils\.(?:md5|sha1)(?:Hex)?\b|\bhash\(\s*["'](?:md5|sha1)["']|\b(?:md5|sha1)\s*\(|\bMd5::|\bSha1::|\bmd5::compute\b|\bHashlib\.(?:md5|sha1)\b/;
const PASSWORD = /\b\w*(?:passw(?:or)?d|passwd|passphrase|pwd)\w*\b/i;
// Words that show the digest is used for something else on the same line (checksums, cache keys, legacy import).
const OTHER_USE =
  /checksum|etag|cache[_-]?key|fingerprint|gravatar|content[_-]?hash|file[_-]?hash|usedforsecurity\s*=\s*False/i;
/**
 * Protocols that mandate MD5/SHA-1 of a password: HTTP Digest authentication (HA1 = MD5(user:realm:password)),
 * the Have I Been Pwned range API (SHA-1 prefix, k-anonymity), the Fever API token, CRAM-MD5/APOP, the database wire
 * protocols' password exchanges (PostgreSQL AuthenticationMD5Password, MySQL mysql_native_password), the Subsonic API
 * token (md5(password + salt)). The digest is
 * what the protocol sends, not how the application stores passwords.
 */
const PROTOCOL =
  /\brealm\b|\bnonce\b|\bqop\b|\bha1\b|digest[_-]?auth|pwnedpasswords|haveibeenpwned|\bhibp\b|\bfever|cram-?md5|\bapop\b|authentication_?md5|mysql_native_password|\bsubsonic/i;
/**
 * An LDAP userPassword written in a scheme of RFC 2307 (`"{MD5}" + base64(md5(password))`) chosen among stronger ones
 * (`case "SSHA":`, `{CRYPT}`, `{SHA512}`): the directory server's configured scheme, which the code must write for the
 * server to verify the password, not how the project stores passwords.
 */
const LDAP_WEAK_SCHEME = /["'`]\{(?:MD5|SMD5|SHA)\}/;
const LDAP_OTHER_SCHEME = /\bSSHA\b|\{(?:CRYPT|SSHA\d*|SHA(?:256|384|512)|ARGON2|PBKDF2[\w-]*)\}/;
/** A slow password hash beside the weak one: the project stores new passwords with it. */
const SLOW_HASH = /argon2|bcrypt|scrypt|pbkdf2/i;
/** Calls that hash a password slowly: the weak digest inside one only prepares its input (`bcrypt(md5(x))`). */
const SLOW_HASH_CALL =
  /(?:\bhash_?password|\bhashPassword|\bbcrypt\w*(?:\.\w+)?|\bargon2\w*(?:\.\w+)?|\bscrypt\w*|\bpbkdf2\w*|\bmake_password|\bgenerate_password_hash|\bhash_pwd_salt|\bpassword_hash|\bset_password|\bGenerateFromPassword)\s*\(/gi;

/** Whether the text before a weak digest leaves a slow password-hash call open around it. */
function insideSlowHashCall(before: string): boolean {
  for (const call of before.matchAll(SLOW_HASH_CALL)) {
    let depth = 0;
    for (const char of before.slice((call.index ?? 0) + call[0].length - 1)) {
      if (char === "(") depth++;
      else if (char === ")") depth--;
    }
    if (depth > 0) return true;
  }
  return false;
}

/** The weak digest's result compared with a stored value: a password checked against an older scheme's hash. */
const COMPARED =
  /===|!==|[^=!<>]==[^=]|!=[^=]|compare_digest|timingSafeEqual|ConstantTimeCompare|secure_compare|consteq|constant_time_compare/;
/** Identifiers of an already-hashed password: hashing it again makes a token, not a password hash. */
const HASHED = /passw(?:or)?d_?hash|hashed_?passw(?:or)?d|passw(?:or)?dHash/i;

const LANGUAGES: Language[] = [
  "python",
  "javascript",
  "typescript",
  "tsx",
  "go",
  "elixir",
  "erlang",
  "ruby",
  "java",
  "kotlin",
  "php",
  "rust",
  "csharp",
  "scala",
];

export default defineRule({
  id: "security/weak-password-hash",
  area: "security",
  severity: "high",
  title: "Password hashed with MD5 or SHA-1",
  effortMinutes: 120,
  confidence: "heuristic",
  languages: LANGUAGES,
  needsTree: false,
  prefilter: /md5|sha1|MD5|SHA-?1|Md5|Sha1|:sha\b/,
  docs: {
    rationale:
      "MD5 and SHA-1 are fast digests: GPUs try billions of guesses per second, so a leaked table of such password hashes is cracked in hours.",
    impact: "A database leak becomes a leak of users' plaintext passwords, reused on other sites.",
    fix: "Hash passwords with a slow, salted password hash (argon2id, bcrypt, scrypt, PBKDF2 with a high iteration count) and re-hash on next login.",
    example: {
      language: "python",
      bad: "digest = hashlib.md5(password.encode()).hexdigest()",
      good: "from argon2 import PasswordHasher\ndigest = PasswordHasher().hash(password)",
    },
    examples: [
      {
        language: "go",
        bad: "sum := md5.Sum([]byte(password))",
        good: "hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)",
      },
      {
        language: "typescript",
        bad: "const digest = createHash('sha1').update(password).digest('hex');",
        good: "import argon2 from 'argon2';\nconst digest = await argon2.hash(password);",
      },
      {
        language: "elixir",
        bad: ":crypto.hash(:md5, password)",
        good: "Argon2.hash_pwd_salt(password)",
      },
    ],
  },
  notes: [
    "A weak digest call (MD5/SHA-1 in Python, JS/TS, Go, Elixir/Erlang, Ruby, Java/Kotlin, PHP, Rust, C#) with a password-like identifier (password, passwd, passphrase, pwd) on the same line or the next two lines (chained `.update(password)`).",
    "Skipped when the call speaks of checksums, ETags, cache keys or fingerprints or passes `usedforsecurity=False`, when the identifier is an already-hashed password (`password_hash`), and in files about protocols that mandate the digest (HTTP Digest authentication with realm/nonce/HA1, the Have I Been Pwned range API, the Fever API, CRAM-MD5/APOP, the PostgreSQL MD5 and MySQL native-password handshakes of a database client or proxy, the Subsonic API token), and an LDAP password written in the RFC 2307 scheme (`{MD5}`, `{SHA}`) the directory is configured for, chosen among stronger ones (an SSHA case beside it); tests are skipped.",
    "Skipped when the digest is an argument of a slow password-hash call on the same line (`hashPassword(md5(…))`, `bcrypt.hash(sha1(password))`): the slow hash is what is stored.",
    "Low when the digest's result is compared with a stored value (on that line or the next three: `consteq`, `compare_digest`, `==`) and a slow password hash (argon2, bcrypt, scrypt, PBKDF2) is used within 15 lines: verifying users whose hashes were imported from an older system, while new passwords get the slow hash.",
  ],
  checkFile({ lines, language, path, report }) {
    lines.forEach((text, index) => {
      if (text.length > 2000 || isCommentLine(text, language)) return;
      const weak = WEAK.exec(text);
      if (!weak) return;
      const window = [text, lines[index + 1] ?? "", lines[index + 2] ?? ""]
        .filter((line, i) => i === 0 || !isCommentLine(line, language))
        .join("\n");
      const password = PASSWORD.exec(window);
      if (!password || OTHER_USE.test(window) || HASHED.test(password[0])) return;
      // `hashPassword(md5(…))`, `bcrypt.hash(sha1(password))`: the slow hash is what is stored.
      if (insideSlowHashCall(text.slice(0, weak.index))) return;
      // Code about a protocol that mandates the digest (Digest auth, HIBP, Fever) computes what the protocol sends.
      const context = lines.slice(Math.max(0, index - 15), index + 16).join("\n");
      if (PROTOCOL.test(path) || PROTOCOL.test(context)) return;
      if (LDAP_WEAK_SCHEME.test(context) && LDAP_OTHER_SCHEME.test(context)) return;
      // Verifying users whose hashes were imported from an older system, beside a slow hash for new passwords.
      // The comparison may follow on the next lines (`h = sha1(pw + salt)` then `if consteq(h.hexdigest(), stored):`).
      const compared = [text, ...lines.slice(index + 1, index + 4)].some(
        (line) => !isCommentLine(line, language) && COMPARED.test(line),
      );
      const legacy = compared && SLOW_HASH.test(context);
      report({
        line: index + 1,
        message: legacy
          ? `\`${weak[0].trim()}\` checks \`${password[0]}\` against a stored MD5/SHA-1 hash beside a slow hash for new passwords: re-hash these users with the slow hash at their next sign-in so the weak hashes disappear`
          : `\`${weak[0].trim()}\` is applied to \`${password[0]}\`: MD5/SHA-1 are too fast for passwords`,
        key: `${weak[0].replace(/\s+/g, "")}:${password[0]}`,
        ...(legacy ? { severity: "low" as const } : {}),
      });
    });
  },
});
