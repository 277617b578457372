// Natural values: what a column holds when no test steers it, by its type and its
// name (names, cities, URLs, modest numbers…), and text composed to meet text tests.
import { MS_PER_DAY as DAY } from '../../calendar/time-zone.js';
import { type Rng, uuidFrom } from '../random.js';
import { iso, isoDate } from '../cells.js';
import {
    CITIES, COMPANY_STEMS, EVENTS, FEMALE_NAMES, FORMS, FREE_MAIL, JOURNEYS, LAST_NAMES, MALE_NAMES, MESSAGES, PAGE_IDS, PAGES, PRODUCTS,
    SEGMENTS, SURVEYS, WEBSITES,
} from '../vocabulary.js';
import type { Column, TableDecl } from './declared-tables.js';
import type { GenericData } from './generic-data.js';
import type { Cell, Context } from './row-context.js';
import { NULL_SHARE } from './tuning.js';

/** A string meeting text tests: the starts-with part, the contained parts, the ends-with part (a URL where the column holds one). */
export function composeText(column: string, texts: Array<{ mode: 'contains' | 'starts' | 'ends'; value: string }>): string {
    const starts = texts.find(t => t.mode === 'starts')?.value;
    const ends = texts.find(t => t.mode === 'ends')?.value ?? '';
    const middle = texts.filter(t => t.mode === 'contains').map(t => t.value).join('');
    let text = (starts ?? '') + middle + ends;
    if (starts === undefined && /url|uri|link|href|website/.test(column) && !/^https?:/i.test(text)) {
        const head = text.startsWith('/') ? 'https://www.contoso.com'
            : text.startsWith('.') ? 'https://www.contoso.com/downloads/document'
            : /^[?&#]/.test(text) ? 'https://www.contoso.com/offer'
            : text.includes('=') ? 'https://www.contoso.com/offer?'
            : 'https://www.contoso.com/';
        text = head + text;
    }
    return text;
}

// ---------------------------------------------------------------- natural values

const KNOWN_POOLS: Record<string, ReadonlyArray<{ id: string }>> = {
    customer_journey_id: JOURNEYS, message_id: MESSAGES, event_id: EVENTS, form_id: FORMS, website_id: WEBSITES,
    page_id: PAGE_IDS, survey_id: SURVEYS, segment_id: SEGMENTS,
};

const BROWSERS = ['Chrome', 'Edge', 'Safari', 'Firefox', 'Samsung Internet'];
const SEARCH_ENGINES = ['Google', 'Bing', 'DuckDuckGo', 'Ecosia'];
const SYSTEMS = ['Windows', 'macOS', 'iOS', 'Android', 'Linux'];
const DEVICES = ['Desktop', 'Mobile', 'Tablet'];
const LANGUAGES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'nl-NL', 'es-ES', 'ja-JP'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'];
const CHANNELS = ['Email', 'Web', 'Social', 'Event', 'Referral', 'Paid search'];
const STATUSES = ['Active', 'Pending', 'Completed', 'Canceled'];
const TYPES = ['Standard', 'Premium', 'Basic', 'Enterprise'];
const TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
const REASONS = ['Price', 'Timing', 'Features', 'Went with a competitor', 'No budget'];
const SEASONS = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'WELCOME', 'LAUNCH', 'RENEWAL', 'VIP'];
const PREFIXES = ['Spring', 'Summer', 'Autumn', 'Winter', 'Launch', 'Partner', 'Customer', 'Product'];

const humanize = (name: string) => {
    const text = name.replace(/_/g, ' ').trim();
    return text.charAt(0).toUpperCase() + text.slice(1);
};
const pick = <T>(items: readonly T[]) => (ctx: Context) => items[ctx.r.int(items.length)];
const hex = (r: Rng) => r.next().toString(16).padStart(8, '0') + r.next().toString(16).padStart(8, '0');

