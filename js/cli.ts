/**
 * yjt-sso 命令行：SM4 加解密、网关签名、code 换取、调用其他接口、自检、本地模拟网关。
 * The yjt-sso command line: SM4, gateway signing, the code exchange, other gateway APIs, the
 * self-check and the local mock gateway. Secrets come from environment variables or a config
 * file and are never printed. The subcommands live in js/cli/.
 *
 * Exit codes: 0 ok, 1 the operation failed (the error code is printed), 2 usage error.
 *
 * @module
 */
import { reportError } from './cli/errors.js';
import { main } from './cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportError(e);
  },
);
