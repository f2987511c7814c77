import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/no-authenticated-routes";

const lines = (...l: string[]): string => l.join("\n") + "\n";

const FASTAPI_NOTES = lines(
  "from fastapi import APIRouter, Depends",
  "from app.db import SessionDep",
  "router = APIRouter()",
  '@router.get("/notes")',
  "def list_notes(db: SessionDep): ...",
  '@router.post("/notes")',
  "def create_note(note: NoteIn, db: SessionDep): ...",
  '@router.put("/notes/{id}")',
  "def update_note(id: int, note: NoteIn, db: SessionDep): ...",
  '@router.delete("/notes/{id}")',
  "def delete_note(id: int, db: SessionDep): ...",
  '@router.post("/notes/webhook")',
  "def webhook(payload: dict, db: SessionDep): ...",
);

const GO_ROUTES = lines(
  "package main",
  'import "github.com/go-chi/chi/v5"',
  "func routes(h *Handler) *chi.Mux {",
  "\tr := chi.NewRouter()",
  '\tr.Get("/api/items", h.listItems)',
  '\tr.Post("/api/items", h.createItem)',
  '\tr.Put("/api/items/{id}", h.updateItem)',
  '\tr.Delete("/api/items/{id}", h.deleteItem)',
  "\treturn r",
  "}",
);

describe(ID, () => {
  it("fires once on a FastAPI app where no route has any authentication and three change data", async () => {
    const findings = await findingsOf(ID, {
      "pyproject.toml": '[project]\nname = "notes"\ndependencies = ["fastapi"]\n',
      "app/db.py": "SessionDep = object\n",
      "app/routes/notes.py": FASTAPI_NOTES,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.message).toContain("3 of 5 routes change state");
    expect(findings[0]?.message).toContain("app/routes/notes.py");
    expect(findings[0]?.evidence.searched).toContain("FastAPI/Flask routes");
  });

  it("fires on a Go router with no auth middleware anywhere", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": "module example.com/items\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
      "cmd/server/routes.go": GO_ROUTES,
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("No Go HTTP route requires authentication: 3 of 4 routes"),
    ]);
  });

  it("names the file with the most unauthenticated writes, counted, and takes its examples from that file", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": "module example.com/items\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
      "cmd/server/routes.go": GO_ROUTES,
      "cmd/server/a_admin.go": lines(
        "package main",
        'import "github.com/go-chi/chi/v5"',
        "func adminRoutes(h *Handler) *chi.Mux {",
        "\tr := chi.NewRouter()",
        '\tr.Post("/api/tags", h.createTag)',
        "\treturn r",
        "}",
      ),
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        "(3 of them in cmd/server/routes.go: e.g. POST /api/items at cmd/server/routes.go:6; PUT /api/items/{id} at cmd/server/routes.go:7;",
      ),
    ]);
  });

  it("stays silent when the router is guarded once, or a route shows the app decides about auth", async () => {
    const guardedRouter = FASTAPI_NOTES.replace(
      "APIRouter()",
      "APIRouter(dependencies=[Depends(get_current_user)])",
    );
    expect(
      await findingsOf(ID, {
        "app/db.py": "SessionDep = object\n",
        "app/routes/notes.py": guardedRouter,
      }),
    ).toEqual([]);
    const goGuarded = GO_ROUTES.replace("\tr.Get(", "\tr.Use(RequireAuth)\n\tr.Get(");
    expect(await findingsOf(ID, { "cmd/server/routes.go": goGuarded })).toEqual([]);
  });

  it("stays silent on read-only apps, webhook receivers, and projects that declare an auth library", async () => {
    expect(
      await findingsOf(ID, {
        "app/routes/feed.py": lines(
          "from fastapi import APIRouter",
          "router = APIRouter()",
          '@router.get("/items")',
          "def items(db: SessionDep): ...",
          '@router.get("/items/{id}")',
          "def item(id: int, db: SessionDep): ...",
          '@router.post("/webhooks/stripe")',
          "def stripe_webhook(payload: dict, db: SessionDep): ...",
          '@router.post("/webhooks/github")',
          "def github_webhook(payload: dict, db: SessionDep): ...",
          '@router.post("/login")',
          "def login(form: LoginForm, db: SessionDep): ...",
        ),
      }),
    ).toEqual([]);
    expect(
      await findingsOf(ID, {
        "pyproject.toml": '[project]\nname = "notes"\ndependencies = ["fastapi", "fastapi-users"]\n',
        "app/db.py": "SessionDep = object\n",
        "app/routes/notes.py": FASTAPI_NOTES,
      }),
    ).toEqual([]);
  });

  it("stays silent on a Next.js app whose middleware.ts gates every request", async () => {
    const route = (name: string): string =>
      lines(
        `export async function POST(request: Request) {`,
        `  const body = await request.json();`,
        `  return db.${name}.create({ data: body });`,
        `}`,
      );
    const files = {
      "app/api/items/route.ts": route("item"),
      "app/api/orders/route.ts": route("order"),
      "app/api/notes/route.ts": route("note"),
    };
    expect(await findingsOf(ID, files)).toHaveLength(1);
    expect(
      await findingsOf(ID, {
        ...files,
        "middleware.ts": lines(
          "export function middleware(request) {",
          "  return checkSession(request);",
          "}",
        ),
      }),
    ).toEqual([]);
  });

  it("counts golang.org/x/crypto as authentication only when its password hashing is imported, not its SSH keys", async () => {
    const goMod =
      "module example.com/items\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgolang.org/x/crypto v0.43.0\n)\n";
    const keys = lines("package auth", 'import "golang.org/x/crypto/ssh"', "func Sign(k ssh.Signer) {}");
    const passwords = lines(
      "package auth",
      'import "golang.org/x/crypto/bcrypt"',
      "func Check(h, p []byte) error { return bcrypt.CompareHashAndPassword(h, p) }",
    );
    const sshOnly = await findingsOf(ID, {
      "go.mod": goMod,
      "cmd/server/routes.go": GO_ROUTES,
      "auth/keys.go": keys,
    });
    expect(sshOnly.map((f) => f.message)).toEqual([
      expect.stringContaining("No Go HTTP route requires authentication: 3 of 4 routes"),
    ]);
    const hashing = await findingsOf(ID, {
      "go.mod": goMod,
      "cmd/server/routes.go": GO_ROUTES,
      "auth/passwords.go": passwords,
    });
    expect(hashing).toEqual([]);
  });
});

