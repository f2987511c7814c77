import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "go/unchecked-secret-env";

const file = (...body: string[]): string =>
  ["package auth", "", 'import (\n\t"log"\n\t"os"\n)', "", ...body].join("\n") + "\n";

describe(ID, () => {
  it("fires on a secret passed straight to a call or assigned and never checked", async () => {
    const findings = await findingsOf(ID, {
      "internal/auth/jwt.go": file(
        "func Signer() *JWTAuth {",
        '\treturn New("HS256", []byte(os.Getenv("JWT_SECRET")), nil)',
        "}",
        "",
        "func Connect() *Client {",
        '\tpassword := os.Getenv("SMTP_PASSWORD")',
        "\treturn Dial(password)",
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [9, expect.stringContaining("JWT_SECRET is read with os.Getenv and used without checking")],
      [13, expect.stringContaining("SMTP_PASSWORD is read with os.Getenv and used (as password)")],
    ]);
  });

  it("stays silent when the value is checked, looked up, or not a secret", async () => {
    const findings = await findingsOf(ID, {
      "internal/auth/jwt.go": file(
        "func Signer() *JWTAuth {",
        '\tsecret := os.Getenv("JWT_SECRET")',
        '\tif secret == "" {',
        '\t\tlog.Fatal("JWT_SECRET is not set")',
        "\t}",
        '\treturn New("HS256", []byte(secret), nil)',
        "}",
        "",
        "func Key() string {",
        '\tif key, ok := os.LookupEnv("API_KEY"); ok {',
        "\t\treturn key",
        "\t}",
        '\treturn Load(os.Getenv("API_KEY_FILE"))',
        "}",
        "",
        "func Addr() string {",
        '\treturn Listen(os.Getenv("PORT"))',
        "}",
      ),
      "internal/auth/jwt_test.go": file("func TestX() {", '\tNew([]byte(os.Getenv("JWT_SECRET")))', "}"),
    });
    expect(findings).toEqual([]);
  });
});
