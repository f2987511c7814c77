import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const pkg = (imports: string, body: string) => `package app\n\nimport (\n${imports}\n)\n\n${body}\n`;

describe("go/json-body-without-limit", () => {
  it("fires on the true case", async () => {
    const findings = await findingsOf("go/json-body-without-limit", {
      "internal/app/app.go": pkg(
        `"encoding/json"\n"net/http"`,
        "func create(w http.ResponseWriter, r *http.Request) {\n\tvar in map[string]any\n\t_ = json.NewDecoder(r.Body).Decode(&in)\n}",
      ),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([10]);
  });

  it("stays silent on near misses", async () => {
    expect(
      await findingsOf("go/json-body-without-limit", {
        "internal/app/app.go": pkg(
          `"encoding/json"\n"net/http"`,
          "func create(w http.ResponseWriter, r *http.Request) {\n\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\tvar in map[string]any\n\t_ = json.NewDecoder(r.Body).Decode(&in)\n}",
        ),
        "internal/app/client.go": pkg(
          `"encoding/json"\n"net/http"`,
          "func read(resp *http.Response) error {\n\tvar out map[string]any\n\treturn json.NewDecoder(resp.Body).Decode(&out)\n}",
        ),
      }),
    ).toEqual([]);
  });
});

describe("go/json-body-without-limit: limits elsewhere and signed-in handlers", () => {
  const handlers = pkg(
    `"encoding/json"\n"net/http"`,
    [
      "type handler struct{}",
      "",
      "func (h *handler) login(w http.ResponseWriter, r *http.Request) {",
      "\tvar in map[string]any",
      "\t_ = json.NewDecoder(r.Body).Decode(&in)",
      "}",
      "",
      "func (h *handler) updateFeed(w http.ResponseWriter, r *http.Request) {",
      "\tvar in map[string]any",
      "\t_ = json.NewDecoder(r.Body).Decode(&in)",
      "}",
      "",
      "func (h *handler) importOPML(w http.ResponseWriter, r *http.Request) {",
      "\tif err := h.validateSession(r); err != nil {",
      "\t\treturn",
      "\t}",
      "\tvar in map[string]any",
      "\t_ = json.NewDecoder(r.Body).Decode(&in)",
      "}",
      "",
      "func (h *handler) validateSession(r *http.Request) error { return nil }",
      "",
      "var settingsPut = withAdmin(func(w http.ResponseWriter, r *http.Request) {",
      "\tvar in map[string]any",
      "\t_ = json.NewDecoder(r.Body).Decode(&in)",
      "})",
      "",
      "func withAdmin(fn http.HandlerFunc) http.HandlerFunc { return fn }",
      "",
      "func (h *handler) authenticate(r *http.Request) error {",
      "\tvar in map[string]any",
      "\treturn json.NewDecoder(r.Body).Decode(&in)",
      "}",
    ].join("\n"),
  );
  const routes = pkg(
    `"net/http"\n\n"github.com/gorilla/mux"`,
    [
      "func routes(h *handler) *mux.Router {",
      "\tr := mux.NewRouter()",
      '\tr.HandleFunc("/login", h.login).Methods("POST")',
      '\tapi := r.PathPrefix("/v1").Subrouter()',
      "\tapi.Use(requireAuth)",
      '\tapi.HandleFunc("/feeds/{id}", h.updateFeed).Methods("PUT")',
      "\treturn r",
      "}",
      "",
      "func requireAuth(next http.Handler) http.Handler { return next }",
    ].join("\n"),
  );

  it("is medium on a public handler, low behind auth middleware, an auth wrapper or a session check", async () => {
    const findings = await findingsOf("go/json-body-without-limit", {
      "internal/api/handlers.go": handlers,
      "internal/api/routes.go": routes,
    });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "12:medium",
      "17:low",
      "25:low",
      "32:low",
    ]);
  });

  it("is silent when a middleware caps every body", async () => {
    const limit = pkg(
      `"net/http"`,
      "func limitBody(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\t\tnext.ServeHTTP(w, r)\n\t})\n}",
    );
    expect(
      await findingsOf("go/json-body-without-limit", {
        "internal/api/handlers.go": handlers,
        "internal/api/routes.go": routes,
        "internal/api/limit.go": limit,
      }),
    ).toEqual([]);
  });

  it("is low for a helper every caller of which is a guarded handler, and for permission wrappers", async () => {
    const file = pkg(
      `"encoding/json"\n"net/http"`,
      [
        "var userPut = withSelfOrAdmin(func(w http.ResponseWriter, r *http.Request) {",
        "\t_ = readUser(w, r)",
        "})",
        "",
        "func readUser(_ http.ResponseWriter, r *http.Request) error {",
        "\tvar in map[string]any",
        "\treturn json.NewDecoder(r.Body).Decode(&in)",
        "}",
        "",
        "var sharePost = withPermShare(func(w http.ResponseWriter, r *http.Request) {",
        "\tvar in map[string]any",
        "\t_ = json.NewDecoder(r.Body).Decode(&in)",
        "})",
        "",
        "func withSelfOrAdmin(fn http.HandlerFunc) http.HandlerFunc { return fn }",
        "func withPermShare(fn http.HandlerFunc) http.HandlerFunc { return fn }",
      ].join("\n"),
    );
    const findings = await findingsOf("go/json-body-without-limit", { "internal/api/users.go": file });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["14:low", "19:low"]);
  });
});

describe("go/json-body-without-limit: code that is not the service", () => {
  it("is low in a demo package, a kitchen-sink app and a test harness outside _test.go", async () => {
    const handler =
      "func create(w http.ResponseWriter, r *http.Request) {\n\tvar in map[string]any\n\t_ = json.NewDecoder(r.Body).Decode(&in)\n}";
    const findings = await findingsOf("go/json-body-without-limit", {
      "demo_api/main.go": pkg(`"encoding/json"\n"net/http"`, handler),
      "svc/kitchensink/logs/handler.go": pkg(`"encoding/json"\n"net/http"`, handler),
      "cmd/api/util/testharness.go": pkg(
        `"encoding/json"\n"net/http"\n"testing"`,
        `${handler}\n\nfunc Capture(t *testing.T) {}`,
      ),
      "internal/app/app.go": pkg(`"encoding/json"\n"net/http"`, handler),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["cmd/api/util/testharness.go", "low"],
      ["demo_api/main.go", "low"],
      ["internal/app/app.go", "medium"],
      ["svc/kitchensink/logs/handler.go", "low"],
    ]);
  });
});
