// Word lists and fixed pools for the demo data (population.ts, journeys.ts). The pools' ids are
// the same for every seed, so docs and examples can name a journey or event.
import { hash, uuidFrom } from './random.js';

export const FEMALE_NAMES = [
    'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
    'Lisa', 'Nancy', 'Betty', 'Sandra', 'Margaret', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
    'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia', 'Amy',
    'Kathleen', 'Angela', 'Anna', 'Brenda', 'Emma', 'Olivia', 'Sophie', 'Chloé', 'Léa', 'Hannah',
    'Mia', 'Sofia', 'Giulia', 'Lucía', 'María', 'Aiko', 'Yuki', 'Priya', 'Ananya', 'Fatima',
    'Ingrid', 'Astrid', 'Zoë', 'Chen', 'Mei', 'Nia', 'Amara', 'Isabella', 'Charlotte', 'Freya',
] as const;

export const MALE_NAMES = [
    'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Christopher',
    'Charles', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Andrew', 'Paul', 'Joshua',
    'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Jason', 'Edward', 'Jeffrey', 'Ryan',
    'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Lukas', 'Leon', 'Finn', 'Hugo', 'Louis',
    'Mateo', 'Alejandro', 'Luca', 'Marco', 'Søren', 'Björn', 'Hiroshi', 'Kenji', 'Arjun', 'Rahul',
    'Wei', 'Omar', 'Ahmed', 'Kwame', 'Tomás', 'João', 'Pierre', 'Jean-Luc', 'Noah', 'Oliver',
] as const;

export const LAST_NAMES = [
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
    'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
    'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
    'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
    'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Dubois', 'Durand',
    'Lefèvre', 'Moreau', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Jansen', 'de Vries', 'van Dijk',
    'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'Kowalski', 'Nowak', 'Novák', 'Sato', 'Suzuki', 'Takahashi',
    'Tanaka', 'Watanabe', 'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Patel', 'Sharma', 'Singh',
    "O'Brien", "O'Connor", 'Murphy', 'Kelly', 'MacDonald', 'Silva', 'Santos', 'Oliveira', 'Costa', 'Okafor',
] as const;

/** City, state or province, country, ISO country code, relative weight. */
export const CITIES: ReadonlyArray<readonly [string, string, string, string, number]> = [
    ['Seattle', 'WA', 'United States', 'US', 9],
    ['Redmond', 'WA', 'United States', 'US', 4],
    ['Bellevue', 'WA', 'United States', 'US', 3],
    ['Portland', 'OR', 'United States', 'US', 3],
    ['San Francisco', 'CA', 'United States', 'US', 5],
    ['Los Angeles', 'CA', 'United States', 'US', 5],
    ['New York', 'NY', 'United States', 'US', 8],
    ['Boston', 'MA', 'United States', 'US', 4],
    ['Chicago', 'IL', 'United States', 'US', 5],
    ['Austin', 'TX', 'United States', 'US', 3],
    ['Dallas', 'TX', 'United States', 'US', 3],
    ['Atlanta', 'GA', 'United States', 'US', 3],
    ['Denver', 'CO', 'United States', 'US', 2],
    ['Miami', 'FL', 'United States', 'US', 2],
    ['Toronto', 'ON', 'Canada', 'CA', 4],
    ['Vancouver', 'BC', 'Canada', 'CA', 3],
    ['Montréal', 'QC', 'Canada', 'CA', 2],
    ['London', 'England', 'United Kingdom', 'GB', 7],
    ['Manchester', 'England', 'United Kingdom', 'GB', 2],
    ['Edinburgh', 'Scotland', 'United Kingdom', 'GB', 1],
    ['Dublin', 'Leinster', 'Ireland', 'IE', 2],
    ['Paris', 'Île-de-France', 'France', 'FR', 5],
    ['Lyon', 'Auvergne-Rhône-Alpes', 'France', 'FR', 2],
    ['Berlin', 'Berlin', 'Germany', 'DE', 4],
    ['Munich', 'Bavaria', 'Germany', 'DE', 3],
    ['Hamburg', 'Hamburg', 'Germany', 'DE', 2],
    ['Zürich', 'Zürich', 'Switzerland', 'CH', 2],
    ['Amsterdam', 'North Holland', 'Netherlands', 'NL', 3],
    ['Stockholm', 'Stockholm', 'Sweden', 'SE', 2],
    ['Copenhagen', 'Capital Region', 'Denmark', 'DK', 2],
    ['Madrid', 'Madrid', 'Spain', 'ES', 3],
    ['Barcelona', 'Catalonia', 'Spain', 'ES', 2],
    ['Milan', 'Lombardy', 'Italy', 'IT', 2],
    ['Warsaw', 'Masovia', 'Poland', 'PL', 2],
    ['São Paulo', 'SP', 'Brazil', 'BR', 3],
    ['Mexico City', 'CDMX', 'Mexico', 'MX', 3],
    ['Sydney', 'NSW', 'Australia', 'AU', 3],
    ['Melbourne', 'VIC', 'Australia', 'AU', 2],
    ['Tokyo', 'Tokyo', 'Japan', 'JP', 4],
    ['Singapore', 'Singapore', 'Singapore', 'SG', 2],
    ['Bengaluru', 'Karnataka', 'India', 'IN', 3],
    ['Mumbai', 'Maharashtra', 'India', 'IN', 2],
    ['Cape Town', 'Western Cape', 'South Africa', 'ZA', 1],
];

