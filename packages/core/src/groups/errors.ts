import { conflict, forbidden, notFound } from "../errors/index";

export const groupNotFound = () => notFound({ ru: "Группа", en: "Group" }, "group_not_found");
export const groupNotEmpty = () =>
  conflict(
    {
      ru: "В группе есть лицевые счета или подгруппы: сначала перенесите их",
      en: "The group still has accounts or subgroups: move them first",
    },
    "group_not_empty",
  );
export const topLevelForbidden = () =>
  forbidden(
    {
      ru: "Вам доступны только некоторые группы: создавайте подгруппы внутри них",
      en: "You are limited to some groups: create subgroups inside them",
    },
    "group_restricted",
  );
