import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { type AccessRule, can } from "@kavi/domain";
import { createContext, useContext } from "react";

export type BusinessDetails = inferRouterOutputs<AppRouter>["business"]["get"];

export interface BusinessContextValue {
  business: BusinessDetails;
  membership: BusinessDetails["membership"];
  /** Same rule the API applies: a name from the permissions catalogue (packages/domain/src/permissions.ts). */
  can: (permission: AccessRule) => boolean;
}

export const BusinessContext = createContext<BusinessContextValue | null>(null);

export function useBusiness(): BusinessContextValue {
  const value = useContext(BusinessContext);
  if (!value) throw new Error("useBusiness must be used inside a business route");
  return value;
}

export function makeBusinessContext(business: BusinessDetails): BusinessContextValue {
  return {
    business,
    membership: business.membership,
    can: (permission) => can(business.membership, permission),
  };
}

export function businessName(business: { legalName: string; tradingName: string | null }): string {
  return business.tradingName || business.legalName;
}
