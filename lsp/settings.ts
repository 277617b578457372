// What the client tells the server about the database and the workspace: the
// `seg.database.url` and `seg.timezone` settings (initializationOptions.databaseUrl
// and .timezone at start, then workspace/didChangeConfiguration) and whether the
// workspace is trusted (initializationOptions.trusted; VS Code passes workspace.isTrusted).
import type { LangiumSharedServices } from 'langium/lsp';

export class SegClientSettings {
    /** initializationOptions.databaseUrl. */
    private initialUrl: string | undefined;
    /** initializationOptions.timezone. */
    private initialTimezone: string | undefined;
    /** The last `seg` settings section the client sent, if any. */
    private section: unknown;
    /** Whether the client said the workspace is trusted (only then does the server query a database on its own). */
    trusted = false;
    /** Whether the client can be asked to refresh its code lenses. */
    codeLensRefresh = false;

    fromInitializationOptions(options: unknown): void {
        const o = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
        this.initialUrl = nonEmpty(o.databaseUrl);
        this.initialTimezone = nonEmpty(o.timezone);
        this.trusted = o.trusted === true;
    }

    fromSection(section: unknown): void {
        this.section = section;
    }

    /** The configured database URL: the settings section when it names one (an empty value clears it), else the initialization option. */
    get databaseUrl(): string | undefined {
        const s = this.section;
        if (s && typeof s === 'object') {
            const nested = (s as { database?: unknown }).database;
            if (nested && typeof nested === 'object' && 'url' in nested) return nonEmpty((nested as { url?: unknown }).url);
            if ('database.url' in s) return nonEmpty((s as Record<string, unknown>)['database.url']);
            if ('databaseUrl' in s) return nonEmpty((s as Record<string, unknown>).databaseUrl);
        }
        return this.initialUrl;
    }

    /** The `seg.timezone` setting (an empty value clears it); seg.json's own `timezone` comes first (workspace-manager.ts). */
    get timezone(): string | undefined {
        const s = this.section;
        if (s && typeof s === 'object' && 'timezone' in s) return nonEmpty((s as { timezone?: unknown }).timezone);
        return this.initialTimezone;
    }
}

function nonEmpty(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

const settingsOf = new WeakMap<LangiumSharedServices, SegClientSettings>();

/** The client settings of a server (one per shared services). */
export function clientSettings(shared: LangiumSharedServices): SegClientSettings {
    let settings = settingsOf.get(shared);
    if (!settings) {
        settings = new SegClientSettings();
        settingsOf.set(shared, settings);
    }
    return settings;
}
