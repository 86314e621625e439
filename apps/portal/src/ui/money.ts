// After a payment, transfer or promised payment every figure on screen is stale: balances, «К оплате
// сейчас», invoice statuses, the account pickers. One event tells them all to read the truth again —
// in this tab and, through a BroadcastChannel, in the cabinet's other tabs (an overview left open
// beside the pay screen changes the moment the payment is settled, with no reload).

export const MONEY_MOVED = "lk-money-moved";

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(MONEY_MOVED) : null;
// A message from another tab: tell this tab's screens (not the others again).
channel?.addEventListener("message", () => dispatchEvent(new Event(MONEY_MOVED)));

export function moneyMoved() {
  dispatchEvent(new Event(MONEY_MOVED));
  channel?.postMessage("moved");
}

export const onMoneyMoved = (fn: () => void): (() => void) => {
  addEventListener(MONEY_MOVED, fn);
  return () => removeEventListener(MONEY_MOVED, fn);
};
