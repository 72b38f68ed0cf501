// lib/bytes.ts
var encoder = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true });
var HEX = Array.from({ length: 256 }, (_, i) => (i < 16 ? "0" : "") + i.toString(16));
var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
var utf8 = (s) => encoder.encode(s);
function toHex(b) {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

// lib/sha256.ts
var SYNC_THRESHOLD = 8192;
var K = new Int32Array([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var IV = new Int32Array([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);
var BLOCK = 64;
var W = new Int32Array(64);
var STATE = new Int32Array(8);
var TAIL = new Uint8Array(128);
var encoder2 = new TextEncoder();
var scratch = new Uint8Array(2048);
function compress(s) {
  const w = W;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15], y = w[i - 2];
    const s0 = (x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3;
    const s1 = (y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10;
    w[i] = (s1 + w[i - 7] | 0) + (s0 + w[i - 16] | 0) | 0;
  }
  let a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7], t = 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[0] + 1116352408 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[1] + 1899447441 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[2] + -1245643825 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[3] + -373957723 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[4] + 961987163 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[5] + 1508970993 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[6] + -1841331548 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[7] + -1424204075 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[8] + -670586216 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[9] + 310598401 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[10] + 607225278 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[11] + 1426881987 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[12] + 1925078388 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[13] + -2132889090 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[14] + -1680079193 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[15] + -1046744716 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[16] + -459576895 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[17] + -272742522 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[18] + 264347078 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[19] + 604807628 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[20] + 770255983 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[21] + 1249150122 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[22] + 1555081692 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[23] + 1996064986 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[24] + -1740746414 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[25] + -1473132947 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[26] + -1341970488 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[27] + -1084653625 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[28] + -958395405 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[29] + -710438585 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[30] + 113926993 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[31] + 338241895 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[32] + 666307205 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[33] + 773529912 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[34] + 1294757372 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[35] + 1396182291 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[36] + 1695183700 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[37] + 1986661051 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[38] + -2117940946 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[39] + -1838011259 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[40] + -1564481375 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[41] + -1474664885 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[42] + -1035236496 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[43] + -949202525 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[44] + -778901479 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[45] + -694614492 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[46] + -200395387 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[47] + 275423344 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[48] + 430227734 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[49] + 506948616 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[50] + 659060556 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[51] + 883997877 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[52] + 958139571 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[53] + 1322822218 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[54] + 1537002063 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[55] + 1747873779 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ e & (f ^ g)) | 0) | 0) + (w[56] + 1955562222 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[57] + 2024104815 | 0) | 0;
  c = c + t | 0;
  g = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[58] + -2067236844 | 0) | 0;
  b = b + t | 0;
  f = t + (((g >>> 2 | g << 30) ^ (g >>> 13 | g << 19) ^ (g >>> 22 | g << 10)) + (g & h | a & (g | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[59] + -1933114872 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g | h & (f | g)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[60] + -1866530822 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[61] + -1538233109 | 0) | 0;
  g = g + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g >>> 6 | g << 26) ^ (g >>> 11 | g << 21) ^ (g >>> 25 | g << 7)) + (a ^ g & (h ^ a)) | 0) | 0) + (w[62] + -1090935817 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g ^ h)) | 0) | 0) + (w[63] + -965641998 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  s[0] = s[0] + a | 0;
  s[1] = s[1] + b | 0;
  s[2] = s[2] + c | 0;
  s[3] = s[3] + d | 0;
  s[4] = s[4] + e | 0;
  s[5] = s[5] + f | 0;
  s[6] = s[6] + g | 0;
  s[7] = s[7] + h | 0;
}
function blocks(s, m, from, to) {
  const w = W;
  for (let p = from; p + BLOCK <= to; p += BLOCK) {
    for (let i = 0, j = p; i < 16; i++, j += 4) w[i] = m[j] << 24 | m[j + 1] << 16 | m[j + 2] << 8 | m[j + 3];
    compress(s);
  }
}
function finish(state, prefix, b, n, out) {
  const whole = n - n % BLOCK;
  blocks(state, b, 0, whole);
  TAIL.fill(0);
  TAIL.set(b.subarray(whole, n));
  return pad(state, prefix + n, n - whole, out);
}
function pad(state, total, rest, out) {
  const tail = TAIL;
  tail[rest] = 128;
  const size = rest < 56 ? BLOCK : 2 * BLOCK;
  const bits = total * 8;
  const hi = Math.floor(bits / 4294967296);
  tail[size - 8] = hi >>> 24;
  tail[size - 7] = hi >>> 16;
  tail[size - 6] = hi >>> 8;
  tail[size - 5] = hi;
  tail[size - 4] = bits >>> 24;
  tail[size - 3] = bits >>> 16;
  tail[size - 2] = bits >>> 8;
  tail[size - 1] = bits;
  blocks(state, tail, 0, size);
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    out[4 * i] = v >>> 24;
    out[4 * i + 1] = v >>> 16;
    out[4 * i + 2] = v >>> 8;
    out[4 * i + 3] = v;
  }
  return out;
}
function encodeScratch(s) {
  if (s.length * 3 > scratch.length) scratch = new Uint8Array(Math.max(s.length * 3, scratch.length * 2));
  return [scratch, encoder2.encodeInto(s, scratch).written];
}
function digestFrom(state, prefix, data, out) {
  if (typeof data !== "string") return finish(state, prefix, data, data.length, out);
  const [buf, n] = encodeScratch(data);
  return finish(state, prefix, buf, n, out);
}
function sha256Sync(data) {
  STATE.set(IV);
  return digestFrom(STATE, 0, data, new Uint8Array(32));
}
function hmacKey(key2) {
  let k = typeof key2 === "string" ? utf8(key2) : key2;
  if (k.length > BLOCK) k = sha256Sync(k);
  const pad2 = new Uint8Array(BLOCK);
  const state = (x) => {
    pad2.fill(x);
    for (let i = 0; i < k.length; i++) pad2[i] = k[i] ^ x;
    const s = IV.slice();
    blocks(s, pad2, 0, BLOCK);
    return s;
  };
  return { inner: state(54), outer: state(92) };
}
var innerDigest = new Uint8Array(32);
function hmacSyncWith(key2, data) {
  STATE.set(key2.inner);
  digestFrom(STATE, BLOCK, data, innerDigest);
  STATE.set(key2.outer);
  return finish(STATE, BLOCK, innerDigest, 32, new Uint8Array(32));
}
var hmacSync = (key2, data) => hmacSyncWith(hmacKey(key2), data);
var subtleDigest = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
async function hmacSubtle(key2, data) {
  const k = typeof key2 === "string" ? utf8(key2) : key2;
  const d = typeof data === "string" ? utf8(data) : data;
  const ck = await crypto.subtle.importKey("raw", k, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", ck, d));
}
var sha256Subtle = (data) => subtleDigest(typeof data === "string" ? utf8(data) : data);

// bench/harness.ts
var runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";
async function validate(contenders, same) {
  for (const c of contenders) {
    const v = await c.run();
    if (!same(v)) throw new Error(`contender "${c.name}" produced a wrong result; refusing to time it`);
  }
}
async function time(fn, ms) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) await fn();
    n += 8;
    now = performance.now();
  }
  return n * 1e3 / (now - start);
}
async function measure(contenders, { rounds = 5, ms = 300, warmup = 200 } = {}) {
  for (const c of contenders) await time(c.run, warmup);
  const samples = new Map(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) for (const c of contenders) samples.get(c.name).push(await time(c.run, ms));
  const out = /* @__PURE__ */ new Map();
  for (const [name, s] of samples) out.set(name, s.sort((a, b) => a - b)[s.length >> 1]);
  return out;
}

