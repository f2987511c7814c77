import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/hardcoded-secret-key";

describe(ID, () => {
  it("fires on SECRET_KEY literals, settings defaults and Flask config", async () => {
    const settings = 'SECRET_KEY = "django-insecure-abc123"\n';
    const config = [
      "class Settings(BaseSettings):",
      '    jwt_secret: str = "s3cr3t-value"',
      "",
      "app = Flask(__name__)",
      'app.config["SECRET_KEY"] = "another-secret"',
      'app.secret_key = "yet-another"',
    ].join("\n");
    const findings = await findingsOf(ID, { "proj/settings.py": settings, "app/config.py": config });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/config.py:2",
      "app/config.py:5",
      "app/config.py:6",
      "proj/settings.py:1",
    ]);
    expect(JSON.stringify(findings[0]?.evidence)).not.toContain("s3cr3t");
  });

  it("keeps a key in a testing or development config class low, not one in a class that only sounds like it", async () => {
    const config = [
      "class ServerConfig:",
      '    SECRET_KEY = os.environ["SECRET_KEY"]',
      "class TestingConfig(ServerConfig):",
      '    SECRET_KEY = "AAAAAAAAAAAAAAAAAAAA"',
      "class LatestConfig(ServerConfig):",
      '    SECRET_KEY = "a-real-looking-key"',
    ].join("\n");
    const findings = await findingsOf(ID, { "app/config.py": config });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["4:low", "6:high"]);
    expect(findings[0]?.message).toContain("TestingConfig");
  });

  it("stays silent on environment reads, empty values, function locals and tests", async () => {
    const source = [
      "import os",
      'SECRET_KEY = os.environ["SECRET_KEY"]',
      'JWT_SECRET = ""',
      "def make():",
      '    SECRET_KEY = "local-only"',
      "    return SECRET_KEY",
    ].join("\n");
    expect(
      await findingsOf(ID, {
        "app/settings.py": source,
        "tests/test_auth.py": 'SECRET_KEY = "test-secret"\n',
      }),
    ).toEqual([]);
    const testing = await findingsOf(ID, {
      "proj/configuration_testing.py": 'SECRET_KEY = "not-a-real-key-for-ci"\n',
      "proj/settings/ci.py": 'from .base import *\n\nSECRET_KEY = "CI-ONLY-KEY"\n',
      "proj/settings/circle.py": 'SECRET_KEY = "a-real-looking-key"\n',
    });
    expect(testing.map((f) => `${f.location?.path}:${f.severity}`)).toEqual([
      "proj/configuration_testing.py:low",
      "proj/settings/ci.py:low",
      "proj/settings/circle.py:high",
    ]);
  });
  it("reads a value spelling its own name as a key's name, not a key", async () => {
    const source = [
      "from enum import Enum",
      "class ConfigKey:",
      '    SECRET_KEY = "SECRET_KEY"',
      '    PEPPER = "PI_PEPPER"',
      "class ClientCredentialType(Enum):",
      '    SECRET = "secret"',
      '    CERTIFICATE = "certificate"',
      "class Settings:",
      '    SECRET_KEY = "secret_key_value"',
    ].join("\n");
    const findings = await findingsOf(ID, { "app/config.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["9:high"]);
  });

  it("reports a key read from the environment with a literal fallback, low when dev-only and refused in production", async () => {
    const findings = await findingsOf(ID, {
      "proj/settings.py": 'import os\nSECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "onlyusethisindev")\n',
      "api/config.py": 'JWT_SECRET = env.str("JWT_SECRET", default="s3cr3t-jwt-value")\n',
      "web/settings.py": [
        "import os",
        'SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-dev-key"',
        'if not DEBUG and SECRET_KEY == "insecure-dev-key":',
        '    raise ImproperlyConfigured("Set SECRET_KEY")',
      ].join("\n"),
      // Near misses: no fallback, an empty one, a fallback to another setting.
      "svc/settings.py": [
        "import os",
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        'JWT_SECRET = os.getenv("JWT_SECRET", "")',
        'SIGNING_KEY = os.environ.get("SIGNING_KEY", SECRET_KEY)',
      ].join("\n"),
    });
    expect(findings.map((f) => [`${f.location?.path}:${f.location?.startLine}`, f.severity])).toEqual([
      ["api/config.py:1", "medium"],
      ["proj/settings.py:2", "medium"],
      ["web/settings.py:2", "low"],
    ]);
    expect(findings[1]?.message).toBe(
      "SECRET_KEY falls back to a string literal when DJANGO_SECRET_KEY is unset: a deployment that forgets the variable signs sessions and tokens with a key published in the source",
    );
    expect(JSON.stringify(findings)).not.toContain("onlyusethisindev");
  });
});

describe(`${ID}: values every deployment replaces`, () => {
  it("is low when the module ends with a required local_settings import whose template sets the key; medium when the import may fail", async () => {
    const docker = [
      "import os",
      "from .base import *",
      "",
      'SECRET_KEY = os.environ.get("SECRET_KEY", "PLEASE_REPLACE_ME")',
      "DEBUG = False",
      "",
      "# local_settings is required in production",
      "from .local_settings import *",
    ].join("\n");
    const template = 'SECRET_KEY = "<generated at install>"\n';
    const findings = await findingsOf(ID, {
      "app/settings/base.py": "INSTALLED_APPS = []\n",
      "app/settings/docker.py": docker,
      "app/settings/local_settings.example.py": template,
      "app/other/settings.py": docker.replace(
        "from .local_settings import *",
        "try:\n    from .local_settings import *\nexcept ImportError:\n    pass",
      ),
      "app/other/local_settings.example.py": template,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`)).toEqual([
      "app/other/local_settings.example.py:low",
      "app/other/settings.py:medium",
      "app/settings/docker.py:low",
      "app/settings/local_settings.example.py:low",
    ]);
  });

  it("is low when every deployed settings module reassigns the key after importing the base; medium when one does not", async () => {
    const files = {
      "proj/settings/common.py": 'SECRET_KEY = "base-literal-value"\nDEBUG = False\n',
      "proj/settings/prod.py":
        "import os\nfrom proj.settings.common import *\n\ntry:\n    SECRET_KEY = open('/run/secret').read()\nexcept OSError:\n    SECRET_KEY = os.environ['SECRET_KEY']\n",
      "proj/settings/devel.py": "from .common import *\n",
      "proj/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.prod")\n',
      "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.devel")\n',
    };
    const lowered = await findingsOf(ID, files);
    expect(lowered.map((f) => f.severity)).toEqual(["low"]);
    expect(lowered[0]?.message).toContain("proj.settings.prod");
    // A second deployed module (a uwsgi ini) keeps the base value: the literal is served there.
    const kept = await findingsOf(ID, {
      ...files,
      "proj/settings/edge.py": "from .common import *\nALLOWED_HOSTS = ['*']\n",
      "deploy/uwsgi.ini": "[uwsgi]\nenv = DJANGO_SETTINGS_MODULE=proj.settings.edge\n",
    });
    expect(kept.map((f) => f.severity)).toEqual(["high"]);
  });
});
