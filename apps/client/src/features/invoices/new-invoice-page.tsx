export { NewInvoicePage as default } from "./invoice-editor-pages";
