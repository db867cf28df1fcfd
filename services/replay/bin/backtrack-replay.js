#!/usr/bin/env node
require('../../../scripts/run-entry')(require('node:path').join(__dirname, '..'));
