export { EditInvoicePage as default } from "./invoice-editor-pages";
