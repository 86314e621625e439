// @vitest-environment happy-dom
import { act, createElement } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LkPayReact } from "./react";
import { fakeFetch, waitFor } from "./testing/fake-fetch";

// Under vitest, "@lit/react" resolves to its "node" (server-rendering) build, which never sets
// element properties; a DOM test needs the browser build, which is what bundlers ship.
vi.mock("@lit/react", async () => {
  const { createRequire } = await import("node:module");
  const nodeBuild = createRequire(import.meta.url).resolve("@lit/react");
  return import(nodeBuild.replace(/[\\/]node[\\/]/, "/"));
});

// React's act() wants this flag in a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("@lk/widgets/react", () => {
  it("passes props as properties and typed events to onLk… handlers", async () => {
    fakeFetch({});
    const onReady = vi.fn();
    const host = document.createElement("div");
    document.body.append(host);
    const root = createRoot(host);
    await act(async () => {
      root.render(
        createElement(LkPayReact, {
          publishableKey: "pk_test_react",
          apiBase: "https://api.test",
          lang: "en",
          onLkReady: onReady,
        }),
      );
    });
    const el = host.querySelector("lk-pay")!;
    expect(el.publishableKey).toBe("pk_test_react");
    expect(el.apiBase).toBe("https://api.test");
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector("h2")!.textContent).toBe("Pay for telecom services");
    await waitFor(() => onReady.mock.calls.length === 1);
    expect(onReady.mock.calls[0]![0].detail.tagName).toBe("lk-pay");
    await act(async () => root.unmount());
  });
});
