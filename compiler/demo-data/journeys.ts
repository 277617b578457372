// The interactions of each contact: ≈ 10 per contact over the 400 days before
// asOf, skewed (a few very active contacts, many quiet ones), simulated family
// by family: emails sent → delivered or bounced → opened → clicked, events,
// forms, website visits, subscriptions, lead-score boosts and survey
// responses; registrations canceled after reminders, clicks on website links
// (a "50% off" banner in the last two weeks), tracked short links (the newest,
// a PDF, posted under an hour before asOf) and LinkedIn Lead Gen form
// submissions. Each family draws from one random stream per contact, so a
// table's rows are the same whichever other tables are generated.
import { hash, Rng } from './random.js';
import { Emitter, type Sending, type Visitor } from './emitter.js';
import type { DemoData } from './population.js';
import { DAY, FAMILIES, HOUR, INTERACTIONS, PROGRESS_EVERY, type Row, WINDOW_DAYS } from './tables.js';
import {
    BOUNCE_HARD, BOUNCE_SOFT, EVENTS, FORMS, JOURNEYS, LINKEDIN_CAMPAIGNS, MESSAGES, PAGE_IDS, PAGES, PROMO_BANNER, SEGMENTS,
    SHORT_LINKS, SURVEYS, WEBSITE_LINKS, WEBSITES,
} from './vocabulary.js';

/** The interaction rows of the demo population (one per DemoData; see DemoData.interactionRows). */
export class Journeys {
    private readonly asOf: number;
    private readonly windowStart: number;
    private readonly contacts: DemoData['contacts'];
    private readonly ns: Record<string, number>;

    constructor(private readonly data: DemoData) {
        this.asOf = data.asOfMs;
        this.windowStart = data.windowStartMs;
        this.contacts = data.contacts;
        this.ns = data.ns;
    }

    /** The rows of one interaction table, contact by contact. */
    *rows(table: string): Generator<Row> {
        const spec = INTERACTIONS.find(t => t.name === table);
        if (!spec) throw new Error(`no demo data for ${table}`);
        const tableNs = hash(this.ns.interactionId, INTERACTIONS.indexOf(spec));
        const familyNs = hash(this.ns.family, FAMILIES.indexOf(spec.family));
        const out: Row[] = [];
        const emit = new Emitter(this.data, table, tableNs);
        for (let i = 0; i < this.data.contactCount; i++) {
            emit.begin(i, out);
            const r = new Rng(hash(familyNs, i));
            switch (spec.family) {
                case 'email': this.emailFamily(i, r, emit); break;
                case 'events': this.eventFamily(i, r, emit); break;
                case 'forms': this.formFamily(i, r, emit); break;
                case 'web': this.webFamily(i, r, emit); break;
                case 'subscriptions': this.subscriptionFamily(i, r, emit); break;
                case 'boost': this.boostFamily(i, r, emit); break;
                case 'survey': this.surveyFamily(i, r, emit); break;
                case 'links': this.linkFamily(i, r, emit); break;
                case 'linkedin': this.linkedInFamily(i, r, emit); break;
            }
            for (const row of out) yield row;
            out.length = 0;
            if ((i + 1) % PROGRESS_EVERY === 0) this.data.tick?.(PROGRESS_EVERY);
        }
        this.data.tick?.(this.data.contactCount % PROGRESS_EVERY);
    }

    /** How much of the 400-day window contact i existed for, 0..1 (newer contacts have less history). */
    private span(i: number): number {
        return (this.asOf - this.contacts.start[i]) / (WINDOW_DAYS * DAY);
    }

    private at(i: number, r: Rng): number {
        const start = this.contacts.start[i];
        return start + r.float() * (this.asOf - start);
    }

