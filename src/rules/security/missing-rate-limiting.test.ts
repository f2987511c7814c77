import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/missing-rate-limiting";
const SERVER =
  'import express from "express";\nconst app = express();\napp.post("/login", login);\napp.listen(3000);\n';

describe(ID, () => {
  it("fires once, at repository level, for a server with no limiter", async () => {
    const findings = await findingsOf(ID, {
      "src/server.ts": SERVER,
      "src/routes.ts": "export const r = 1;\n",
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.message).toContain("src/server.ts:2");
    expect(findings[0]?.evidence.searched).toContain("rate-limiting libraries");
  });

  it("stays silent with a limiter middleware, with nginx limit_req, and without a server", async () => {
    expect(
      await findingsOf(ID, {
        "src/server.ts": 'import rateLimit from "express-rate-limit";\n' + SERVER,
      }),
    ).toEqual([]);
    expect(
      await findingsOf(ID, {
        "src/server.ts": SERVER,
        "deploy/nginx.yaml": "config: |\n  limit_req zone=api burst=20;\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf(ID, { "src/lib.ts": "export const add = (a: number, b: number) => a + b;\n" }),
    ).toEqual([]);
    expect(await findingsOf(ID, { "test/server.test.ts": SERVER })).toEqual([]);
  });
});

describe(`${ID} outside production code`, () => {
  it("ignores servers started in docs and examples", async () => {
    expect(
      await findingsOf(ID, {
        "docs/quickstart.rst": "    app = Flask(__name__)\n",
        "examples/hello/app.py": "from flask import Flask\napp = Flask(__name__)\n",
      }),
    ).toEqual([]);
  });

  it("counts login lockout as throttling, and is medium only where passwords are checked", async () => {
    const django = {
      "app/wsgi.py":
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
      "app/views.py": "def login(request):\n    user = authenticate(request, username=u, password=p)\n",
    };
    const withLockout = await findingsOf(ID, {
      ...django,
      "app/settings.py": 'MIDDLEWARE = ["axes.middleware.AxesMiddleware"]\n',
    });
    expect(withLockout).toEqual([]);
    // A login form that counts failed attempts per address in the cache and refuses past a threshold.
    const withOwnCounter = await findingsOf(ID, {
      ...django,
      "app/forms.py": [
        "LOGIN_RATE_LIMIT_THRESHOLD = 10",
        "",
        "class LoginForm(forms.Form):",
        "    def _is_rate_limited(self):",
        '        return (cache.get(f"login_{self.ip}") or 0) > LOGIN_RATE_LIMIT_THRESHOLD',
        "",
      ].join("\n"),
    });
    expect(withOwnCounter).toEqual([]);
    // A token bucket the login form consults before checking the password.
    const withTokenBucket = await findingsOf(ID, {
      ...django,
      "app/forms.py": [
        "class LoginForm(forms.Form):",
        "    def clean(self):",
        "        if not TokenBucket.authorize_login_password(self.email):",
        '            raise forms.ValidationError("Too many attempts, please try later.")',
        "",
      ].join("\n"),
    });
    expect(withTokenBucket).toEqual([]);
    // A CAPTCHA the login handler verifies before it checks the password.
    const withCaptcha = await findingsOf(ID, {
      ...django,
      "app/views.py": [
        "def login(request):",
        '    if not verify_captcha(request.POST.get("captcha_id"), request.POST.get("captcha_code")):',
        "        return HttpResponseBadRequest()",
        "    user = authenticate(request, username=u, password=p)",
        "",
      ].join("\n"),
    });
    expect(withCaptcha).toEqual([]);
    // Near miss: a page that only mentions a captcha (a template name, a setting) verifies nothing.
    const captchaNamed = await findingsOf(ID, {
      ...django,
      "app/forms.py": 'CAPTCHA_TEMPLATE = "captcha/widget.html"\n',
    });
    expect(captchaNamed.map((f) => f.severity)).toEqual(["medium"]);
    // Django REST framework's throttling, configured for every view in settings or on a view.
    const withDrfThrottle = await findingsOf(ID, {
      ...django,
      "app/settings.py": [
        "REST_FRAMEWORK = {",
        "    'DEFAULT_AUTHENTICATION_CLASSES': ('rest_framework.authentication.SessionAuthentication',),",
        "    'DEFAULT_THROTTLE_CLASSES': ('common.drf.throttling.RateThrottle',),",
        "    'DEFAULT_THROTTLE_RATES': {'anon': '60/m', 'user': '600/m'},",
        "}",
        "",
      ].join("\n"),
    });
    expect(withDrfThrottle).toEqual([]);
    const withViewThrottle = await findingsOf(ID, {
      ...django,
      "app/api.py": "class LoginApi(APIView):\n    throttle_classes = [AnonRateThrottle]\n",
    });
    expect(withViewThrottle).toEqual([]);
    // Near miss: REST framework settings with no throttle classes.
    const drfWithout = await findingsOf(ID, {
      ...django,
      "app/settings.py":
        "REST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': ('rest_framework.authentication.SessionAuthentication',),\n}\n",
    });
    expect(drfWithout.map((f) => f.severity)).toEqual(["medium"]);
    const without = await findingsOf(ID, django);
    expect(without.map((f) => f.severity)).toEqual(["medium"]);
    // Near miss: no password is ever checked (tokens, an identity provider): hygiene.
    const oauthOnly = await findingsOf(ID, { "app/wsgi.py": django["app/wsgi.py"] });
    expect(oauthOnly.map((f) => f.severity)).toEqual(["low"]);
  });

  it("does not ask a web framework's own sources for rate limiting, nor read password checks from prose", async () => {
    const findings = await findingsOf(ID, {
      "pyproject.toml": '[project]\nname = "Flask"\n',
      "src/flask/app.py": 'class Flask:\n    """Create an app::\n\n        app = Flask(__name__)\n    """\n',
      "docs/logging.rst": "Check with check_password(request, pw) before logging.\n",
    });
    expect(findings).toEqual([]);
  });
});

describe(`${ID} and prose`, () => {
  const ENDPOINT = "defmodule AppWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :app\nend\n";
  it("does not take a password check named in an @doc heredoc or a docstring as one", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/endpoint.ex": ENDPOINT,
      "lib/app/tokens.ex":
        'defmodule App.Tokens do\n  @doc """\n  Argon2.verify_pass(plain, hashed) would need the hash first.\n  """\n  def hash(t), do: :crypto.hash(:sha512, t)\nend\n',
      "tools/hash.py": 'def f():\n    """Unlike bcrypt.checkpw(pw, hashed), this is fast."""\n    return 1\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
  });

  it("still takes the call in code after a closed heredoc", async () => {
    const findings = await findingsOf(ID, {
      "lib/app_web/endpoint.ex": ENDPOINT,
      "lib/app/accounts.ex":
        'defmodule App.Accounts do\n  @doc """\n  Checks a password.\n  """\n  def check(u, pw), do: Argon2.verify_pass(pw, u.hash)\nend\n',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
    expect(findings[0]?.message).toContain("lib/app/accounts.ex:5");
  });
});
