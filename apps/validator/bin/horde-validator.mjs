#!/usr/bin/env node
// The validator is consumed from source (no build step): load tsx's loader, then the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
