import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Errors Node's HTTP parser answers before any route runs (a request line or headers over
 * `maxHeaderSize`, a malformed request, a header timeout) get a problem+json body like every other
 * error (issue 18). With a `clientError` listener Node leaves the answer to us; without one it
 * writes a bare `431`/`400` with no body. The headers were not parsed, so there is no
 * Accept-Language to follow: the detail is given in both languages.
 */
export function answerClientErrors(server: Pick<Server, "on">): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, title, ru, en] =
      err.code === "HPE_HEADER_OVERFLOW"
        ? [
            431,
            "request_header_fields_too_large",
            "Request Header Fields Too Large",
            "Адрес или заголовки запроса слишком длинные",
            "The URL or the request headers are too long",
          ]
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [
              408,
              "request_timeout",
              "Request Timeout",
              "Запрос не получен целиком вовремя",
              "The request did not arrive in time",
            ]
          : [
              400,
              "malformed_request",
              "Bad Request",
              "Запрос не разобран",
              "The request could not be parsed",
            ];
    const body = JSON.stringify({
      type: `https://lk.example/problems/${code}`,
      title,
      status,
      detail: `${ru} / ${en}`,
      code,
      requestId: randomUUID(),
    });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
