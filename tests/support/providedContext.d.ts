// Values tests/support/globalSetup.ts hands to the integration tests through `inject()`.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** FerretDB on SQLite, or MONGODB_URI when it is set. */
    mongoUriSqlite: string;
    /** FerretDB on PostgreSQL, or MONGODB_URI when it is set. */
    mongoUriPostgres: string;
  }
}
