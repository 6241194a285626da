export { csvCodec } from "./csv-codec.js";
