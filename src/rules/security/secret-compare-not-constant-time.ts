// security/secret-compare-not-constant-time: an HMAC, a configured secret or a request credential compared with
// `==`/`===` instead of the language's constant-time comparison.
import type { Language } from "../../model/language.js";
import { localOnlyListenSite } from "../../facts/go/index.js";
import { runsOnServer } from "../../facts/node/ast.js";
import {
  namesMacFunction,
  readsSecretComparisons,
  secretComparisons,
  type SecretSide,
} from "../../facts/secrets/secret-comparisons.js";
import { defineRule } from "../define-rule.js";

const BROWSER =
  /["']use client["']|\bwindow\.|\bdocument\.|\blocalStorage\.|\bfrom\s+["'](?:react|react-dom|vue|svelte)["']/;

/** A token that only cancels or aborts something pending (a device-login cancel token, an unsubscribe link). */
/** The key of a comparison with a call of another file's function, kept only if that function computes a MAC. */
const ELSEWHERE = /^mac-call:([^|]+)\|/;

const CANCEL_ONLY = /cancel|abort|unsubscribe/i;

const FIX: Partial<Record<Language, string>> = {
  javascript: "crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b)) after checking the lengths match",
  typescript: "crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b)) after checking the lengths match",
  tsx: "crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b)) after checking the lengths match",
  go: "hmac.Equal (or subtle.ConstantTimeCompare)",
  python: "hmac.compare_digest",
  elixir: "Plug.Crypto.secure_compare/2",
};

function describe(side: SecretSide): string {
  switch (side.kind) {
    case "mac":
      return side.definedIn
        ? `an HMAC computed by \`${side.definedIn.replace(/^.*#/, "")}\``
        : `a computed HMAC (\`${side.via}\`)`;
    case "configured-secret":
      return `the configured secret \`${side.name}\``;
    case "request-credential":
      return `the request's \`${side.name}\``;
    case "digest":
      return `a digest computed from it (\`${side.via}\`)`;
  }
}

export default defineRule({
  id: "security/secret-compare-not-constant-time",
  area: "security",
  severity: "medium",
  title: "Secret compared with a non-constant-time equality",
  effortMinutes: 15,
  confidence: "heuristic",
  inUnreachedFile: "low",
  outsideProduction: "low",
  languages: ["javascript", "typescript", "tsx", "go", "python", "elixir"],
  prefilter:
    /[Ss]ign|[Hh]mac|HMAC|[Dd]igest|createHmac|hmac\.New|hmac\.new|hmac\.HMAC|hmac\.digest|:crypto\.(?:mac|hmac)|process\.env|\benv\.|os\.Getenv|os\.environ|os\.getenv|settings\.|System\.(?:get|fetch)_env|Application\.(?:get|fetch)_env|viper\.GetString|headers|Header\.Get|GetHeader|Cookie|get_req_header|request\./,
  docs: {
    rationale:
      "`==` and `===` stop at the first byte that differs, so how long a failed comparison takes tells whoever sends the guesses how much of a signature or key was right; repeated requests recover the expected value byte by byte. Webhook signatures, API keys and shared tokens are compared with a function whose time does not depend on the content.",
    impact:
      "An attacker who can time responses can forge a webhook signature or recover a shared secret, and then send requests the check was meant to refuse.",
    fix: "Compare secrets with the constant-time function of the platform: `crypto.timingSafeEqual` (Node, lengths checked first), `hmac.Equal` / `subtle.ConstantTimeCompare` (Go), `hmac.compare_digest` (Python), `Plug.Crypto.secure_compare/2` (Elixir).",
    example: {
      language: "typescript",
      bad: 'const expected = createHmac("sha256", secret).update(body).digest("hex");\nif (req.headers["x-signature"] !== expected) return res.status(401).end();',
      good: 'const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("hex"));\nconst received = Buffer.from(String(req.headers["x-signature"] ?? ""));\nif (received.length !== expected.length || !timingSafeEqual(received, expected)) return res.status(401).end();',
    },
    examples: [
      {
        language: "go",
        bad: 'mac := hmac.New(sha256.New, secret)\nmac.Write(body)\nif hex.EncodeToString(mac.Sum(nil)) != r.Header.Get("X-Signature") {\n\treturn errBadSignature\n}',
        good: 'mac := hmac.New(sha256.New, secret)\nmac.Write(body)\nwant := []byte(hex.EncodeToString(mac.Sum(nil)))\nif !hmac.Equal(want, []byte(r.Header.Get("X-Signature"))) {\n\treturn errBadSignature\n}',
      },
      {
        language: "python",
        bad: 'expected = hmac.new(key, body, hashlib.sha256).hexdigest()\nif expected != request.headers["X-Signature"]:\n    raise PermissionDenied',
        good: 'expected = hmac.new(key, body, hashlib.sha256).hexdigest()\nif not hmac.compare_digest(expected, request.headers["X-Signature"]):\n    raise PermissionDenied',
      },
      {
        language: "elixir",
        bad: "expected = :crypto.mac(:hmac, :sha256, secret, body) |> Base.encode16(case: :lower)\nif signature == expected, do: :ok, else: :error",
        good: "expected = :crypto.mac(:hmac, :sha256, secret, body) |> Base.encode16(case: :lower)\nif Plug.Crypto.secure_compare(signature, expected), do: :ok, else: :error",
      },
    ],
  },
  notes: [
    'Read from the syntax tree in TS/JS, Go, Python and Elixir: `===`/`!==`/`==`/`!=` (and Go `bytes.Equal`) where one side is a computed HMAC — `createHmac(…).digest()`, Go `hmac.New` + `Sum`, Python `hmac.new(…).hexdigest()`, Elixir `:crypto.mac` — directly, through a name bound earlier in the function, or through a call of a function of the same file that computes one; or a secret read from the environment or configuration (`process.env.*_SECRET`, `os.Getenv("…_TOKEN")`, `os.environ[…]`, `settings.*_KEY`, `System.get_env`, `Application.get_env(…, :api_key)`) compared with anything that is not a literal; or a credential read from the request (a signature, token or API-key header, cookie or parameter, directly or through the name it was read into) compared with a value named for a secret or with a digest computed in the function (a keyed hash such as `sha256(clientSecret + body)`). A config read counts only as the compared value itself or text built around it (`Bearer ${process.env.TOKEN}`), not as an argument of a call that derives another value from it (`get_token_hash(token, secret=settings.SECRET)`). In Elixir a name bound by a `case` clause to the subject (`case Application.get_env(:app, :api_key) do key when is_binary(key) -> token == key`) is read as that subject.',
    'Also read: Web Crypto HMACs (`crypto.subtle.sign("HMAC", key, data)` of an HMAC key, edge runtimes) and Django\'s `salted_hmac`; an encoding of a MAC bound earlier (`Array.from(new Uint8Array(sig))…join("")`, `base64.b64encode(digest)`); an Elixir `case hmac do ^signature -> …` clause, which matches byte by byte like `==`; and a call of a signing helper of another file of the project — an Elixir `Module.fun` (aliases expanded), a Python function imported with `from … import`, a Go function of the same package — when the repository\'s facts show that function computes and returns a MAC. A MAC compared with a value the server holds or signed itself (its session, a signed serializer\'s payload: `session.get("hash")`, `unserialize(code)["v"]`) is not reported: nobody who could time it chooses that value. Python membership tests (`token in valid_tokens`) are not equality comparisons and are not reported.',
    "Silent on literals, `null`/`nil`/`None` checks, length and type checks, and in a function that also calls the constant-time function (`timingSafeEqual`, `hmac.Equal`, `subtle.ConstantTimeCompare`, `compare_digest`, `secure_compare`), where the equality is a pre-check beside the real comparison. Plain hashes (`sha256(x).hexdigest()`) are not HMACs and are not reported. Tests are not checked; nor is browser code (a `.tsx` file or one that says `use client` or uses `window`/`document`/React, and imports nothing that runs only on a server): it holds no server secret.",
    "Medium: the timing difference is small and needs many requests to measure, but the fix is one line.",
    "Low where what the comparison guards is worth little to whoever could time it: a token named for cancelling or aborting (`CancelToken != cancelToken` only lets one cancel a pending login); a check of what an upstream answered, in a function that calls another service and reads nothing from the incoming request (a response signature: only whoever sits between the two services could time it); Go code whose program listens only on this host (every listen site — `ListenAndServe`, `http.Server{Addr}`, `net.Listen` — of the file's folder, or of the nearest folder above it that has any, is a loopback address or a Unix socket: a desktop app's UI server).",
  ],
  reviseWithFacts(findings, facts) {
    const defined = facts.macFunctions ?? [];
    const kept = findings.filter((finding) => {
      const callee = ELSEWHERE.exec(finding.key)?.[1];
      return callee === undefined || namesMacFunction(defined, callee);
    });
    if (!facts.go) return kept;
    return kept.map((finding) => {
      const path = finding.location?.path;
      if (!path?.endsWith(".go") || finding.severity === "low") return finding;
      const site = localOnlyListenSite(facts.go, path);
      if (!site) return finding;
      const where = site.address === "unix:" ? "a Unix socket" : site.address;
      return {
        ...finding,
        severity: "low",
        message: `${finding.message}; low: the program serving it listens on ${where} only (${site.path}:${site.line}), so only a process on the same host can time it`,
      };
    });
  },
  checkFile({ tree, path, text, language, report }) {
    if (!tree || !readsSecretComparisons(language)) return;
    const js = language === "javascript" || language === "typescript" || language === "tsx";
    // Browser code holds no server secret; a service module without a Node import (`packages/shared/lib/services/x.ts`)
    // still runs on the server, so only code that says it runs in the browser is skipped.
    if (js && !runsOnServer(path, text) && (language === "tsx" || BROWSER.test(text))) return;
    for (const comparison of secretComparisons(tree, language, path)) {
      const { node, operator, secret, other, otherNode, upstream } = comparison;
      const otherText = otherNode.text().replace(/\s+/g, " ");
      const what = other
        ? `${describe(secret)} and ${describe(other)}`
        : secret.kind === "request-credential"
          ? `${describe(secret)} and the secret \`${otherText.length > 60 ? `${otherText.slice(0, 57)}…` : otherText}\``
          : describe(secret);
      const written = node.text().replace(/\s+/g, " ");
      const quoted = written.length > 90 ? `${written.slice(0, 87)}…` : written;
      const lowered = CANCEL_ONLY.test(written)
        ? "; low: the token only cancels or aborts something pending"
        : upstream
          ? "; low: it checks what a service this code called answered, not an incoming request"
          : "";
      report({
        node,
        message: `\`${quoted}\` compares ${what} with \`${operator}\`, whose time depends on how many leading bytes match; use ${FIX[language] ?? "a constant-time comparison"}${lowered}`,
        key: `${secret.kind === "mac" && secret.definedIn ? `mac-call:${secret.definedIn}|` : ""}${written.replace(/\s+/g, "").slice(0, 160)}`,
        ...(lowered ? { severity: "low" as const } : {}),
      });
    }
  },
});
