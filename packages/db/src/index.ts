export { insertRecordset } from "./bulk";
export {
  type Connection,
  type ConnectOptions,
  connect,
  type Database,
  type Queryable,
  type RawClient,
  type Tx,
} from "./connect";
export * from "./copy";
export { type MigrationResult, migrate, migrationsDir } from "./migrate";
export { rows } from "./rows";
export * from "./schema/index";
