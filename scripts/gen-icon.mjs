// Draws media/icon.png (128x128): a key inside a scope ring, on a rounded dark tile.
// Pure Node (zlib + CRC32), 4x4 supersampled for smooth edges, so no image library is needed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128;
const SS = 4;
const BG = [22, 43, 72];
const RING = [255, 170, 40];
const KEY = [245, 245, 240];

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const dist = (x, y, cx, cy) => Math.hypot(x - cx, y - cy);

/** Colour at a point (in 0..128 units), or null for transparent. Later shapes paint over earlier ones. */
function shade(x, y) {
  if (!inRoundRect(x, y, 2, 2, 126, 126, 24)) return null;
  let c = BG;
  const d = dist(x, y, 64, 64);
  if (d >= 46 && d <= 54) c = RING;
  // the key: a round bow with a hole, a shaft, two teeth; laid diagonally by rotating the point.
  const a = Math.PI / 4;
  const u = (x - 64) * Math.cos(a) + (y - 64) * Math.sin(a);
  const v = -(x - 64) * Math.sin(a) + (y - 64) * Math.cos(a);
  const bow = dist(u, v, -20, 0);
  if (bow <= 15 && bow >= 6) c = KEY;
  if (u >= -6 && u <= 34 && Math.abs(v) <= 4.5) c = KEY;
  if (u >= 18 && u <= 24 && v >= 0 && v <= 13) c = KEY;
  if (u >= 28 && u <= 34 && v >= 0 && v <= 10) c = KEY;
  return c;
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let py = 0; py < N; py++) {
  raw[py * (N * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < N; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
      }
    }
    const o = py * (N * 4 + 1) + 1 + px * 4;
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round((a * 255) / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync('media/icon.png', png);
console.log(`media/icon.png: ${png.length} bytes`);