/** The natural value of a column: by its type and, for strings and numbers, what its name suggests. */
export function naturalValue(col: Column, table: TableDecl, gen: GenericData): (ctx: Context) => Cell {
    const n = col.name.toLowerCase();
    const host = gen.host;
    const optional = (f: (ctx: Context) => Cell) => (ctx: Context) => (ctx.r.chance(NULL_SHARE) ? null : f(ctx));
    switch (col.kind) {
        case 'lookup':
            return ctx => gen.lookup(col, ctx);
        case 'guid': {
            if (n === table.key) return ctx => uuidFrom(ctx.r.next(), ctx.r.next(), ctx.r.next(), ctx.r.next());
            if (/session|submission|registration|transaction|iteration|request|visitor|check_in|order/.test(n)) {
                return optional(ctx => uuidFrom(ctx.r.next(), ctx.r.next(), ctx.r.next(), ctx.r.next()));
            }
            // The ids of the demo data's own journeys, emails, events… where a column holds one of those.
            const known = KNOWN_POOLS[n];
            if (known) return optional(ctx => known[ctx.r.int(known.length)].id);
            const size = /organization|tenant/.test(n) ? 1 : 12;
            return optional(ctx => gen.poolGuid(table.name, col.name, ctx.r, size));
        }
        case 'choice': {
            const codes = col.codes;
            if (!codes.length) return () => null;
            // Earlier options are more common (Bronze before Platinum, Desktop before Tablet).
            const total = (codes.length * (codes.length + 1)) / 2;
            return optional(ctx => {
                let x = ctx.r.float() * total;
                for (let k = 0; k < codes.length; k++) {
                    x -= codes.length - k;
                    if (x < 0) return String(codes[k]);
                }
                return String(codes[codes.length - 1]);
            });
        }
        case 'boolean': {
            const p = /do_?not|deleted|blocked|opt_?out|unsubscribed|bounced|suspended/.test(n) ? 0.1
                : /active|enabled|verified|consent|confirmed|subscribed|opt_?in|valid/.test(n) ? 0.75 : 0.5;
            return ctx => (ctx.r.chance(p) ? 't' : 'f');
        }
        case 'integer':
        case 'number': {
            const f = numberOf(n, host.asOfMs);
            return col.kind === 'integer'
                ? optional(ctx => String(Math.round(f(ctx.r))))
                : optional(ctx => String(Math.round((f(ctx.r) + ctx.r.float()) * 100) / 100));
        }
        case 'date':
        case 'datetime': {
            const now = host.asOfMs;
            const [from, to] = /birth/.test(n) ? [Date.UTC(1950, 0, 1), Date.UTC(2006, 0, 1)]
                : /expir|renew|due|until|valid|end/.test(n) ? [now - 60 * DAY, now + 365 * DAY]
                : col.kind === 'date' ? [now - 3 * 365 * DAY, now]
                : [host.windowStartMs, now];
            return col.kind === 'date'
                ? optional(ctx => isoDate(from + ctx.r.float() * (to - from)))
                : optional(ctx => iso(from + ctx.r.float() * (to - from)));
        }
        case 'string':
            return stringOf(n, table, gen);
    }
}

function numberOf(n: string, asOf: number): (r: Rng) => number {
    if (/minute/.test(n)) return r => Math.min(180, 1 + r.exponential(25));
    if (/second|duration/.test(n)) return r => Math.min(3600, 5 + r.exponential(120));
    if (/hour/.test(n)) return r => 1 + r.int(8);
    if (/point/.test(n)) return r => r.exponential(1500);
    if (/rating|stars/.test(n)) return r => 1 + r.int(5);
    if (/score/.test(n)) return r => r.int(101);
    if (/percent|pct|rate/.test(n)) return r => r.int(101);
    if (/(^|_)age$/.test(n)) return r => 18 + r.int(63);
    if (/year/.test(n)) return r => new Date(asOf).getUTCFullYear() - r.int(11);
    if (/version/.test(n)) return r => 1 + r.int(3);
    if (/items|qty|quantity|seats|tickets/.test(n)) return r => 1 + r.poisson(1.5);
    if (/count|number|num|times|asked|clicks|visits|views|opens|attempts|children/.test(n)) return r => r.poisson(1.5);
    if (/amount|revenue|price|value|budget|cost|total|balance|limit|spend/.test(n)) return r => Math.exp(4 + 1.5 * r.normal());
    return r => r.exponential(20);
}

