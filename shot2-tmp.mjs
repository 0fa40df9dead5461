import { chromium } from '@playwright/test';
const [path, width, ...selectors] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage({ viewport: { width: Number(width), height: 900 } });
await p.goto(`http://127.0.0.1:4391${path}`);
let i = 0;
for (const sel of selectors) {
  const el = p.locator(sel).first();
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  const name = `/tmp/shots/seg_${path.replace(/\W+/g, '_')}_${width}_${i++}.png`;
  await p.screenshot({ path: name, fullPage: true, clip: { x: 0, y: Math.max(0, box.y - 40), width: Number(width), height: Math.min(900, box.height + 80) } });
  console.log(name);
}
await b.close();
