import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/env-undocumented", () => {
  it("fires per variable missing from the sample, across languages", async () => {
    const findings = await findingsOf("generic/env-undocumented", {
      ".env.example": "DATABASE_URL=postgres://localhost/app\n# PORT=4000\n",
      "config/runtime.exs":
        'import Config\nconfig :app, url: System.fetch_env!("DATABASE_URL")\nconfig :app, port: System.get_env("PORT", "4000")\nconfig :app, salt: System.fetch_env!("LIVE_VIEW_SIGNING_SALT")\n',
      "src/server.ts": "const key = process.env.STRIPE_KEY ?? '';\nexport default key;\n",
      "worker/main.go": 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("QUEUE_URL") }\n',
      "app/settings.py": 'import os\nDEBUG = os.environ.get("DATABASE_URL")\n',
    });
    expect(
      findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.message.split(" ")[0]}`),
    ).toEqual([
      "config/runtime.exs:4 LIVE_VIEW_SIGNING_SALT",
      "src/server.ts:1 STRIPE_KEY",
      "worker/main.go:5 QUEUE_URL",
    ]);
  });

  it("reports one repository-level finding when there is no sample at all, saying what was searched", async () => {
    const findings = await findingsOf("generic/env-undocumented", {
      "app.py": 'import os\nos.getenv("API_TOKEN")\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.evidence.searched).toContain(".env.example");
  });

  it("stays silent when every variable is documented, for dynamic names and for tests", async () => {
    const findings = await findingsOf("generic/env-undocumented", {
      ".env.sample": "API_TOKEN=\n",
      "app.py": 'import os\nos.getenv("API_TOKEN")\nname = "X"\nos.getenv(name)\n',
      "tests/test_app.py": 'import os\nos.getenv("ONLY_IN_TESTS")\n',
    });
    expect(findings).toEqual([]);
  });

  it("reads a Go configuration struct and a NAME=value template of another name as the sample", async () => {
    const config = [
      "package config",
      "",
      'import "github.com/kelseyhightower/envconfig"',
      "",
      "type Config struct {",
      '\tServerAddress string `default:":5050" split_words:"true"`',
      '\tSecret        []byte `split_words:"true"`',
      '\tUsersFile     string `split_words:"true"`',
      "}",
      "",
      "func Get() (c Config) {",
      '\tenvconfig.MustProcess("app", &c)',
      "\treturn",
      "}",
      "",
    ].join("\n");
    const template =
      "# where to listen\nAPP_SERVER_ADDRESS=:5050\n# cookie secret\nAPP_SECRET=\n# APP_LOG=debug\nAPP_EXTRA=1\n";
    const findings = await findingsOf("generic/env-undocumented", {
      "config/config.go": config,
      "app.config.example": template,
      // A Python settings template is not a list of environment variables.
      "settings.py.example": "DEBUG = True\nAPP_USERS_FILE = 'x'\nSECRET_KEY = 'y'\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.message}`)).toEqual([
      "config/config.go:8 APP_USERS_FILE is read here but is not in app.config.example",
    ]);
  });
});
