// Africa's Talking SMS for KAVI: the client (its HTTP API at a configurable base URL), its settings, delivery
// reports, and text helpers (parts, Kenyan numbers, cost). The local simulator is `@kavi/sms/simulator`.
export * from "./client";
export * from "./text";