// bench/sha256.bench.ts
var SIZES = [64, 256, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
var key = new TextEncoder().encode("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
var rows = [];
var lastSync = 0;
for (const size of SIZES) {
  const data = new Uint8Array(size).map((_, i) => i * 31 & 255);
  const digest = [
    { name: "sync", run: () => toHex(sha256Sync(data)) },
    { name: "subtle", run: async () => toHex(await sha256Subtle(data)) }
  ];
  const mac = [
    { name: "hmac sync", run: () => toHex(hmacSync(key, data)) },
    { name: "hmac subtle", run: async () => toHex(await hmacSubtle(key, data)) }
  ];
  const d0 = await digest[1].run();
  await validate(digest, (v) => v === d0);
  const m0 = await mac[1].run();
  await validate(mac, (v) => v === m0);
  const r = await measure([...digest, ...mac], { rounds: 3, ms: 80, warmup: 40 });
  const us = (n) => (1e6 / r.get(n)).toFixed(1).padStart(8);
  if (r.get("sync") >= r.get("subtle")) lastSync = size;
  rows.push(`  ${String(size).padStart(6)} B  sha256 sync ${us("sync")} \xB5s  subtle ${us("subtle")} \xB5s   hmac sync ${us("hmac sync")} \xB5s  subtle ${us("hmac subtle")} \xB5s   ${r.get("sync") >= r.get("subtle") ? "sync faster" : "subtle faster"}`);
}
console.log(`
sha256: TypeScript vs crypto.subtle by input size (${runtime})`);
for (const row of rows) console.log(row);
console.log(`  largest size where the TypeScript digest still wins: ${lastSync} B (SYNC_THRESHOLD = ${SYNC_THRESHOLD} B)`);
