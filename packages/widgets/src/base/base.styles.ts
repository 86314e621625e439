import { css } from "lit";

/*
 * Shared look. Everything themable is a --lk-* custom property (set them on the element or any
 * ancestor) or a ::part. Lit adopts these as constructable stylesheets, which a strict
 * `style-src 'self'` policy allows (no <style> elements, no inline styles).
 */
export const baseStyles = css`
  :host {
    --_bg: var(--lk-color-bg, #ffffff);
    --_surface: var(--lk-color-surface, #f5f6f8);
    --_text: var(--lk-color-text, #1b1d21);
    --_muted: var(--lk-color-muted, #5a6270);
    --_border: var(--lk-color-border, #8a93a3);
    --_primary: var(--lk-color-primary, #5a2ca0);
    --_on-primary: var(--lk-color-on-primary, #ffffff);
    --_error: var(--lk-color-error, #b3261e);
    --_success: var(--lk-color-success, #1e7b34);
    --_warning: var(--lk-color-warning, #8a5a00);
    --_focus: var(--lk-focus-ring, 0 0 0 3px #7b4fd1);
    --_radius: var(--lk-radius, 8px);
    --_gap: var(--lk-spacing, 12px);
    display: block;
    box-sizing: border-box;
    min-width: 288px;
    max-width: var(--lk-max-width, 480px);
    color: var(--_text);
    font-family: var(--lk-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
    font-size: var(--lk-font-size, 16px);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  /* Dark theme: the same custom properties with dark defaults; a partner's --lk-* still wins. */
  :host([theme="dark"]) {
    --_bg: var(--lk-color-bg, #17181c);
    --_surface: var(--lk-color-surface, #23252b);
    --_text: var(--lk-color-text, #eceef2);
    --_muted: var(--lk-color-muted, #a9b0bd);
    --_border: var(--lk-color-border, #6d7585);
    --_primary: var(--lk-color-primary, #b99cf0);
    --_on-primary: var(--lk-color-on-primary, #17181c);
    --_error: var(--lk-color-error, #ffb4ab);
    --_success: var(--lk-color-success, #7fd99a);
    --_warning: var(--lk-color-warning, #f2c46d);
    --_focus: var(--lk-focus-ring, 0 0 0 3px #d4c2f7);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme="auto"]) {
      --_bg: var(--lk-color-bg, #17181c);
      --_surface: var(--lk-color-surface, #23252b);
      --_text: var(--lk-color-text, #eceef2);
      --_muted: var(--lk-color-muted, #a9b0bd);
      --_border: var(--lk-color-border, #6d7585);
      --_primary: var(--lk-color-primary, #b99cf0);
      --_on-primary: var(--lk-color-on-primary, #17181c);
      --_error: var(--lk-color-error, #ffb4ab);
      --_success: var(--lk-color-success, #7fd99a);
      --_warning: var(--lk-color-warning, #f2c46d);
      --_focus: var(--lk-focus-ring, 0 0 0 3px #d4c2f7);
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .container {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_gap) * 1.5);
    display: grid;
    gap: var(--_gap);
    container-type: inline-size;
  }
  .title {
    margin: 0;
    font-size: 1.25em;
    outline: none;
  }
  .form {
    display: grid;
    gap: var(--_gap);
  }
  .field {
    display: grid;
    gap: 4px;
  }
  label,
  legend {
    font-weight: 600;
  }
  input:not([type="radio"]) {
    font: inherit;
    width: 100%;
    min-height: 44px;
    padding: 8px 12px;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  input[readonly] {
    background: var(--_surface);
  }
  input[aria-invalid="true"] {
    border-color: var(--_error);
  }
  input:focus-visible,
  button:focus-visible,
  a:focus-visible,
  .method:focus-within {
    outline: none;
    box-shadow: var(--_focus);
  }
  .hint,
  .status {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .error {
    margin: 0;
    color: var(--_error);
    font-size: 0.875em;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    justify-content: space-between;
    padding: 8px 12px;
    border: 1px solid var(--_error);
    border-radius: var(--_radius);
    color: var(--_error);
  }
  .notice {
    margin: 0;
    color: var(--_warning);
  }
  .methods {
    border: 0;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .methods legend {
    padding: 0;
    margin-bottom: 4px;
  }
  .method {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 44px;
    padding: 0 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-weight: 400;
    cursor: pointer;
  }
  .summary,
  .quote {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px 12px;
    margin: 0;
    padding: var(--_gap);
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    text-align: end;
    font-weight: 600;
    overflow-wrap: break-word;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  button {
    font: inherit;
    min-height: 44px;
    padding: 8px 16px;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  .primary {
    flex: 1 1 auto;
    color: var(--_on-primary);
    background: var(--_primary);
    border: 1px solid var(--_primary);
    font-weight: 600;
  }
  .secondary {
    color: var(--_primary);
    background: transparent;
    border: 1px solid var(--_primary);
  }
  .link {
    color: var(--_primary);
    align-self: center;
  }
  .sbp {
    display: grid;
    gap: 8px;
    justify-items: center;
    text-align: center;
  }
  .qr {
    display: block;
    width: min(240px, 100%);
    height: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .button {
    display: inline-block;
    box-sizing: border-box;
    text-align: center;
    text-decoration: none;
  }
  /* On a phone (narrow or touch screen) the code cannot be scanned by the same phone: a button
     opens the link, which opens the bank's app. */
  .sbp-phone {
    display: none;
  }
  @media (max-width: 600px), (pointer: coarse) and (max-width: 1024px) {
    .sbp-qr {
      display: none;
    }
    .sbp-phone {
      display: grid;
      gap: 8px;
      width: 100%;
    }
  }
  .acquirer ::slotted(iframe) {
    display: block;
    width: 100%;
    min-height: 420px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: #ffffff;
  }
  .result {
    display: grid;
    gap: 8px;
  }
  .result p {
    margin: 0;
  }
  .result-title {
    font-size: 1.125em;
    font-weight: 700;
  }
  .success .result-title {
    color: var(--_success);
  }
  .failure .result-title {
    color: var(--_error);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  /* Narrow phones (320 px): labels above values, so amounts never break mid-number. */
  @container (max-width: 360px) {
    .summary,
    .quote {
      grid-template-columns: 1fr;
    }
    dd {
      text-align: start;
      margin-bottom: 4px;
    }
  }
`;
