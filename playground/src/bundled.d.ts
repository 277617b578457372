// The build's virtual module (playground/build.mjs).
declare module 'seg:bundled' {
    const bundled: {
        catalog: Array<{ path: string; text: string }>;
        examples: Array<{ path: string; text: string }>;
        welcome: string;
        language: { configuration: Record<string, unknown>; keywords: string[] };
    };
    export default bundled;
}
