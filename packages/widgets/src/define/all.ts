// Entry of the single <script> bundle (lk-widgets.js): registers every element.
import "./lk-pay";
import "./lk-invoice-pay";

export * from "../index";
