// Draws the extension icon (media/icon.png, 128×128): a target with a rising progress arc, written
// with a minimal PNG encoder so it needs no image tools. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// Colours (RGBA) and the shapes, in 0..1 icon coordinates; later shapes paint over earlier ones.
const BG = [27, 38, 59, 255];
const RING = [240, 244, 250, 255];
const GREEN = [63, 185, 80, 255];
const AMBER = [227, 179, 65, 255];
const cx = 0.5, cy = 0.5;
function colourAt(x, y) {
  const r = Math.hypot(x - cx, y - cy);
  const corner = 0.18; // rounded square background
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - corner), 0), dy = Math.max(Math.abs(y - 0.5) - (0.5 - corner), 0);
  if (Math.hypot(dx, dy) > corner) return null;
  const angle = (Math.atan2(y - cy, x - cx) + Math.PI * 2.5) % (Math.PI * 2); // 0 at the top, clockwise
  if (r > 0.34 && r < 0.42) return angle < Math.PI * 2 * 0.7 ? GREEN : [60, 72, 94, 255]; // progress arc: 70%
  if (r > 0.2 && r < 0.27) return RING;
  if (r < 0.11) return AMBER;
  return BG;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE);
        if (!c) continue;
        for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3];
        sum[3] += c[3];
      }
    }
    const at = py * (SIZE * 4 + 1) + 1 + px * 4;
    for (let i = 0; i < 3; i++) raw[at + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
    raw[at + 3] = Math.round(sum[3] / (SAMPLES * SAMPLES));
  }
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
