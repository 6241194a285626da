export { jsonCodec } from "./json-codec.js";
export { type JsonDriverOptions, jsonDriver } from "./json-driver.js";
