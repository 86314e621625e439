// After a payment, transfer or promised payment every figure on screen is stale: balances, «К оплате
// сейчас», invoice statuses, the account pickers. One event tells them all to read the truth again.

export const MONEY_MOVED = "lk-money-moved";

export function moneyMoved() {
  dispatchEvent(new Event(MONEY_MOVED));
}

export const onMoneyMoved = (fn: () => void): (() => void) => {
  addEventListener(MONEY_MOVED, fn);
  return () => removeEventListener(MONEY_MOVED, fn);
};
