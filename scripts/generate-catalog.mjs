#!/usr/bin/env node
// Generates language/catalog/dynamics365-interactions.seg, the built-in catalog of
// Dynamics 365 Marketing interaction types, from test/fixtures/dynamics365-interactions.tsv
// (columns: interaction_type, field, source_type). Plain Node ESM, no dependencies.
//
//   node scripts/generate-catalog.mjs
//
// The output is deterministic: running it twice gives the same bytes. It fails loudly
// (non-zero exit, message on stderr) on anything it does not know how to map.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INPUT = join(root, 'test', 'fixtures', 'dynamics365-interactions.tsv');
const OUTPUT = join(root, 'language', 'catalog', 'dynamics365-interactions.seg');

// One-sentence description of every interaction type, shown as its `///` doc comment.
const DESCRIPTIONS = {
  ActivityContactBlocked:
    'A customer journey tile blocked a contact from being processed, with the reason recorded.',
  ActivityContactBlockedConsent:
    'A customer journey tile blocked a contact because the contact has not given the consent level the journey requires.',
  ActivityContactBlockedExternalConsent:
    'A customer journey tile blocked a contact because an external consent check did not allow contacting them.',
  ActivityContactBlockedSuppression:
    "A customer journey tile blocked a contact because the contact is in the journey's suppression segment.",
  ActivityContactDispatched:
    'A customer journey tile dispatched a contact for processing (for example, queued a marketing email send to them).',
  ActivityContactProcessingFailed:
    'A customer journey tile failed to process a contact because of an error.',
  ConfirmationRequest:
    'A double opt-in confirmation request (for a subscription or consent change) was sent to a contact.',
  ConfirmationResponse:
    'A contact responded to a double opt-in confirmation request, typically by clicking its confirmation link.',
  ContactDeleted:
    'A contact record was deleted, so its marketing interaction data can be removed.',
  CreateCrmActivityContactProcessed:
    'A customer journey activity tile created a Dynamics 365 activity record (such as a task or phone call) for a contact.',
  CreateCustomChannelActivityContactProcessed:
    'A customer journey custom channel tile processed a contact, sending them a message through a custom channel.',
  CreateLeadActivityContactProcessed:
    'A customer journey tile that creates leads processed a contact, creating a lead for them.',
  CustomChannelResponse:
    'A contact responded to a custom channel message (for example, an SMS reply matching a trigger keyword).',
  CustomerJourneyContactRecordUpdated:
    'A customer journey updated the record of a contact who is going through the journey.',
  CustomerJourneyIterationStarted:
    'A new iteration (run) of a customer journey started, for example the next cycle of a recurring journey.',
  DomainNotOwnedByAnyone:
    'A marketing email was blocked because its sender address uses a domain that no organization has authenticated.',
  DomainOwnedByDifferentOrganization:
    'A marketing email was blocked because its sender address uses a domain that is authenticated by a different organization.',
  EmailBlockBounced:
    "A marketing email was not sent because the recipient's address has bounced before.",
  EmailBlocked:
    'A marketing email was blocked and not sent to a recipient, with the reason recorded.',
  EmailBlockedByUnsubscription:
    'A marketing email was not sent because the recipient has unsubscribed or has not given consent to receive it.',
  EmailBlockedByUser:
    'A marketing email was not sent because the contact is marked as Do Not Email.',
  EmailBlockedDuplicateAddress:
    'A marketing email was not sent to a contact because another recipient of the same send has the same email address.',
  EmailBlockedExternalConsentFailure:
    'A marketing email was not sent because an external consent check failed or found no consent.',
  EmailBlockedInactiveContact:
    'A marketing email was not sent because the contact record is inactive.',
  EmailBlockedMissingContactData:
    'A marketing email was not sent because the contact record could not be read (it was deleted or access to it is missing).',
  EmailBlockedMissingRelatedData:
    'A marketing email was not sent because a related record used to personalize it could not be fetched.',
  EmailClicked:
    'A recipient clicked a tracked link in a marketing email.',
  EmailContainsBlacklistedLinks:
    'A marketing email was not sent because it contains a link to a blocklisted domain.',
  EmailDelivered:
    "A marketing email was accepted by the recipient's mail server.",
  EmailFeedbackLoop:
    "A recipient marked a marketing email as spam, as reported by their mailbox provider's feedback loop.",
  EmailForwarded:
    'A recipient forwarded a marketing email to someone else (through its forward-to-a-friend feature).',
  EmailHardBounced:
    'A marketing email permanently failed to deliver (a hard bounce, for example because the address does not exist).',
  EmailHardRemoteBounced:
    'A marketing email that the remote mail server had first accepted was later reported as permanently undeliverable (a remote hard bounce).',
  EmailOpened:
    'A recipient opened a marketing email (the tracking pixel loaded).',
  EmailSendingFailed:
    'A marketing email could not be sent to a recipient because of a sending error.',
  EmailSent:
    'A marketing email was sent to a recipient (handed to the email delivery service).',
  EmailSoftBounced:
    'A marketing email temporarily failed to deliver (a soft bounce, for example because the mailbox is full).',
  EmailSoftRemoteBounced:
    'A marketing email that the remote mail server had first accepted was later reported as temporarily undeliverable (a remote soft bounce).',
  EmailSubscriptionSubmit:
    'A recipient submitted the subscription center reached from a marketing email to update their subscriptions.',
  EntityDeleted:
    'A Dataverse record used by marketing was deleted; its entity type and id are recorded.',
  EventCheckIn:
    'A registered attendee was checked in at an event.',
  EventRegistration:
    'A contact registered for an event.',
  EventRegistrationCanceled:
    'A contact canceled their registration for an event.',
  FormSubmitted:
    'A visitor submitted a marketing form or event registration form.',
  FormVisited:
    'A visitor viewed a tracked page that hosts a marketing form.',
  InvalidRecipientAddress:
    "A marketing email was not sent because the recipient's email address is invalid.",
  InvalidReplyToAddress:
    'A marketing email was not sent because its reply-to address is invalid.',
  InvalidSenderAddress:
    'A marketing email was not sent because its sender (From) address is invalid.',
  LeadScoreBoost:
    "A customer journey increased the lead score of a contact's leads by a boost value.",
  LinkedInFormSubmission:
    'A LinkedIn member submitted a LinkedIn Lead Gen form that was synced into Dynamics 365.',
  OutOfEmailCredits:
    'A marketing email was not sent because the trial organization reached its quota of sent emails.',
  PassThroughActivityContactProcessed:
    'A contact passed through a customer journey tile that takes no action of its own (such as a marketing page, event or survey tile).',
  RedirectLinkClicked:
    'A visitor clicked a marketing redirect URL (a tracked short link that forwards to a target page).',
  SchedulerActivityContactProcessed:
    'A customer journey scheduler tile, which holds contacts for a duration or until a date, processed a contact.',
  SegmentMembersCountChanged:
    'The number of members of a segment changed.',
  SegmentRelationshipEdited:
    'A contact was added to or removed from a static segment, with the operation recorded.',
  SegmentSubscribed:
    'A contact subscribed to a subscription list.',
  SegmentUnsubscribed:
    'A contact unsubscribed from a subscription list.',
  SessionRegistrationCanceled:
    'A contact canceled their registration for an event session.',
  SplitterActivityContactProcessed:
    'A customer journey splitter tile sent a contact down one of its branches.',
  SurveyResponse:
    'A contact submitted a response to a survey, with its score recorded.',
  TriggerActivityContactProcessed:
    'A customer journey trigger tile evaluated its condition for a contact and sent them down the matching path.',
  TriggerCrmWorkflowActivityContactProcessed:
    'A customer journey launch-workflow tile started a Dynamics 365 workflow for a contact.',
  WebsiteClicked:
    'A visitor clicked a link on a tracked website page.',
  WebsiteVisited:
    'A visitor viewed a page of a tracked website.',
};

