// The Seg language server in a Web Worker: the same services as `seg lsp`
// (lsp/server.ts), over postMessage, with the built-in catalog compiled in and
// no file system. The page's editor talks LSP to it through Monaco's LSP client (lsp-channel.ts).
import { EmptyFileSystem } from 'langium';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { provideBuiltinCatalog } from '../../language/workspace/load-project.js';
import { provideDiagnosticDocs } from '../../lsp/diagnostic-links.js';
import { serveSeg } from '../../lsp/server.js';
import { CATALOG, DIAGNOSTICS_DOCS } from './bundled-sources.js';

declare const self: DedicatedWorkerGlobalScope;

provideBuiltinCatalog(CATALOG);
// Each diagnostic's link opens its section of the published docs (the worker has no installed copy).
provideDiagnosticDocs(DIAGNOSTICS_DOCS);
const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
serveSeg(connection, { ...EmptyFileSystem, counts: false });
