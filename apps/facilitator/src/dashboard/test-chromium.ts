/** For tests: Debian's Chromium driven by playwright-core (no downloaded browser, works offline). */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** Launches headless Chromium; fails with how to install it when it is missing (never skips). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (scripts/setup.sh does).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}
