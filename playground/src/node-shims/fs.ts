// node:fs in the browser: there is no file system. Seg's browser paths never
// read files (the catalog is given to it, seg.json does not exist), so anything
// that asks finds nothing, and anything that would read or write says why it cannot.
function unavailable(name: string): never {
    throw new Error(`${name}: there is no file system in the browser`);
}
export const existsSync = (): boolean => false;
export const readFileSync = (): never => unavailable('readFileSync');
export const readdirSync = (): never => unavailable('readdirSync');
export const statSync = (): never => unavailable('statSync');
export const writeFileSync = (): never => unavailable('writeFileSync');
export const mkdirSync = (): never => unavailable('mkdirSync');
export const mkdtempSync = (): never => unavailable('mkdtempSync');
export const rmSync = (): never => unavailable('rmSync');
export const renameSync = (): never => unavailable('renameSync');
export const realpathSync = (): never => unavailable('realpathSync');
export const openSync = (): never => unavailable('openSync');
export const closeSync = (): never => unavailable('closeSync');
export const readSync = (): never => unavailable('readSync');
export const writeSync = (): never => unavailable('writeSync');
export default { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, mkdtempSync, rmSync, renameSync, realpathSync, openSync, closeSync, readSync, writeSync };
