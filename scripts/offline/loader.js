// Offline loader for the single-file build (scripts/build_offline.py).
//
// The runtime and the page's Python files are embedded in this page as gzip-compressed
// data blocks, one per file, in one of two text encodings:
//   <script type="application/x-gzip-7bit" data-path="./py/main.py" data-type="...">
//   - x-gzip-7bit: 7 bits per character, each character the code of a 7-bit group, except
//     the three the HTML parser would change or stop at (NUL, CR and "<"), written as
//     U+0100, U+0101 and U+0102: 14% larger than the bytes, against 33% for base64;
//   - x-gzip-base64: plain base64 (the build's --base64 option).
// fetch() is wrapped so that a request for an embedded path (resolved against the page)
// is answered from those bytes, decompressed by the browser's DecompressionStream.
// Any other request except data: and blob: URLs is refused: nothing leaves this file.
// A block is decoded on first use and then dropped from the DOM to free its text.

const BLOCKS = 'script[type^="application/x-gzip-"][data-path]';
const ESCAPED = { 0x100: 0, 0x101: 13, 0x102: 60 };
const originalFetch = globalThis.fetch;
const embedded = new Map();

for (const block of document.querySelectorAll(BLOCKS)) {
  const url = new URL(block.dataset.path, document.baseURI).href;
  embedded.set(url, { block, bytes: null });
}

const fromBase64 = (text) =>
  Uint8Array.fromBase64
    ? Uint8Array.fromBase64(text.trim())
    : Uint8Array.from(atob(text.trim()), (char) => char.charCodeAt(0));

const from7bit = (text) => {
  const bytes = new Uint8Array(Math.floor((text.length * 7) / 8));
  let bits = 0;
  let count = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bits = ((bits << 7) | (code < 128 ? code : ESCAPED[code])) & 0x3fff;
    count += 7;
    if (count >= 8) {
      count -= 8;
      bytes[at++] = bits >> count;
    }
  }
  return bytes;
};

const respond = (entry) => {
  const { block } = entry;
  if (!entry.bytes) {
    const text = block.textContent;
    entry.type = block.dataset.type;
    entry.bytes = block.type === "application/x-gzip-base64" ? fromBase64(text) : from7bit(text);
    block.remove();
  }
  const body = new Blob([entry.bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(body, { headers: { "Content-Type": entry.type } });
};

globalThis.fetch = function fetch(input, init) {
  const raw = input instanceof Request ? input.url : String(input);
  const url = new URL(raw, document.baseURI);
  const entry = embedded.get(url.href.split("#")[0]);
  if (entry) return Promise.resolve(respond(entry));
  if (url.protocol === "data:" || url.protocol === "blob:") {
    return originalFetch.call(globalThis, input, init);
  }
  return Promise.reject(new TypeError(`offline file: ${raw} is not embedded in this page`));
};
