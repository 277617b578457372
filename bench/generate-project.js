// Writes a realistic generated Seg project: `segments` segments over `files`
// files, a mix of interaction, profile and compound segments.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TYPES = [
    ['EmailOpened', 'messageId'], ['EmailClicked', 'customerJourneyId'], ['EmailDelivered', 'messageId'],
    ['EventRegistration', 'eventId'], ['FormSubmitted', 'formId'], ['WebsiteVisited', 'websiteId'],
];
const CITIES = ['Seattle', 'Amsterdam', 'Paris', 'Berlin', 'Austin', 'Lisbon'];

function rng(seed) {
    let s = seed >>> 0;
    return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function guid(r) {
    const h = () => Math.floor(r() * 16).toString(16);
    const part = n => Array.from({ length: n }, h).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

export function generateProject(dir, { segments = 10000, files = 100, seed = 42 } = {}) {
    const r = rng(seed);
    mkdirSync(dir, { recursive: true });
    const perFile = Math.ceil(segments / files);
    let n = 0;
    for (let f = 0; f < files; f++) {
        const parts = [];
        for (let i = 0; i < perFile && n < segments; i++, n++) {
            const kind = n < 10 ? 0 : Math.floor(r() * 3);
            let body;
            if (kind === 0) {
                const [type, field] = TYPES[Math.floor(r() * TYPES.length)];
                body = `interaction ${type}\n    having count >= ${1 + Math.floor(r() * 5)}\n    within ${1 + Math.floor(r() * 90)} days\n    where ${field} = "${guid(r)}"`;
            } else if (kind === 1) {
                body = `profile contact\n    where address1_city = "${CITIES[Math.floor(r() * CITIES.length)]}"\n      and parentcustomerid.numberofemployees >= ${Math.floor(r() * 1000)}\n      and not donotemail`;
            } else {
                const a = Math.floor(r() * n), b = Math.floor(r() * n);
                body = `S${a} ${['union', 'intersect', 'except'][Math.floor(r() * 3)]} S${b}`;
            }
            parts.push(`/// Generated segment ${n}.\nsegment S${n} =\n  ${body}\n`);
        }
        writeFileSync(join(dir, `part-${String(f).padStart(3, '0')}.seg`), parts.join('\n'));
    }
    return n;
}
