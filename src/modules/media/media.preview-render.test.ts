import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PREVIEW_SHAPES, previewLayout, rasterizeSvg, renderPreview, UnrenderableImage } from './media.preview-render.js';

const wide = PREVIEW_SHAPES.wide;
const square = PREVIEW_SHAPES['1x1'];

describe('previewLayout', () => {
  it('crops a landscape photo large enough to fill the card', () => {
    expect(previewLayout({ width: 1600, height: 900, scalable: false }, wide)).toEqual({ mode: 'cover' });
    // 4:3 keeps 70% of its height in a 1.91:1 card: still a crop.
    expect(previewLayout({ width: 1200, height: 900, scalable: false }, wide)).toEqual({ mode: 'cover' });
    // Half the card's size is the least that is blown up to fill it.
    expect(previewLayout({ width: 600, height: 340, scalable: false }, wide)).toEqual({ mode: 'cover' });
  });

  it('puts portraits, squares and small images whole on a backdrop, enlarging rasters at most twice', () => {
    expect(previewLayout({ width: 400, height: 400, scalable: false }, wide)).toEqual({ mode: 'backdrop', width: 630, height: 630 });
    expect(previewLayout({ width: 1000, height: 1500, scalable: false }, wide)).toEqual({ mode: 'backdrop', width: 420, height: 630 });
    expect(previewLayout({ width: 300, height: 200, scalable: false }, wide)).toEqual({ mode: 'backdrop', width: 600, height: 400 });
    expect(previewLayout({ width: 1600, height: 900, scalable: false }, square)).toEqual({ mode: 'backdrop', width: 1200, height: 675 });
  });

  it('draws an SVG at whatever size the card needs', () => {
    expect(previewLayout({ width: 300, height: 170, scalable: true }, wide)).toEqual({ mode: 'cover' });
    expect(previewLayout({ width: 100, height: 100, scalable: true }, wide)).toEqual({ mode: 'backdrop', width: 630, height: 630 });
  });
});

describe('renderPreview', () => {
  it('renders an SVG smaller than the card sharply, to exactly the card size', async () => {
    // A line one unit wide, straddling two pixels of the SVG's own 120 × 63 raster.
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="63" viewBox="0 0 120 63"><rect width="120" height="63" fill="#fff"/><rect x="59.5" width="1" height="63" fill="#000"/></svg>',
    );
    const out = await renderPreview(svg, wide, { maxPixels: 50e6 });
    const { data, info } = await sharp(out).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1200, 630]);
    // Drawn 10 px wide and black, not two grey source pixels blown up to 20.
    const row = [...data.subarray(300 * info.width, 301 * info.width)];
    expect(row.filter((v) => v < 64).length).toBeGreaterThanOrEqual(9);
    expect(row.filter((v) => v >= 64 && v < 192).length).toBeLessThanOrEqual(2);
  });

  it('refuses data that is not an image, or larger than the pixel limit', async () => {
    await expect(renderPreview(Buffer.from('plain text'), wide, { maxPixels: 50e6 })).rejects.toBeInstanceOf(UnrenderableImage);
    const big = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(renderPreview(big, wide, { maxPixels: 1_000_000 })).rejects.toThrow(/more than 1000000 pixels/);
  });
});

describe('rasterizeSvg', () => {
  it('makes a PNG of exactly the size asked for', async () => {
    const png = await rasterizeSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64"/></svg>', 512, 512);
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 512, height: 512 });
  });
});
