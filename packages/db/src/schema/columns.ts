import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Timestamps are always stored with time zone and read as Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** Money in kopecks: bigint in the database, a safe integer in JS (up to 90 trillion roubles). */
export const kopecks = (name: string) => bigint(name, { mode: "number" });