describe(`${ID} on Phoenix`, () => {
  const router = (pipelines: string, scopePipes: string) =>
    [
      "defmodule AppWeb.Router do",
      "  use AppWeb, :router",
      "",
      "  pipeline :browser do",
      '    plug :accepts, ["html"]',
      "    plug :fetch_session",
      "  end",
      pipelines,
      "",
      '  scope "/", AppWeb do',
      `    pipe_through ${scopePipes}`,
      '    get "/notes", NoteController, :index',
      '    post "/notes", NoteController, :create',
      '    put "/notes/:id", NoteController, :update',
      '    delete "/notes/:id", NoteController, :delete',
      "  end",
      "end",
    ].join("\n");
  const mix =
    'defmodule App.MixProject do\n  use Mix.Project\n  defp deps do\n    [{:phoenix, "~> 1.7"}]\n  end\nend\n';

  it("fires when no pipeline, hook or controller authenticates", async () => {
    const findings = await findingsOf(ID, {
      "mix.exs": mix,
      "lib/app_web/router.ex": router("", ":browser"),
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("No Phoenix route requires authentication: 3 of 4"),
    ]);
  });

  it("stays silent when a pipeline requires the user", async () => {
    expect(
      await findingsOf(ID, {
        "mix.exs": mix,
        "lib/app_web/router.ex": router(
          "  pipeline :require_auth do\n    plug AppWeb.UserAuth, :require_authenticated_user\n  end",
          "[:browser, :require_auth]",
        ),
      }),
    ).toEqual([]);
  });
  it("reads the Express routes: fires when no router or mount has an auth middleware, silent when a mount in another file does", async () => {
    const items = lines(
      'import { Router } from "express";',
      "const router = Router();",
      "router.get('/', list);",
      "router.post('/', create);",
      "router.put('/:id', update);",
      "router.delete('/:id', remove);",
      "router.post('/report', report);",
      "export default router;",
    );
    const app = (mount: string) =>
      lines(
        'import express from "express";',
        'import items from "./routes/items";',
        "const app = express();",
        mount,
      );
    const repo = (mount: string) => ({
      "package.json": JSON.stringify({ name: "shop", dependencies: { express: "^4.0.0" } }),
      "src/app.ts": app(mount),
      "src/routes/items.ts": items,
    });
    const findings = await findingsOf(ID, repo('app.use("/items", items);'));
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("No Express route requires authentication: 3 of 5 routes change state"),
    ]);
    expect(await findingsOf(ID, repo('app.use("/items", requireAuth, items);'))).toEqual([]);
  });
});
