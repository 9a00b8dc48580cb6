/**
 * 服务的 OpenAPI 3.1 文档（js/serve/openapi.json，随包发布为 yjt-sso/openapi.json），由 GET /openapi.json 提供。
 * The service's OpenAPI 3.1 document (js/serve/openapi.json, shipped as `yjt-sso/openapi.json`),
 * served at GET /openapi.json: serialised once.
 *
 * @module
 */
import doc from './openapi.json' with { type: 'json' };

export const OPENAPI_TEXT: string = JSON.stringify(doc);
