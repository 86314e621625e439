/** Sign in with login and password, then walk every personal account, page by page. */
import { baseUrl, createClient, login, password } from "./env";

const lk = createClient({ baseUrl, headers: { "accept-language": "en" } });
await lk.auth.signIn({ login, password });
const me = await lk.auth.me();
console.log(`signed in as ${me.login} (${me.company.name})`);

let total = 0;
let balance = 0;
for await (const account of lk.accounts.list({ limit: 100 })) {
  if (total < 5)
    console.log(`  ${account.number}  ${(account.balance_amount / 100).toFixed(2)} ₽  ${account.status}`);
  total++;
  balance += account.balance_amount;
}
console.log(`accounts: ${total}, total balance ${(balance / 100).toFixed(2)} ₽`);
