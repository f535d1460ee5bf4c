import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/**
 * A real Chromium for report tests, the report benchmark and the README screenshot: Debian's
 * package (`.ci/run` installs it with apt when missing), driven by playwright-core, headless,
 * without sandbox or GPU, with an empty profile that is removed on close.
 */
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

export async function openBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found (set CHROMIUM_PATH, or apt-get install chromium)');
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'rg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
