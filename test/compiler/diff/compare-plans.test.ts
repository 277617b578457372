// Two versions of a project compared segment by segment (no git involved).
import { EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { compareProjects, type ProjectComparison } from '../../../compiler/diff/compare-plans.js';
import { projectVersion } from '../../../compiler/diff/open-version.js';
import { planProject } from '../../../compiler/pipeline.js';
import type { ProjectVersion } from '../../../compiler/diff/compare-plans.js';
import { createSegServices } from '../../../language/seg-module.js';
import { loadProject } from '../../../language/workspace/load-project.js';

const workspaces = [createSegServices(EmptyFileSystem), createSegServices(EmptyFileSystem)];

async function version(files: Record<string, string>, side: 0 | 1, timeZone = 'UTC'): Promise<ProjectVersion> {
    const project = await loadProject(workspaces[side], { files: Object.entries(files).map(([path, text]) => ({ path, text })) });
    const errors = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1).map(d => `${f.path}: ${d.message}`));
    expect(errors).toEqual([]);
    return projectVersion(project, planProject(project, { root: '/', timeZone }), true);
}

async function compare(before: Record<string, string>, after: Record<string, string>, zones: [string, string] = ['UTC', 'UTC']): Promise<ProjectComparison> {
    return compareProjects(await version(before, 0, zones[0]), await version(after, 1, zones[1]));
}

const statuses = (c: ProjectComparison) => c.segments.map(s => [s.name, s.status]);

describe('compareProjects', () => {
    it('a segment moved to another file, reformatted and commented, is unchanged', async () => {
        const c = await compare(
            { 'a.seg': 'segment A = interaction EmailOpened within 7 days\nsegment B = profile contact\n' },
            { 'a.seg': 'segment B = profile contact\n', 'z.seg': '// moved\nsegment A =\n  interaction EmailOpened\n    within 7 days\n' },
        );
        expect(c.segments).toEqual([]);
        expect(c.unchanged.sort()).toEqual(['A', 'B']);
    });

    it('a changed segment: its changes, and what uses it (directly or not) is affected through it', async () => {
        const c = await compare(
            { 'a.seg': 'segment A = interaction EmailOpened within 7 days\nsegment B = A union profile contact where address1_city = "Oslo"\nsegment C = B except A\n' },
            { 'a.seg': 'segment A = interaction EmailOpened within 8 days\nsegment B = A union profile contact where address1_city = "Oslo"\nsegment C = B except A\n' },
        );
        expect(statuses(c)).toEqual([['A', 'changed'], ['B', 'affected'], ['C', 'affected']]);
        expect(c.segments[0].changes.map(x => x.summary)).toEqual(['window: within 7 days → within 8 days']);
        expect(c.segments[2].via).toEqual([{ segment: 'A', path: ['A'] }]);
        expect(c.segments[0].sqlDiff).toContain('-  WHERE i."timestamp" > ((($1::timestamptz AT TIME ZONE $2::text) - make_interval(days => 7))');
    });

    it('a different definition with the same SQL is changed, and says so', async () => {
        const c = await compare(
            { 'a.seg': 'segment A = interaction EmailOpened within 7 days\n' },
            { 'a.seg': 'segment A = interaction EmailOpened having count >= 1 within 7 days\n' },
        );
        expect(statuses(c)).toEqual([['A', 'changed']]);
        expect(c.segments[0].changes.map(x => x.summary)).toEqual(['having added: count >= 1', 'compiles to the same SQL']);
        expect(c.segments[0].sqlDiff).toBe('');
    });

    it('a draft flag is a change; a time zone change affects calendar windows and is a project change', async () => {
        const flag = await compare({ 'a.seg': 'segment A = profile contact\n' }, { 'a.seg': 'draft segment A = profile contact\n' });
        expect(flag.segments[0].changes.map(x => x.summary)).toEqual(['now a draft']);
        expect(flag.segments[0].sqlDiff).toContain('+-- Segment: A (draft)');
        const zone = await compare(
            { 'a.seg': 'segment A = interaction EmailOpened within 7 days\n' },
            { 'a.seg': 'segment A = interaction EmailOpened within 7 days\n' },
            ['UTC', 'Europe/Amsterdam'],
        );
        expect(zone.projectChanges.map(x => x.summary)).toEqual(['time zone: UTC → Europe/Amsterdam']);
        expect(statuses(zone)).toEqual([['A', 'affected']]);
        expect(zone.segments[0].changes.map(x => x.summary)).toEqual(['compiled SQL changed: a declaration or setting it uses changed']);
    });

    it('an added and a removed segment with the same definition look renamed', async () => {
        const c = await compare(
            { 'a.seg': 'segment Old = interaction EmailOpened within 7 days\nsegment X = profile contact\n' },
            { 'a.seg': 'segment New = interaction EmailOpened within 7 days\nsegment Y = profile contact where address1_city = "Oslo"\n' },
        );
        expect(c.segments.map(s => [s.name, s.status, s.changes.map(x => x.summary)])).toEqual([
            ['New', 'added', ['looks renamed from Old (same definition)']],
            ['Y', 'added', []],
            ['Old', 'removed', ['looks renamed to New (same definition)']],
            ['X', 'removed', []],
        ]);
    });

    it('declarations added and changed are project changes', async () => {
        const decl = (field: string) => `interaction Webinar {\n  contactId: -> contact\n  ${field}: string\n  relation contact = contactId\n}\n`;
        const c = await compare(
            { 'a.seg': decl('topic') + 'segment W = interaction Webinar where topic = "x"\n' },
            { 'a.seg': decl('topic') + 'segment W = interaction Webinar where topic = "x"\n', 'b.seg': 'entity thing key thingid {\n  name: string\n}\n' },
        );
        expect(c.projectChanges.map(x => x.summary)).toEqual(['declaration added: entity thing']);
        const changed = await compare({ 'a.seg': decl('topic') }, { 'a.seg': decl('title') });
        expect(changed.projectChanges.map(x => x.summary)).toEqual(['declaration changed: interaction Webinar']);
    });
});