    private emailFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const flags = this.contacts.flags[i];
        let sends = r.poisson((flags & 2 ? 0.2 : 1.1 + 2.5 * Math.min(e, 20)) * this.span(i));
        if (flags & 4) sends = Math.floor(sends / 4);
        const pOpen = 0.1 + 0.55 * (1 - Math.exp(-e));
        const pClick = 0.15 + 0.25 * Math.min(1, e / 5);
        const hasLead = this.data.leadOf(i) >= 0;
        for (let k = 0; k < sends; k++) {
            const t = this.at(i, r);
            const m = r.int(MESSAGES.length);
            const fate = r.float();
            const delay = r.between(1, 90) * 1000;
            const opens = r.float() < pOpen ? 1 + r.poisson(0.4) : 0;
            const msg = MESSAGES[m].id;
            const journey = JOURNEYS[Math.floor(m / 3)].id;
            const sending: Sending = { message: m, at: t };
            emit.sent(t, msg, journey, sending);
            if (fate < 0.006) {
                emit.bounced('email_hard_bounced', t + delay, msg, journey, sending, BOUNCE_HARD[m % BOUNCE_HARD.length]);
                continue;
            }
            if (fate < 0.035) {
                emit.bounced('email_soft_bounced', t + delay * 10, msg, journey, sending, BOUNCE_SOFT[k % BOUNCE_SOFT.length]);
                continue;
            }
            const delivered = t + delay;
            emit.delivered(delivered, msg, journey, sending);
            let seen = delivered;
            for (let o = 0; o < opens; o++) {
                seen += r.exponential(o === 0 ? 8 * HOUR : 30 * HOUR);
                const viaLead = hasLead && r.float() < 0.3;
                const elsewhere = r.float() < 0.1;
                emit.opened(seen, msg, journey, sending, viaLead, elsewhere);
                if (o === 0 && r.float() < pClick) {
                    const clicks = 1 + r.poisson(0.3);
                    let clicked = seen;
                    for (let q = 0; q < clicks; q++) {
                        clicked += r.exponential(2 * 60_000);
                        emit.clicked(clicked, msg, journey, sending, viaLead, PAGES[r.int(PAGES.length)]);
                    }
                }
            }
        }
    }

    private eventFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const registrations = r.poisson(0.09 * (0.3 + Math.min(e, 20)));
        const cancellations = emit.table === 'event_registration_canceled';
        for (let k = 0; k < registrations; k++) {
            const ev = r.int(EVENTS.length);
            const event = EVENTS[ev];
            const starts = Math.floor((this.asOf - event.daysAgo * DAY) / DAY) * DAY + 16 * HOUR;
            const registered = starts - r.between(1, 45) * DAY + r.int(DAY);
            const attends = r.float() < 0.6;
            const arrival = starts + r.int(2 * HOUR);
            if (registered < this.contacts.start[i]) continue;
            emit.registered(registered, event.id, JOURNEYS[ev % JOURNEYS.length].id);
            if (attends) emit.checkedIn(arrival, event.id);
            else if (cancellations) this.cancellation(i, k, event, registered, starts, emit);
        }
    }

    /**
     * Whether registration k of contact i, one that did not check in, was
     * canceled, and when: most cancellations come within hours of a reminder
     * (three weeks before the event, and two days before it), the others any
     * time before the event. A stream of its own, so the registrations and
     * check-ins stay as they are. The upcoming summit's three-week reminder
     * went out 30 hours before asOf: its cancellations are the recent ones.
     */
    private cancellation(i: number, k: number, event: typeof EVENTS[number], registered: number, starts: number, emit: Emitter): void {
        const r = new Rng(hash(this.ns.cancel, i, k));
        const upcoming = event.daysAgo < 0;
        if (!r.chance(upcoming ? 0.75 : 0.45)) return;
        const nominal = this.asOf - event.daysAgo * DAY;
        const reminder = [nominal - 21 * DAY - 30 * HOUR, starts - 2 * DAY].find(t => t > registered && t < starts);
        let t = reminder !== undefined && r.chance(0.7) ? reminder + r.exponential(5 * HOUR) : registered + r.float() * (starts - registered);
        if (t >= starts) t = registered + r.float() * (starts - registered);
        emit.canceled(t, event.id);
    }

    private formFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const visits = r.poisson(0.18 * (0.3 + Math.min(e, 20)) * this.span(i));
        const hasLead = this.data.leadOf(i) >= 0;
        for (let k = 0; k < visits; k++) {
            const t = this.at(i, r);
            const f = r.int(FORMS.length);
            const page = r.int(PAGE_IDS.length);
            const anonymous = r.float() < 0.1;
            const viaLead = hasLead && r.float() < 0.5;
            const submits = r.float() < 0.4;
            const took = r.between(20, 600) * 1000;
            emit.formVisited(t, FORMS[f].id, PAGE_IDS[page].id, anonymous, viaLead);
            if (submits) emit.formSubmitted(t + took, FORMS[f], PAGE_IDS[page].id, viaLead);
        }
    }

    private webFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const sessions = r.poisson(0.45 * (0.2 + Math.min(e, 20)) * this.span(i));
        const hasLead = this.data.leadOf(i) >= 0;
        const clicks = emit.table === 'website_clicked';
        for (let k = 0; k < sessions; k++) {
            let t = this.at(i, r);
            const pages = 1 + r.poisson(0.8);
            const site = WEBSITES[r.float() < 0.7 ? 0 : r.int(WEBSITES.length)].id;
            const who = r.float();
            const visitor: Visitor = who < 0.15 ? 'anonymous' : who < 0.152 ? 'deleted' : 'contact';
            const viaLead = hasLead && r.float() < 0.3;
            for (let p = 0; p < pages; p++) {
                const page = r.int(PAGES.length);
                const duration = r.between(3, 400);
                emit.visited(t, site, page, duration, visitor, viaLead);
                if (clicks) this.pageClicks(i, k * 1024 + p, t, site, page, duration, visitor, viaLead, emit);
                t += duration * 1000;
            }
        }
    }

    /**
     * The link clicked during page view n of contact i, if any (a stream of
     * its own, so the visits stay as they are): the corporate website's
     * "50% off" banner while it is live, else now and then a link on the page.
     */
    private pageClicks(i: number, n: number, t: number, site: string, page: number, seconds: number, visitor: Visitor, viaLead: boolean, emit: Emitter): void {
        const r = new Rng(hash(this.ns.pageClick, i, n));
        const at = t + r.float() * seconds * 1000;
        if (site === WEBSITES[0].id && t > this.asOf - PROMO_BANNER.days * DAY && r.chance(PROMO_BANNER.clickRate)) {
            emit.websiteClicked(at, site, page, PROMO_BANNER.link, PROMO_BANNER.name, visitor, viaLead);
        } else if (r.chance(0.06)) {
            const [link, name] = WEBSITE_LINKS[r.int(WEBSITE_LINKS.length)];
            emit.websiteClicked(at, site, page, link, name, visitor, viaLead);
        }
    }

    /** Clicks on tracked short links: each link's clicks follow its posting, engaged contacts click more. */
    private linkFamily(i: number, r: Rng, emit: Emitter): void {
        const weight = (0.3 + Math.min(this.contacts.engagement[i], 10)) / 1.3;
        const hasLead = this.data.leadOf(i) >= 0;
        for (const link of SHORT_LINKS) {
            if (!r.chance(link.reach * weight)) continue;
            const clicks = r.chance(0.15) ? 2 : 1;
            const viaLead = hasLead && r.chance(0.3);
            let t = this.asOf - link.hoursAgo * HOUR;
            for (let q = 0; q < clicks; q++) {
                t += r.exponential(link.meanHours * HOUR);
                if (t >= this.contacts.start[i]) emit.linkClicked(t, link, viaLead);
            }
        }
    }

    /** LinkedIn Lead Gen form submissions: some contacts submit a campaign's form while it runs. */
    private linkedInFamily(i: number, r: Rng, emit: Emitter): void {
        this.campaignPeriods ??= LINKEDIN_CAMPAIGNS.map(c => {
            const year = new Date(this.asOf).getUTCFullYear() + (c.year ?? 0);
            return c.year === null ? [this.windowStart, this.asOf] : [Date.UTC(year, c.from - 1, 1), Date.UTC(year, c.to, 1)];
        });
        for (let c = 0; c < LINKEDIN_CAMPAIGNS.length; c++) {
            if (!r.chance(LINKEDIN_CAMPAIGNS[c].reach)) continue;
            const [from, to] = this.campaignPeriods[c];
            const t = from + r.float() * (to - from);
            if (t >= this.contacts.start[i]) emit.linkedIn(t, LINKEDIN_CAMPAIGNS[c].id, LINKEDIN_CAMPAIGNS[c].formId);
        }
    }

    private campaignPeriods?: Array<[number, number]>;

    private subscriptionFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const span = this.span(i);
        const subscribed = r.poisson(0.05 * (0.5 + Math.min(e, 10)) * span);
        const unsubscribed = r.poisson(0.025 * (0.5 + Math.min(e, 10)) * span);
        const submitted = r.poisson(0.03 * (0.5 + Math.min(e, 10)) * span);
        for (let k = 0; k < subscribed; k++) {
            const t = this.at(i, r), s = r.int(SEGMENTS.length), m = r.int(MESSAGES.length);
            emit.segment('segment_subscribed', t, SEGMENTS[s].id, MESSAGES[m].id, JOURNEYS[Math.floor(m / 3)].id);
        }
        for (let k = 0; k < unsubscribed; k++) {
            const t = this.at(i, r), s = r.int(SEGMENTS.length), m = r.int(MESSAGES.length);
            emit.segment('segment_unsubscribed', t, SEGMENTS[s].id, MESSAGES[m].id, JOURNEYS[Math.floor(m / 3)].id);
        }
        for (let k = 0; k < submitted; k++) {
            const t = this.at(i, r), m = r.int(MESSAGES.length);
            emit.subscriptionSubmitted(t, MESSAGES[m].id, JOURNEYS[Math.floor(m / 3)].id);
        }
    }

    private boostFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const boosts = r.poisson(0.12 * Math.min(e, 30) * this.span(i));
        for (let k = 0; k < boosts; k++) {
            const t = this.at(i, r);
            const value = [5, 10, 10, 15, 20, 25, 50][r.int(7)];
            emit.boost(t, JOURNEYS[r.int(JOURNEYS.length)].id, value);
        }
    }

    private surveyFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const responses = r.poisson(0.04 * (0.5 + Math.min(e, 10)) * this.span(i));
        for (let k = 0; k < responses; k++) {
            const t = this.at(i, r);
            const s = r.int(SURVEYS.length);
            const score = Math.max(0, Math.min(10, Math.round(7.2 + 2.4 * r.normal())));
            emit.survey(t, SURVEYS[s].id, score, JOURNEYS[r.int(JOURNEYS.length)].id);
        }
    }
}
