import { startCashRegisterServer } from "./server";

// Demo defaults only: a real cash register has credentials nobody can guess.
const port = Number(process.env.CASH_REGISTER_PORT ?? 3200);
const login = process.env.CASH_REGISTER_LOGIN ?? "sandbox_login";
const password = process.env.CASH_REGISTER_PASSWORD ?? "sandbox_password";
const delayMs = Number(process.env.CASH_REGISTER_DELAY_MS ?? 500);
// The register writes dates in its local zone, which must be the product's (LK_TIME_ZONE).
const timeZone = process.env.CASH_REGISTER_TIME_ZONE ?? process.env.LK_TIME_ZONE ?? "Europe/Moscow";

const register = await startCashRegisterServer(
  { logins: { [login]: password }, delayMs, timeZone },
  { port, hostname: process.env.CASH_REGISTER_HOST ?? "0.0.0.0" },
);
console.log(
  JSON.stringify({ level: "info", message: "cash register sandbox listening", url: register.url, login }),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    register.close().then(() => process.exit(0));
  });
}
