// The in-memory executor on synthetic columnar data: 1M contacts and 10M
// email_opened rows by default (SEG_BENCH_CONTACTS, SEG_BENCH_INTERACTIONS
// scale it down). Prints rows scanned per second per plan and peak memory.
// Needs a build first (npx tsc -p .).
import { EmptyFileSystem } from 'langium';

const { createSegServices } = await import('../out/language/seg-module.js');
const { compileSources } = await import('../out/compiler/pipeline.js');
const { execute } = await import('../out/compiler/exec/execute.js');

const CONTACTS = Number(process.env.SEG_BENCH_CONTACTS ?? 1_000_000);
const INTERACTIONS = Number(process.env.SEG_BENCH_INTERACTIONS ?? 10_000_000);
const AS_OF = Date.parse('2026-06-15T12:00:00Z');
const TIME_ZONE = 'Europe/Amsterdam';
const DAY = 86_400_000;

/** mulberry32: fast, deterministic. */
function random(seed) {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const hex = (n, width) => n.toString(16).padStart(width, '0');
const uuidRandom = random(7);
const word = () => hex(Math.floor(uuidRandom() * 2 ** 32), 8);
/**
 * A random-looking (v4-like) uuid as a flat string, like one a database
 * driver returns (a template literal would be a rope, slow to read).
 */
const uuid = () => JSON.parse(JSON.stringify(`${word()}-${word().slice(0, 4)}-4${word().slice(0, 3)}-8${word().slice(0, 3)}-${word()}${word().slice(0, 4)}`));
const JOURNEYS = Array.from({ length: 20 }, () => uuid());
const CITIES = ['Amsterdam', 'Rotterdam', 'Seattle', 'Paris', 'Berlin', 'Madrid', 'Zürich', 'Kraków', 'Lyon', 'Oslo'];

function generate() {
    const rnd = random(42);
    const contactid = new Array(CONTACTS), donotemail = new Array(CONTACTS), city = new Array(CONTACTS), jobtitle = new Array(CONTACTS);
    for (let i = 0; i < CONTACTS; i++) {
        contactid[i] = uuid();
        donotemail[i] = rnd() < 0.1 ? null : rnd() < 0.2;
        city[i] = CITIES[Math.floor(rnd() * CITIES.length)];
        jobtitle[i] = rnd() < 0.3 ? 'Marketing Director' : 'Engineer';
    }
    const contactId = new Array(INTERACTIONS), timestamp = new Array(INTERACTIONS), journey = new Array(INTERACTIONS), openCity = new Array(INTERACTIONS);
    for (let i = 0; i < INTERACTIONS; i++) {
        const r = rnd();
        // 1% reach no one (null), 1% a contact that does not exist; the rest skewed toward active contacts.
        contactId[i] = r < 0.01 ? null : r < 0.02 ? uuid() : contactid[Math.floor(rnd() * rnd() * CONTACTS)];
        timestamp[i] = AS_OF - Math.floor(rnd() * 730 * DAY) + DAY; // two years, a day past asOf
        journey[i] = JOURNEYS[Math.floor(rnd() * JOURNEYS.length)];
        openCity[i] = CITIES[Math.floor(rnd() * CITIES.length)];
    }
    return {
        contact: { rowCount: CONTACTS, columns: { contactid, donotemail, address1_city: city, jobtitle } },
        email_opened: { rowCount: INTERACTIONS, columns: { contact_id: contactId, timestamp, customer_journey_id: journey, city: openCity } },
    };
}

const SOURCE = `
segment Recent = interaction EmailOpened within 90 days
segment JourneyFans = interaction EmailOpened having count >= 3 within 30 days where customerJourneyId = "${JOURNEYS[3]}"
segment Quiet = interaction EmailOpened having count = 0 within 14 days
segment CityOpens = interaction EmailOpened having count between 2 and 5 since 2026-01-01 where city contains "AM" or city starts with "z"
segment Calendar = interaction EmailOpened between 3 and 6 months ago
segment Directors = profile contact where jobtitle contains "director" and not donotemail
segment Target = (Recent intersect Directors) except Quiet
`;

async function plan() {
    const services = createSegServices(EmptyFileSystem);
    const { plan } = await compileSources(services, { files: [{ path: 'bench.seg', text: SOURCE }] }, { timeZone: TIME_ZONE });
    if (!plan) throw new Error('the bench source has errors');
    return plan;
}

const p = await plan();
let t0 = performance.now();
const tables = generate();
console.log(`seg exec bench: ${CONTACTS.toLocaleString('en')} contacts, ${INTERACTIONS.toLocaleString('en')} email_opened rows (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const rate = (rows, ms) => `${(rows / (ms / 1000) / 1e6).toFixed(1)} M rows/s`;
for (const segment of p.segments) {
    const runs = [];
    let members = 0;
    for (let i = 0; i < 3; i++) {
        t0 = performance.now();
        const result = execute(p, tables, { asOf: AS_OF, segments: [segment.name] });
        runs.push(performance.now() - t0);
        members = result.get(segment.name).length;
    }
    const best = Math.min(...runs);
    const node = p.nodes[segment.node];
    const scanned = node.kind === 'interaction' ? INTERACTIONS : node.kind === 'profile' ? CONTACTS : undefined;
    console.log(`  ${segment.name.padEnd(10)} ${String(members).padStart(9)} members  best of 3 ${best.toFixed(0).padStart(6)} ms${scanned ? `  ${rate(scanned, best)}` : ''}`);
}

// Everything at once: each node once, the row → contact mapping shared by the interaction nodes.
const nodeTimes = [];
t0 = performance.now();
execute(p, tables, { asOf: AS_OF, onNode: (node, s) => nodeTimes.push(`${node.id}:${node.kind} ${s.ms.toFixed(0)} ms`) });
const all = performance.now() - t0;
const interactionNodes = p.nodes.filter(n => n.kind === 'interaction').length;
console.log(`  all ${p.segments.length} segments (${p.nodes.length} nodes, ${interactionNodes} interaction scans) in ${all.toFixed(0)} ms: ${rate(interactionNodes * INTERACTIONS, all)}`);
console.log(`    per node: ${nodeTimes.join(', ')}`);
console.log(`  peak memory (RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
