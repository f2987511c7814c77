// Reads the JSON entries of an advisory zip by streaming inflation, counting the bytes actually produced.
// The sizes in a zip's headers are written by whoever made the file: a crafted zip can declare 10 bytes for
// an entry that inflates to gigabytes. Checking the declared sizes first refuses honest oversized exports
// before any work; counting while inflating refuses the liars, whatever their headers say.
import { Unzip, UnzipInflate, type UnzipFile } from "fflate";

export interface ZipJsonEntry {
  name: string;
  bytes: Uint8Array;
}

export interface ZipLimits {
  /** JSON entries read at most. */
  maxEntries: number;
  /** Inflated JSON bytes read at most, all entries together. */
  maxBytes: number;
}

/** Why a zip was refused; the message is one line for the terminal. */
export class ZipRefusedError extends Error {}

/** The `.json` entries of a zip (by name order), refusing bombs and entries whose headers understate them. */
export function readZipJsonEntries(zip: Uint8Array, limits: ZipLimits): ZipJsonEntry[] {
  const entries: ZipJsonEntry[] = [];
  let count = 0;
  let declared = 0;
  let inflated = 0;
  const unzip = new Unzip((file: UnzipFile) => {
    if (!file.name.toLowerCase().endsWith(".json")) return;
    count++;
    if (count > limits.maxEntries)
      throw new ZipRefusedError(`more than ${limits.maxEntries} JSON entries in the zip`);
    declared += file.originalSize ?? 0;
    if (declared > limits.maxBytes) throw bomb(limits.maxBytes, declared, "declared by the zip's headers");
    const chunks: Uint8Array[] = [];
    let entryBytes = 0;
    file.ondata = (error, chunk, final) => {
      // fflate hands an error thrown by this callback back to it: rethrow ours as it is.
      if (error)
        throw error instanceof ZipRefusedError
          ? error
          : new ZipRefusedError(`${file.name}: ${error.message}`);
      entryBytes += chunk.length;
      inflated += chunk.length;
      if (file.originalSize !== undefined && entryBytes > file.originalSize)
        throw new ZipRefusedError(
          `${file.name} inflates past the ${file.originalSize} bytes its header declares: refused as a crafted zip`,
        );
      if (inflated > limits.maxBytes) throw bomb(limits.maxBytes, inflated, "inflated so far");
      chunks.push(chunk);
      if (final) entries.push({ name: file.name, bytes: concat(chunks, entryBytes) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  // Pushed in small slices: deflate expands at most about 1,032 times, so a 16 KiB slice inflates to at most
  // about 16 MiB before the counts above are checked again.
  const slice = 16 * 1024;
  for (let offset = 0; offset < zip.length; offset += slice)
    unzip.push(zip.subarray(offset, offset + slice), offset + slice >= zip.length);
  if (zip.length === 0) unzip.push(zip, true);
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function bomb(limit: number, bytes: number, how: string): ZipRefusedError {
  return new ZipRefusedError(
    `over ${limit} bytes of JSON once decompressed (${bytes} bytes ${how}): refused as a possible zip bomb; split the import`,
  );
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
