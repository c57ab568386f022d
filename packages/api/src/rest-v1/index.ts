export { createRestApiV1, type RestRequest, type RestResponse, restError } from "./handle";
export { buildOpenApiDocument, REST_API_VERSION } from "./openapi";
export { REST_OPERATIONS, type RestOperation } from "./operations";
