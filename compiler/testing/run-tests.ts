// Runs segment tests: each test's records become tables, its expectations'
// segments are evaluated on the chosen engine, and every failed expectation
// is explained contact by contact (compiler/why/explain.ts).
import type { AstNode } from 'langium';
import { compareNumbers, type NumericOp } from '../../language/model/having.js';
import type { TableSpec } from '../db/schema.js';
import type { Plan } from '../plan/plan.js';
import { SourceNames } from '../why/cond-text.js';
import { fixtureData, type FixtureData } from './fixture-tables.js';
import type { TestEngine } from './test-engines.js';
import type { Expectation, TestCase } from './test-cases.js';
import { explain } from '../why/explain.js';
import { planSourceText } from '../why/plan-source.js';
import { whyLines } from '../why/why-text.js';

export interface ExpectationResult {
    expectation: Expectation;
    passed: boolean;
    /** The expectation as written: "Openers includes alice, bob". */
    title: string;
    /** Why it failed: what was found, then the explanation per contact. */
    details: string[];
}

export interface TestResult {
    test: TestCase;
    asOf: number;
    results: ExpectationResult[];
    /** Set when the test could not run at all (a database error, say). */
    error?: string;
    ms: number;
}

export interface RunTestsInput {
    plan: Plan;
    specs: TableSpec[];
    models: Array<{ declarations: AstNode[] }>;
    /** Source text by plan file path, for naming sub-expressions in explanations. */
    texts: Map<string, string>;
    engine: TestEngine;
    defaultAsOf: number;
    /** Called after each test, for progress output. */
    onResult?: (result: TestResult) => void;
}

export async function runTests(tests: TestCase[], input: RunTestsInput): Promise<TestResult[]> {
    const names = new SourceNames(input.models);
    const sourceText = planSourceText(input.texts);
    const nodeOf = new Map(input.plan.segments.map(s => [s.name, s.node]));
    const results: TestResult[] = [];
    for (const test of tests) {
        const started = performance.now();
        const data = fixtureData(test, input.specs, { timeZone: input.plan.timeZone, defaultAsOf: input.defaultAsOf });
        const segments = [...new Set(test.expectations.map(e => e.segment))];
        let result: TestResult;
        try {
            const members = await input.engine.members(input.plan, segments, data, input.specs);
            const explainKey = (segment: string, key: string) => {
                const tree = explain({
                    plan: input.plan, tables: data.tables, asOf: data.asOf, names,
                    recordNames: data.names, sourceText,
                }, nodeOf.get(segment)!, key);
                return whyLines(tree, { who: data.names.get(key) ?? key });
            };
            result = {
                test, asOf: data.asOf, ms: 0,
                results: test.expectations.map(e => judge(e, members.get(e.segment) ?? new Set(), data, explainKey)),
            };
        } catch (e) {
            result = { test, asOf: data.asOf, ms: 0, results: [], error: e instanceof Error ? e.message : String(e) };
        }
        result.ms = performance.now() - started;
        input.onResult?.(result);
        results.push(result);
    }
    return results;
}

function judge(e: Expectation, members: Set<string>, data: FixtureData, explain: (segment: string, key: string) => string[]): ExpectationResult {
    const nameOf = (key: string) => data.names.get(key) ?? key;
    if (e.kind === 'count') {
        const actual = members.size;
        const passed = compareNumbers(e.op as NumericOp, actual, e.value);
        const list = [...members].map(nameOf).sort();
        return {
            expectation: e, passed, title: `count(${e.segment}) ${e.op} ${e.value}`,
            details: passed ? [] : [`count(${e.segment}) is ${actual}${list.length ? `: ${list.join(', ')}` : ''}`],
        };
    }
    const wantIn = e.kind === 'includes';
    const wrong = e.records.filter(r => members.has(data.keys.get(r)!) !== wantIn);
    const title = `${e.segment} ${e.kind} ${e.records.map(r => r.name).join(', ')}`;
    if (!wrong.length) return { expectation: e, passed: true, title, details: [] };
    return { expectation: e, passed: false, title, details: wrong.flatMap(r => explain(e.segment, data.keys.get(r)!)) };
}
