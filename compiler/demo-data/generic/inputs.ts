// What the generic rows are made from: the project (its files' declarations and
// its plan) and the built-in demo data they refer to (DemoHost).
import type { Model } from '../../../language/generated/ast.js';
import type { Plan } from '../../plan/plan.js';

/**
 * What seed needs of a project: every file's model with its role (a loaded
 * project's `files`; 'builtin' marks the catalog's), and its plan.
 */
export interface SeedProject {
    files: ReadonlyArray<{ role: string; document: { parseResult: { value: Model } } }>;
    /** The project's plan: its conditions steer the values. Without it the rows are plain. */
    plan?: Plan;
}

/** What the generic rows read of the built-in demo data (implemented by population.ts's DemoData). */
export interface DemoHost {
    readonly contactCount: number;
    readonly accountCount: number;
    readonly leadSlots: number;
    readonly asOfMs: number;
    /** The start of the interaction window (400 days before asOf). */
    readonly windowStartMs: number;
    contactId(i: number): string;
    accountId(j: number): string;
    leadId(j: number): string;
    /** Contact i's own lead slot, or -1. */
    leadOf(i: number): number;
    /** The contact of lead slot j (-1, -2: none or gone), or undefined when the slot holds no lead. */
    leadParent(j: number): number | undefined;
    /** Contact i's account index, or -1 (none, or a dangling reference). */
    contactAccount(i: number): number;
    engagement(i: number): number;
    /** When contact i's interactions may start (its creation, or the window's start). */
    contactStart(i: number): number;
    /** Contact i's city: an index into CITIES. */
    contactCity(i: number): number;
    contactEmail(i: number): string;
    contactName(i: number): readonly [string, string];
}
