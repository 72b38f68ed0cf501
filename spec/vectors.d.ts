/** Build-time view of `spec/fixtures/vectors/<path>` (see scripts/vectors.mjs). */
declare module 'vectors:*' {
  /** A file is a string (text), parsed JSON (.json), Uint8Array (.bin or no extension); a folder is an object. */
  type Entry = string | Uint8Array | unknown | { [name: string]: Entry };
  const tree: { [name: string]: any };
  export default tree;
}
