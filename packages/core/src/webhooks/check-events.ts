import { invalidField } from "../errors/index";
import { ALL_EVENTS, webhookEventTypes } from "./events";

/** Event types to subscribe to: known types or `*`, at least one, duplicates dropped. */
export function checkEvents(events: string[]): string[] {
  if (events.length === 0)
    throw invalidField("events", "too_small", {
      ru: "Выберите хотя бы одно событие (или *)",
      en: "Choose at least one event (or *)",
    });
  const known = [ALL_EVENTS, ...webhookEventTypes] as string[];
  const bad = events.findIndex((e) => !known.includes(e));
  if (bad >= 0)
    throw invalidField(`events.${bad}`, "invalid_event_type", {
      ru: `Неизвестное событие. Допустимые: ${known.join(", ")}`,
      en: `Unknown event type. Allowed: ${known.join(", ")}`,
    });
  return [...new Set(events)];
}