function stringOf(n: string, table: TableDecl, gen: GenericData): (ctx: Context) => Cell {
    const host = gen.host;
    const optional = (f: (ctx: Context) => Cell) => (ctx: Context) => (ctx.r.chance(NULL_SHARE) ? null : f(ctx));
    const city = (ctx: Context) => CITIES[ctx.contact >= 0 ? host.contactCity(ctx.contact) : ctx.r.int(CITIES.length)];
    const name = (ctx: Context): readonly [string, string] => ctx.contact >= 0 ? host.contactName(ctx.contact)
        : [ctx.r.chance(0.5) ? pick(FEMALE_NAMES)(ctx) : pick(MALE_NAMES)(ctx), pick(LAST_NAMES)(ctx)];
    const yy = String(new Date(host.asOfMs).getUTCFullYear() % 100).padStart(2, '0');
    if (/domain/.test(n)) {
        return optional(ctx => (ctx.contact >= 0 ? host.contactEmail(ctx.contact).split('@')[1] : pick(FREE_MAIL)(ctx)));
    }
    if (/email/.test(n)) {
        return optional(ctx => ctx.contact >= 0 ? host.contactEmail(ctx.contact)
            : `${name(ctx).join('.').toLowerCase().replace(/[^a-z.]/g, '')}@${pick(FREE_MAIL)(ctx)}`);
    }
    if (/first_?name|given_?name/.test(n)) return optional(ctx => name(ctx)[0]);
    if (/last_?name|surname|family_?name/.test(n)) return optional(ctx => name(ctx)[1]);
    if (/full_?name/.test(n)) return optional(ctx => name(ctx).join(' '));
    if (/country_?iso|iso_?code|country_?code/.test(n)) return optional(ctx => city(ctx)[3]);
    if (/city/.test(n)) return optional(ctx => city(ctx)[0]);
    if (/country/.test(n)) return optional(ctx => city(ctx)[2]);
    if (/state|province|region/.test(n)) return optional(ctx => city(ctx)[1]);
    if (/postal|zip/.test(n)) return optional(ctx => String(10000 + ctx.r.int(90000)));
    if (/phone|mobile|fax/.test(n)) return optional(ctx => `+1 555 ${String(ctx.r.int(10_000)).padStart(4, '0')}`);
    if (/url|uri|link|href|website/.test(n)) return optional(ctx => `https://www.contoso.com${pick(PAGES)(ctx)}`);
    if (/page|path/.test(n)) return optional(pick(PAGES));
    if (/version/.test(n)) return optional(ctx => `${1 + ctx.r.int(20)}.${ctx.r.int(10)}`);
    if (/duration|seconds/.test(n)) return optional(ctx => String(Math.round(5 + ctx.r.exponential(120))));
    if (/search_?engine/.test(n)) return optional(pick(SEARCH_ENGINES));
    if (/search|phrase|query|keyword/.test(n)) return optional(ctx => pick(PRODUCTS)(ctx));
    if (/returning/.test(n)) return optional(pick(['New', 'Returning']));
    if (/anonymous/.test(n)) return optional(pick(['Known', 'Anonymous']));
    if (/browser/.test(n)) return optional(pick(BROWSERS));
    if (/operating_?system|(^|_)os(_|$)/.test(n)) return optional(pick(SYSTEMS));
    if (/device/.test(n)) return optional(pick(DEVICES));
    if (/language|locale/.test(n)) return optional(pick(LANGUAGES));
    if (/currency/.test(n)) return optional(pick(CURRENCIES));
    if (/source|channel|medium/.test(n)) return optional(pick(CHANNELS));
    if (/status|state/.test(n)) return optional(pick(STATUSES));
    if (/tier|level/.test(n)) return optional(pick(TIERS));
    if (/type|category|kind|plan/.test(n)) return optional(pick(TYPES));
    if (/code/.test(n)) return optional(ctx => `${pick(SEASONS)(ctx)}-${yy}`);
    if (/reason/.test(n)) return optional(pick(REASONS));
    if (/title|subject|topic/.test(n)) return optional(ctx => `Interested in ${pick(PRODUCTS)(ctx)}`);
    if (/description|note|comment|message|text/.test(n)) return optional(ctx => `Asked about ${pick(PRODUCTS)(ctx)}`);
    if (/(^|_)id$/.test(n)) return optional(ctx => hex(ctx.r));
    if (/name/.test(n)) {
        const what = humanize(n.replace(/_?name$/, '') || table.name).toLowerCase();
        return optional(ctx => (n === 'name' ? `${pick(COMPANY_STEMS)(ctx)} ${what}` : `${pick(PREFIXES)(ctx)} ${what}`));
    }
    const label = humanize(n);
    return optional(ctx => `${label} ${1 + ctx.r.int(8)}`);
}
