import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/default-credentials";

describe(ID, () => {
  it("fires on a default admin created with a fixed password (Python, Go)", async () => {
    const python = [
      "from django.contrib.auth import get_user_model",
      "def handle():",
      "    if not get_user_model().objects.filter(is_superuser=True).exists():",
      '        get_user_model().objects.create_user("admin", password="admin")',
    ].join("\n");
    const go = [
      "package config",
      'var defaults = Configuration{DefaultUser: DefaultUser{Name: "admin", Pass: "admin"}}',
      "func seed() {",
      '\tdb.CreateAccount(Account{Username: "owner", Password: "gopher"})',
      "}",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "app/management/commands/migrate.py": python,
      "config/config.go": go,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/management/commands/migrate.py", 4, "high"],
      ["config/config.go", 2, "high"],
      ["config/config.go", 4, "high"],
    ]);
  });

  it("is low for the accounts a Go samples file inserts (demo data), high for the same account in other code", async () => {
    const go = [
      "package users",
      "func Samples() error {",
      '\tu := &User{Username: "testadmin", Password: "password123", Scopes: "admin"}',
      "\treturn u.Create()",
      "}",
    ].join("\n");
    const findings = await findingsOf(ID, { "types/users/sample.go": go, "types/users/admin.go": go });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["types/users/admin.go", "high"],
      ["types/users/sample.go", "low"],
    ]);
  });

  it("stays silent on an API schema's example request, and still fires on the same map creating a user", async () => {
    const schema = [
      "defmodule AppWeb.Schema.Login do",
      "  require OpenApiSpex",
      "  OpenApiSpex.schema(%{",
      "    type: :object,",
      "    properties: %{username: %Schema{type: :string}, password: %Schema{type: :string}},",
      '    example: %{username: "admin", password: "thepassword"}',
      "  })",
      "end",
    ].join("\n");
    const pydantic = [
      "class Login(BaseModel):",
      "    username: str",
      "    password: str",
      '    model_config = {"json_schema_extra": {"examples": [{"username": "admin", "password": "secret"}]}}',
    ].join("\n");
    const seeds = [
      "defmodule App.Seeds do",
      "  def run do",
      '    Accounts.create_user(%{username: "admin", password: "thepassword"})',
      "  end",
      "end",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "lib/app_web/schema/login.ex": schema,
      "app/schemas.py": pydantic,
      "lib/app/setup.ex": seeds,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["lib/app/setup.ex", "high"]]);
  });

  it("fires on password fallbacks from the environment (Elixir, TypeScript, Python) and weak password settings", async () => {
    const elixir =
      'import Config\nconfig :app, App.Repo, password: System.get_env("DB_PASSWORD", "postgres")\n';
    const ts = 'export const adminPassword = process.env.ADMIN_PASSWORD || "changeme";\n';
    const python = [
      "import os",
      'DB_PASSWORD = os.environ.get("APP_DBPASS") or "app"',
      "class Settings:",
      '    _DEFAULT_PASSWORD: str = "MyPassword"',
    ].join("\n");
    const findings = await findingsOf(ID, {
      "config/runtime.exs": elixir,
      "server/settings.ts": ts,
      "app/settings.py": python,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/settings.py", 2, "medium"],
      ["app/settings.py", 4, "high"],
      ["config/runtime.exs", 2, "medium"],
      ["server/settings.ts", 1, "high"],
    ]);
  });

  it("is low when only a development switch's branch sets the password, and high outside it or under its negation", async () => {
    const go = (condition: string) =>
      [
        "package data",
        "",
        'import "os"',
        "",
        "var dev bool",
        "",
        "func initUser() {",
        '\tadminPassword := os.Getenv("APP_ADMIN_PASSWORD")',
        `\tif ${condition} {`,
        '\t\tadminPassword = "admin"',
        "\t}",
        "\t_ = adminPassword",
        "}",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "internal/data/user.go": go("flags.Dev"),
      "internal/data/debug_user.go": go("cfg.DebugMode"),
      "internal/data/prod_user.go": go("!flags.Dev"),
      "internal/data/empty_user.go": go('adminPassword == ""'),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "internal/data/debug_user.go low",
      "internal/data/empty_user.go high",
      "internal/data/prod_user.go high",
      "internal/data/user.go low",
    ]);
    expect(findings.find((f) => f.location?.path === "internal/data/user.go")?.message).toContain(
      "only under `if flags.Dev`",
    );
  });

  it("reads a table of field types as a descriptor, and a module's __main__ self-test as low", async () => {
    const descriptor = [
      "class HTTPResolver:",
      "    def get_config_description(self):",
      "        descriptor = {",
      "            ADVANCED: 'bool',",
      "            USERNAME: 'string',",
      "            PASSWORD: 'password',",
      "            TIMEOUT: 'int'",
      "        }",
      "        return descriptor",
      "",
      "def seed():",
      "    create_user({USERNAME: 'admin', PASSWORD: 'password', TIMEOUT: 'int'})",
      "",
      'if __name__ == "__main__":',
      '    hsm = HSM({"module": "/usr/lib/pkcs11.so", "password": "12345678"})',
      "",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/lib/resolvers/http.py": descriptor });
    expect(findings.map((f) => `${f.location?.startLine} ${f.severity}`)).toEqual(["12 high", "15 low"]);
    expect(findings[1]?.message).toContain("__main__");
  });

  it("is low in a dot-folder of developer scripts (`.scripts/`), as in scripts/", async () => {
    const js = [
      "import pg from 'pg';",
      "export const query = async (database) => {",
      "  const pool = new pg.Pool({",
      "    database,",
      "    user: 'postgres',",
      "    password: 'postgres',",
      "  });",
      "  return pool.query('select 1');",
      "};",
      "",
    ].join("\n");
    const findings = await findingsOf(ID, { ".scripts/compare-database.js": js, "server/db.js": js });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      [".scripts/compare-database.js", "low"],
      ["server/db.js", "high"],
    ]);
  });

  it("is low in code that runs in the browser: a documentation sample or a field label creates no account", async () => {
    const findings = await findingsOf(ID, {
      "ui/src/apiPreview/docsCreate.js":
        'export const sample = { email: "test@example.com", password: "123456789" };\n',
      "server/accounts.ts":
        'import express from "express";\nexport const admin = { email: "admin@example.com", password: "123456789" };\n',
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["server/accounts.ts", "high"],
      ["ui/src/apiPreview/docsCreate.js", "low"],
    ]);
  });

  it("stays silent on enums, empty fallbacks, required settings, tests and examples; low in dev config and seeds", async () => {
    const source = [
      "export const messages = { verify_email: 'Verify email', change_password: 'Change password' };",
      "export const keys = { email: 'emails.verify', reset_password: 'emails.reset_password' };",
      "export enum FieldType { Password = 'password' }",
      "export const TYPES = { PASSWORD: 'password' };",
      'const smtpPassword = process.env.SMTP_PASSWORD || "";',
      'const bypass = process.env.BYPASS || "admin";',
      "const input = { type: 'password', placeholder: 'password' };",
    ].join("\n");
    const go = 'package a\nimport "os"\nfunc f() string { return os.Getenv("ADMIN_PASSWORD") }\n';
    const connection = [
      "defmodule App.Repo do",
      "  def init(_, config) do",
      '    {:ok, [username: "app", password: "App1234", database: "app_dev", hostname: "localhost"]}',
      "  end",
      "end",
    ].join("\n");
    expect(
      await findingsOf(ID, {
        "server/fields.ts": source,
        "cmd/a.go": go,
        "app/init_users.py":
          'users = [{"email": "a@b.c", "password": hash_password(settings.DEFAULT_PASSWORD)}]\n',
        "lib/app/repo.ex": connection,
        "tests/test_users.py": 'create_user("admin", password="admin")\n',
        "examples/app.py": 'create_user("admin", password="admin")\n',
      }),
    ).toEqual([]);
    const dev = await findingsOf(ID, {
      "config/dev.exs": 'import Config\nconfig :app, admin_user: "admin", admin_password: "admin"\n',
      "priv/repo/dev_seeds.exs":
        'Repo.insert!(%Tenant{db_password: System.get_env("DB_PASSWORD", "postgres")})\n',
      "prisma/seed/users.ts": "export async function seedUser(email: string, password = 'changeme') {}\n",
      "src/app/seed-data/seed-data.usecase.ts":
        "export async function seedUser(email: string, password = 'changeme') {}\n",
    });
    expect(dev.map((f) => f.severity)).toEqual(["low", "low", "low", "low"]);
  });

  it("does not read a Go test-harness package outside _test.go files (it imports testify or takes a *testing.T)", async () => {
    const harness = (imports: string) =>
      [
        "package webtests",
        "import (",
        imports,
        '\t"example.com/app/pkg/user"',
        ")",
        'var testuser1 = user.User{Username: "user1", Password: "gopher-fixture-pw"}',
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "pkg/webtests/integrations.go": harness('\t"github.com/stretchr/testify/require"'),
      "pkg/itest/setup.go": harness('\t"testing"') + "func setup(t *testing.T) {}\n",
      // Near miss: the same users in a package that is not test code (no assertion library, no *testing.T).
      "pkg/bootstrap/users.go": harness('\t"fmt"'),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["pkg/bootstrap/users.go", "high"]]);
  });
  it("reads a table of page routes as addresses, and a mail server password fallback as low", async () => {
    const findings = await findingsOf("security/default-credentials", {
      "app/front/urls.py": [
        "urls = {",
        '    "login": "/login",',
        '    "forgot-password": "/forgot-password",',
        '    "change-password": "/change-password/{0}",',
        "}",
      ].join("\n"),
      "docker/config.py": [
        "import os",
        "EMAIL_HOST_PASSWORD = os.getenv('EMAIL_HOST_PASSWORD', 'password')",
        "DB_PASSWORD = os.getenv('DB_PASSWORD', 'postgres')",
      ].join("\n"),
      // Near miss: a real account table still fires.
      "app/setup.py": 'ADMIN = {"login": "admin", "password": "changeme"}\n',
    });
    expect(findings.map((f) => [`${f.location?.path}:${f.location?.startLine}`, f.severity])).toEqual([
      ["app/setup.py:1", "high"],
      ["docker/config.py:2", "low"],
      ["docker/config.py:3", "medium"],
    ]);
  });

  it("is low in the build and CI pipeline (a top-level build/ or ci/ folder, a Dagger module)", async () => {
    const push = [
      "package main",
      'import githttp "github.com/go-git/go-git/v5/plumbing/transport/http"',
      'var auth = &githttp.BasicAuth{Username: "root", Password: "password"}',
      "",
    ].join("\n");
    const harness = [
      "package testing",
      'import "go.example.io/build/internal/dagger"',
      "func seed(c *dagger.Container) *dagger.Container {",
      '\treturn c.WithEnvVariable("X", "1")',
      "}",
      'var admin = User{Username: "root", Password: "password"}',
      "",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "build/internal/cmd/gitea/main.go": push,
      "pipeline/testing/integration.go": harness,
      // Near miss: the same account in the product's own code.
      "internal/cmd/gitea/main.go": push,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["build/internal/cmd/gitea/main.go", "low"],
      ["internal/cmd/gitea/main.go", "high"],
      ["pipeline/testing/integration.go", "low"],
    ]);
  });

  it("reads a table of per-action rate limits as limits, and a placeholder as none, not as accounts", async () => {
    const findings = await findingsOf(ID, {
      "recipes/settings.py": [
        "ACCOUNT_RATE_LIMITS = {",
        '    "change_password": "1/m/user",',
        '    "reset_password": "1/m/ip,1/m/key",',
        '    "signup": "5/m/ip",',
        '    "login": "5/m/ip",',
        "}",
        // A placeholder to fill in is no password either.
        'SMTP_SAMPLE = {"username": "<username>", "password": "<password>"}',
        // Near miss: an account table still fires.
        'DEFAULT_ADMIN = {"login": "admin", "password": "admin"}',
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[8, "high"]]);
  });

  it("fires on a password setting whose declared default is a literal (Go struct tag, convict, envalid, pydantic, NimbleOptions)", async () => {
    const go = [
      "package config",
      "type Config struct {",
      '\tPort            int    `default:"3030"`',
      '\tDefaultUserName string `default:"admin" split_words:"true"`',
      '\tDefaultUserPass string `default:"admin" split_words:"true"`',
      '\tDBPassword      string `envDefault:"postgres"`',
      '\tSMTPPassword    string `env-default:"mailpass"`',
      '\tAPIPassword     string `env:"API_PASSWORD,required"`',
      '\tNoPass          string `default:""`',
      "}",
    ].join("\n");
    const node = [
      'import convict from "convict";',
      "export const config = convict({",
      '  adminPassword: { doc: "first admin", format: String, default: "changeme", env: "ADMIN_PASSWORD" },',
      '  logLevel: { doc: "level", format: String, default: "info", env: "LOG_LEVEL" },',
      "});",
      'export const env = cleanEnv(process.env, { DB_PASSWORD: str({ default: "secret" }), DB_HOST: str({ default: "db" }) });',
    ].join("\n");
    const python = [
      "from pydantic_settings import BaseSettings",
      "from pydantic import Field",
      "class Settings(BaseSettings):",
      '    first_superuser_password: str = Field(default="changethis")',
      '    log_level: str = Field(default="info")',
    ].join("\n");
    const elixir = [
      "defmodule App.Options do",
      '  @schema [password: [type: :string, default: "admin"], host: [type: :string, default: "localhost"]]',
      "end",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "config/config.go": go,
      "src/server/config.ts": node,
      "app/core/config.py": python,
      "lib/app/options.ex": elixir,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["app/core/config.py", 4, "high"],
      ["config/config.go", 5, "high"],
      ["config/config.go", 6, "medium"],
      ["config/config.go", 7, "low"],
      ["lib/app/options.ex", 2, "medium"],
      ["src/server/config.ts", 3, "high"],
      ["src/server/config.ts", 6, "medium"],
    ]);
  });

  it("stays silent on struct tags and defaults of settings that are not passwords, or whose default is empty or a placeholder", async () => {
    const go = [
      "package config",
      "type Config struct {",
      '\tUser          string `default:"admin"`',
      '\tPassword      string `default:"${PASSWORD}"`',
      '\tResetPassword string `default:"/reset"`',
      '\tPassword2     string `json:"password" validate:"required"`',
      "}",
    ].join("\n");
    const node =
      'export const schema = { password: { type: "string", default: "" }, user: { default: "admin" } };';
    const findings = await findingsOf(ID, { "config/config.go": go, "src/server/schema.ts": node });
    expect(findings).toEqual([]);
  });
});
