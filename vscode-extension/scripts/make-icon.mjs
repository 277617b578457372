// Draws icon.png (128×128): two overlapping audience circles (a set intersection) on a rounded tile.
// A tiny PNG encoder (zlib + CRC-32); 4×4 supersampling for smooth edges. Run: node vscode-extension/scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;

function crc32(buf) {
    let c = ~0;
    for (const b of buf) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
}

function chunk(type, data) {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
}

function encodePng(width, height, rgba) {
    const raw = Buffer.alloc((width * 4 + 1) * height);
    for (let y = 0; y < height; y++) {
        raw[y * (width * 4 + 1)] = 0; // filter: none
        rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(raw, { level: 9 })),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

const inRoundedRect = (x, y, r) => {
    const cx = Math.min(Math.max(x, r), SIZE - r), cy = Math.min(Math.max(y, r), SIZE - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** The colour (RGBA 0–255) at a sample point. */
function sample(x, y) {
    if (!inRoundedRect(x, y, 24)) return [0, 0, 0, 0];
    const t = (x + y) / (2 * SIZE);
    let c = mix([32, 44, 96], [20, 110, 150], t); // deep navy → teal tile
    const left = inCircle(x, y, 50, 64, 30), right = inCircle(x, y, 78, 64, 30);
    const ringL = left && !inCircle(x, y, 50, 64, 25), ringR = right && !inCircle(x, y, 78, 64, 25);
    if (left && right) c = [255, 196, 61]; // the intersection: the audience
    else if (ringL || ringR) c = [240, 244, 250];
    return [...c, 255];
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
        const acc = [0, 0, 0, 0];
        for (let sy = 0; sy < SS; sy++) {
            for (let sx = 0; sx < SS; sx++) {
                const s = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
                for (let i = 0; i < 3; i++) acc[i] += s[i] * s[3];
                acc[3] += s[3];
            }
        }
        const o = (py * SIZE + px) * 4;
        for (let i = 0; i < 3; i++) rgba[o + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0;
        rgba[o + 3] = Math.round(acc[3] / (SS * SS));
    }
}

const out = new URL('../icon.png', import.meta.url);
writeFileSync(out, encodePng(SIZE, SIZE, rgba));
console.log(`wrote ${out.pathname}`);
