import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("generic/stub-implementation", () => {
  it("fires on constant returns beside a TODO and on not-implemented raises", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "lib/security_policy.ex": [
        "defmodule SecurityPolicy do",
        "  # TODO: Check user permissions for codebase",
        "  def check_permissions(_user, _codebase, _action), do: true",
        "end",
      ].join("\n"),
      "src/export.ts":
        'export function exportCsv(rows: string[]): string {\n  throw new Error("Not implemented");\n}\n',
      "tools/sync.py": "def sync_all():\n    raise NotImplementedError\n",
      "metrics/query.go":
        "package metrics\n\n// TODO: query latency\nfunc AvgLatency() float64 {\n\treturn 0\n}\n",
      "src/lib.rs": "pub fn checksum(data: &[u8]) -> u32 {\n    todo!()\n}\n",
    });
    expect(findings.map((f) => [`${f.location?.path}:${f.location?.startLine}`, f.severity])).toEqual([
      ["lib/security_policy.ex:3", "medium"],
      ["metrics/query.go:4", "medium"],
      ["src/export.ts:2", "medium"],
      ["src/lib.rs:2", "medium"],
      ["tools/sync.py:2", "low"],
    ]);
    expect(findings[0]?.message).toBe(
      'check_permissions always allows: it returns true beside "TODO: Check user permissions for codebase"',
    );
  });

  it("keeps a display option's fixed default beside a TODO low, and a validation stub medium", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "collections.go":
        "package app\n\nfunc (c *Collection) ShowFooterBranding() bool {\n\t// TODO: implement this setting\n\treturn true\n}\n\nfunc (c *Collection) IsValidDomain() bool {\n\t// TODO: check DNS\n\treturn true\n}\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "low"],
      [8, "medium"],
    ]);
    expect(findings[0]?.message).toContain("an option's default that is not configurable yet");
  });

  it("fires on a permission check that ignores its arguments and always allows", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "lib/policy.ex": "defmodule Policy do\n  def can_access?(_user, _document), do: true\nend\n",
      "lib/flags.ex": "defmodule Flags do\n  def can_retry?(attempt), do: true\nend\n",
      "app/parsers.py":
        "class TextParser:\n    def can_produce_archive(self) -> bool:\n        return True\n",
    });
    expect(findings.map((f) => f.message)).toEqual([
      "can_access? always allows: it returns true and ignores its arguments",
    ]);
  });

  it("fires on metric fields hard-coded to 0.0 or nil beside a TODO, and not on zeros without one", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "lib/metrics/query.ex": [
        "defmodule Metrics.Query do",
        "  def summary(period) do",
        "    %{",
        "      period: period,",
        "      total_cost_usd: 0.0, # TODO: Query cost data",
        "      # TODO: Query latency",
        "      avg_latency_ms: 0.0,",
        "      retries: 0",
        "    }",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [5, 'total_cost_usd is hard-coded to 0.0 beside "TODO: Query cost data"'],
      [7, 'avg_latency_ms is hard-coded to 0.0 beside "TODO: Query latency"'],
    ]);
  });

  it("stays silent on a nil option of a Go options struct whose other fields take addresses; a nil result field still fires", async () => {
    const file = (first: string) =>
      [
        "package v1",
        "",
        "func editUser(c *Context, form editUserRequest) {",
        "\topts := UpdateUserOptions{",
        `\t\t${first}`,
        "\t\tFullName:      &form.FullName,",
        "\t\tIsAdmin:       form.Admin,",
        "\t\tProhibitLogin: nil, // TODO: Add this option to API",
        "\t}",
        "\tUpdate(c, opts)",
        "}",
        "",
      ].join("\n");
    expect(
      await findingsOf("generic/stub-implementation", {
        "internal/route/api/v1/admin_user.go": file("LoginName:     &form.LoginName,"),
      }),
    ).toEqual([]);
    const findings = await findingsOf("generic/stub-implementation", {
      "internal/route/api/v1/stats.go": [
        "package v1",
        "",
        "func stats() Stats {",
        "\treturn Stats{",
        "\t\tUsers:   countUsers(),",
        "\t\tLatency: nil, // TODO: measure latency",
        "\t}",
        "}",
        "",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([6]);
  });

  it("stays silent on a class field's default beside a FIXME, not on the same value in a function", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "src/models/linkShare.ts": [
        "export default class LinkShareModel {",
        "  id = 0",
        "  sharingType = 0 // FIXME: use correct numbers",
        "  constructor(data: Partial<LinkShareModel>) {",
        "    Object.assign(this, data)",
        "  }",
        "}",
      ].join("\n"),
      "src/stats.ts": [
        "export function stats(period: string) {",
        "  let totalCost = 0",
        "  totalCost = 0 // FIXME: query cost data",
        "  return { period, totalCost }",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([["src/stats.ts", 3]]);
  });

  it("stays silent on abstract-method conventions, real bodies and constants without a TODO", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "pkg/base.py":
        "class Handler:\n    def handle(self, request):\n        raise NotImplementedError\n\n    async def serve(self):\n        raise NotImplementedError\n",
      "src/base.js":
        'export class Exporter {\n  write(rows) {\n    throw new Error("Not implemented");\n  }\n}\n',
      "lib/flags.ex": "defmodule Flags do\n  def enabled?(_), do: true\nend\n",
      "src/parse.ts":
        "// TODO: support yaml\nexport function parse(text: string): unknown {\n  return JSON.parse(text);\n}\n",
      "src/errors.ts": 'export function fail(): never {\n  throw new Error("connection refused");\n}\n',
      "src/db.ts": "export function notImplemented() {\n  throw new Error('Not implemented.');\n}\n",
      "pkg/dyld.py":
        "try:\n    from _native import shared_cache_contains\nexcept ImportError:\n    def shared_cache_contains(*args):\n        raise NotImplementedError\n",
      "pkg/typing_extras.py":
        'def _overload_dummy(*args, **kwds):\n    raise NotImplementedError("You should not call an overloaded function.")\n',
      "lib/accounts.ex": [
        "defmodule Accounts do",
        "  def outside_hours?(%{time_zone: tz} = account) when not is_nil(tz), do: check(account, tz)",
        "",
        "  def outside_hours?(_account) do",
        "    # TODO: how should we handle accounts without a valid time zone?",
        "    false",
        "  end",
        "end",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("stays silent on an object literal's member refusing one operation and on a match's throwing default, not on a plain stub", async () => {
    const handler = [
      'import { match } from "ts-pattern";',
      "",
      "const CommentAdded: ActivityHandler = {",
      "  pageTitle(_activity: Activity) {",
      '    throw new Error("Not implemented");',
      "  },",
      "",
      "  pagePath: (activity: Activity) => {",
      '    throw new Error("Not implemented");',
      "  },",
      "",
      "  feedTitle(activity: Activity): string {",
      "    return match(activity.action)",
      '      .with("goal_closing", () => "closed a goal")',
      "      .otherwise(() => {",
      '        throw new Error("Comment title not implemented for action: " + activity.action);',
      "      });",
      "  },",
      "};",
      "",
      "export default CommentAdded;",
      "",
    ].join("\n");
    const findings = await findingsOf("generic/stub-implementation", {
      "src/features/activities/CommentAdded.tsx": handler,
      // Near miss: a module-level function that only throws is a stub.
      "src/features/activities/pageTitle.ts":
        'export function pageTitle(_activity: Activity): string {\n  throw new Error("Not implemented");\n}\n',
      // Near miss: a member of an untyped object handed to user scripts.
      "src/sandbox/cookies.js":
        'export const cookies = {\n  jar: () => {\n    throw new Error("jar() not yet implemented");\n  },\n};\n',
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "src/features/activities/pageTitle.ts:2",
      "src/sandbox/cookies.js:3",
    ]);
  });

  it("stays silent on guard clauses that refuse a case on purpose", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "src/translate.ts": [
        "export async function translate(text: string, lang?: string) {",
        "  const source = lang ?? detect(text);",
        "  if (!source) {",
        "    throw new Error('Could not detect source language.');",
        "  }",
        "  return call(source, text);",
        "}",
      ].join("\n"),
      "modules/pwa/index.ts": [
        "export default function setup(options) {",
        "  if (options.plugins.some((p) => p.name === 'vite-plugin-pwa')) {",
        "    throw new Error('Remove vite-plugin-pwa plugin from Vite Plugins entry in Nuxt config file!');",
        "  }",
        "  register(options);",
        "}",
      ].join("\n"),
      "src/render.ts": [
        "export function render(element) {",
        "  switch (element.type) {",
        "    case 'rect':",
        "      return drawRect(element);",
        "    default:",
        "      throw new Error(`Unimplemented type ${element.type}`);",
        "  }",
        "}",
      ].join("\n"),
      "app/matching.py": [
        "def matches(rule, document):",
        "    if rule.algorithm == ANY:",
        "        return any_word(rule, document)",
        "    else:",
        '        raise NotImplementedError("Unsupported matching algorithm")',
      ].join("\n"),
      "lib/logs.ex": [
        "defmodule Logs do",
        "  defp search_logs(params) do",
        "    if datadog_enabled() do",
        "      search_in_datadog(params)",
        "    else",
        '      raise "Log search not implemented for file-based logs."',
        "    end",
        "  end",
        "end",
      ].join("\n"),
      "src/auth.ts": [
        "export function requireUser(session) {",
        "  if (!session.user) throw new Error('Unauthorized');",
        "  return session.user;",
        "}",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
});

describe("generic/stub-implementation: refusals and demo packages", () => {
  const demoConnector = [
    "export const createConnector = async () => ({",
    "  getAuthorizationUri: async () => 'https://example.com/auth',",
    "  getUserInfo: async () => {",
    "    throw new Error('Not implemented');",
    "  },",
    "});",
  ].join("\n");

  it("keeps a stub in a demo package low, and reports the same stub in a real package", async () => {
    const demo = await findingsOf("generic/stub-implementation", {
      "packages/connectors/connector-social-demo/src/index.ts": demoConnector,
    });
    expect(demo.map((f) => f.severity)).toEqual(["low"]);
    const real = await findingsOf("generic/stub-implementation", {
      "packages/connectors/connector-social/src/index.ts": demoConnector,
    });
    expect(real.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("stays silent on a `reject` helper the adapter assigns to the operations it refuses, not on a stub named otherwise", async () => {
    const adapter = (name: string): string =>
      [
        "export function createAdapter(modelName: string) {",
        "  if (modelName === 'Client') {",
        `    const ${name} = async () => {`,
        "      throw new Error('Not implemented');",
        "    };",
        `    return { upsert: ${name}, destroy: ${name}, find: findClient };`,
        "  }",
        "  return queries;",
        "}",
      ].join("\n");
    expect(
      await findingsOf("generic/stub-implementation", { "src/oidc/adapter.ts": adapter("reject") }),
    ).toEqual([]);
    const stub = await findingsOf("generic/stub-implementation", {
      "src/oidc/adapter.ts": adapter("upsertClient"),
    });
    expect(stub).toHaveLength(1);
  });
  it("lowers a refusal in one of a family of sibling modules that implement the function for real", async () => {
    const real = (name: string): string =>
      `defmodule App.Emails.${name}Email do\n  def send(person, activity) do\n    App.Mailer.deliver(person, activity)\n  end\nend\n`;
    const refusing =
      'defmodule App.Emails.CheckInEditEmail do\n  def send(_person, _activity) do\n    raise "Not implemented"\n  end\nend\n';
    const family = {
      "lib/app/emails/comment_added_email.ex": real("CommentAdded"),
      "lib/app/emails/goal_closed_email.ex": real("GoalClosed"),
      "lib/app/emails/project_created_email.ex": real("ProjectCreated"),
      "lib/app/emails/check_in_edit_email.ex": refusing,
    };
    const lowered = await findingsOf("generic/stub-implementation", family);
    expect(lowered.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lib/app/emails/check_in_edit_email.ex", "low"],
    ]);
    expect(lowered[0]?.message).toBe(
      'send is not implemented: raise "Not implemented" (low: 3 sibling *_email.ex modules in lib/app/emails/ implement send and 1 refuses it: a variant that does not support the operation)',
    );
    // Near miss: the siblings do not define the function (or refuse it too), so nothing says it is one variant.
    const alone = await findingsOf("generic/stub-implementation", {
      "lib/app/emails/comment_added_email.ex": real("CommentAdded"),
      "lib/app/emails/goal_closed_email.ex": real("GoalClosed"),
      "lib/app/emails/check_in_edit_email.ex": refusing,
      "lib/app/emails/project_created_email.ex": refusing.replace("CheckInEdit", "ProjectCreated"),
      "lib/app/reports/weekly_report.ex": real("WeeklyReport"),
    });
    expect(alone.map((f) => [f.location?.path, f.severity])).toEqual([
      ["lib/app/emails/check_in_edit_email.ex", "medium"],
      ["lib/app/emails/project_created_email.ex", "medium"],
    ]);
  });

  it("stays silent on an interface class's default method beside a TODO, and fires on the same method in a plain class", async () => {
    const method = [
      "    # TODO: flesh out the docstrings a little more",
      "    def new_template(self, group_type: str) -> str:",
      '        """The template of the new page."""',
      "        return ''",
      "",
    ].join("\n");
    const findings = await findingsOf("generic/stub-implementation", {
      "ckan/plugins/interfaces.py": `class IGroupForm(Interface):\n${method}`,
      "ckan/lib/forms.py": `class GroupForm(object):\n${method}`,
    });
    expect(findings.map((f) => f.location?.path)).toEqual(["ckan/lib/forms.py"]);
  });

  it("stays silent on the methods of a component's options object refusing to run, not on a plain object's", async () => {
    const findings = await findingsOf("generic/stub-implementation", {
      "web/src/components/FormBase.js": [
        "export default {",
        "  methods: {",
        "    getItemsUrl() {",
        "      throw new Error('Not implemented');",
        "    },",
        "  },",
        "};",
      ].join("\n"),
      "web/src/lib/api.js": [
        "export function getItemsUrl() {",
        "  throw new Error('Not implemented');",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([["web/src/lib/api.js", "medium"]]);
  });

  it("lowers a constant return whose TODO a scaffold carries into every copy, and keeps a module's own TODO", async () => {
    const driver = (pkg: string, todo: string): string =>
      [
        `package ${pkg}`,
        "",
        "type Driver struct{}",
        "",
        "func (d *Driver) Init() error {",
        `\t// TODO: ${todo}`,
        "\treturn nil",
        "}",
        "",
      ].join("\n");
    const findings = await findingsOf("generic/stub-implementation", {
      "drivers/template/driver.go": driver("template", "login / refresh token"),
      "drivers/share/driver.go": driver("share", "login / refresh token"),
      "drivers/cloud/driver.go": driver("cloud", "verify the account before use"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["drivers/cloud/driver.go", "medium"],
      ["drivers/share/driver.go", "low"],
      ["drivers/template/driver.go", "low"],
    ]);
  });
});
