#!/usr/bin/env node
// The published `hecsos` command: the CLI is TypeScript run through tsx, so no build step stands between
// `npm install` and a working command.
import { register } from 'tsx/esm/api'

register()
await import('./main.ts')
