import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "build/tracked-ignored-file";

describe(ID, () => {
  it("lists committed build output the .gitignore ignores (low), and a committed env file with values (medium)", async () => {
    const findings = await findingsOf(ID, {
      ".gitignore": "node_modules/\n/dist\n.env*\n!.env.example\n",
      "package.json": '{ "name": "app" }\n',
      "dist/app.js": "console.log(1);\n",
      ".env.local": "DATABASE_PASSWORD=s3cr3t\n",
      ".env.example": "DATABASE_PASSWORD=<password>\n",
      "web/.gitignore": "build/\n",
      "web/build/index.html": "<html></html>\n",
    });
    expect(
      findings.map((f) => [f.severity, `${f.location?.path}:${f.location?.startLine}`, f.message]),
    ).toEqual([
      [
        "medium",
        ".env.local:1",
        ".env.local is committed although .gitignore:3 ignores it (`.env*`), and it is an env file that sets a secret: every clone carries it",
      ],
      [
        "low",
        "dist/app.js:1",
        "2 committed files are ignored by .gitignore: dist/app.js (.gitignore:2 `/dist`), web/build/index.html (web/.gitignore:1 `build/`)",
      ],
    ]);
  });

  it("keeps a committed env file of test runs or local development low, not a deployment's", async () => {
    const findings = await findingsOf(ID, {
      ".gitignore": ".env*\n",
      "config/.env.test": "DATABASE_URL=ecto://app:t3stpw@127.0.0.1:5432/app_test\n",
      "dev/.env.development": "URL_HOST=localhost\nSECRET_KEY_BASE=Qm9vbGVhbkRldktleUZvckxvY2Fs\n",
      "config/.env.production": "DATABASE_URL=ecto://app:s3cr3t@db.internal:5432/app\n",
    });
    expect(
      findings
        .filter((f) => !/committed files? (are|is) ignored/.test(f.message))
        .map((f) => [f.location?.path, f.severity]),
    ).toEqual([
      ["config/.env.production", "medium"],
      ["config/.env.test", "low"],
      ["dev/.env.development", "low"],
    ]);
  });

  it("lists an env file of settings or placeholder secrets as clutter, not as a secret", async () => {
    const findings = await findingsOf(ID, {
      ".gitignore": ".env\n",
      ".env": "PROJECT=alerta\n",
      "docker/.env":
        'HD_BASE_URL="https://hedgedoc.localhost"\nHD_SESSION_SECRET="change_me_in_production"\nHD_DATABASE_PASSWORD="password"\nHD_DATABASE_URL="postgres://hedgedoc:${HD_DATABASE_PASSWORD}@db/hedgedoc"\n',
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
    expect(findings[0]?.message).toMatch(/committed files are ignored/);
  });

  it("stays silent for re-included files, templates, paths outside a nested .gitignore's folder, and empty env files are only clutter", async () => {
    expect(
      await findingsOf(ID, {
        ".gitignore": "*.log\n!keep.log\n.env*\n!.env.example\nuploads/\n",
        "keep.log": "x\n",
        "uploads/.gitkeep": "",
        ".env.example": "SECRET=changeme\n",
        "api/.gitignore": "build/\n",
        "build/readme.md": "the root's build folder is not ignored by api/.gitignore\n",
      }),
    ).toEqual([]);
    const placeholders = await findingsOf(ID, {
      ".gitignore": ".env\n",
      ".env": "SECRET=\nTOKEN=<your token>\n# KEY=abc\n",
    });
    expect(placeholders.map((f) => f.severity)).toEqual(["low"]);
  });
});
