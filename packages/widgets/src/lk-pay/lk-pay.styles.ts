import { css } from "lit";
import { baseStyles } from "../base/base.styles";

export const lkPayStyles = [
  baseStyles,
  css`
    .identify {
      display: grid;
      gap: var(--_gap);
    }
  `,
];
