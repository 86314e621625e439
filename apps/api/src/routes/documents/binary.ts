import { z } from "@hono/zod-openapi";

/** OpenAPI description of a binary download. */
export const binary = (type: "application/pdf" | "application/zip", description: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ type: "string", format: "binary" }) } },
});

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
export const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
