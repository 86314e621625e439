import { conflict, notFound } from "../errors/index";

export const requestNotFound = () =>
  notFound({ ru: "Обращение", en: "Support request" }, "support_request_not_found");
export const attachmentNotFound = () => notFound({ ru: "Файл", en: "Attachment" }, "attachment_not_found");
export const requestClosed = () =>
  conflict(
    { ru: "Обращение закрыто: создайте новое", en: "The request is closed: open a new one" },
    "support_request_closed",
  );
