import { chromium } from '@playwright/test';
const [path, width] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage({ viewport: { width: Number(width), height: 800 } });
await p.goto(`http://127.0.0.1:4391${path}`);
const name = `/tmp/shots/top_${path.replace(/\W+/g, '_')}_${width}.png`;
await p.screenshot({ path: name });
console.log(name);
await b.close();