// Source fields (all `string` in the TSV) that hold the id of a Dataverse record.
const GUID_FIELDS = new Set([
  'ActivityId', 'NextActivityId', 'OrganizationId', 'InternalMarketingInteractionId', 'MessageId',
  'CustomerJourneyId', 'CustomerJourneyIterationId', 'EventId', 'EventRegistrationId',
  'EventCheckInId', 'FormId', 'FormSubmissionId', 'PageId', 'WebsiteId', 'SegmentId', 'WorkflowId',
  'SurveyId', 'SendingId', 'DeletedContactId', 'EntityId', 'DeletedEntityId',
]);

// Source fields (all `string` in the TSV) that are lookups to a catalog entity.
const LOOKUP_FIELDS = { ContactId: 'contact', AccountId: 'account', LeadId: 'lead' };

// Non-string source types and the Seg type they map to.
const SOURCE_TYPES = { string: 'string', dateTimeOffset: 'datetime', int64: 'integer', double: 'number' };

// Keywords of the language (language/seg.langium); a field may not be named like one.
const RESERVED = new Set(`
  segment draft union except intersect profile interaction via having count sum avg min max
  within between and or not ago since before where exists in contains starts with ends is null
  true false entity key relation choice string integer number boolean date datetime guid
  minute minutes hour hours day days week weeks month months year years
`.trim().split(/\s+/));

const IMPLICIT_FIELD = 'InteractionType';
const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

const errors = [];
const fail = (message) => errors.push(message);

