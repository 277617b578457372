// A property test's failure prints fast-check's seed and path; with them in the
// environment the failing case runs again first:
//   SEG_SEED=-647925729 SEG_PATH=1368 npx vitest run test/compiler/next-change-semantics.test.ts
// `npm run test:soak` runs the property tests at many more runs, on new seeds.

/** fast-check parameters replaying SEG_SEED/SEG_PATH, or none. */
export const replay: { seed?: number; path?: string } = process.env.SEG_SEED
    ? { seed: Number(process.env.SEG_SEED), ...(process.env.SEG_PATH ? { path: process.env.SEG_PATH } : {}) }
    : {};
