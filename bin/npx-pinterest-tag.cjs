#!/usr/bin/env node
'use strict';
// `npx pinterest-tag ...` in a clone: run the TypeScript CLI through tsx's require hook
// (tsx is a devDependency, so it is there after `npm install`).
// The SDK's Node-version notice is for library maintainers, not for operators running a command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('./pinterest-tag.ts').run();
