import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("security/auth-stub", () => {
  it("fires on security checks whose body only allows, high beside a TODO", async () => {
    const findings = await findingsOf("security/auth-stub", {
      "lib/shop/policy.ex": `defmodule Shop.Policy do
  def authorized?(_user, _action) do
    # TODO: real permission check
    true
  end

  def can_refund?(_user, _order), do: true
end
`,
      "app/permissions.py": `def check_permission(user, action):
    """Raise PermissionDenied unless the user may act."""
    pass
`,
      "internal/webhook/verify.go": `package webhook

// VerifySignature checks the HMAC of a webhook body.
func (v *Verifier) VerifySignature(body []byte, sig string) error {
	// FIXME: compare the HMAC
	return nil
}
`,
      "src/auth/can.ts": "export function canEdit(user: User, post: Post): boolean {\n  return true;\n}\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity, f.confidence])).toEqual([
      ["app/permissions.py", 1, "medium", "heuristic"],
      ["internal/webhook/verify.go", 4, "high", "certain"],
      ["lib/shop/policy.ex", 2, "high", "certain"],
      ["lib/shop/policy.ex", 7, "medium", "heuristic"],
      ["src/auth/can.ts", 1, "medium", "heuristic"],
    ]);
    expect(findings[1]?.message).toBe(
      "VerifySignature only returns without checking anything, beside a TODO: every caller is let through",
    );
    expect(findings[2]?.message).toBe(
      "authorized? only returns `true`, beside a TODO: every caller is let through",
    );
  });

  it("stays silent on checks that decide, on allow-on-purpose classes, on denials and on abstract methods", async () => {
    const findings = await findingsOf("security/auth-stub", {
      "lib/shop/policy.ex": `defmodule Shop.Policy do
  def authorized?(%{role: :admin}, _action), do: true
  def authorized?(_user, _action), do: false

  def can_view?(user, post) do
    post.public or post.author_id == user.id
  end
end
`,
      "api/permissions.py": `from abc import abstractmethod


class AllowAny(BasePermission):
    def has_permission(self, request, view):
        return True


class Policy:
    @abstractmethod
    def has_permission(self, user):
        return True


def is_admin(user):
    return False


class TesseractParser:
    def can_produce_archive(self):
        return True


class UserAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return True
`,
      "internal/auth/noop.go": `package auth

func (noopVerifier) VerifyToken(token string) error {
	return nil
}
`,
      "tests/test_auth.py": "def check_token(token):\n    pass\n",
      "client/services/policy/DefaultPolicy.js":
        "export default class DefaultPolicy {\n  canCreateAlert() {\n    return true;\n  }\n}\n",
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on a mixin's default answer, and fires on the same property in a view", async () => {
    const method = "    @cached_property\n    def can_view_history(self):\n        return True\n";
    const findings = await findingsOf("security/auth-stub", {
      "app/views/generic.py": `class HistoryTabMixin:\n    show_history = True\n\n${method}`,
      "app/views/talk.py": `class TalkHistoryView(View):\n    show_history = True\n\n${method}`,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`)).toEqual(["app/views/talk.py:medium"]);
  });

  it("stays silent on a user object's own state, a throttle's outcome hook and a reachability check, and fires on a request check", async () => {
    const findings = await findingsOf("security/auth-stub", {
      "app/models.py": `import flask_login


class User(flask_login.UserMixin):
    def is_authenticated(self):
        return True

    def is_anonymous(self):
        return False
`,
      "app/throttling.py": `from rest_framework import throttling


class LoginFailRateThrottle(throttling.SimpleRateThrottle):
    scope = "login-fail"

    def throttle_success(self, request, view):
        return True
`,
      "dev/installer/syscheck.go": `package main

// CheckNetworkAccess checks if the download server can be reached
func CheckNetworkAccess() bool {
	// TODO
	return true
}

// CheckAccess decides whether the caller may continue.
func CheckAccess(user string) bool {
	// TODO
	return true
}
`,
      "app/auth.py": `def is_authenticated(request):
    return True


def throttle_login(request):
    pass
`,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/auth.py:1",
      "app/auth.py:5",
      "dev/installer/syscheck.go:10",
    ]);
  });

  it("stays silent on an interface class's default method (plugins override it), and fires on the same method in a plain class", async () => {
    const method = [
      "    def can_upload(self, resource_id: str) -> bool:",
      '        """Return False to stop the upload."""',
      "        return True",
      "",
    ].join("\n");
    const findings = await findingsOf("security/auth-stub", {
      "ckanext/pusher/interfaces.py": `from ckan.plugins.interfaces import Interface\n\n\nclass IPusher(Interface):\n${method}`,
      "ckanext/pusher/plugin.py": `class PusherPlugin(SingletonPlugin):\n${method}`,
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["ckanext/pusher/plugin.py"]);
  });
});
