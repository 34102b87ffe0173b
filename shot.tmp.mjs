import { chromium } from 'playwright-core';
const [, , url, out, width] = process.argv;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: Number(width ?? 1280), height: 900 } });
const msgs = [];
page.on('console', (m) => msgs.push(m.type() + ': ' + m.text()));
await page.goto(url);
await page.screenshot({ path: out, fullPage: true });
console.log(msgs.join('\n'));
await browser.close();
