import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { nodeFetch } from "../src/node-fetch";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(
  handler: (req: IncomingMessage, body: string) => [number, Record<string, string>, string] | null,
) {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const answer = handler(req, body);
      if (!answer) return; // never answers
      const [status, headers, text] = answer;
      res.writeHead(status, headers).end(text);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("nodeFetch (server-to-server JSON over undici.request)", () => {
  it("sends the method, headers and body as given and answers status, headers and the whole body", async () => {
    const seen: { method?: string; headers?: IncomingMessage["headers"]; body?: string } = {};
    const url = await serve((req, body) => {
      Object.assign(seen, { method: req.method, headers: req.headers, body });
      return [402, { "content-type": "application/json", "x-answer": "yes" }, '{"code":"нет денег"}'];
    });
    const body = JSON.stringify({ amount: 100, text: "оплата" });
    const res = await nodeFetch(`${url}/v1/payments?x=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": "k-1" },
      body,
    });
    expect(seen.method).toBe("POST");
    expect(seen.headers?.["idempotency-key"]).toBe("k-1");
    expect(seen.headers?.["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(seen.body).toBe(body);
    expect(res.status).toBe(402);
    expect(res.ok).toBe(false);
    expect(res.headers.get("x-answer")).toBe("yes");
    expect(await res.json()).toEqual({ code: "нет денег" });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    // Keep-alive: a second request works on the same agent.
    const again = await nodeFetch(`${url}/`, { headers: new Headers({ accept: "text/plain" }) });
    expect(seen.method).toBe("GET");
    expect(seen.headers?.accept).toBe("text/plain");
    expect(again.status).toBe(402);
    expect(again.statusText).toBe("Payment Required");
    const copy = again.clone();
    expect(new TextDecoder().decode(await again.arrayBuffer())).toBe('{"code":"нет денег"}');
    const reader = copy.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"code":"нет денег"}');
  });

  it("rejects on a network error and when the signal aborts (timeout)", async () => {
    const url = await serve(() => null);
    const closed = await serve(() => [200, {}, ""]);
    await new Promise((r) => servers.pop()!.close(r));
    await expect(nodeFetch(`${closed}/`)).rejects.toThrow();
    const t0 = Date.now();
    await expect(
      nodeFetch(`${url}/`, { method: "POST", body: "{}", signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(2000);
    const aborted = new AbortController();
    aborted.abort(new Error("stopped"));
    await expect(nodeFetch(`${url}/`, { signal: aborted.signal })).rejects.toThrow("stopped");
  });
});
