// strip-bom 5 is ESM-only; Jest's CommonJS loader cannot require it (Node itself can). Same behaviour.
module.exports = function stripBom(text) {
  if (typeof text !== 'string') throw new TypeError(`Expected a string, got ${typeof text}`);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};
module.exports.default = module.exports;
