/**
 * The bench package has better-sqlite3 but not @types/better-sqlite3: the few members the
 * benchmark uses, typed here.
 */
declare module "better-sqlite3" {
  namespace Database {
    interface Statement {
      run(...params: unknown[]): { changes: number };
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      prepare(source: string): Statement;
      exec(source: string): this;
      pragma(source: string): unknown;
      close(): void;
    }
  }
  const Database: new (path: string) => Database.Database;
  export default Database;
}
