// What the demo data fills: the built-in tables, the columns it writes, and
// the families of interactions (one simulation per family feeds several tables).
// Also the time constants the generators share: the 400-day window before asOf.
import type { Row } from './cells.js';

export type { Row };

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** Interactions fall in the WINDOW_DAYS days up to asOf. */
export const WINDOW_DAYS = 400;
/** How many units of work go between progress ticks. */
export const PROGRESS_EVERY = 8192;

const COMMON = ['internal_marketing_interaction_id', 'timestamp', 'contact_id', 'account_id'];

export const FAMILIES = ['email', 'events', 'forms', 'web', 'subscriptions', 'boost', 'survey', 'links', 'linkedin'] as const;
export type Family = typeof FAMILIES[number];

export interface InteractionTable {
    name: string;
    family: Family;
    columns: string[];
}

export const INTERACTIONS: InteractionTable[] = [
    { name: 'email_sent', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'email_domain'] },
    { name: 'email_delivered', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'email_domain'] },
    { name: 'email_hard_bounced', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'bounce_category'] },
    { name: 'email_soft_bounced', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'bounce_category'] },
    { name: 'email_opened', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'email_clicked', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'lead_id', 'original_link', 'city', 'country_iso_code'] },
    { name: 'event_registration', family: 'events', columns: [...COMMON, 'event_id', 'event_registration_id', 'customer_journey_id'] },
    { name: 'event_check_in', family: 'events', columns: [...COMMON, 'event_id', 'event_check_in_id'] },
    { name: 'form_visited', family: 'forms', columns: [...COMMON, 'form_id', 'page_id', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'form_submitted', family: 'forms', columns: [...COMMON, 'form_id', 'page_id', 'form_submission_id', 'form_name', 'result', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'website_visited', family: 'web', columns: [...COMMON, 'website_id', 'page_address', 'page_id', 'lead_id', 'visit_duration', 'city', 'country_iso_code'] },
    { name: 'segment_subscribed', family: 'subscriptions', columns: [...COMMON, 'segment_id', 'message_id', 'customer_journey_id'] },
    { name: 'segment_unsubscribed', family: 'subscriptions', columns: [...COMMON, 'segment_id', 'message_id', 'customer_journey_id'] },
    { name: 'email_subscription_submit', family: 'subscriptions', columns: [...COMMON, 'message_id', 'customer_journey_id', 'city', 'country_iso_code'] },
    { name: 'lead_score_boost', family: 'boost', columns: [...COMMON, 'customer_journey_id', 'boost_value'] },
    { name: 'survey_response', family: 'survey', columns: [...COMMON, 'survey_id', 'score', 'customer_journey_id'] },
    // Added later: at the end, so the tables above keep their id namespaces.
    { name: 'event_registration_canceled', family: 'events', columns: [...COMMON, 'event_id'] },
    { name: 'website_clicked', family: 'web', columns: [...COMMON, 'website_id', 'page_address', 'page_id', 'link', 'link_friendly_name', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'redirect_link_clicked', family: 'links', columns: [...COMMON, 'link_id', 'link', 'original_url', 'referrer_uri', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'linked_in_form_submission', family: 'linkedin', columns: [...COMMON, 'linked_in_campaign_id', 'linked_in_form_id'] },
];

const ACCOUNT_COLUMNS = [
    'accountid', 'name', 'accountnumber', 'emailaddress1', 'telephone1', 'websiteurl', 'industrycode', 'accountcategorycode',
    'customertypecode', 'numberofemployees', 'revenue', 'address1_city', 'address1_stateorprovince', 'address1_country',
    'donotemail', 'statecode', 'createdon', 'modifiedon', 'primarycontactid', 'parentaccountid',
];

const CONTACT_COLUMNS = [
    'contactid', 'firstname', 'lastname', 'fullname', 'emailaddress1', 'jobtitle', 'telephone1', 'address1_city',
    'address1_stateorprovince', 'address1_country', 'birthdate', 'gendercode', 'familystatuscode',
    'preferredcontactmethodcode', 'donotemail', 'donotbulkemail', 'donotphone', 'statecode', 'createdon', 'modifiedon',
    'parentcustomerid', 'numberofchildren', 'creditlimit',
];

const LEAD_COLUMNS = [
    'leadid', 'subject', 'firstname', 'lastname', 'fullname', 'emailaddress1', 'jobtitle', 'companyname', 'address1_city',
    'address1_country', 'leadsourcecode', 'leadqualitycode', 'statecode', 'budgetamount', 'estimatedvalue',
    'numberofemployees', 'createdon', 'modifiedon', 'parentcontactid', 'parentaccountid',
];

/** The tables seed fills, entities first, with the columns it writes. */
export const SEED_TABLES: ReadonlyArray<{ name: string; columns: readonly string[] }> = [
    { name: 'account', columns: ACCOUNT_COLUMNS },
    { name: 'contact', columns: CONTACT_COLUMNS },
    { name: 'lead', columns: LEAD_COLUMNS },
    ...INTERACTIONS,
];
