#!/usr/bin/env node
// The `lk` command (`pnpm exec lk …` in the workspace): the CLI's TypeScript sources run through tsx.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
