import { AppError, isAppError } from "@lk/core";
import { sqlState } from "@lk/db";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env";
import { problemOf } from "./problem";

const internal = () =>
  new AppError(500, "internal_error", {
    ru: "Внутренняя ошибка. Мы уже знаем о ней; повторите позже или сообщите в поддержку номер запроса",
    en: "Internal error. We have logged it; retry later or give support the request id",
  });

/** Maps hono's own HTTP errors (bad JSON, body too large, …) to our codes. */
function fromHttpException(e: HTTPException): AppError {
  switch (e.status) {
    case 400:
      return new AppError(400, "malformed_request", {
        ru: "Тело запроса не разобрано: ожидается корректный JSON",
        en: "Could not parse the request body: valid JSON expected",
      });
    case 413:
      return new AppError(413, "payload_too_large", {
        ru: "Слишком большой запрос",
        en: "The request is too large",
      });
    case 401:
      return new AppError(401, "unauthorized", {
        ru: "Требуется вход в систему",
        en: "Authentication required",
      });
    default:
      return new AppError(e.status, `http_${e.status}`, {
        ru: e.message || "Ошибка запроса",
        en: e.message || "Request error",
      });
  }
}

export function render(c: Context<AppEnv>, err: AppError) {
  const body = problemOf(err, c.get("lang") ?? "ru", c.get("requestId") ?? "unknown", c.get("traceId"));
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.body(JSON.stringify(body), err.status as 400, {
    "Content-Type": "application/problem+json; charset=utf-8",
  });
}

/** Every error leaves as problem+json; unknown ones are logged with the request id and hidden. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (isAppError(err)) return render(c, err);
  if (err instanceof HTTPException) return render(c, fromHttpException(err));
  if (err instanceof SyntaxError) return render(c, fromHttpException(new HTTPException(400)));
  // Safety net: a unique violation that a service did not anticipate is a conflict, not a crash.
  const pgCode = sqlState(err);
  // A deadlock or serialization failure rolled the whole transaction back: nothing was written, and
  // the same request can simply be sent again (Idempotency-Key makes that safe for money).
  if (pgCode === "40P01" || pgCode === "40001") {
    c.get("deps")?.logger.warn("transaction rolled back by the database", {
      requestId: c.get("requestId"),
      path: c.req.path,
      sqlState: pgCode,
    });
    c.header("Retry-After", "1");
    return render(
      c,
      new AppError(503, "try_again", {
        ru: "Сервер был занят другой операцией с теми же данными; ничего не изменено, повторите запрос",
        en: "The server was busy with another change of the same data; nothing was changed, send the request again",
      }),
    );
  }
  if (pgCode === "23505") {
    c.get("deps")?.logger.warn("unique violation reached the error handler", {
      requestId: c.get("requestId"),
      path: c.req.path,
    });
    return render(
      c,
      new AppError(409, "already_exists", {
        ru: "Такая запись уже существует",
        en: "This record already exists",
      }),
    );
  }
  c.get("deps")?.logger.error("unhandled error", {
    requestId: c.get("requestId"),
    path: c.req.path,
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return render(c, internal());
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  render(
    c,
    new AppError(404, "route_not_found", {
      ru: `Нет такого адреса: ${c.req.method} ${c.req.path}`,
      en: `No such route: ${c.req.method} ${c.req.path}`,
    }),
  );
