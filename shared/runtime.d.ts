// The few host globals every runtime shared/ runs in provides (Node, Chromium, Electron). Declared
// here so shared/ compiles without the DOM or Node typings, which would let either slip in.
declare const console: {
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
