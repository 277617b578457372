// Node-only modules the browser build never runs (database drivers, streams,
// argument parsing): reached through code paths the playground does not take.
// Anything used says so instead of failing obscurely.
function unavailable(name: string): never {
    throw new Error(`${name} is not available in the browser`);
}
export const createRequire = (): never => unavailable('createRequire');
export const parseArgs = (): never => unavailable('parseArgs');
export const Readable = { from: (): never => unavailable('node:stream') };
export const pipeline = (): never => unavailable('node:stream pipeline');
export const from = (): never => unavailable('pg-copy-streams');
export const to = (): never => unavailable('pg-copy-streams');
export const createClient = (): never => unavailable('@clickhouse/client');
export class Client { constructor() { unavailable('pg'); } }
export default { Client, types: { setTypeParser: () => undefined } };
export const NodeFileSystem = { fileSystemProvider: (): never => unavailable('langium/node') };
export const ClickHouseLogLevel = {};