function camelCase(name) {
  // Lower-case the leading capital, or a leading acronym except the capital that starts
  // the next word: MessageId -> messageId, URLPath -> urlPath, ID -> id.
  const m = /^([A-Z]+)(?=[A-Z][a-z]|[0-9]|$)|^[A-Z]/.exec(name);
  if (!m) return name;
  const head = m[1] ?? m[0];
  return head.toLowerCase() + name.slice(head.length);
}

function segType(field, sourceType, where) {
  if (!Object.hasOwn(SOURCE_TYPES, sourceType)) {
    fail(`${where}: unknown source type "${sourceType}"`);
    return undefined;
  }
  const special = GUID_FIELDS.has(field) || Object.hasOwn(LOOKUP_FIELDS, field);
  if (special && sourceType !== 'string') {
    fail(`${where}: ${field} is expected to be a string id but has source type "${sourceType}"`);
    return undefined;
  }
  if (GUID_FIELDS.has(field)) return 'guid';
  if (Object.hasOwn(LOOKUP_FIELDS, field)) return `-> ${LOOKUP_FIELDS[field]}`;
  return SOURCE_TYPES[sourceType];
}

// ---------------------------------------------------------------- read the TSV

const text = readFileSync(INPUT, 'utf8');
const lines = text.split(/\r?\n/);
if (lines.at(-1) === '') lines.pop();
const header = lines.shift();
if (header !== 'interaction_type\tfield\tsource_type') {
  fail(`${relative(root, INPUT)}:1: unexpected header ${JSON.stringify(header)}`);
}

/** @type {Map<string, {field: string, name: string, type: string}[]>} */
const types = new Map();
let lastType;
lines.forEach((line, i) => {
  const where = `${relative(root, INPUT)}:${i + 2}`;
  const cols = line.split('\t');
  if (cols.length !== 3 || cols.some((c) => c === '')) {
    fail(`${where}: expected 3 non-empty tab-separated columns, got ${JSON.stringify(line)}`);
    return;
  }
  const [typeName, field, sourceType] = cols;
  if (!ID.test(typeName) || !ID.test(field)) {
    fail(`${where}: not an identifier: ${JSON.stringify(ID.test(typeName) ? field : typeName)}`);
    return;
  }
  if (typeName !== lastType && types.has(typeName)) {
    fail(`${where}: rows of ${typeName} are not contiguous`);
  }
  lastType = typeName;
  if (!types.has(typeName)) types.set(typeName, []);
  const fields = types.get(typeName);
  if (fields.some((f) => f.field === field)) {
    fail(`${where}: ${typeName}.${field} is listed twice`);
    return;
  }
  const type = segType(field, sourceType, where);
  if (field === IMPLICIT_FIELD) return;
  const name = camelCase(field);
  if (RESERVED.has(name)) {
    fail(`${where}: field ${typeName}.${field} would be named "${name}", a reserved word`);
  }
  if (type !== undefined) fields.push({ field, name, type });
});

// ---------------------------------------------------------------- check descriptions

for (const typeName of types.keys()) {
  const d = DESCRIPTIONS[typeName];
  if (typeof d !== 'string' || d.trim() === '') fail(`no description for interaction type ${typeName}`);
  else if (/[\r\n]/.test(d)) fail(`description of ${typeName} spans several lines`);
}
for (const typeName of Object.keys(DESCRIPTIONS)) {
  if (!types.has(typeName)) fail(`description given for ${typeName}, which is not in the TSV`);
}
if (types.size === 0) fail('the TSV lists no interaction types');

if (errors.length > 0) {
  for (const e of errors) console.error(`generate-catalog: ${e}`);
  console.error(`generate-catalog: ${errors.length} error(s); nothing written`);
  process.exit(1);
}

// ---------------------------------------------------------------- write the catalog

const blocks = [];
let fieldCount = 0;
for (const [typeName, fields] of types) {
  const out = [`/// ${DESCRIPTIONS[typeName].trim()}`, `interaction ${typeName} {`];
  for (const f of fields) out.push(`  ${f.name}: ${f.type}`);
  fieldCount += fields.length;
  if (fields.some((f) => f.field === 'ContactId')) out.push('  relation contact = contactId');
  if (fields.some((f) => f.field === 'LeadId')) out.push('  relation lead = leadId.parentcontactid');
  out.push('}');
  blocks.push(out.join('\n'));
}

const output = [
  '// Built-in catalog: Dynamics 365 Marketing interaction types.',
  '// Generated by scripts/generate-catalog.mjs from test/fixtures/dynamics365-interactions.tsv; do not edit by hand.',
  '',
  blocks.join('\n\n'),
  '',
].join('\n');

mkdirSync(dirname(OUTPUT), { recursive: true });
writeFileSync(OUTPUT, output);
console.log(
  `generate-catalog: wrote ${relative(root, OUTPUT)} (${types.size} interaction types, ${fieldCount} fields)`,
);
