// Kept in step with package.json by a unit test; read by the exporters' User-Agent and `sdk` fields.
export const SDK_NAME = 'noveum-trace-ts';
export const SDK_VERSION = '0.1.0';
