// The operating system each Dockerfile stage is built on (Debian/Ubuntu release, Alpine version), read from the
// resolved base image, and the stages each one copies files from: what a builder/runtime mismatch is judged on.
import type { Dockerfile, DockerStage } from "./index.js";
import { resolveFrom } from "./images.js";

export interface StageSystem {
  /** "debian" | "ubuntu" | "alpine" (musl) … */
  family: string;
  /** Release codename or version when the tag names it ("bookworm", "3.19", "jammy"), else null. */
  release: string | null;
}

export interface StageInfo {
  index: number;
  name: string | null;
  /** FROM with build arguments resolved to their defaults. */
  image: string;
  line: number;
  system: StageSystem | null;
  /** Stages (names or indexes as written) this stage copies from with `COPY --from=`. */
  copiesFrom: Array<{ from: string; line: number }>;
  /** Where this repository builds the image the stage is FROM (a CI build or compose service), or null. */
  builtHere?: { by: string; dockerfile: string } | null;
}

const DEBIAN = ["trixie", "bookworm", "bullseye", "buster", "stretch"];
const UBUNTU: Record<string, string> = { noble: "24.04", jammy: "22.04", focal: "20.04", bionic: "18.04" };

/** The system an image reference names, from well-known image names and tag conventions; null when unknown. */
export function systemOf(image: string): StageSystem | null {
  const ref = image.replace(/@sha256:.*$/, "").toLowerCase();
  if (/\$/.test(ref)) return null;
  const name = ref.replace(/:[^/:]*$/, "").replace(/^docker\.io\/(library\/)?/, "");
  const tag = /:([^/:]*)$/.exec(ref)?.[1] ?? "";
  // Images that are no distribution (static binaries, distroless) or whose system the tag does not say.
  if (/^(scratch|busybox)$|distroless|chainguard|wolfi/.test(name)) return null;
  const codename = DEBIAN.find((c) => new RegExp(`(^|[-_.])${c}([-_.]|$)`).test(tag));
  if (name === "debian") return { family: "debian", release: codename ?? /^\d+/.exec(tag)?.[0] ?? null };
  if (codename) return { family: "debian", release: codename };
  const ubuntu = Object.keys(UBUNTU).find((c) => new RegExp(`(^|[-_.])${c}([-_.]|$)`).test(tag));
  if (name === "ubuntu") {
    const release = ubuntu ? UBUNTU[ubuntu]! : (/^\d+\.\d+/.exec(tag)?.[0] ?? null);
    return { family: "ubuntu", release };
  }
  if (ubuntu) return { family: "ubuntu", release: UBUNTU[ubuntu]! };
  if (name === "alpine") return { family: "alpine", release: /^\d+\.\d+/.exec(tag)?.[0] ?? null };
  const alpine = /(?:^|[-_.])alpine-?(\d+\.\d+)?/.exec(tag);
  if (alpine) return { family: "alpine", release: alpine[1] ?? null };
  return null;
}

function copiesFrom(stage: DockerStage): StageInfo["copiesFrom"] {
  const out: StageInfo["copiesFrom"] = [];
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== "COPY") continue;
    const from = /--from=(\S+)/.exec(instruction.args)?.[1];
    if (from) out.push({ from, line: instruction.line });
  }
  return out;
}

/** Each stage's resolved image and system; a stage FROM an earlier stage inherits that stage's system. */
export function stageInfos(df: Dockerfile): StageInfo[] {
  const out: StageInfo[] = [];
  for (const stage of df.stages) {
    const image = resolveFrom(df, stage);
    const parent = out.find((s) => s.name !== null && s.name.toLowerCase() === image.toLowerCase());
    out.push({
      index: stage.index,
      name: stage.name,
      image,
      line: stage.line,
      system: parent ? parent.system : systemOf(image),
      copiesFrom: copiesFrom(stage),
    });
  }
  return out;
}
