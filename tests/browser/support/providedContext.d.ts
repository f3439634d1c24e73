// Values tests/browser/support/globalSetup.ts hands to the browser tests through `inject()`.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** FerretDB on SQLite, or MONGODB_URI when it is set. */
    browserMongoUri: string;
  }
}
