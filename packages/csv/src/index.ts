export { CSV_COLUMNS, type CsvColumn } from "./columns.js";
export { csvCodec } from "./csv-codec.js";
export { type CsvDriver, type CsvDriverOptions, csvDriver } from "./csv-driver.js";
