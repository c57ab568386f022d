import { MODULES, ROLES } from "@kavi/domain";
import { pgEnum } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("member_role", ROLES);
export const moduleEnum = pgEnum("business_module", MODULES);
