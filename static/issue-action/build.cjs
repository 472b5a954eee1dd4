// Same build as the admin page (see static/admin/build.cjs).
const path = require('path');
const { buildPage } = require(path.join(__dirname, '..', 'admin', 'build.cjs'));

buildPage(__dirname);
