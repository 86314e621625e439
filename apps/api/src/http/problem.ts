import type { AppError, Lang } from "@lk/core";

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  /** The trace of this request, while tracing is on: find it in the operator's trace store. */
  traceId?: string;
  errors?: { field: string; code: string; message: string }[];
}

const titles: Record<number, { ru: string; en: string }> = {
  400: { ru: "Неверный запрос", en: "Bad request" },
  401: { ru: "Требуется вход", en: "Unauthorized" },
  403: { ru: "Доступ запрещён", en: "Forbidden" },
  404: { ru: "Не найдено", en: "Not found" },
  405: { ru: "Метод не поддерживается", en: "Method not allowed" },
  409: { ru: "Конфликт", en: "Conflict" },
  413: { ru: "Слишком большой запрос", en: "Payload too large" },
  415: { ru: "Неподдерживаемый тип данных", en: "Unsupported media type" },
  422: { ru: "Запрос не может быть выполнен", en: "Unprocessable request" },
  429: { ru: "Слишком много запросов", en: "Too many requests" },
  500: { ru: "Внутренняя ошибка", en: "Internal error" },
  502: { ru: "Ошибка внешнего сервиса", en: "Bad gateway" },
  503: { ru: "Сервис недоступен", en: "Service unavailable" },
};

/** RFC 9457 problem details in the reader's language. `type` is a stable URI per code. */
export function problemOf(err: AppError, lang: Lang, requestId: string, traceId?: string): ProblemBody {
  const title = titles[err.status] ?? titles[500]!;
  const body: ProblemBody = {
    type: `https://lk.example/problems/${err.code}`,
    title: title[lang],
    status: err.status,
    detail: err.msg[lang],
    code: err.code,
    requestId,
  };
  if (traceId) body.traceId = traceId;
  if (err.fields.length > 0) {
    body.errors = err.fields.map((f) => ({ field: f.field, code: f.code, message: f.message[lang] }));
  }
  return body;
}
