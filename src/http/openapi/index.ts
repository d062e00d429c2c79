export { buildOpenApiDocument, type OpenApiDocument } from './document';
export { createOpenApiRouter } from './router';
export type { HttpMethod, JsonSchema, OperationObject, PathItem } from './types';
