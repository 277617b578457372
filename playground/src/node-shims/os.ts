// node:os in the browser.
export const tmpdir = (): string => '/tmp';
export const EOL = '\n';
export default { tmpdir, EOL };
