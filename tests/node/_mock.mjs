// The installed package's mock entry (yjt-sso/mock), for the suites that run a mock gateway.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG_DIR } from './_pkg.mjs';

export const { createMockGateway, startMockGateway, MOCK_API_PATH } = await import(pathToFileURL(path.join(PKG_DIR, 'mock.mjs')).href);
