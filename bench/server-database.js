// A throwaway database on a PostgreSQL server for a benchmark: created fresh
// (dropped first if a killed run left it), and dropped again by `drop()` unless
// SEG_BENCH_KEEP=1.
import pg from 'pg';

/** Creates `name` on the server at `serverUrl`; returns its URL and `drop()`. */
export async function freshServerDatabase(serverUrl, name, applicationName) {
    const admin = new pg.Client({ connectionString: serverUrl, application_name: applicationName });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
        url: url.toString(),
        async drop() {
            try {
                if (process.env.SEG_BENCH_KEEP !== '1') await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                else console.log(`\n(database ${name} kept: SEG_BENCH_KEEP=1)`);
            } finally {
                await admin.end();
            }
        },
    };
}

/** `name` as a kept run left it (SEG_BENCH_KEEP=1): its URL, and `drop()`, which keeps it. */
export async function keptServerDatabase(serverUrl, name) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
        const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!rows.length) throw new Error(`SEG_BENCH_REUSE=1: there is no database ${name} to reuse; run once with SEG_BENCH_KEEP=1 first`);
    } finally {
        await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), async drop() { console.log(`\n(database ${name} kept)`); } };
}
