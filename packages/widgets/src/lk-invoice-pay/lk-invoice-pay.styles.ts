import { css } from "lit";
import { baseStyles } from "../base/base.styles";

export const lkInvoicePayStyles = [
  baseStyles,
  css`
    .overdue {
      color: var(--_error);
    }
  `,
];
