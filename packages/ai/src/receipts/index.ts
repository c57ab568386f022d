export * from "./ocr";
export * from "./parse";
export * from "./read";
