// Minimal typing of the part of pngjs the chart uses (pngjs ships no types).
declare module 'pngjs' {
  export class PNG {
    constructor(opts: { width: number; height: number });
    width: number;
    height: number;
    data: Buffer;
    static sync: { write(png: PNG): Buffer };
  }
}
