import { AppError } from "../errors/index";

export const invalidCredentials = () =>
  new AppError(401, "invalid_credentials", {
    ru: "Неверный логин или пароль",
    en: "Wrong login or password",
  });

export const loginLocked = (until: Date, now: Date) => {
  const sec = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const min = Math.ceil(sec / 60);
  return new AppError(
    429,
    "login_locked",
    {
      ru: `Вход временно заблокирован после нескольких неверных паролей. Повторите через ${min} мин или восстановите пароль`,
      en: `Sign-in is locked after several wrong passwords. Try again in ${min} min or reset your password`,
    },
    { headers: { "Retry-After": String(sec) } },
  );
};

export const temporaryPasswordExpired = () =>
  new AppError(401, "temporary_password_expired", {
    ru: "Срок действия временного пароля истёк. Обратитесь к оператору или администратору компании за новым",
    en: "The temporary password has expired. Ask the operator or your company admin for a new one",
  });

export const userBlocked = () =>
  new AppError(403, "user_blocked", {
    ru: "Пользователь заблокирован. Обратитесь к администратору компании",
    en: "This user is blocked. Contact your company admin",
  });

export const invalidToken = (code = "invalid_token") =>
  new AppError(401, code, {
    ru: "Сессия недействительна или истекла, войдите снова",
    en: "The session is invalid or has expired; sign in again",
  });

export const refreshReused = () =>
  new AppError(401, "refresh_token_reused", {
    ru: "Этот токен уже использован; все сессии этого входа завершены. Войдите снова",
    en: "This refresh token was already used; all sessions of this sign-in were ended. Sign in again",
  });
