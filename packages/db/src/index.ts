export { insertRecordset } from "./bulk";
export {
  type Connection,
  type ConnectOptions,
  connect,
  type Database,
  postgresClient,
  postgresConnection,
  type Queryable,
  type RawClient,
  type Tx,
} from "./connect";
export * from "./copy";
export { isUniqueViolation, sqlState } from "./errors";
export { type MigrationResult, migrate, migrationsDir } from "./migrate";
export { PREPARE_MAX_CHARS, PREPARE_MAX_PARAMS } from "./prepared";
export { rows } from "./rows";
export * from "./schema/index";
