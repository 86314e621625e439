import { createRoute, type z } from "@hono/zod-openapi";
import {
  ApplicationRequestForm,
  ApplicationRequestJson,
  ApplicationStatus,
  ApplicationStatusRequest,
  SubmittedApplication,
} from "@lk/contracts";
import {
  AppError,
  type ApplicationInput,
  applicationStatus,
  submitApplication,
  type UploadedFile,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const applicationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/applications",
      operationId: "submitApplication",
      tags: ["Applications"],
      summary: "Apply to join the cabinet (public)",
      description:
        "A company sends its details, a contact person and up to 10 documents (PDF, JPEG, PNG; 5 MB each) as multipart/form-data (repeat the `files` field), or JSON without files. The operator reviews it; on approval the contact gets a login and a temporary password.",
      request: {
        body: {
          // Not "required": with two media types that makes both validators run on every request.
          required: false,
          content: {
            "multipart/form-data": { schema: ApplicationRequestForm },
            "application/json": { schema: ApplicationRequestJson },
          },
        },
      },
      security: [],
      responses: {
        201: json(SubmittedApplication, "Application received"),
        ...problems(400, 413, 429),
      },
    }),
    async (c) => {
      const type = c.req.header("content-type") ?? "";
      const isForm = type.startsWith("multipart/form-data");
      if (!isForm && !type.includes("json")) {
        throw new AppError(415, "unsupported_media_type", {
          ru: "Отправьте заявку как multipart/form-data или application/json",
          en: "Send the application as multipart/form-data or application/json",
        });
      }
      let input: ApplicationInput;
      let raw: File[] = [];
      if (isForm) {
        // The form and JSON bodies share fields; only the form carries files.
        const { files: uploaded, ...fields } = c.req.valid("form") as unknown as z.output<
          typeof ApplicationRequestForm
        >;
        input = fields;
        raw = uploaded as File[];
      } else {
        input = c.req.valid("json");
      }
      const files: UploadedFile[] = await Promise.all(
        raw.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      return c.json(await submitApplication({ ctx: ctxOf(c), input, files }), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/applications/status",
      operationId: "getApplicationStatus",
      tags: ["Applications"],
      summary: "An application's status, for the applicant (public)",
      description:
        "By the secret `token` of the status link from the confirmation e-mail, or by the application `number` together with the contact `email`. A POST so the e-mail stays out of URLs and logs. Any miss is 404; lookups are limited per address (429). Shows the status, dates, the company's name and ИНН, the documents' names and a reject reason — not the contacts in full nor the issued login.",
      request: {
        body: { required: true, content: { "application/json": { schema: ApplicationStatusRequest } } },
      },
      security: [],
      responses: { 200: json(ApplicationStatus, "Status"), ...problems(400, 404, 429) },
    }),
    async (c) => c.json(await applicationStatus({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
