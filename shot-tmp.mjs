import { chromium } from '@playwright/test';
const pages = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const width of [1280, 375]) {
  const p = await b.newPage({ viewport: { width, height: 900 } });
  for (const path of pages) {
    await p.goto(`http://127.0.0.1:4391${path}`);
    const name = `/tmp/shots/${path.replace(/\W+/g, '_')}_${width}.png`;
    await p.screenshot({ path: name, fullPage: true });
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    console.log(name, overflow ? 'HORIZONTAL OVERFLOW' : 'ok');
  }
  await p.close();
}
await b.close();
