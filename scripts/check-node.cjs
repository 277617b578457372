// npm's preinstall: a clear message on a Node.js too old for Seg, before the build fails
// with something cryptic. Plain ES5 CommonJS on purpose: it must run on any old Node.
var required = [22, 12];
var parts = process.versions.node.split('.');
var major = Number(parts[0]), minor = Number(parts[1]);
if (major < required[0] || (major === required[0] && minor < required[1])) {
    process.stderr.write(
        '\n' +
        'Seg needs Node.js ' + required.join('.') + ' or newer; this is Node.js ' + process.versions.node + '.\n' +
        'Install Node.js 24 (the version in .nvmrc), then run npm ci again:\n' +
        '  with nvm:   nvm install 24 && nvm use 24   (or just: nvm use, which reads .nvmrc)\n' +
        '  with fnm:   fnm install 24 && fnm use 24\n' +
        '  without a version manager: npm install --prefix ~/.node24 node@24\n' +
        '              and put ~/.node24/node_modules/.bin first on your PATH\n' +
        '  or download it from https://nodejs.org/\n\n'
    );
    process.exit(1);
}
