/** The parts of pathkit-wasm and opentype.js the icon font generator uses (neither ships typings). */
declare module 'pathkit-wasm/bin/pathkit.js' {
  export interface SkPath {
    setFillType(type: unknown): SkPath;
    stroke(options: { width: number; cap?: unknown; join?: unknown; miter_limit?: number }): SkPath | null;
    transform(a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number): SkPath;
    op(other: SkPath, op: unknown): SkPath | null;
    simplify(): SkPath | null;
    toSVGString(): string;
    delete(): void;
  }
  export interface PathKitApi {
    NewPath(): SkPath;
    FromSVGString(d: string): SkPath | null;
    FillType: { WINDING: unknown; EVENODD: unknown };
    PathOp: { UNION: unknown };
    StrokeCap: { BUTT: unknown; ROUND: unknown; SQUARE: unknown };
    StrokeJoin: { MITER: unknown; ROUND: unknown; BEVEL: unknown };
  }
  const PathKitInit: (options: { wasmBinary: Uint8Array }) => Promise<PathKitApi>;
  export default PathKitInit;
}

declare module 'opentype.js' {
  interface OpenTypePath {
    moveTo(x: number, y: number): void;
    lineTo(x: number, y: number): void;
    quadraticCurveTo(x1: number, y1: number, x: number, y: number): void;
    curveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void;
    close(): void;
  }
  interface OpenTypeGlyph {
    readonly name: string;
  }
  interface OpenTypeFont {
    toArrayBuffer(): ArrayBuffer;
  }
  interface GlyphOptions {
    name: string;
    unicode?: number;
    advanceWidth: number;
    path: OpenTypePath;
  }
  interface FontOptions {
    familyName: string;
    styleName: string;
    postScriptName?: string;
    unitsPerEm: number;
    ascender: number;
    descender: number;
    glyphs: OpenTypeGlyph[];
    copyright?: string;
    license?: string;
    version?: string;
  }
  // its package.json points Node at a UMD build: one default export, no named ones
  const opentype: {
    Path: new () => OpenTypePath;
    Glyph: new (options: GlyphOptions) => OpenTypeGlyph;
    Font: new (options: FontOptions) => OpenTypeFont;
  };
  export default opentype;
}
