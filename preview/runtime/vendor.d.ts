/** Modules of miniprogram-simulate's stack that ship no typings of their own. */
declare module 'miniprogram-simulate/src/utils' {
  const utils: { runJs(filePath: string): unknown; getEnv(): string };
  export default utils;
}

declare module 'miniprogram-exparser' {
  interface ExparserEvent {
    readonly type: string;
  }
  const exparser: {
    Event: {
      create(name: string, detail: unknown, options: Record<string, unknown>): ExparserEvent;
      dispatchEvent(target: Node | object, event: ExparserEvent): void;
    };
  };
  export default exparser;
}
