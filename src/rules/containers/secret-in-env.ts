// docker/secret-in-env: credentials passed through ENV or ARG, which are stored in the image metadata.
import { isPlaceholder } from "../../facts/secrets/detect.js";
import { defineRule } from "../define-rule.js";

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)(_|$)/i;
const NOT_SECRET = /(_FILE|_PATH|_URL|_HOST|_USER(NAME)?|_LENGTH|_TTL|_EXPIRY|_HEADER|_NAME)$/i;
// A name that measures or switches something about a credential (`..._GRACE_PERIOD`, `..._ENABLED`,
// `..._USE_ID_TOKEN`) holds a number or a flag, not the credential itself.
const ABOUT_A_SECRET =
  /(_(GRACE_)?PERIOD|_TIMEOUT|_ENABLED|_DISABLED|_SECONDS|_MINUTES|_HOURS|_DAYS|_COUNT|_SIZE|_TYPE|_MODE|_ALGORITHM)$|(^|_)(USE|ENABLE|DISABLE|ALLOW|REQUIRE|IS|HAS)_/i;
// An ARG default that is a number or a boolean is never a credential value.
const FLAG_OR_NUMBER = /^(\d+(\.\d+)?[a-z]{0,3}|true|false|yes|no|on|off)$/i;

/** Build variables that front-end bundlers inline into the code sent to browsers: public by design. */
const CLIENT_PUBLIC = /^(NEXT_PUBLIC|VITE|PUBLIC|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY)_/;

export default defineRule({
  id: "docker/secret-in-env",
  area: "containers",
  severity: "high",
  title: "Secret passed through ENV or ARG",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    "ENV with a literal value is high; ARG (value supplied at build time, still recorded in the image history) is medium.",
    "Names ending in _FILE/_PATH/_URL/_HOST/_USER and values that reference another variable are not reported.",
    "Names that measure or switch a credential (`..._GRACE_PERIOD`, `..._ENABLED`, `USE_..._TOKEN`) and ARG defaults that are a number or a boolean are not reported.",
    "Low for stand-in values (placeholders such as `dummy`, `changeme`, `nokey`) that only let a build step run, and for an ARG of a build stage the shipped image does not start from (multi-stage builds: the final stage copies files out of it, its history stays in the build cache).",
    "Variables front-end bundlers inline into the browser bundle (NEXT_PUBLIC_*, VITE_*, REACT_APP_*, PUBLIC_*) are public by design and not reported.",
  ],
  docs: {
    rationale:
      "ENV values are baked into the image configuration and ARG values into its build history; anyone who can pull the image can read them with `docker inspect` or `docker history`.",
    impact: "Credentials leak to every registry, cache and developer machine that holds the image.",
    fix: "Inject secrets at run time (orchestrator secrets, env files not baked in) and use BuildKit secret mounts (`RUN --mount=type=secret`) for build-time credentials.",
    example: {
      language: "dockerfile",
      bad: "ENV DATABASE_PASSWORD=s3cret\nARG NPM_TOKEN",
      good: "RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci",
    },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      // The stages the shipped image is built on: the last one and the earlier stages it starts FROM. An ARG of
      // another stage (a builder the final stage only copies files out of) stays in that stage's cache, not in the
      // history of the image that ships.
      const shipped = new Set<number>();
      for (let stage = df.stages.at(-1); stage && !shipped.has(stage.index);) {
        shipped.add(stage.index);
        const base: string = stage.image.toLowerCase();
        stage = stage.internal ? df.stages.find((s) => s.name?.toLowerCase() === base) : undefined;
      }
      const entries = [
        ...df.globalArgs.map((a) => ({ ...a, keyword: "ARG" as const, shipped: true })),
        ...df.stages.flatMap((s) => s.env.map((e) => ({ ...e, shipped: shipped.has(s.index) }))),
      ];
      for (const e of entries) {
        if (!SECRET_NAME.test(e.name) || NOT_SECRET.test(e.name) || ABOUT_A_SECRET.test(e.name)) continue;
        // Variables a front-end build compiles into the browser bundle are public by design (NEXT_PUBLIC_*, VITE_*).
        if (CLIENT_PUBLIC.test(e.name)) continue;
        // An ARG default of `0` or `true` shows the build argument is a number or a switch; an ENV literal
        // of digits can still be a real (weak) password, so only ARG defaults are read this way.
        if (e.keyword === "ARG" && e.value !== null && FLAG_OR_NUMBER.test(e.value)) continue;
        if (e.keyword === "ENV") {
          if (e.value === null || e.value === "" || /^\$\{?\w+\}?$/.test(e.value)) continue;
          // A stand-in (`nokey`, `dummy`, `changeme`) lets a build step run; the real secret is given at run time.
          const standIn =
            isPlaceholder(e.value) ||
            /^(no|none|build|unused)[_-]?(key|secret|token|pass(word)?)?$/i.test(e.value);
          report({
            path: df.path,
            line: e.line,
            message: standIn
              ? `ENV ${e.name} is set to a stand-in value in the image (the real one must come at run time)`
              : `ENV ${e.name} sets a credential in the image`,
            key: `env:${e.name}`,
            snippet: `ENV ${e.name}=***`,
            ...(standIn ? { severity: "low" as const } : {}),
          });
        } else {
          report({
            path: df.path,
            line: e.line,
            message: e.shipped
              ? `ARG ${e.name} passes a credential through the build (recorded in image history)`
              : `ARG ${e.name} passes a credential to a build stage the shipped image does not start from (kept in the build cache, not in the image's history)`,
            key: `arg:${e.name}`,
            severity: e.shipped ? "medium" : "low",
            snippet: `ARG ${e.name}`,
          });
        }
      }
    }
  },
});
