// pngjs ships no types; tests read PNGs (QR codes) and write small ones (photo fixtures).
declare module 'pngjs' {
  interface PNGImage {
    width: number;
    height: number;
    data: Buffer;
  }
  export const PNG: {
    new (opts: { width: number; height: number }): PNGImage;
    /** filterType 0 (none) skips the adaptive row filtering, which is slow in pure JS on large images. */
    sync: { read(buffer: Buffer): PNGImage; write(png: PNGImage, options?: { filterType?: number; deflateLevel?: number }): Buffer };
  };
}
