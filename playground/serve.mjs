// Serves the built playground (playground/dist) as static files: what any static
// host (GitHub Pages, S3, nginx) does. `npm run playground` builds, then runs this.
//
// Usage: node playground/serve.mjs [--port N] [--host H] [--dir DIR]   (default 127.0.0.1:5180)
// Also imported by the browser test: serveStatic(dir, port) → { url, close() }.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
    '.map': 'application/json', '.json': 'application/json', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
    '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
};

/** Serves `dir` on `host:port` (0: any free port); resolves when listening. */
export function serveStatic(dir, port = 0, host = '127.0.0.1') {
    const root = normalize(dir);
    const server = createServer((req, res) => {
        let path;
        try {
            path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        } catch {
            res.writeHead(400).end('Bad request');
            return;
        }
        const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
        if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end('Forbidden'); return; }
        if (!existsSync(file) || !statSync(file).isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path}`); return; }
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
        createReadStream(file).pipe(res);
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            const address = server.address();
            resolve({ url: `http://${host}:${address.port}/`, close: () => new Promise(done => server.close(() => done())) });
        });
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    const args = process.argv.slice(2);
    const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
    const dir = option('--dir', join(dirname(fileURLToPath(import.meta.url)), 'dist'));
    if (!existsSync(join(dir, 'index.html'))) {
        console.error(`playground: ${dir} has no index.html; build it first: node playground/build.mjs`);
        process.exit(1);
    }
    const port = Number(option('--port', '5180'));
    serveStatic(dir, port, option('--host', '127.0.0.1')).then(({ url }) => {
        console.log(`Seg playground: ${url}  (Ctrl+C stops it)`);
    }, e => {
        console.error(`playground: cannot serve on port ${port}: ${e.message}${e.code === 'EADDRINUSE' ? ' (in use; try --port 5181)' : ''}`);
        process.exit(1);
    });
}
