// pngjs ships no types; tests read PNGs (QR codes) and write small ones (photo fixtures).
declare module 'pngjs' {
  interface PNGImage {
    width: number;
    height: number;
    data: Buffer;
  }
  export const PNG: {
    new (opts: { width: number; height: number }): PNGImage;
    sync: { read(buffer: Buffer): PNGImage; write(png: PNGImage): Buffer };
  };
}
