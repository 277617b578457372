// Turns the journeys' simulated events into rows of the one table being
// generated (journeys.ts simulates every event of a family, for the same random
// stream, and the emitter keeps only those of its table).
import { hash } from './random.js';
import { type Cell, iso, recordId, type Row } from './cells.js';
import type { DemoData } from './population.js';
import { CITIES, PAGE_IDS, PAGES, type SHORT_LINKS } from './vocabulary.js';

/** Who a web interaction is from: the contact, nobody known, or a contact deleted since. */
export type Visitor = 'contact' | 'anonymous' | 'deleted';

/** Which email a sent, delivered, opened… event belongs to. */
export interface Sending {
    message: number;
    at: number;
}

function append(row: Row, ...cells: Cell[]): Row {
    for (const c of cells) row.push(c);
    return row;
}

/**
 * Turns simulated events into rows of the one table being generated (events
 * of other tables are simulated, for the same random stream, and dropped).
 * Interaction ids are unique per table: contact index and per-contact ordinal.
 */
export class Emitter {
    private i = 0;
    private ordinal = 0;
    private out: Row[] = [];
    private contact!: ReturnType<DemoData['contactCells']>;
    private contactReady = false;

    constructor(private readonly data: DemoData, readonly table: string, private readonly ns: number) {}

    begin(i: number, out: Row[]): void {
        this.i = i;
        this.ordinal = 0;
        this.out = out;
        this.contactReady = false;
    }

    private c(): ReturnType<DemoData['contactCells']> {
        if (!this.contactReady) {
            this.contact = this.data.contactCells(this.i);
            this.contactReady = true;
        }
        return this.contact;
    }

    /** The common cells, or undefined when t is after asOf (a future interaction is never stored). */
    private common(t: number, contactId?: string | null): Row | undefined {
        if (!this.data.inWindow(t)) return undefined;
        const id = recordId(this.ns, this.i, this.ordinal++);
        const c = this.c();
        return [id, iso(t), contactId === undefined ? c.id : contactId, c.account];
    }

    /** The id of something the last interaction created (a registration, a submission). */
    private ownedId(kind: number): string {
        return recordId(hash(this.ns, kind), this.i, this.ordinal);
    }

    sent(t: number, msg: string, journey: string, sending: Sending): void {
        if (this.table !== 'email_sent') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), this.c().domain));
    }

    delivered(t: number, msg: string, journey: string, sending: Sending): void {
        if (this.table !== 'email_delivered') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), this.c().domain));
    }

    bounced(table: string, t: number, msg: string, journey: string, sending: Sending, category: string): void {
        if (this.table !== table) return;
        const row = this.common(t);
        if (row) this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), category));
    }

    opened(t: number, msg: string, journey: string, sending: Sending, viaLead: boolean, elsewhere: boolean): void {
        if (this.table !== 'email_opened') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        const city = elsewhere ? CITIES[(this.i + this.ordinal) % CITIES.length] : c.city;
        this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), viaLead ? c.lead : null, city[0], city[3]));
    }

    clicked(t: number, msg: string, journey: string, sending: Sending, viaLead: boolean, page: string): void {
        if (this.table !== 'email_clicked') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), viaLead ? c.lead : null, `https://www.contoso.com${page}`, c.city[0], c.city[3]));
    }

    registered(t: number, event: string, journey: string): void {
        if (this.table !== 'event_registration') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, event, this.ownedId(1), journey));
    }

    checkedIn(t: number, event: string): void {
        if (this.table !== 'event_check_in') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, event, this.ownedId(2)));
    }

    formVisited(t: number, form: string, page: string, anonymous: boolean, viaLead: boolean): void {
        if (this.table !== 'form_visited') return;
        const row = this.common(t, anonymous ? null : undefined);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, form, page, viaLead && !anonymous ? c.lead : null, c.city[0], c.city[3]));
    }

    formSubmitted(t: number, form: { id: string; name: string }, page: string, viaLead: boolean): void {
        if (this.table !== 'form_submitted') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, form.id, page, this.ownedId(3), form.name, 'Success', viaLead ? c.lead : null, c.city[0], c.city[3]));
    }

    visited(t: number, site: string, page: number, seconds: number, visitor: Visitor, viaLead: boolean): void {
        if (this.table !== 'website_visited') return;
        const row = this.common(t, this.visitor(visitor));
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, site, PAGES[page], PAGE_IDS[page].id, viaLead && visitor === 'contact' ? c.lead : null, String(seconds), c.city[0], c.city[3]));
    }

    websiteClicked(t: number, site: string, page: number, link: string, name: string, visitor: Visitor, viaLead: boolean): void {
        if (this.table !== 'website_clicked') return;
        const row = this.common(t, this.visitor(visitor));
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, site, PAGES[page], PAGE_IDS[page].id, link, name, viaLead && visitor === 'contact' ? c.lead : null, c.city[0], c.city[3]));
    }

    /** The contact id cell of a web interaction: the contact's (undefined), none, or a deleted contact's. */
    private visitor(visitor: Visitor): string | null | undefined {
        return visitor === 'contact' ? undefined : visitor === 'anonymous' ? null : this.data.deletedContact(this.i);
    }

    canceled(t: number, event: string): void {
        if (this.table !== 'event_registration_canceled') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, event));
    }

    linkClicked(t: number, link: typeof SHORT_LINKS[number], viaLead: boolean): void {
        if (this.table !== 'redirect_link_clicked') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, link.code, `https://contoso.link/${link.code}`, link.url, link.referrer || null, viaLead ? c.lead : null, c.city[0], c.city[3]));
    }

    linkedIn(t: number, campaign: string, form: string): void {
        if (this.table !== 'linked_in_form_submission') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, campaign, form));
    }

    segment(table: string, t: number, segment: string, msg: string, journey: string): void {
        if (this.table !== table) return;
        const row = this.common(t);
        if (row) this.out.push(append(row, segment, msg, journey));
    }

    subscriptionSubmitted(t: number, msg: string, journey: string): void {
        if (this.table !== 'email_subscription_submit') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, msg, journey, c.city[0], c.city[3]));
    }

    boost(t: number, journey: string, value: number): void {
        if (this.table !== 'lead_score_boost') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, journey, String(value)));
    }

    survey(t: number, survey: string, score: number, journey: string): void {
        if (this.table !== 'survey_response') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, survey, String(score), journey));
    }
}
