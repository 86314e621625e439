import { html, type TemplateResult } from "lit";
import { L, lang, setLang } from "../../core/i18n";

/** The frame of the pages one reaches without signing in: brand, language, content, footer. */
export const publicPage = (content: TemplateResult) =>
  html`<main id="main" class="auth">
    <div class="auth-card wide">
      <p class="brand"><a href="/">${L("ЛК Бизнес", "LK Business")}</a>
        <button type="button" class="link" lang=${lang() === "ru" ? "en" : "ru"}
          @click=${() => setLang(lang() === "ru" ? "en" : "ru")}>${lang() === "ru" ? "English" : "Русский"}</button>
      </p>
      ${content}
    </div>
  </main>`;
