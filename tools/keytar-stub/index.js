'use strict';
// Offline manifest validation and lint never touch the OS keychain; fail loudly if anything does.
const unavailable = async () => {
  throw new Error('keytar stub: the OS keychain is not available in this project (see tools/keytar-stub)');
};
module.exports = {
  getPassword: unavailable,
  setPassword: unavailable,
  deletePassword: unavailable,
  findPassword: unavailable,
  findCredentials: unavailable,
};
