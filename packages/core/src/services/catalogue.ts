import {
  type DestinationType,
  type Queryable,
  type Rounding,
  type ServiceKind,
  tariffRates,
  tariffs,
} from "@lk/db";
import { inArray } from "drizzle-orm";

interface CatalogueTariff {
  code: string;
  name: string;
  kind: ServiceKind;
  /** kopecks a month, net of VAT */
  fee: number;
  rounding?: Rounding;
  description: string;
  rates?: Partial<Record<DestinationType, number>>;
}

/** A realistic business catalogue; prices net of VAT in kopecks. */
export const TARIFF_CATALOGUE: CatalogueTariff[] = [
  {
    code: "inet-100",
    name: "Бизнес-Интернет 100 Мбит/с",
    kind: "internet",
    fee: 150000,
    description: "Оптика, безлимитный трафик, 1 статический IP",
  },
  {
    code: "inet-300",
    name: "Бизнес-Интернет 300 Мбит/с",
    kind: "internet",
    fee: 250000,
    description: "Оптика, безлимитный трафик, 1 статический IP",
  },
  {
    code: "inet-1000",
    name: "Бизнес-Интернет 1000 Мбит/с",
    kind: "internet",
    fee: 490000,
    description: "Оптика, безлимитный трафик, 4 статических IP, SLA 99,9 %",
  },
  {
    code: "tel-minute",
    name: "Телефония «Поминутный»",
    kind: "telephony",
    fee: 35000,
    rounding: "per_minute",
    description: "Городской номер; каждая начатая минута оплачивается полностью",
    rates: { local: 150, long_distance: 350, mobile: 250, international: 2500 },
  },
  {
    code: "tel-second",
    name: "Телефония «Посекундный»",
    kind: "telephony",
    fee: 55000,
    rounding: "per_second",
    description: "Городской номер; тарификация по секундам с первой секунды",
    rates: { local: 180, long_distance: 390, mobile: 290, international: 2900 },
  },
  {
    code: "tel-unlim-local",
    name: "Телефония «Безлимит местный»",
    kind: "telephony",
    fee: 120000,
    rounding: "per_minute",
    description: "Местные звонки без ограничений, остальные — поминутно",
    rates: { local: 0, long_distance: 320, mobile: 230, international: 2400 },
  },
  {
    code: "tv-basic",
    name: "Бизнес-ТВ «Базовый»",
    kind: "tv",
    fee: 45000,
    description: "120 каналов для офиса и зоны ожидания",
  },
  {
    code: "tv-hotel",
    name: "ТВ для гостиниц",
    kind: "tv",
    fee: 120000,
    description: "200 каналов, до 50 номеров",
  },
  {
    code: "vpn-l2-10",
    name: "VPN L2 10 Мбит/с",
    kind: "vpn",
    fee: 600000,
    description: "Канал точка-точка между офисами",
  },
  {
    code: "vpn-l3-100",
    name: "IP VPN 100 Мбит/с",
    kind: "vpn",
    fee: 900000,
    description: "Мультисервисная сеть между филиалами",
  },
  {
    code: "rent-router",
    name: "Аренда роутера",
    kind: "equipment_rent",
    fee: 15000,
    description: "Wi-Fi роутер, замена при поломке",
  },
  {
    code: "rent-ip-phone",
    name: "Аренда IP-телефона",
    kind: "equipment_rent",
    fee: 20000,
    description: "Настольный IP-телефон",
  },
  {
    code: "rent-stb",
    name: "Аренда ТВ-приставки",
    kind: "equipment_rent",
    fee: 10000,
    description: "Приставка IPTV",
  },
  {
    code: "static-ip",
    name: "Статический IP-адрес",
    kind: "other",
    fee: 20000,
    description: "Дополнительный адрес IPv4",
  },
];

/** Inserts the catalogue (existing codes are left alone) and returns code → tariff id. */
export async function seedTariffCatalogue(tx: Queryable): Promise<Map<string, string>> {
  await tx
    .insert(tariffs)
    .values(
      TARIFF_CATALOGUE.map((t) => ({
        code: t.code,
        name: t.name,
        kind: t.kind,
        monthlyFee: t.fee,
        rounding: t.rounding ?? "per_minute",
        description: t.description,
      })),
    )
    .onConflictDoNothing();
  const found = await tx
    .select({ id: tariffs.id, code: tariffs.code })
    .from(tariffs)
    .where(
      inArray(
        tariffs.code,
        TARIFF_CATALOGUE.map((t) => t.code),
      ),
    );
  const ids = new Map(found.map((r) => [r.code, r.id]));
  const rates = TARIFF_CATALOGUE.flatMap((t) =>
    Object.entries(t.rates ?? {}).map(([destinationType, perMinute]) => ({
      tariffId: ids.get(t.code)!,
      destinationType: destinationType as DestinationType,
      perMinute,
    })),
  );
  if (rates.length) await tx.insert(tariffRates).values(rates).onConflictDoNothing();
  return ids;
}