/** Job titles with relative weights (null: not filled in). */
export const JOB_TITLES: ReadonlyArray<readonly [string | null, number]> = [
    [null, 12],
    ['Marketing Director', 4], ['Director of Marketing', 2], ['Director of Sales', 3], ['Sales Director', 2],
    ['IT Director', 2], ['Director, Operations', 1], ['Marketing Manager', 6], ['Sales Manager', 5],
    ['Account Manager', 6], ['Product Manager', 5], ['Project Manager', 5], ['Office Manager', 3],
    ['Software Engineer', 7], ['Senior Software Engineer', 4], ['Data Analyst', 4], ['Business Analyst', 4],
    ['Consultant', 4], ['Senior Consultant', 2], ['Accountant', 3], ['Financial Controller', 2],
    ['HR Specialist', 2], ['Customer Success Manager', 3], ['Purchasing Agent', 2], ['Buyer', 2],
    ['Chief Executive Officer', 1], ['CEO', 1], ['Chief Marketing Officer', 1], ['CFO', 1], ['CTO', 1],
    ['VP Marketing', 1], ['VP of Sales', 1], ['Owner', 3], ['Founder', 1], ['Student', 2], ['Teacher', 2],
    ['Nurse', 2], ['Physician', 1], ['Engineer', 3], ['Designer', 2], ['Administrative Assistant', 3],
];

export const COMPANY_STEMS = [
    'Contoso', 'Fabrikam', 'Northwind', 'Adventure Works', 'Litware', 'Tailspin', 'Wingtip', 'Proseware',
    'Alpine Ski', 'Coho', 'Blue Yonder', 'Trey', 'Woodgrove', 'Lucerne', 'Humongous', 'Fourth Coffee',
    'Relecloud', 'Wide World', 'Southridge', 'Margie', 'Graphic Design', 'Consolidated', 'Lamna', 'VanArsdel',
    'Datum', 'Bellows', 'City Power', 'School of Fine Art', 'Munson', 'Nod', 'Olympia', 'Tasmanian',
    'Greenfield', 'Summit', 'Harbor', 'Redwood', 'Silverline', 'Ironbridge', 'Brightwater', 'Cedar',
] as const;

export const COMPANY_NOUNS = [
    'Traders', 'Systems', 'Bank', 'Insurance', 'Logistics', 'Labs', 'Foods', 'Media', 'Consulting',
    'Outfitters', 'Health', 'Energy', 'Software', 'Motors', 'Pharmaceuticals', 'Airlines', 'Hotels',
    'Electronics', 'Publishing', 'Partners', 'Holdings', 'Manufacturing', 'Retail', 'Studios',
] as const;

export const COMPANY_SUFFIXES = ['', '', '', 'Inc.', 'Ltd', 'LLC', 'GmbH', 'Group', 'Corp.', 'S.A.'] as const;

