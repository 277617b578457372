// node:url in the browser: file URLs of POSIX paths.
export const pathToFileURL = (path: string): URL => new URL(`file://${encodeURI(path)}`);
export const fileURLToPath = (url: string | URL): string => decodeURIComponent(new URL(String(url)).pathname);
export default { pathToFileURL, fileURLToPath };
