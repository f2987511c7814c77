import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "generic/unchecked-secret-env";

describe(ID, () => {
  it("fires on Python and Node secrets used without a check", async () => {
    const findings = await findingsOf(ID, {
      "app/auth.py": [
        "import os",
        "import jwt",
        'SECRET = os.environ.get("JWT_SECRET")',
        "",
        "def issue(user_id):",
        '    return jwt.encode({"sub": user_id}, SECRET, algorithm="HS256")',
      ].join("\n"),
      "app/hooks.py":
        'import os\nimport hmac\n\ndef sign(body):\n    return hmac.new(os.getenv("HMAC_SECRET").encode(), body, "sha256")\n',
      "src/auth.ts": [
        'import jwt from "jsonwebtoken";',
        "export const sign = (id: string) => jwt.sign({ sub: id }, process.env.JWT_SECRET!);",
        "export const session = { secret: process.env.SESSION_SECRET as string };",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/auth.py:3",
      "app/hooks.py:5",
      "src/auth.ts:3",
    ]);
    // One finding per variable: JWT_SECRET's use in src/auth.ts is a related location of the first.
    expect(findings[0]?.message).toContain("(2 places)");
  });

  it("stays silent on required reads, checks, defaults, schemas and Django settings", async () => {
    expect(
      await findingsOf(ID, {
        "app/auth.py": 'import os\nSECRET = os.environ["JWT_SECRET"]\n',
        "app/checked.py": [
          "import os",
          'API_TOKEN = os.getenv("API_TOKEN")',
          "if not API_TOKEN:",
          '    raise RuntimeError("API_TOKEN is not set")',
        ].join("\n"),
        "app/defaults.py":
          'import os\nDEBUG_TOKEN = os.getenv("DEBUG_TOKEN", "")\nPASSWORD = os.getenv("DB_PASSWORD") or None\n',
        "app/settings.py": 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY")\n',
        "app/config.py": [
          "from pydantic_settings import BaseSettings",
          "class Settings(BaseSettings):",
          "    encryption_key: str",
        ].join("\n"),
        "app/crypto.py":
          'import os\nfrom cryptography.fernet import Fernet\nf = Fernet(os.environ.get("ENCRYPTION_KEY"))\n',
        "src/env.ts": [
          'import { createEnv } from "@t3-oss/env-nextjs";',
          "export const env = createEnv({",
          "  server: { NEXTAUTH_SECRET: z.string() },",
          "  runtimeEnv: { NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET },",
          "});",
        ].join("\n"),
        "src/auth.ts": [
          "export const options = { secret: process.env.NEXTAUTH_SECRET };",
          'if (!process.env.JWT_SECRET) throw new Error("JWT_SECRET is required");',
          "export const sign = (id: string) => jwt.sign({ sub: id }, process.env.JWT_SECRET);",
          'export const key = process.env.API_KEY ?? "";',
          "export const url = process.env.API_KEY_URL;",
        ].join("\n"),
        "tests/auth.test.ts": "jwt.sign({}, process.env.TEST_SECRET);",
        // Checked in another file; credentials of optional integrations.
        // A schema's input object (hedgedoc's `schema.safeParse({ session: { secret: process.env.X } })`).
        "src/config/auth.config.ts":
          "export const auth = schema.safeParse({ session: { secret: process.env.HD_SESSION_SECRET } });",
        "src/boot.ts": 'if (!process.env.COOKIE_SECRET) throw new Error("COOKIE_SECRET is not set");',
        "src/cookies.ts": "app.use(cookieParser(process.env.COOKIE_SECRET));",
        "src/oauth.ts": "export const github = GitHub({ clientSecret: process.env.GITHUB_CLIENT_SECRET });",
        "app/mail.py":
          'import os\nMAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")\nSTRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")\n',
      }),
    ).toEqual([]);
  });

  it("fires on secrets used inside template strings and f-strings (an unset one becomes the text undefined/None)", async () => {
    const findings = await findingsOf(ID, {
      "src/client.ts":
        "export const headers = () => ({ Authorization: `Bearer ${process.env.APP_SECRET}` });\n",
      "src/crypto.ts":
        'import crypto from "crypto";\nexport const key = crypto.createHash("sha256").update(`${process.env.ENCRYPTION_KEY}:salt`).digest();\n',
      "app/sign.py":
        'import os\nimport hmac\n\ndef sign(body):\n    return hmac.new(f"{os.getenv(\'HMAC_SECRET\')}".encode(), body, "sha256")\n',
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/sign.py:5",
      "src/client.ts:1",
      "src/crypto.ts:2",
    ]);
  });

  it("is low for a secret its library enforces (NEXTAUTH_SECRET) or one read only under a feature flag", async () => {
    const findings = await findingsOf(ID, {
      "docker/config.py": [
        "import os",
        'ENABLE_TRELLO_IMPORTER = os.getenv("ENABLE_TRELLO_IMPORTER", "False") == "True"',
        "if ENABLE_TRELLO_IMPORTER:",
        '    IMPORTERS["trello"] = {"secret_key": os.getenv("TRELLO_IMPORTER_SECRET_KEY")}',
        "if DEBUG:",
        '    SIGNER = {"secret_key": os.getenv("APP_SECRET_KEY")}',
      ].join("\n"),
      "lib/jackson.ts": [
        "import jackson from '@boxyhq/saml-jackson';",
        "export const opts = { clientSecretVerifier: process.env.NEXTAUTH_SECRET as string };",
        "export const signer = { secret: process.env.JWT_SECRET as string };",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      // DEBUG is no feature flag: the secret is still needed.
      ["docker/config.py", 4, "low"],
      ["docker/config.py", 6, "medium"],
      ["lib/jackson.ts", 2, "low"],
      ["lib/jackson.ts", 3, "medium"],
    ]);
    expect(findings[0]?.message).toContain(
      "read only when `ENABLE_TRELLO_IMPORTER` turns an optional feature on",
    );
    expect(findings[2]?.message).toContain("next-auth refuses to run in production without it");
  });
});
