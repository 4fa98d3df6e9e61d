// Vite turns `*.module.css` imports into a map from class names to generated names.
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>;
  export default classes;
}
