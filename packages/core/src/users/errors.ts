import { AppError, notFound } from "../errors/index";

export const userNotFound = () => notFound({ ru: "Пользователь", en: "User" }, "user_not_found");

export const lastAdmin = () =>
  new AppError(409, "last_admin", {
    ru: "В компании должен остаться хотя бы один активный администратор",
    en: "The company must keep at least one active admin",
  });

export const loginTaken = (field = "login") =>
  new AppError(
    409,
    "login_taken",
    { ru: "Такой логин, e-mail или телефон уже занят", en: "This login, e-mail or phone is already taken" },
    {
      fields: [{ field, code: "taken", message: { ru: "Уже занято", en: "Already taken" } }],
    },
  );
