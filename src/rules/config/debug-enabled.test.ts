import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/debug-enabled";

describe(ID, () => {
  it("fires on DEBUG = True in settings, FastAPI(debug=True) and Flask app.run(debug=True)", async () => {
    const findings = await findingsOf(ID, {
      "proj/settings.py": "DEBUG = True\nALLOWED_HOSTS = []\n",
      "app/main.py": "from fastapi import FastAPI\napp = FastAPI(debug=True)\n",
      "web/app.py":
        "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(debug=True, host='0.0.0.0')\n",
      "web/run.py": "from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "app/main.py:2:high",
      "proj/settings.py:1:high",
      "web/app.py:4:medium",
      "web/run.py:3:high",
    ]);
  });

  it("takes a main() called only under the main guard as the development entry point; high when something else calls it", async () => {
    const findings = await findingsOf(ID, {
      "pkg/run.py": [
        "from flask import Flask",
        "def create_app():",
        "    return Flask(__name__)",
        "def main():",
        "    app = create_app()",
        "    app.run(host='0.0.0.0', debug=True)",
        "if __name__ == '__main__':",
        "    main()",
      ].join("\n"),
      "pkg/serve.py": [
        "from flask import Flask",
        "def serve():",
        "    Flask(__name__).run(host='0.0.0.0', debug=True)",
        "serve()",
        "if __name__ == '__main__':",
        "    serve()",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "pkg/run.py:6:medium",
      "pkg/serve.py:3:high",
    ]);
  });

  it("keeps Flask's development server on this machine (no host, or a loopback host) low", async () => {
    const findings = await findingsOf(ID, {
      "serve.py":
        "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True, threaded=True, host='127.0.0.1', port=4000)\n",
      "web/app.py":
        "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(debug=True)\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "serve.py:3:low",
      "web/app.py:4:low",
    ]);
    expect(findings[0]?.message).toContain("on this machine only");
  });

  it("is medium when DEBUG = True is only the fallback of a configuration read later, silent when always replaced", async () => {
    const fallback = await findingsOf(ID, {
      "server/settings.py": [
        "import configparser, os",
        "DEBUG = True",
        "if os.path.isfile('/etc/server.ini'):",
        "    config = configparser.ConfigParser()",
        "    config.read('/etc/server.ini')",
        "    section = config['global']",
        "    DEBUG = section.getboolean('debug', DEBUG)",
        "",
      ].join("\n"),
    });
    expect(fallback.map((f) => [f.location?.startLine, f.severity])).toEqual([[2, "medium"]]);
    expect(fallback[0]?.message).toContain("fallback when the configuration read at line 7");
    const replaced = await findingsOf(ID, {
      "server/settings.py": "import os\nDEBUG = True\nDEBUG = os.environ.get('DEBUG') == '1'\n",
    });
    expect(replaced).toEqual([]);
    // Near miss: a later literal does not read any configuration; the first literal stays reported at high.
    const literal = await findingsOf(ID, { "server/settings.py": "DEBUG = True\nTEMPLATE_DEBUG = DEBUG\n" });
    expect(literal.map((f) => [f.location?.startLine, f.severity])).toEqual([[1, "high"]]);
  });

  it("stays silent on dev/local settings, environment-driven DEBUG and non-settings modules", async () => {
    const files = {
      "proj/settings/dev.py": "DEBUG = True\n",
      "proj/local_settings.py": "DEBUG = True\n",
      "tcms/settings/devel.py": "DEBUG = True\n",
      "proj/settings/base.py": "import os\nDEBUG = os.environ.get('DEBUG') == '1'\n",
      "app/flags.py": "DEBUG = True\n",
      "web/config.py":
        "class Config:\n    DEBUG = False\nclass DevelopmentConfig(Config):\n    DEBUG = True\n",
      "app/main.py": "from fastapi import FastAPI\napp = FastAPI(debug=settings.debug)\n",
    };
    expect(await findingsOf(ID, files)).toEqual([]);
  });
  it("stays silent on app.run(debug=True) in the branch a debug setting selects, fires in its else branch (near miss)", async () => {
    const findings = await findingsOf(ID, {
      "web/webapp.py": [
        "from flask import Flask",
        "import web",
        "app = Flask(__name__)",
        "def run():",
        "    if web.app_debug:",
        "        app.run(debug=True, host='0.0.0.0', port=8888)",
        "    else:",
        "        app.run(debug=True, host='0.0.0.0', port=8888)",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}:${f.severity}`)).toEqual([
      "web/webapp.py:8:high",
    ]);
  });
});

describe(`${ID}: base settings a production module overrides`, () => {
  const files = {
    "tcms/settings/common.py": "DEBUG = True\nALLOWED_HOSTS = ['*']\n",
    "tcms/settings/product.py": "from tcms.settings.common import *\n\n# Debug settings\nDEBUG = False\n",
    "tcms/settings/devel.py": "from tcms.settings.common import *\n",
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "tcms.settings.devel")\n',
    Dockerfile:
      'FROM python:3.12\nCOPY . /app\nRUN sed -i "s/tcms.settings.devel/tcms.settings.product/" manage.py\n',
  };

  it("is low when the image switches to a module that sets DEBUG again after importing the base", async () => {
    const findings = await findingsOf(ID, files);
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`)).toEqual(["tcms/settings/common.py:low"]);
  });

  it("stays high when the deployed module keeps the base value or is the base itself", async () => {
    const keeps = await findingsOf(ID, {
      ...files,
      "tcms/settings/product.py": "from tcms.settings.common import *\nDEBUG = env.bool('DEBUG', DEBUG)\n",
    });
    expect(keeps.map((f) => f.severity)).toEqual(["high"]);
    const base = await findingsOf(ID, {
      ...files,
      Dockerfile: "FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=tcms.settings.common\n",
    });
    expect(base.map((f) => f.severity)).toEqual(["high"]);
  });
});
