// Libraries that serve one purpose: a repository that depends directly on two of the same purpose usually
// carries a half-finished migration or two competing conventions. Data, so other ecosystem packs can follow suit.

export interface LibraryPurpose {
  purpose: string;
  /** Package names (as the registry spells them) that each fulfil the purpose on their own. */
  libraries: string[];
}

export const HEX_LIBRARY_PURPOSES: readonly LibraryPurpose[] = [
  { purpose: "password hashing", libraries: ["bcrypt_elixir", "argon2_elixir", "pbkdf2_elixir", "comeonin"] },
  {
    purpose: "HTTP client",
    libraries: ["req", "httpoison", "tesla", "finch", "mint", "hackney", "httpotion", "gun"],
  },
  { purpose: "JSON encoding", libraries: ["jason", "poison", "jiffy", "exjsx", "json"] },
  { purpose: "background jobs", libraries: ["oban", "exq", "verk", "rihanna", "honeydew"] },
  { purpose: "caching", libraries: ["cachex", "con_cache", "nebulex", "cachet"] },
  { purpose: "authentication", libraries: ["guardian", "pow", "ueberauth", "phx_gen_auth", "coherence"] },
  { purpose: "mocking in tests", libraries: ["mox", "mock", "mimic", "hammox"] },
  { purpose: "CSV parsing", libraries: ["nimble_csv", "csv"] },
  { purpose: "UUID generation", libraries: ["uuid", "elixir_uuid", "ecto_ulid", "uniq"] },
  { purpose: "rate limiting", libraries: ["hammer", "ex_rated", "plug_attack"] },
];

/**
 * Libraries another library of the same purpose builds on, so declaring both is one choice, not two: transports under
 * an HTTP client (Finch under Req, Hackney under HTTPoison) and Comeonin, the behaviour every password hasher
 * implements.
 */
export const BUILDING_BLOCKS_OF: Readonly<Record<string, readonly string[]>> = {
  req: ["finch", "mint"],
  finch: ["mint"],
  tesla: ["finch", "mint", "hackney", "gun"],
  httpoison: ["hackney"],
  bcrypt_elixir: ["comeonin"],
  argon2_elixir: ["comeonin"],
  pbkdf2_elixir: ["comeonin"],
};

/**
 * Low-level HTTP transports that other packages take as their adapter (Swoosh, ExAws, Sentry and Tesla on Hackney;
 * Finch on Mint): declared beside a full client they usually serve a dependency, not the application's own calls.
 */
export const HTTP_TRANSPORTS: readonly string[] = ["hackney", "mint", "gun"];
