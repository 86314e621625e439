import type { Connection } from "@lk/db";
import { createApp } from "./app";
import { loadConfig } from "./config";

/** The OpenAPI 3.1 document as the API serves it, typed loosely (it is plain JSON). */
export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};

/**
 * The API's OpenAPI 3.1 document without a server or a database: the app is built on a fixed
 * in-memory configuration and a connection that refuses any query (rendering the document reads
 * nothing), then asked for `/openapi.json` in-process — so this is byte for byte what a running
 * server at `serverUrl` publishes, the same `info`, security schemes and routes.
 * Used by the SDK's type generator and the document's lint/generator tests.
 */
export async function buildOpenApiDocument(opts: { serverUrl?: string } = {}): Promise<OpenApiDocument> {
  const origin = new URL(opts.serverUrl ?? "http://localhost:3000").origin;
  const refuse = () => {
    throw new Error("buildOpenApiDocument: the document must not need the database");
  };
  const db = new Proxy({}, { get: refuse });
  const conn = { db, close: async () => {} } as unknown as Connection;
  const config = loadConfig({ LK_LOG_LEVEL: "silent", LK_OPERATOR_KEY: "op_openapi_document_only" });
  const app = createApp({ conn, config });
  const res = await app.request(`${origin}/openapi.json`);
  if (!res.ok) throw new Error(`/openapi.json answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as OpenApiDocument;
}