export const FREE_MAIL = ['outlook.com', 'gmail.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'proton.me'] as const;

/** Industry codes of account.industrycode (the catalog's choice codes), weighted. */
export const INDUSTRIES: ReadonlyArray<readonly [number, number]> = Array.from({ length: 33 }, (_, i) =>
    [i + 1, [6, 7, 16, 20, 12, 25, 33, 30, 8].includes(i + 1) ? 5 : 1] as const);

/** lead.leadsourcecode, weighted (Web first). */
export const LEAD_SOURCES: ReadonlyArray<readonly [number, number]> = [
    [8, 35], [7, 12], [6, 10], [1, 10], [2, 8], [3, 8], [4, 7], [9, 5], [5, 3], [10, 2],
];

export const PRODUCTS = [
    'cloud migration', 'the Premium plan', 'an enterprise license', 'the analytics add-on', 'a product demo',
    'volume pricing', 'the partner program', 'on-site training', 'support renewal', 'the mobile app',
] as const;

export const PAGES = [
    '/', '/pricing', '/products', '/products/analytics', '/products/cloud', '/blog', '/blog/segments-as-code',
    '/events', '/contact', '/about', '/careers', '/docs/getting-started', '/customers', '/webinars',
] as const;

export const BOUNCE_HARD = ['InvalidRecipient', 'UnknownDomain', 'MailboxDisabled'] as const;
export const BOUNCE_SOFT = ['MailboxFull', 'MessageTooLarge', 'TemporaryFailure', 'ContentRejected'] as const;

// ---------------------------------------------------------------- fixed pools

export interface PoolItem {
    id: string;
    name: string;
}

/** A pool item's id: fixed for every seed (namespace `kind`, index i). */
function poolId(kind: number, i: number): string {
    return uuidFrom(hash(0x5e6_0001, kind, i, 1), hash(0x5e6_0001, kind, i, 2), hash(0x5e6_0001, kind, i, 3), hash(0x5e6_0001, kind, i, 4));
}

const pool = (kind: number, names: readonly string[]): PoolItem[] => names.map((name, i) => ({ id: poolId(kind, i), name }));

export const JOURNEYS = pool(1, [
    'Welcome', 'Onboarding', 'Newsletter', 'Product launch', 'Re-engagement', 'Webinar invitations',
    'Renewal reminders', 'Event follow-up', 'Trial nurture', 'Holiday campaign',
]);

/** Three emails per journey: message m belongs to journey ⌊m / 3⌋. */
export const MESSAGES = pool(2, JOURNEYS.flatMap(j => [`${j.name}: first email`, `${j.name}: second email`, `${j.name}: last email`]));

/** Events, each `daysAgo` before asOf (negative: still to come). */
export const EVENTS: Array<PoolItem & { daysAgo: number }> = pool(3, [
    'Summer product summit', 'Partner day', 'Analytics webinar', 'Customer roadshow Seattle', 'Customer roadshow London',
    'Developer conference', 'Security briefing', 'Spring webinar', 'Annual user group', 'Launch party',
    'Year-end webinar', 'Upcoming summit',
]).map((e, i) => ({ ...e, daysAgo: i === 11 ? -21 : 12 + i * 31 }));

export const FORMS = pool(4, [
    'Contact us', 'Newsletter sign-up', 'Demo request', 'Event registration', 'Whitepaper download',
    'Trial sign-up', 'Webinar registration', 'Feedback',
]);

export const WEBSITES = pool(5, ['Corporate website', 'Developer portal', 'Online store']);
export const SEGMENTS = pool(6, ['Newsletter subscribers', 'Product updates', 'Event news', 'Partner news', 'Offers']);
export const SURVEYS = pool(7, ['Net promoter score', 'Event feedback', 'Support satisfaction']);
export const PAGE_IDS = pool(8, PAGES.map(p => `page ${p}`));

/** The fixed pools of the demo data, by name: for docs and examples. */
export const DEMO_POOLS = { journeys: JOURNEYS, messages: MESSAGES, events: EVENTS, forms: FORMS, websites: WEBSITES, segments: SEGMENTS, surveys: SURVEYS };

// ---------------------------------------------------------------- website clicks, short links, LinkedIn

/** Links on the pages of the tracked websites: where a click on the page leads, and the link's friendly name. */
export const WEBSITE_LINKS: ReadonlyArray<readonly [string, string]> = [
    ['https://www.contoso.com/contact?topic=demo', 'Request a demo'],
    ['https://www.contoso.com/trial', 'Start your free trial'],
    ['https://www.contoso.com/pricing', 'See pricing'],
    ['https://www.contoso.com/customers/fabrikam', 'Read the Fabrikam story'],
    ['https://www.contoso.com/downloads/segments-as-code.pdf', 'Download the whitepaper'],
    ['https://www.contoso.com/webinars', 'Register for a webinar'],
    ['https://www.contoso.com/contact', 'Contact sales'],
    ['https://www.contoso.com/newsletter', 'Subscribe to the newsletter'],
];

/**
 * The site-wide "50% off" banner of the corporate website: live for the last
 * `days` days before asOf, clicked on a share of the page views meanwhile.
 */
export const PROMO_BANNER = {
    link: 'https://www.contoso.com/pricing?promo=50%_off&utm_source=website&utm_medium=banner',
    name: '50% off banner',
    days: 14,
    clickRate: 0.2,
} as const;

/**
 * Tracked short links (redirect URLs) shared in posts, ads and QR codes:
 * posted `hoursAgo` before asOf, clicked by a share of the contacts (`reach`,
 * more for engaged ones), most soon after posting (exponential, mean `halfLifeHours`).
 * The newest one, a PDF, went out less than an hour before asOf.
 */
export const SHORT_LINKS: Array<PoolItem & { code: string; url: string; referrer: string; hoursAgo: number; reach: number; meanHours: number }> = [
    ['Benchmark report 2026', 'https://www.contoso.com/downloads/benchmark-report-2026.pdf', 'https://www.linkedin.com/', 0.85, 0.02, 1.5],
    ['Pricing sheet', 'https://www.contoso.com/downloads/pricing-sheet.pdf', 'https://www.contoso.com/pricing', 9 * 24, 0.008, 30],
    ['Summit agenda', 'https://www.contoso.com/events/summit/agenda.pdf', 'https://www.linkedin.com/', 30 * 24, 0.01, 48],
    ['Spring webinar recording', 'https://www.contoso.com/webinars/spring-recording', 'https://www.youtube.com/', 75 * 24, 0.006, 72],
    ['Fabrikam customer story', 'https://www.contoso.com/customers/fabrikam', 'https://twitter.com/', 120 * 24, 0.005, 24],
    ['Product tour', 'https://www.contoso.com/products/tour', '', 180 * 24, 0.004, 96],
    ['Analytics datasheet', 'https://www.contoso.com/downloads/analytics-datasheet.pdf', 'https://www.linkedin.com/', 260 * 24, 0.004, 48],
    ['Careers', 'https://www.contoso.com/careers', 'https://www.linkedin.com/', 340 * 24, 0.003, 120],
].map(([name, url, referrer, hoursAgo, reach, meanHours], i) => ({
    id: poolId(9, i), name: name as string, code: poolId(9, i).replace(/-/g, '').slice(0, 7),
    url: url as string, referrer: referrer as string, hoursAgo: hoursAgo as number, reach: reach as number, meanHours: meanHours as number,
}));

/**
 * LinkedIn Lead Gen campaigns, each with its form, running over a part of the
 * calendar year: `year` 0 is asOf's year, -1 the one before (null: always on); months
 * `from` to `to`, both whole. `reach`: the share of contacts who submit its form over the campaign.
 */
export const LINKEDIN_CAMPAIGNS: ReadonlyArray<{ id: string; name: string; formId: string; year: 0 | -1 | null; from: number; to: number; reach: number }> = [
    { id: 'urn:li:sponsoredCampaign:318442017', name: 'Year-end offer', formId: 'urn:li:leadGenForm:6470213', year: -1, from: 10, to: 12, reach: 0.012 },
    { id: 'urn:li:sponsoredCampaign:305118733', name: 'Always-on retargeting', formId: 'urn:li:leadGenForm:6104472', year: null, from: 1, to: 12, reach: 0.006 },
    { id: 'urn:li:sponsoredCampaign:331907264', name: 'Spring webinar promotion', formId: 'urn:li:leadGenForm:6715530', year: 0, from: 3, to: 5, reach: 0.008 },
    { id: 'urn:li:sponsoredCampaign:339245518', name: 'Autumn summit', formId: 'urn:li:leadGenForm:6902218', year: 0, from: 9, to: 11, reach: 0.008 },
];
