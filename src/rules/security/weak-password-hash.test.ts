import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/weak-password-hash";

describe(ID, () => {
  it("fires on MD5/SHA-1 of a password in several languages", async () => {
    const findings = await findingsOf(ID, {
      "app/auth.py":
        "import hashlib\n\ndef store(user, password):\n    user.hash = hashlib.md5(password.encode()).hexdigest()\n",
      "src/auth.ts":
        'import { createHash } from "node:crypto";\nexport const digest = (plainPassword: string) =>\n  createHash("sha1")\n    .update(plainPassword)\n    .digest("hex");\n',
      "lib/accounts.ex": "defmodule Accounts do\n  def hash(pwd), do: :crypto.hash(:md5, pwd)\nend\n",
      "internal/auth/hash.go":
        "package auth\nfunc Hash(password string) [16]byte { return md5.Sum([]byte(password)) }\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["app/auth.py", 4],
      ["internal/auth/hash.go", 2],
      ["lib/accounts.ex", 2],
      ["src/auth.ts", 3],
    ]);
  });

  it("leaves a weak digest that only prepares the input of a slow password hash on the same line", async () => {
    const findings = await findingsOf(ID, {
      "src/model/user.ts": [
        'import md5 from "md5";',
        "export async function createOAuthUser(email: string) {",
        "  return prisma.user.create({ data: { email, password: await hashPassword(md5(String(Date.now()))) } });",
        "}",
        "export async function legacyStore(password: string) {",
        "  const digest = md5(password); const hashed = await hashPassword(digest);",
        "  return hashed;",
        "}",
      ].join("\n"),
    });
    // Line 6 computes md5(password) outside any slow hash call: the rule cannot tell where the digest goes.
    expect(findings.map((f) => f.location?.startLine)).toEqual([6]);
  });

  it("stays silent on checksums, strong hashes, comments and tests", async () => {
    const findings = await findingsOf(ID, {
      "app/files.py":
        "import hashlib\nchecksum = hashlib.md5(data).hexdigest()\nhashed = bcrypt.hashpw(password, bcrypt.gensalt())\n",
      "app/cache.py": "key = hashlib.sha1(url.encode()).hexdigest()\n# never hashlib.md5(password)\n",
      "src/etag.ts": 'const etag = createHash("md5").update(body).digest("hex");\n',
      "tests/test_auth.py": "hashlib.md5(password.encode())\n",
    });
    expect(findings).toEqual([]);
  });

  it("leaves an LDAP password written in the directory's configured {MD5} scheme among stronger ones; a lone {MD5} still fires", async () => {
    const ldap = (cases: string) =>
      `package object\n\nfunc encode(passwordType string, newPassword string) string {\n\tswitch passwordType {\n${cases}\tcase "MD5":\n\t\tmd5Byte := md5.Sum([]byte(newPassword))\n\t\treturn "{MD5}" + base64.StdEncoding.EncodeToString(md5Byte[:])\n\t}\n\treturn newPassword\n}\n`;
    const findings = await findingsOf(ID, {
      "object/ldap_conn.go": ldap('\tcase "SSHA":\n\t\treturn generateSSHA(newPassword)\n'),
      "object/users.go": ldap(""),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([["object/users.go", 6]]);
  });

  it("leaves digests that a protocol mandates, non-security uses and re-hashed hashes alone", async () => {
    const findings = await findingsOf(ID, {
      // HTTP Digest authentication: HA1 = MD5(username:realm:password).
      "src/auth/digest.ts":
        "export function digest(username: string, password: string, realm: string, nonce: string) {\n  const ha1 = md5(`${username}:${realm}:${password}`);\n  return md5(`${ha1}:${nonce}`);\n}\n",
      // Have I Been Pwned range API: the SHA-1 prefix of the password, k-anonymity.
      "src/auth/hibp.ts":
        'const hash = createHash("sha1").update(password).digest("hex").toUpperCase();\nawait fetch(`https://api.pwnedpasswords.com/range/${hash.slice(0, 5)}`);\n',
      // A session identity derived from the stored password hash, marked non-security.
      "app/models.py":
        'identity = hashlib.md5(\n    "{},{}".format(self.email, self.password_hash).encode(), usedforsecurity=False\n).hexdigest()\n',
    });
    expect(findings).toEqual([]);
  });
  it("leaves the PostgreSQL MD5 handshake of a database client and the Subsonic token alone; storing an MD5 still fires", async () => {
    const handshake = [
      "defmodule Pool.DbHandler do",
      "  defp handle_auth(%{payload: {:authentication_md5_password, salt}}, data) do",
      "    %{password: password, user: user} = data.secrets",
      "    digest = md5([password, user])",
      '    payload = ["md5", md5([digest, salt]), 0]',
      "    send_packet(data.sock, payload)",
      "  end",
      "end",
      "",
    ].join("\n");
    const storage = [
      "defmodule App.Accounts do",
      "  def put_password(user, password) do",
      "    digest = md5([password, user.email])",
      "    Repo.update!(change(user, password_digest: digest))",
      "  end",
      "end",
      "",
    ].join("\n");
    // The Subsonic API token a music server hands its clients: md5(password + salt), mandated by the API.
    const subsonic = [
      "package server",
      "",
      "func subsonicPayload(user User, salt string) map[string]string {",
      "\ttoken := md5.Sum([]byte(user.Password + salt))",
      '\treturn map[string]string{"subsonicSalt": salt, "subsonicToken": hex.EncodeToString(token[:])}',
      "}",
      "",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "lib/pool/db_handler.ex": handshake,
      "lib/app/accounts.ex": storage,
      "server/auth.go": subsonic,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["lib/app/accounts.ex", 3],
    ]);
  });

  it("is low when it only verifies hashes imported from an older system beside a slow hash for new ones", async () => {
    const verify = [
      'import { argon2Verify } from "hash-wasm";',
      'import { md5 } from "hash-wasm";',
      "export const verify = async ({ password, stored, method }) => {",
      "  switch (method) {",
      '    case "argon2":',
      "      return argon2Verify({ password, hash: stored });",
      '    case "md5":',
      "      return (await md5(password)) === stored;",
      "  }",
      "};",
      "",
    ].join("\n");
    const store =
      'import { md5 } from "hash-wasm";\nexport const save = async (password) => ({ hash: await md5(password) });\n';
    const findings = await findingsOf("security/weak-password-hash", {
      "src/verify.ts": verify,
      "src/store.ts": store,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "src/store.ts:2 high",
      "src/verify.ts:8 low",
    ]);
  });

  it("is low when the legacy digest is compared on the next lines (verify, then upgrade to the slow hash), high when nothing compares it", async () => {
    const model = [
      "from hashlib import sha1",
      "from passlib.hash import pbkdf2_sha512",
      "",
      "class User:",
      "    def _set_password(self, password):",
      "        self._password = pbkdf2_sha512.hash(password)",
      "",
      "    def _verify_and_upgrade_from_sha1(self, password):",
      "        _string = password + self.password[:40]",
      "        hashed_pass = sha1(_string.encode())",
      "        current_hash = self.password[40:]",
      "        if passlib.utils.consteq(hashed_pass.hexdigest(), current_hash):",
      "            self._set_password(password)",
      "            return True",
      "        return False",
      "",
    ].join("\n");
    const store = [
      "from hashlib import sha1",
      "from passlib.hash import pbkdf2_sha512",
      "",
      "def save(user, password):",
      "    digest = sha1(password.encode()).hexdigest()",
      "    user.password = digest",
      "    user.backup = pbkdf2_sha512.hash(password)",
      "",
    ].join("\n");
    const findings = await findingsOf("security/weak-password-hash", {
      "app/model/user.py": model,
      "app/store.py": store,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`).sort()).toEqual([
      "app/model/user.py:10 low",
      "app/store.py:5 high",
    ]);
  });
});
